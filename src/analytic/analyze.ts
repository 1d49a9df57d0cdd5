/**
 * analyze(model) → Result: the analytic solution (SPEC §3). Pure and allocation-light, so a planner can call
 * it thousands of times a second and the TUI on every key press; pass { percentiles: false } when only
 * means are needed (it skips the transform inversion, the costly part).
 *
 * latencyDistribution(model): the end-to-end latency distribution that analyze inverts for its percentiles,
 * built by the same code (so a chart of it and analyze's numbers cannot disagree).
 */
import { assertValidModel } from '../model/guard-model.ts';
import type { Model } from '../model/types.ts';
import type { Result } from '../model/result.ts';
import { analyzeOpen, type AnalyzeOptions, type DistributionSink } from './open-network.ts';
import { analyzeClosed } from './closed-network.ts';
import type { LatencyDistribution } from './latency-distribution.ts';
import { withOverloadFigures } from './overload.ts';

export type { AnalyzeOptions };
export type { LatencyAtom, LatencyDistribution } from './latency-distribution.ts';

export function analyze(model: Model, options: AnalyzeOptions = {}): Result {
  assertValidModel(model);
  const workload = model.workload;
  const result = workload.kind === 'open' ? analyzeOpen(model, workload, options) : analyzeClosed(model, workload, options);
  return model.overload === undefined ? result : withOverloadFigures(model, result);
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
