/**
 * The SPEC §5 bounds of an SLO, read from a Result: a goodput floor (a rate, or a share of the offered rate),
 * a ceiling on timed-out attempts per original request, and "not bistable" for a planner.
 *
 * A Result without overload figures (a model with no SPEC §5 keys) has no timeouts: its goodput is its
 * throughput and its timeout rate 0. A figure no method gives (null) misses the bound: a plan never takes an
 * unknown for a pass.
 */
import type { Result } from '../model/result.ts';
import type { SloTarget } from './slo.ts';

export type OverloadBoundName = 'goodput' | 'timeoutRate' | 'metastable';

export interface OverloadCheck {
  readonly bound: OverloadBoundName;
  readonly limit: number;
  readonly value: number | null;
  /** value / limit for a ceiling, limit / value for a floor: > 1 when missed (its log is the margin). */
  readonly ratio: number;
}

/** Timeout rates can be 0 on both sides (and are ~1e-20 at a good point); a floor keeps the log ratio finite. */
const TIMEOUT_FLOOR = 1e-12;

export function hasOverloadBounds(slo: SloTarget): boolean {
  return slo.minGoodputPerSecond !== undefined || slo.minGoodputShare !== undefined || slo.maxTimeoutRate !== undefined;
}

/** The goodput floor in requests/s at this Result's offered rate; undefined when the SLO has none. */
export function goodputFloor(result: Result, slo: SloTarget): number | undefined {
  if (slo.minGoodputPerSecond !== undefined) return slo.minGoodputPerSecond;
  if (slo.minGoodputShare === undefined) return undefined;
  return slo.minGoodputShare * (result.offeredRate ?? result.throughput ?? 0);
}

export function overloadChecks(result: Result, slo: SloTarget): OverloadCheck[] {
  const checks: OverloadCheck[] = [];
  const floor = goodputFloor(result, slo);
  if (floor !== undefined) {
    const value = result.goodput === undefined ? (result.stable ? result.throughput : null) : result.goodput;
    checks.push({ bound: 'goodput', limit: floor, value, ratio: value === null || value <= 0 ? Infinity : floor / value });
  }
  if (slo.maxTimeoutRate !== undefined) {
    const value = result.timeoutRate === undefined ? 0 : result.timeoutRate;
    checks.push({ bound: 'timeoutRate', limit: slo.maxTimeoutRate, value, ratio: value === null ? Infinity : (value + TIMEOUT_FLOOR) / (slo.maxTimeoutRate + TIMEOUT_FLOOR) });
  }
  if (slo.avoidMetastable === true && result.metastable !== undefined) {
    const m = result.metastable;
    // Bistable: how far the offered rate sits above the edge where the bad point stops holding (falls as the
    // threads grow, smoothly, so the planner's search can interpolate on it). Not bistable: no contribution.
    const offered = result.offeredRate ?? 0;
    checks.push({ bound: 'metastable', limit: 0, value: m === null ? 0 : 1, ratio: m === null ? 0 : Math.max(1, offered / m.sustainRate) });
  }
  return checks;
}
