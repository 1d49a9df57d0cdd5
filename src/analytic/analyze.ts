/**
 * analyze(model) → Result: the analytic solution (SPEC §3), and nothing but analysis: planners search with it,
 * so it never simulates. The public `analyze` (src/solve/analyze.ts) adds the simulation fallback for the
 * figures whose measured error band is beyond the target. Pure and allocation-light, so a planner can call it
 * thousands of times a second and the TUI on every key press; pass { percentiles: false } when only means are
 * needed (it skips the transform inversion, the costly part).
 *
 * latencyDistribution(model): the end-to-end latency distribution that analyze inverts for its percentiles,
 * built by the same code (so a chart of it and analyze's numbers cannot disagree).
 */
import { assertValidModel } from '../model/guard-model.ts';
import type { ClosedWorkload, Model } from '../model/types.ts';
import type { Result } from '../model/result.ts';
import { analyzeOpen, type AnalyzeOptions, type DistributionSink } from './open-network.ts';
import { analyzeClosed } from './closed-network.ts';
import type { LatencyDistribution } from './latency-distribution.ts';
import { withOverloadFigures } from './overload.ts';
import { assessParts } from './accuracy.ts';
import { capacity } from '../model/capacity.ts';

export type { AnalyzeOptions };
export type { LatencyAtom, LatencyDistribution } from './latency-distribution.ts';

export function analyze(model: Model, options: AnalyzeOptions = {}): Result {
  assertValidModel(model);
  const workload = model.workload;
  const result =
    workload.kind === 'open' ? analyzeOpen(model, workload, options) : withClosedAccuracy(model, analyzeClosed(model, workload, options));
  return model.overload === undefined ? result : withOverloadFigures(model, result, options);
}

/** The end-to-end latency distribution of a model (seconds); null when the model is unstable. */
export function latencyDistribution(model: Model): LatencyDistribution | null {
  assertValidModel(model);
  const sink: DistributionSink = { distribution: null };
  const workload = model.workload;
  if (workload.kind === 'open') analyzeOpen(model, workload, {}, sink);
  else analyzeClosed(model, workload, {}, sink);
  return sink.distribution;
}

/**
 * A closed solver that does not say how good its figures are is assessed as one part, the whole loop: exact MVA
 * (means) with independent per-visit waits (percentiles), or its approximate variant.
 */
function withClosedAccuracy(model: Model, given: Result): Result {
  // Saturation from the one shared definition, whatever the closed solver computed for itself.
  const { maxThroughput, bottleneck } = capacity(model);
  const result = { ...given, maxThroughput, bottleneck };
  if (result.accuracy) return result;
  const workload = model.workload as ClosedWorkload;
  const approximate = result.notes.some((n) => /Schweitzer/.test(n));
  const general = model.stages.some((s) => Math.abs(s.service.scv - 1) > 1e-12 && s.distribution !== 'exponential');
  const method = approximate ? 'closed-schweitzer' : general ? 'closed-mva-general' : 'closed-mva';
  return {
    ...result,
    accuracy: assessParts([{ part: 'workload', method, x: workload.clients, share: 1, drops: false }]),
  };
}
