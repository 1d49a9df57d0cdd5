/**
 * A goodput floor as a user writes it (model file `slo.minGoodput`, `plan --min-goodput`): a rate (550,
 * "550/s", "33k/min") or a share of the offered rate ("99%"), which then follows a plan's target rate.
 */
import { parseRatePerSecond } from './units.ts';

export type GoodputFloor = { readonly perSecond: number } | { readonly share: number };

export const GOODPUT_FLOOR_EXPECTED = 'a rate such as 550 or "550/s", or a share of the offered rate such as "99%"';

export function parseGoodputFloor(input: unknown): { ok: true; value: GoodputFloor } | { ok: false; reason: string } {
  const percent = typeof input === 'string' ? /^\s*(\d+(?:\.\d*)?|\.\d+)\s*%\s*$/.exec(input) : null;
  if (percent) {
    const share = Number(percent[1]) / 100;
    return share > 0 && share <= 1 ? { ok: true, value: { share } } : { ok: false, reason: 'a share in (0%, 100%]' };
  }
  const parsed = parseRatePerSecond(typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input)) ? Number(input) : input);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  return parsed.value > 0 ? { ok: true, value: { perSecond: parsed.value } } : { ok: false, reason: 'a positive rate' };
}
