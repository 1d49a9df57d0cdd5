/**
 * Simulated points over a model's charts (`reqpath chart --simulate`): percentiles with their 95% CI
 * half-widths (Student-t across replications) at several loads, and at the configured load for the latency
 * distribution. The loads are simulated in parallel (simulateMany), each with the same settings and seed.
 */
import { analyze } from '../analytic/analyze.ts';
import type { SimLoadPoint, SimPercentile } from '../charts/types.ts';
import { withArrivalRate, withClients } from '../model/edit.ts';
import { MAX_SIMULATED_CLIENTS } from '../model/guard-limits.ts';
import { PERCENTILE_KEYS, PERCENTILE_LEVELS } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { simulateMany, type SimulationJob } from '../sim/parallel-many.ts';
import type { SimResult } from '../sim/types.ts';
import { clientCounts, loadRates, sweepCeiling } from './chart-data.ts';
import { Interrupted, type LongRunControl, type SimSettings } from './control.ts';

export function simLoadPoint(ratePerSecond: number, r: SimResult, clients?: number): SimLoadPoint {
  return {
    rate: ratePerSecond,
    ...(clients !== undefined ? { clients } : {}),
    p50: r.latency.p50,
    p95: r.latency.p95,
    p99: r.latency.p99,
    ciP50: r.ci.p50,
    ciP95: r.ci.p95,
    ciP99: r.ci.p99,
    throughput: r.throughput,
    ciThroughput: r.ci.throughput,
    dropRate: r.dropRate,
  };
}

export function simPercentiles(r: SimResult): SimPercentile[] {
  return PERCENTILE_KEYS.flatMap((key) => {
    const seconds = r.latency[key];
    return seconds === null ? [] : [{ level: PERCENTILE_LEVELS[key], seconds, ciSeconds: r.ci[key] }];
  });
}

/** What chartSetFromData draws over the analytic curves. */
export interface ChartSimulationData {
  readonly load: readonly SimLoadPoint[];
  readonly distribution?: readonly SimPercentile[];
}

/**
 * Six loads from 20 % to 95 % of saturation (a closed workload: six client populations along its curve, at most
 * the simulator's limit) and,
 * for an open workload, the configured load. Throws Interrupted when the signal stops it.
 */
export async function chartSimulation(model: Model, settings: SimSettings, control: LongRunControl = {}): Promise<ChartSimulationData> {
  const result = analyze(model, { percentiles: false });
  const loads: { model: Model; rate: number; clients?: number }[] =
    model.workload.kind === 'closed'
      ? sixOf(clientCounts(model, result, 40, MAX_SIMULATED_CLIENTS)).map((clients) => ({ model: withClients(model, clients), rate: 0, clients }))
      : loadRates(sweepCeiling(model, result), 6, 0.2, 0.95).map((rate) => ({ model: withArrivalRate(model, rate), rate }));
  const jobs: SimulationJob[] = loads.map((load) => ({ model: load.model, options: settings }));
  // The analytic CDF exists for open workloads only, so only they get the configured load's distribution.
  const withDistribution = model.workload.kind === 'open';
  if (withDistribution) jobs.push({ model, options: settings });
  const what = 'simulating chart loads';
  control.onProgress?.({ done: 0, total: jobs.length, what });
  const { results, aborted } = await simulateMany(jobs, {
    threads: control.threads,
    signal: control.signal,
    runnerFor: control.runnerFor,
    onDone: (done, total) => control.onProgress?.({ done, total, what }),
  });
  if (aborted || results.length < jobs.length) throw new Interrupted(`simulation of ${model.name} for its charts`);
  const load = loads.map((l, i) => simLoadPoint(l.clients !== undefined ? results[i]!.throughput ?? 0 : l.rate, results[i]!, l.clients));
  return withDistribution ? { load, distribution: simPercentiles(results[loads.length]!) } : { load };
}

/** Six values spread over a sorted list, from its fifth to its last (the interesting part of a clients curve). */
function sixOf(values: readonly number[]): number[] {
  const from = Math.floor(values.length / 5);
  const picked = Array.from({ length: 6 }, (_, i) => values[Math.round(from + ((values.length - 1 - from) * i) / 5)]!);
  return [...new Set(picked)];
}
