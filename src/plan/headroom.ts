/**
 * Headroom: the largest arrival rate a sizing sustains while meeting the SLO, found by bisection on the rate.
 * Every bound worsens as the rate grows (waits, percentiles, drops and utilisation are non-decreasing in λ for
 * the stations we solve), so "meets the SLO" is a monotone predicate of λ and bisection brackets its edge.
 * One bound is not: a goodput floor given as a rate (slo.minGoodput: 550/s) is met by no rate below it, since
 * goodput never exceeds the offered rate, and more load helps it. The SLO then holds on an interval [a, b] above
 * the floor, and the search stays above the floor: a probe below it would fail for the floor alone, and report
 * "missed at any rate (goodput)" when another bound broke at the reference. A floor given as a share is monotone.
 *
 *   [lo, hi]: lo meets the SLO, hi does not (hi starts at the saturation rate, where no unbounded queue is
 *   stable) ──halve until (hi − lo) ≤ tolerance·hi──▶ ratePerSecond = lo
 */
import { assertValidModel, OPTIONS_SOURCE } from '../model/guard-model.ts';
import { ModelError } from '../model/messages.ts';
import { withArrivalRate } from '../model/edit.ts';
import type { Model } from '../model/types.ts';
import { analyticEvaluator, runSync, type Steps, type SyncEvaluator } from './evaluator.ts';
import { checkSlo, percentilesRead, type BoundName, type SloTarget } from './slo.ts';

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
  /**
   * The lowest rate the search considers: the SLO's goodput floor when given as a rate (no rate below it can
   * meet it), else 0. With none found (ratePerSecond 0), the SLO is missed from here up to the reference.
   */
  readonly searchedFromPerSecond: number;
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
  assertValidModel(model);
  if (!(referenceRatePerSecond > 0 && Number.isFinite(referenceRatePerSecond))) {
    throw new ModelError([{ file: OPTIONS_SOURCE, path: 'referenceRate', expected: 'a finite rate > 0', got: String(referenceRatePerSecond) }]);
  }
  const tolerance = options.tolerance ?? 1e-4;
  const floor = Math.min(slo.minGoodputPerSecond ?? 0, referenceRatePerSecond);
  const needs = { percentiles: percentilesRead(slo) };
  const failures = new Map<number, readonly (BoundName | 'saturation')[]>();
  const margins = new Map<number, number>();
  function* meets(rate: number): Steps<boolean> {
    const result = yield { model: withArrivalRate(model, rate), needs };
    const verdict = checkSlo(result, slo);
    margins.set(rate, verdict.margin);
    if (!verdict.met) failures.set(rate, verdict.stable ? verdict.checks.filter((c) => !c.met).map((c) => c.bound) : ['saturation']);
    return verdict.met;
  }
  const first = yield { model: withArrivalRate(model, referenceRatePerSecond), needs };
  let lo: number;
  let hi: number | null;
  const firstVerdict = checkSlo(first, slo);
  margins.set(referenceRatePerSecond, firstVerdict.margin);
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
    // Halve the distance to the rate floor (0 without one) at each probe.
    let probe = floor + (referenceRatePerSecond - floor) / 2;
    while (probe - floor >= referenceRatePerSecond * FLOOR_FRACTION) {
      if (yield* meets(probe)) {
        lo = probe;
        break;
      }
      hi = probe;
      probe = floor + (probe - floor) / 2;
    }
  }
  if (hi !== null && lo > 0) {
    // Regula falsi (Illinois) on limit/value − 1 = e^(−margin) − 1, nearly linear in the rate even next to
    // saturation (a latency grows like 1/(capacity − rate)), with a bisection every third try so both ends
    // move: a handful of evaluations where plain bisection took ~15.
    const slack = (rate: number) => Math.exp(-(margins.get(rate) ?? NaN)) - 1;
    let top: number = hi;
    let marginLo = slack(lo);
    let marginTop = slack(top);
    let keptSide = 0;
    for (let round = 1; top - lo > tolerance * top; round++) {
      let mid: number = (lo + top) / 2;
      if (round % 3 !== 0 && Number.isFinite(marginLo) && Number.isFinite(marginTop) && marginLo > marginTop) {
        const guess = lo + ((top - lo) * marginLo) / (marginLo - marginTop);
        // Stay a little inside the bracket so a guess on the edge still shrinks it.
        const inset = (tolerance * top) / 4;
        mid = Math.min(top - inset, Math.max(lo + inset, guess));
      }
      if (yield* meets(mid)) {
        lo = mid;
        marginLo = slack(mid);
        if (keptSide === 1) marginTop /= 2;
        keptSide = 1;
      } else {
        top = mid;
        marginTop = slack(mid);
        if (keptSide === -1) marginLo /= 2;
        keptSide = -1;
      }
    }
    hi = top;
  }
  return {
    ratePerSecond: lo,
    multiple: lo / referenceRatePerSecond,
    referenceRatePerSecond,
    missedAtRatePerSecond: hi,
    limitedBy: hi === null ? [] : (failures.get(hi) ?? ['saturation']),
    searchedFromPerSecond: floor,
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
