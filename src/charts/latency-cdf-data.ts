/**
 * The analytic end-to-end latency CDF, P(T ≤ t), on a grid of t.
 *
 * The distribution is analyze's own (latencyDistribution in src/analytic/analyze.ts: the same transform,
 * deterministic parts as exact jumps, Euler inversion of the rest), so the chart and analyze's percentiles
 * cannot disagree.
 */
import type { Model } from '../model/types.ts';
import type { Result } from '../model/result.ts';
import { latencyDistribution, type LatencyDistribution } from '../analytic/analyze.ts';
import type { Lst } from '../analytic/sojourn.ts';
import type { CdfPoint } from './types.ts';

/** The model's end-to-end latency distribution; null when the Result is unstable. */
function distributionOf(model: Model, result: Result): LatencyDistribution | null {
  if (!result.stable) return null;
  return latencyDistribution(model);
}

/** The end-to-end sojourn transform of a stable model (analyze's own); null when the Result is unstable. */
export function endToEndLst(model: Model, result: Result): Lst | null {
  return distributionOf(model, result)?.lst ?? null;
}

/**
 * `count` points from 0 to `upToSeconds` (default: 5 % past the point where 1 in 2,000 requests remain).
 * The inversion's error (~1e−10) could make a value non-monotone; it is clamped, never shown.
 */
export function latencyCdf(model: Model, result: Result, count = 120, upToSeconds?: number): CdfPoint[] {
  const distribution = distributionOf(model, result);
  if (!distribution || !(distribution.mean > 0)) return [];
  const end = upToSeconds ?? (distribution.quantile(1 - 5e-4) ?? 0) * 1.05;
  if (!(end > 0)) return [];
  const points: CdfPoint[] = [{ seconds: 0, probability: 0 }];
  let previous = 0;
  for (let i = 1; i <= count; i++) {
    const t = (end * i) / count;
    const probability = Math.min(1, Math.max(previous, distribution.cdf(t)));
    points.push({ seconds: t, probability });
    previous = probability;
  }
  return points;
}
