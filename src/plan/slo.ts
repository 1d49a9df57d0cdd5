/**
 * SLO bounds as data, checked against a Result. A plan meets its target when the model is stable and every
 * given bound holds: mean and percentile latency (seconds), drop rate, and optionally a utilisation ceiling
 * per pool (the SRE rule of thumb "keep every pool under 80 % busy"). SPEC §5 adds a goodput floor, a
 * timeout-rate ceiling and, for a planner, "not bistable": a sizing whose load has a bad operating point
 * besides the good one meets its bounds only until the next spike (overload-slo.ts).
 */
import type { PercentileKey, Result } from '../model/result.ts';
import type { Slo } from '../model/types.ts';
import { hasOverloadBounds, overloadChecks, type OverloadBoundName } from './overload-slo.ts';

/** The model's SLO plus a planner-only utilisation ceiling. */
export interface SloTarget extends Slo {
  /** Busy fraction no finite pool may exceed, in (0, 1]. */
  readonly maxUtilization?: number;
  /** Completed requests per second the sizing must sustain; matters for a closed workload, where fewer threads mean less throughput. */
  readonly minThroughput?: number;
  /**
   * Refuse a sizing whose load is bistable (Result.metastable set): its bounds hold only at the good point,
   * and a spike past the trigger rate leaves it at the bad one. The planner sets it for a model with retries.
   */
  readonly avoidMetastable?: boolean;
}

export const LATENCY_BOUNDS = [
  ['mean', 'meanSeconds'],
  ['p50', 'p50Seconds'],
  ['p90', 'p90Seconds'],
  ['p95', 'p95Seconds'],
  ['p99', 'p99Seconds'],
  ['p999', 'p999Seconds'],
] as const;

export type BoundName = (typeof LATENCY_BOUNDS)[number][0] | 'dropRate' | 'utilization' | 'throughput' | OverloadBoundName;

export interface SloCheck {
  readonly bound: BoundName;
  /**
   * Seconds for latency bounds, a fraction for dropRate and utilization, requests/s for throughput and goodput
   * (floors), timed-out attempts per original request for timeoutRate; for metastable 0 (value 1 = bistable).
   */
  readonly limit: number;
  /** The evaluated figure; null when it is infinite (unstable model). */
  readonly value: number | null;
  readonly met: boolean;
}

export interface SloVerdict {
  readonly met: boolean;
  readonly stable: boolean;
  readonly checks: readonly SloCheck[];
  /**
   * How far from meeting it: Σ over missed bounds of ln(value / limit), Infinity when unstable, 0 when met.
   * Logs make a 10 % miss on p99 and a 10 % miss on drops weigh the same whatever their units.
   */
  readonly violation: number;
  /**
   * Signed distance to the edge: the largest ln(value / limit) over the bounds (ln(limit / value) for the
   * throughput floor), ≤ 0 when every bound holds; Infinity when unstable, −Infinity with no bounds. Smooth in
   * threads and load, so searches can interpolate on it.
   */
  readonly margin: number;
}

export function hasBounds(slo: SloTarget): boolean {
  return (
    LATENCY_BOUNDS.some(([, key]) => slo[key] !== undefined) ||
    slo.maxDropRate !== undefined ||
    slo.maxUtilization !== undefined ||
    slo.minThroughput !== undefined ||
    hasOverloadBounds(slo)
  );
}

export function needsPercentiles(slo: SloTarget): boolean {
  return LATENCY_BOUNDS.some(([name, key]) => name !== 'mean' && slo[key] !== undefined);
}

/** The percentiles an SLO reads (what a search must evaluate); false when it reads none. */
export function percentilesRead(slo: SloTarget): false | PercentileKey[] {
  const keys = LATENCY_BOUNDS.flatMap(([name, key]) => (name !== 'mean' && slo[key] !== undefined ? [name] : []));
  return keys.length > 0 ? keys : false;
}

/** Drop rates can be 0 on both sides; a floor keeps the log ratio finite. */
const DROP_FLOOR = 1e-12;

function maxUtilization(result: Result): number | null {
  let max = 0;
  for (const pool of result.pools) {
    if (pool.threads === 'infinite') continue;
    if (pool.utilization === null) return null;
    max = Math.max(max, pool.utilization);
  }
  return max;
}

export function checkSlo(result: Result, slo: SloTarget): SloVerdict {
  const checks: SloCheck[] = [];
  let violation = 0;
  let margin = -Infinity;
  const push = (bound: BoundName, limit: number, value: number | null, ratio: number) => {
    const met = value !== null && (bound === 'throughput' || bound === 'goodput' ? value >= limit : value <= limit);
    checks.push({ bound, limit, value, met });
    const logRatio = value === null ? Infinity : Math.log(ratio);
    margin = Math.max(margin, met ? Math.min(logRatio, 0) : Math.max(logRatio, 1e-9));
    if (!met) violation += value === null ? Infinity : Math.max(logRatio, 1e-9);
  };
  for (const [name, key] of LATENCY_BOUNDS) {
    const limit = slo[key];
    if (limit === undefined) continue;
    const value = result.stable ? result.latency[name] : null;
    push(name, limit, value, value === null ? Infinity : value / limit);
  }
  if (slo.maxDropRate !== undefined) {
    const value = result.dropRate;
    push('dropRate', slo.maxDropRate, value, (value + DROP_FLOOR) / (slo.maxDropRate + DROP_FLOOR));
  }
  if (slo.maxUtilization !== undefined) {
    const value = result.stable ? maxUtilization(result) : null;
    push('utilization', slo.maxUtilization, value, value === null ? Infinity : value / slo.maxUtilization);
  }
  if (slo.minThroughput !== undefined) {
    const value = result.throughput;
    push('throughput', slo.minThroughput, value, value === null || value <= 0 ? Infinity : slo.minThroughput / value);
  }
  for (const check of overloadChecks(result, slo)) push(check.bound, check.limit, check.value, check.ratio);
  if (!result.stable) {
    violation = Infinity;
    margin = Infinity;
  }
  return { met: result.stable && checks.every((c) => c.met), stable: result.stable, checks, violation, margin };
}
