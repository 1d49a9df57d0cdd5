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
import { bottleneckFirst, INTERCHANGE_NOTE } from './interchange.ts';

export type { AnalyzeOptions };
export type { LatencyAtom, LatencyDistribution } from './latency-distribution.ts';

export function analyze(model: Model, options: AnalyzeOptions = {}): Result {
  assertValidModel(model);
  const workload = model.workload;
  const result =
    workload.kind === 'open' ? withInterchangedLatency(model, analyzeOpen(model, workload, options), options) : withClosedAccuracy(model, analyzeClosed(model, workload, options));
  return model.overload === undefined ? result : withOverloadFigures(model, result, options);
}

/** The end-to-end latency of a model whose ·/M/1 runs are better decomposed bottleneck first (interchange.ts). */
function withInterchangedLatency(model: Model, result: Result, options: AnalyzeOptions): Result {
  if (!result.stable || model.workload.kind !== 'open') return result;
  const sorted = bottleneckFirst(model);
  if (sorted === null) return result;
  const latency = analyzeOpen(sorted, model.workload, options).latency;
  return { ...result, latency, notes: [...result.notes, INTERCHANGE_NOTE] };
}

/** The end-to-end latency distribution of a model (seconds); null when the model is unstable. */
export function latencyDistribution(model: Model): LatencyDistribution | null {
  assertValidModel(model);
  const sink: DistributionSink = { distribution: null };
  const workload = model.workload;
  if (workload.kind === 'open') analyzeOpen(bottleneckFirst(model) ?? model, workload, {}, sink);
  else analyzeClosed(model, workload, {}, sink);
  return sink.distribution;
}

/**
 * A closed solver that does not say how good its figures are is assessed as one part, the whole loop. Exact MVA
 * gets the means exactly with exponential service; its percentiles are exact when a request meets one
 * exponential FCFS station once (plus pure delays, whose sojourn is the request's own service: the station
 * then finds the N−1-client equilibrium whatever the delays took, Reiser & Lavenberg's arrival theorem), and
 * otherwise compose the stations as independent, an approximation measured in the band table.
 */
function withClosedAccuracy(model: Model, given: Result): Result {
  // Saturation from the one shared definition, whatever the closed solver computed for itself.
  const { maxThroughput, bottleneck } = capacity(model);
  const result = { ...given, maxThroughput, bottleneck };
  if (result.accuracy) return result;
  const workload = model.workload as ClosedWorkload;
  return {
    ...result,
    accuracy: assessParts(
      [{ part: 'workload', method: closedMethodOf(model, result), x: workload.clients, share: 1, drops: false }],
      'a closed loop: a client waits for a place, it is never refused (drop rate 0)',
    ),
  };
}

function closedMethodOf(model: Model, result: Result): string {
  if (result.notes.some((n) => /Schweitzer/.test(n))) return 'closed-schweitzer';
  if (model.cores !== undefined) return 'closed-cores';
  // Gamma, Erlang and hyperexponential laws of scv 1 are the exponential; a lognormal of scv 1 is not.
  const exponential = (s: Model['stages'][number]) =>
    s.distribution === 'exponential' || (Math.abs(s.service.scv - 1) <= 1e-12 && s.distribution !== 'lognormal' && s.distribution !== 'uniform' && s.distribution !== 'deterministic');
  const poolOf = new Map(model.pools.map((p) => [p.name, p]));
  const queued = model.stages.filter((s) => poolOf.get(s.pool)?.threads !== Infinity);
  if (queued.some((s) => !exponential(s))) return 'closed-mva-general';
  const only = queued.length === 1 ? queued[0]! : undefined;
  const pool = only && poolOf.get(only.pool);
  if (only && pool && only.visits === 1 && (pool.dispatch === 'shared' || pool.threads === 1)) return 'closed-one-station';
  return 'closed-mva';
}
