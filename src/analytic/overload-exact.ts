/**
 * Where SPEC §5 has an exact analysis: one M/M/c pool (Poisson arrivals, one exponential stage visited once,
 * unbounded shared queue, cores not binding) whose requests are impatient — exponential patience (Erlang-A,
 * M/M/c+M) or deterministic (M/M/c+D) — with no client timeout, no retries, no queue timeout and no schedule.
 * Solved by impatient-pool.ts; everything else falls back to a note (overload.ts).
 */
import { PERCENTILE_KEYS, PERCENTILE_LEVELS, type LatencySummary, type Result } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { impatientPool, servedLatencyQuantile, type PatienceKind } from './impatient-pool.ts';

export interface ImpatientCase {
  readonly lambda: number;
  readonly mu: number;
  readonly threads: number;
  readonly kind: PatienceKind;
  readonly patienceMean: number;
}

/** The parameters of an exactly solvable impatient pool, or null when the model is not one. */
export function impatientCase(model: Model): ImpatientCase | null {
  const o = model.overload;
  const w = model.workload;
  if (o === undefined || w.kind !== 'open' || w.arrivalScv !== 1) return null;
  if (o.schedule !== null || o.timeoutSeconds !== Infinity || o.patience === null) return null;
  if (o.retry !== null && o.retry.attempts > 1) return null;
  if (o.patience.name !== 'exponential' && o.patience.name !== 'deterministic') return null;
  if (model.stages.length !== 1 || model.pools.length !== 1) return null;
  const stage = model.stages[0]!;
  const pool = model.pools[0]!;
  if (stage.distribution !== 'exponential' || stage.visits !== 1 || stage.queueTimeoutSeconds !== undefined) return null;
  if (pool.threads === Infinity || pool.queueCapacity !== Infinity) return null;
  if (pool.dispatch === 'per-thread' && pool.threads > 1) return null;
  if (model.cores !== undefined && stage.cpuBound && model.cores < pool.threads) return null;
  return { lambda: w.arrivalRatePerSecond, mu: 1 / stage.service.meanSeconds, threads: pool.threads, kind: o.patience.name, patienceMean: o.patience.meanSeconds };
}

export function impatientResult(model: Model, base: Result, k: ImpatientCase): Result {
  const r = impatientPool(k.lambda, k.mu, k.threads, k.kind, k.patienceMean);
  const served = k.lambda * (1 - r.probAbandon);
  const service = 1 / k.mu;
  const mean = r.meanWaitServed + service;
  const latency: Record<string, number | null> = { mean };
  for (const key of PERCENTILE_KEYS) latency[key] = servedLatencyQuantile(r, PERCENTILE_LEVELS[key], mean);
  const name = k.kind === 'exponential' ? 'M/M/c+M exact (Erlang-A; Garnett, Mandelbaum & Reiman 2002)' : 'M/M/c+D exact (deterministic patience; Baccelli & Hébuterne 1981)';
  const stage = base.stages[0]!;
  const pool = base.pools[0]!;
  const figures = {
    utilization: r.meanBusy / k.threads,
    probWait: r.probWait,
    meanWait: r.meanWait,
    meanQueueLength: r.meanQueueLength,
    meanInSystem: r.meanQueueLength + r.meanBusy,
  };
  return {
    ...base,
    stable: true,
    throughput: served,
    dropRate: 0,
    latency: latency as unknown as LatencySummary,
    stages: [{ ...stage, ...figures, meanResponse: r.meanWait + service, throughput: served, dropRate: 0 }],
    pools: [{ ...pool, ...figures, arrivalRate: k.lambda, dropRate: 0, method: name }],
    notes: [
      `overload: ${name}: abandonment, waits and queue exact; latency percentiles are of served requests (wait + service), stage meanWait is over every arrival, served or not`,
    ],
    goodput: served,
    timeoutRate: 0,
    abandonRate: r.probAbandon,
    retryRate: 0,
    wastedWork: 0,
    metastable: null,
  };
}
