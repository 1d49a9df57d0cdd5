/**
 * Tallies of independent replications → SimResult. Each figure is the mean of its per-replication values,
 * with a 95% Student-t half-width across replications (Law 2015, §9.4.1). Percentiles come from the merged
 * histogram; their half-widths from the per-replication percentiles.
 */
import { capacity } from '../model/capacity.ts';
import type { LatencySummary, PoolResult, ResultAccuracy, StageResult } from '../model/result.ts';
import { ACCURACY_TARGET } from '../analytic/accuracy.ts';
import { PERCENTILE_KEYS, PERCENTILE_LEVELS } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { LogHistogram } from './histogram.ts';
import { halfWidth95, sampleMean } from './student-t.ts';
import { summarizeOverload } from './summarize-overload.ts';
import type { Tally } from './tally.ts';
import type { EngineName, SimCi, SimResult, StageCi } from './types.ts';
import { scheduledMeanRate } from '../model/schedule-rate.ts';

export interface RunFacts {
  readonly requests: number;
  readonly seed: number;
  readonly engine: EngineName;
  readonly warmup: number;
  readonly events: number;
  readonly eventsPerSecond: number;
  readonly notes: readonly string[];
}

type Figure = (t: Tally) => number | null;

function across(tallies: readonly Tally[], figure: Figure): { mean: number | null; ci: number | null } {
  const xs: number[] = [];
  for (const t of tallies) {
    const x = figure(t);
    if (x !== null && Number.isFinite(x)) xs.push(x);
  }
  if (xs.length === 0) return { mean: null, ci: null };
  return { mean: sampleMean(xs), ci: halfWidth95(xs) };
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** A simulation's figures are all simulated, each with its 95% half-width. */
function simulatedAccuracy(facts: RunFacts, replications: number, ci: SimCi): ResultAccuracy {
  const method = `simulation (${facts.engine} engine, ${replications} × ${facts.requests} requests, seed ${facts.seed})`;
  return {
    mean: { kind: 'simulated', method, ci: ci.mean },
    percentiles: { kind: 'simulated', method, ci: ci.p99 },
    dropRate: { kind: 'simulated', method, ci: ci.dropRate },
    target: ACCURACY_TARGET,
    parts: [],
  };
}

/**
 * The window that time-based figures divide the measured requests' sums by. At a constant open rate λ it is
 * their expected span N/λ, not the realised one from the first measured arrival to the next after the last:
 * N arrivals over a span of N exponential gaps is λ·N/(N − 1) on average, and a short run drew it anywhere
 * (`simulate --requests 10` of the default model: 14,169/s against 11,200 offered). With N/λ every rate is λ
 * times a per-request mean (Little's law with the known λ): throughput is λ × the completed share, never above
 * the offered rate. Closed loops, schedules, overload keys (retries add attempts) and interrupted runs keep
 * the realised span.
 */
function windowOf(model: Model): (t: Tally) => number {
  const w = model.workload;
  if (w.kind !== 'open' || model.overload !== undefined) return (t) => t.windowSeconds;
  const lambda = w.arrivalRatePerSecond;
  return (t) => (t.partial || t.requests === 0 ? t.windowSeconds : t.requests / lambda);
}

export function summarize(model: Model, tallies: readonly Tally[], facts: RunFacts): SimResult {
  const { maxThroughput, bottleneck } = capacity(model);
  const window = windowOf(model);
  const stageResults: StageResult[] = [];
  const stageCis: StageCi[] = [];
  const poolOfStage = new Map(model.stages.map((s) => [s.index, model.pools.find((p) => p.name === s.pool)!]));
  for (const segment of model.segments) {
    segment.stageIndices.forEach((i, position) => {
      const stage = model.stages[i]!;
      const pool = poolOfStage.get(i)!;
      const s = segment.index;
      const first = position === 0;
      const c = pool.threads;
      const figures: Record<string, Figure> = {
        utilization: (t) => (c === Infinity ? 0 : ratio(t.stageBusySeconds[i]!, c * window(t))),
        probWait: (t) => (first ? ratio(t.segQueued[s]!, t.segArrivals[s]! - t.segDrops[s]!) : 0),
        meanWait: (t) => (first ? ratio(t.segWaitSeconds[s]!, t.segArrivals[s]! - t.segDrops[s]!) : 0),
        meanResponse: (t) => {
          const service = ratio(t.stageBusySeconds[i]!, t.stageServices[i]!) ?? stage.service.meanSeconds;
          const wait = first ? ratio(t.segWaitSeconds[s]!, t.segArrivals[s]! - t.segDrops[s]!) ?? 0 : 0;
          return wait + service;
        },
        meanQueueLength: (t) => (first ? ratio(t.segWaitSeconds[s]!, window(t)) : 0),
        meanInSystem: (t) =>
          ratio((first ? t.segWaitSeconds[s]! : 0) + t.stageBusySeconds[i]!, window(t)),
        throughput: (t) => ratio(t.stageServices[i]!, window(t)),
        dropRate: (t) => (first ? ratio(t.segDrops[s]! + t.segTimedOut[s]!, t.segArrivals[s]!) ?? 0 : 0),
      };
      const values: Record<string, number | null> = {};
      const cis: Record<string, number | null> = {};
      for (const [key, figure] of Object.entries(figures)) {
        const a = across(tallies, figure);
        values[key] = a.mean;
        cis[key] = a.ci;
      }
      stageResults.push({
        name: stage.name,
        pool: stage.pool,
        threads: c === Infinity ? 'infinite' : c,
        visits: stage.visits,
        utilization: values.utilization!,
        probWait: values.probWait!,
        meanWait: values.meanWait!,
        meanResponse: values.meanResponse!,
        meanQueueLength: values.meanQueueLength!,
        meanInSystem: values.meanInSystem!,
        throughput: values.throughput ?? 0,
        dropRate: values.dropRate ?? 0,
      });
      stageCis.push({ name: stage.name, ...(cis as Omit<StageCi, 'name'>) });
    });
  }

  const poolResults: PoolResult[] = model.pools.map((pool) => {
    const stageIdx = model.stages.filter((s) => s.pool === pool.name).map((s) => s.index);
    const segIdx = model.segments.filter((g) => g.pool === pool.name).map((g) => g.index);
    const sum = (t: Tally, arr: Float64Array, idx: readonly number[]) => idx.reduce((a, k) => a + arr[k]!, 0);
    const admitted = (t: Tally) => sum(t, t.segArrivals, segIdx) - sum(t, t.segDrops, segIdx);
    const get = (f: Figure) => across(tallies, f).mean;
    return {
      name: pool.name,
      threads: pool.threads === Infinity ? 'infinite' : pool.threads,
      queueCapacity: pool.queueCapacity === Infinity ? null : pool.queueCapacity,
      dispatch: pool.dispatch,
      stages: model.stages.filter((s) => s.pool === pool.name).map((s) => s.name),
      utilization: pool.threads === Infinity ? 0 : get((t) => ratio(sum(t, t.stageBusySeconds, stageIdx), pool.threads * window(t))),
      probWait: get((t) => ratio(sum(t, t.segQueued, segIdx), admitted(t))) ?? 0,
      meanWait: get((t) => ratio(sum(t, t.segWaitSeconds, segIdx), admitted(t))) ?? 0,
      meanQueueLength: get((t) => ratio(sum(t, t.segWaitSeconds, segIdx), window(t))),
      meanInSystem: get((t) => ratio(sum(t, t.segWaitSeconds, segIdx) + sum(t, t.stageBusySeconds, stageIdx), window(t))),
      arrivalRate: get((t) => ratio(sum(t, t.segArrivals, segIdx), window(t))) ?? 0,
      dropRate: get((t) => ratio(sum(t, t.segDrops, segIdx) + sum(t, t.segTimedOut, segIdx), sum(t, t.segArrivals, segIdx))) ?? 0,
      method: 'simulation',
    };
  });

  const merged = new LogHistogram();
  for (const t of tallies) merged.merge(t.latency);
  const meanLatency = across(tallies, (t) => ratio(t.latencySum, t.completed));
  const latency: Record<string, number | null> = { mean: meanLatency.mean };
  const latencyCi: Record<string, number | null> = { mean: meanLatency.ci };
  for (const key of PERCENTILE_KEYS) {
    latency[key] = merged.quantile(PERCENTILE_LEVELS[key]);
    latencyCi[key] = across(tallies, (t) => t.latency.quantile(PERCENTILE_LEVELS[key])).ci;
  }
  const overload = model.overload === undefined ? undefined : summarizeOverload(model, tallies);
  const throughput = overload?.throughput ?? across(tallies, (t) => ratio(t.completed, window(t)));
  const dropRate = across(tallies, (t) => ratio(t.dropped, t.requests));
  const latencySummary = latency as unknown as LatencySummary;
  const latencyCiSummary = latencyCi as unknown as LatencySummary;
  const ci: SimCi = {
    ...latencyCiSummary,
    latency: latencyCiSummary,
    throughput: throughput.ci,
    dropRate: dropRate.ci,
    stages: stageCis,
    ...(overload !== undefined ? overload.ci : {}),
  };
  const w = model.workload;
  const offeredRate = w.kind !== 'open' ? null : (scheduledMeanRate(model) ?? w.arrivalRatePerSecond);
  return {
    model: model.name,
    method: 'simulation',
    stable: overload?.growing !== true,
    offeredRate,
    throughput: throughput.mean,
    maxThroughput,
    bottleneck,
    dropRate: dropRate.mean ?? 0,
    latency: latencySummary,
    stages: stageResults,
    pools: poolResults,
    notes: [...facts.notes, ...(overload?.notes ?? [])],
    ...(overload !== undefined ? overload.figures : {}),
    accuracy: simulatedAccuracy(facts, tallies.length, ci),
    ci,
    requests: facts.requests,
    replications: tallies.length,
    seed: facts.seed,
    engine: facts.engine,
    warmup: facts.warmup,
    events: facts.events,
    eventsPerSecond: facts.eventsPerSecond,
  };
}
