/**
 * Headroom: the largest arrival rate a sizing sustains while meeting the SLO, found by bisection on the rate.
 * Every bound worsens as the rate grows (waits, percentiles, drops and utilisation are non-decreasing in λ for
 * the stations we solve), so "meets the SLO" is a monotone predicate of λ and bisection brackets its edge.
 *
 *   [lo, hi]: lo meets the SLO, hi does not (hi starts at the saturation rate, where no unbounded queue is
 *   stable) ──halve until (hi − lo) ≤ tolerance·hi──▶ ratePerSecond = lo
 */
import { withArrivalRate } from '../model/edit.ts';
import type { Model } from '../model/types.ts';
import { analyticEvaluator, runSync, type Steps, type SyncEvaluator } from './evaluator.ts';
import { checkSlo, needsPercentiles, type BoundName, type SloTarget } from './slo.ts';

export interface Headroom {
  /** The largest rate (requests/s) found that still meets the SLO; 0 when none does. */
  readonly ratePerSecond: number;
  /** ratePerSecond / referenceRatePerSecond. */
  readonly multiple: number;
  readonly referenceRatePerSecond: number;
  /** The smallest rate found that misses it; null when no rate misses it (nothing ever saturates). */
  readonly missedAtRatePerSecond: number | null;
  /** What fails just above the headroom: SLO bounds, or "saturation" when a pool becomes unstable. */
  readonly limitedBy: readonly (BoundName | 'saturation')[];
}

export interface HeadroomOptions {
  /** Relative width of the final bracket (default 1e-4). */
  readonly tolerance?: number;
}

/** Below this fraction of the reference rate we call the headroom zero. */
const FLOOR_FRACTION = 1e-6;
const MAX_DOUBLINGS = 40;

export function* headroomSteps(
  model: Model,
  referenceRatePerSecond: number,
  slo: SloTarget,
  options: HeadroomOptions = {},
): Steps<Headroom> {
  const tolerance = options.tolerance ?? 1e-4;
  const needs = { percentiles: needsPercentiles(slo) };
  const failures = new Map<number, readonly (BoundName | 'saturation')[]>();
  function* meets(rate: number): Steps<boolean> {
    const result = yield { model: withArrivalRate(model, rate), needs };
    const verdict = checkSlo(result, slo);
    if (!verdict.met) failures.set(rate, verdict.stable ? verdict.checks.filter((c) => !c.met).map((c) => c.bound) : ['saturation']);
    return verdict.met;
  }
  const first = yield { model: withArrivalRate(model, referenceRatePerSecond), needs };
  let lo: number;
  let hi: number | null;
  const firstVerdict = checkSlo(first, slo);
  if (firstVerdict.met) {
    lo = referenceRatePerSecond;
    hi = first.maxThroughput;
    if (hi !== null && hi <= lo) hi = null;
    if (hi === null) {
      // Nothing saturates, or a finite queue keeps it stable past saturation: double until a bound breaks.
      let probe = lo * 2;
      for (let i = 0; i < MAX_DOUBLINGS && hi === null; i++, probe *= 2) {
        if (yield* meets(probe)) lo = probe;
        else hi = probe;
      }
    } else {
      const justBelow = hi * (1 - tolerance / 4);
      if (yield* meets(justBelow)) {
        // Within the SLO up to saturation itself: the throughput ceiling is the limit.
        lo = justBelow;
        failures.set(hi, ['saturation']);
      } else {
        hi = justBelow;
      }
    }
  } else {
    failures.set(referenceRatePerSecond, firstVerdict.stable ? firstVerdict.checks.filter((c) => !c.met).map((c) => c.bound) : ['saturation']);
    hi = referenceRatePerSecond;
    lo = 0;
    let probe = referenceRatePerSecond / 2;
    while (probe >= referenceRatePerSecond * FLOOR_FRACTION) {
      if (yield* meets(probe)) {
        lo = probe;
        break;
      }
      hi = probe;
      probe /= 2;
    }
  }
  if (hi !== null && lo > 0) {
    let top: number = hi;
    while (top - lo > tolerance * top) {
      const mid: number = (lo + top) / 2;
      if (yield* meets(mid)) lo = mid;
      else top = mid;
    }
    hi = top;
  }
  return {
    ratePerSecond: lo,
    multiple: lo / referenceRatePerSecond,
    referenceRatePerSecond,
    missedAtRatePerSecond: hi,
    limitedBy: hi === null ? [] : (failures.get(hi) ?? ['saturation']),
  };
}

/**
 * The headroom of a model as it stands: its own rate as the reference, its own slo unless one is given.
 * Throws RangeError for a closed workload (headroom is a rate).
 */
export function headroom(
  model: Model,
  options: HeadroomOptions & { readonly slo?: SloTarget; readonly evaluator?: SyncEvaluator } = {},
): Headroom {
  if (model.workload.kind !== 'open') throw new RangeError(`${model.name}: headroom needs an open workload (arrivalRate)`);
  const slo = { ...model.slo, ...options.slo };
  return runSync(headroomSteps(model, model.workload.arrivalRatePerSecond, slo, options), options.evaluator ?? analyticEvaluator);
}
