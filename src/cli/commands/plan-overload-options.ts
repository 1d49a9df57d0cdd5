/** `plan`'s SPEC §5 SLO flags: --min-goodput (a rate or a share of the offered rate) and --max-timeout-rate. */
import { GOODPUT_FLOOR_EXPECTED, parseGoodputFloor } from '../../model/goodput-floor.ts';
import { formatRate } from '../../model/units.ts';
import type { SloTarget } from '../../plan/slo.ts';
import { CliError } from '../errors.ts';

interface OverloadSloOptions {
  minGoodput?: string;
  maxTimeoutRate?: string;
}

/** "1%" or 0.01 → 0.01; any rate ≥ 0 (with retries, timed-out attempts per original request can pass 1). */
function parseTimeoutRate(text: string): number {
  const match = /^\s*(\d+(?:\.\d*)?(?:e-?\d+)?|\.\d+)\s*(%)?\s*$/i.exec(text);
  const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
  if (!Number.isFinite(value) || value < 0) throw new CliError(`--max-timeout-rate ${text}: expected timed-out attempts per original request ≥ 0, such as 0.01 or 1%`);
  return value;
}

export function overloadSloFromOptions(options: OverloadSloOptions): SloTarget {
  const slo: { -readonly [K in keyof SloTarget]: SloTarget[K] } = {};
  if (options.minGoodput !== undefined) {
    const parsed = parseGoodputFloor(options.minGoodput);
    if (!parsed.ok) throw new CliError(`--min-goodput ${options.minGoodput}: expected ${GOODPUT_FLOOR_EXPECTED} (${parsed.reason})`);
    if ('share' in parsed.value) slo.minGoodputShare = parsed.value.share;
    else slo.minGoodputPerSecond = parsed.value.perSecond;
  }
  if (options.maxTimeoutRate !== undefined) slo.maxTimeoutRate = parseTimeoutRate(options.maxTimeoutRate);
  return slo;
}

function share(x: number): string {
  return `${Number((100 * x).toPrecision(4))}%`;
}

export function describeOverloadSlo(slo: SloTarget): string[] {
  const parts: string[] = [];
  if (slo.minGoodputPerSecond !== undefined) parts.push(`goodput ≥ ${formatRate(slo.minGoodputPerSecond)}`);
  if (slo.minGoodputShare !== undefined) parts.push(`goodput ≥ ${share(slo.minGoodputShare)} of offered`);
  if (slo.maxTimeoutRate !== undefined) parts.push(`timeouts ≤ ${share(slo.maxTimeoutRate)} per request`);
  if (slo.avoidMetastable) parts.push('not bistable');
  return parts;
}
