/**
 * The analytic side of the goodput-vs-load chart: at each steady offered rate, the goodput of the retry fixed
 * point's stable points (good, and saturated where it holds), and without retries; and the bistable band
 * where both hold, from the rate at which the saturated state starts feeding itself (metastable.sustainRate)
 * to the trigger rate (above it no good point is left). Only for the fixed point's case (one M/M/c pool, a
 * client timeout, nothing cancelled: analytic/overload-exact.ts); null otherwise.
 */
import { retryCase } from '../analytic/overload-exact.ts';
import { retryFixedPoint, stablePoints, type RetryCase } from '../analytic/retry-fixed-point.ts';
import { withArrivalRate, withoutSchedule } from '../model/edit.ts';
import type { Model } from '../model/types.ts';
import type { FixedPointCurve } from '../charts/goodput-vs-load.ts';

/** Points of the analytic curves between 0 and the highest rate asked for (the band edges are added). */
const CURVE_POINTS = 48;

function band(k: RetryCase): { from: number; to: number } | null {
  const capacity = k.threads * k.mu;
  const withoutBudget = k.attempts - 1;
  const sustainRate = capacity / (1 + (k.budget === null ? withoutBudget : Math.min(k.budget, withoutBudget)));
  // Just above the rate where the saturated state holds: bistable there iff a good point is left too.
  const probe = sustainRate * (1 + 1e-9);
  if (probe >= capacity) return null;
  const fp = retryFixedPoint({ ...k, lambda: probe });
  return fp.bistable === null ? null : { from: fp.bistable.sustainRate, to: fp.bistable.triggerRate };
}

export function goodputFixedPoint(model: Model, maxRate: number): FixedPointCurve | null {
  const steady = withoutSchedule(model);
  const k = retryCase(steady);
  if (k === null || !(maxRate > 0)) return null;
  const bistable = k.attempts > 1 ? band(k) : null;
  const rates = Array.from({ length: CURVE_POINTS + 1 }, (_, i) => (maxRate * i) / CURVE_POINTS).filter((r) => r > 0);
  if (bistable) rates.push(bistable.from, bistable.to);
  rates.sort((a, b) => a - b);
  const points = rates.map((rate) => {
    const at = retryCase(withArrivalRate(steady, rate))!;
    const { good, bad } = stablePoints(at);
    const single = stablePoints({ ...at, attempts: 1, budget: null });
    return { rate, good: good?.goodput ?? null, bad: bad?.goodput ?? null, withoutRetries: single.good?.goodput ?? 0 };
  });
  return {
    points,
    bistable: bistable && { ...bistable },
    method: `retry fixed point (approximation: attempts fail independently with the M/M/c response tail; ${k.attempts} attempts, ${k.budget === null ? 'no budget' : `budget ${k.budget}`})`,
  };
}
