/**
 * What a sweep can vary, parsed from its name, and the values it runs over.
 *
 *   rate             open arrival rate, requests/s (a closed model becomes open)
 *   clients          closed population (an open model becomes closed)
 *   threads:<pool>   threads of one pool (a stage with its own threads is the pool of its name)
 *   service:<stage>  mean service time of one stage, seconds (distribution family and scv kept)
 *   var:<name>       a variable declared under vars (re-parsed like a key path: vars.<name>)
 *   a.key.path       any model key, as --set takes it (stages.decrypt.threads, stages.decode.scv); the
 *                    caller re-parses the model file per value, so the value is validated like the file
 */
import type { Model } from '../model/types.ts';

export type SweepParameter =
  | { readonly kind: 'rate'; readonly name: string }
  | { readonly kind: 'clients'; readonly name: string }
  | { readonly kind: 'threads'; readonly name: string; readonly pool: string }
  | { readonly kind: 'service'; readonly name: string; readonly stage: string }
  | { readonly kind: 'key'; readonly name: string; readonly key: string };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

export function parseSweepParameter(model: Model, text: string): Parsed<SweepParameter> {
  const name = text.trim();
  if (name === 'rate') return { ok: true, value: { kind: 'rate', name } };
  if (name === 'clients') return { ok: true, value: { kind: 'clients', name } };
  const colon = /^(threads|service):(.+)$/.exec(name);
  if (colon) {
    const [, kind, target] = colon as unknown as [string, 'threads' | 'service', string];
    if (kind === 'threads') {
      if (!model.pools.some((p) => p.name === target)) {
        return { ok: false, message: `${name}: no pool named "${target}" (have ${model.pools.map((p) => p.name).join(', ')})` };
      }
      return { ok: true, value: { kind, name, pool: target } };
    }
    if (!model.stages.some((s) => s.name === target)) {
      return { ok: false, message: `${name}: no stage named "${target}" (have ${model.stages.map((s) => s.name).join(', ')})` };
    }
    return { ok: true, value: { kind, name, stage: target } };
  }
  const variable = /^var:([A-Za-z_][A-Za-z0-9_]*)$/.exec(name);
  if (variable) return { ok: true, value: { kind: 'key', name, key: `vars.${variable[1]}` } };
  if (/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/.test(name)) return { ok: true, value: { kind: 'key', name, key: name } };
  return {
    ok: false,
    message: `${name}: expected rate, clients, threads:<pool>, service:<stage>, var:<name> or a model key path such as stages.decrypt.threads`,
  };
}

/** Why a value cannot be swept for this parameter, or undefined when it can. Key paths are checked by re-parsing. */
export function checkSweepValue(parameter: SweepParameter, value: number | string): string | undefined {
  const isNumber = typeof value === 'number' && Number.isFinite(value);
  // Text that did not read as a number is shown as typed ("lots"), not as the NaN it became.
  const got = typeof value === 'string' ? JSON.stringify(value) : String(value);
  switch (parameter.kind) {
    case 'rate':
      return isNumber && value > 0 ? undefined : `${parameter.name}: expected a positive rate such as 2000, "2k/s" or "120/min", got ${got}`;
    case 'service':
      return isNumber && value > 0 ? undefined : `${parameter.name}: expected a positive duration such as "120us" or 0.002, got ${got}`;
    case 'clients':
      return isNumber && Number.isInteger(value) && value >= 1 ? undefined : `${parameter.name}: expected a whole number ≥ 1, got ${got}`;
    case 'threads':
      return value === Infinity || (isNumber && Number.isInteger(value) && value >= 1)
        ? undefined
        : `${parameter.name}: expected a whole number of threads ≥ 1 or "infinite", got ${got}`;
    case 'key':
      return undefined;
  }
}

export interface SweepRange {
  readonly from: number;
  readonly to: number;
  /** Number of points, endpoints included (≥ 2; 1 gives `from` alone). */
  readonly steps: number;
  /** 'log' spaces points geometrically (from and to must be positive). */
  readonly scale?: 'linear' | 'log';
}

/** The points of a range; whole numbers (deduplicated) for threads and clients. */
export function rangeValues(parameter: SweepParameter, range: SweepRange): number[] {
  const { from, to, steps } = range;
  const n = Math.max(1, Math.floor(steps));
  const log = range.scale === 'log';
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = n === 1 ? 0 : i / (n - 1);
    values.push(log ? from * Math.pow(to / from, t) : from + (to - from) * t);
  }
  const whole = parameter.kind === 'threads' || parameter.kind === 'clients' || (parameter.kind === 'key' && /threads|clients|queueCapacity|requestsPerConnection|cores$|attempts$/.test(parameter.key));
  // Endpoints exact: no 4999.999999 where the user typed 5000.
  if (n > 1) values[n - 1] = to;
  return whole ? [...new Set(values.map((v) => Math.round(v)))] : values;
}
