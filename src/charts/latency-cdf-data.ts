/**
 * The analytic end-to-end latency CDF, P(T ≤ t), on a grid of t.
 *
 * analyze() inverts the end-to-end transform only at five levels and does not export the transform, so this
 * rebuilds it from the Result the same way analyze composes it (open-network.ts, "End-to-end"): per
 * run-to-completion segment, (wait + service) repeated over its visits, segments convolved as independent.
 * One approximation on top: each pool's conditional wait is taken as exponential with the Result's mean
 * (meanWait / probWait) — exact for M/M/c (Erlang C), close for the Allen–Cunneen and M/M/c/K cases.
 * Inverted pointwise with the Euler algorithm (Abate & Whitt 2006) via tailAt.
 */
import type { Model } from '../model/types.ts';
import type { Result } from '../model/result.ts';
import { segmentLoad } from '../analytic/segment-load.ts';
import { serviceLst } from '../analytic/open-network.ts';
import { convolutionLst, exponentialLst, repeatedLst, waitLst, type Lst } from '../analytic/sojourn.ts';
import { tailAt } from '../analytic/percentiles.ts';
import type { CdfPoint } from './types.ts';

/** The end-to-end sojourn transform implied by a stable Result; null when the Result is unstable. */
export function endToEndLst(model: Model, result: Result): Lst | null {
  if (!result.stable) return null;
  const pools = new Map(result.pools.map((p) => [p.name, p]));
  const parts: Lst[] = [];
  for (const segment of model.segments) {
    const load = segmentLoad(model, segment);
    const pool = pools.get(segment.pool);
    const service = serviceLst(load.dist, load.meanService, load.scv);
    const probWait = pool?.probWait ?? 0;
    const meanWait = pool?.meanWait ?? 0;
    const visit =
      probWait > 0 && meanWait > 0 ? convolutionLst([waitLst(probWait, exponentialLst(meanWait / probWait)), service]) : service;
    parts.push(repeatedLst(visit, load.visits));
  }
  return convolutionLst(parts);
}

/** A time past which at most `tail` of requests remain: grows from the mean by 1.5× steps. */
function tailEnd(lst: Lst, tail: number): number {
  let t = lst.mean;
  for (let i = 0; i < 80 && tailAt(lst, t).ccdf > tail; i++) t *= 1.5;
  return t;
}

/**
 * `count` points from 0 to `upToSeconds` (default: where 1 in 2,000 requests remain, about 1.2 × p99.9).
 * The inversion's error (~1e−10) can make a tail value a hair outside [0, 1] or non-monotone; both are
 * clamped, never shown.
 */
export function latencyCdf(model: Model, result: Result, count = 120, upToSeconds?: number): CdfPoint[] {
  const lst = endToEndLst(model, result);
  if (!lst || !(lst.mean > 0)) return [];
  const end = upToSeconds ?? tailEnd(lst, 5e-4);
  const points: CdfPoint[] = [{ seconds: 0, probability: 0 }];
  let previous = 0;
  for (let i = 1; i <= count; i++) {
    const t = (end * i) / count;
    const probability = Math.min(1, Math.max(previous, 1 - tailAt(lst, t).ccdf));
    points.push({ seconds: t, probability });
    previous = probability;
  }
  return points;
}
