/**
 * The answer for an open model whose queues grow without bound (SPEC §3), assembled once for analysis and
 * simulation: `stable: false`, throughput = maxThroughput, the bottleneck named, every figure that would be
 * infinite null. Requests complete at the saturation rate X_max, so a stage completes X_max·v visits a second
 * and a pool is busy X_max·D_p / c of the time (1 where it is overloaded). The drop rate is the caller's: drops
 * at full queues upstream of the overload still happen and analysis can say how many.
 */
import { capacity } from './capacity.ts';
import type { LatencySummary, PoolResult, Result, ResultAccuracy, StageResult } from './result.ts';
import type { Model } from './types.ts';

const NULL_LATENCY: LatencySummary = { mean: null, p50: null, p90: null, p95: null, p99: null, p999: null };

export interface UnstableFacts {
  readonly method: 'analytic' | 'simulation';
  /** Pools whose queues grow without bound (overloadedPools). */
  readonly overloaded: readonly string[];
  readonly dropRate?: number;
  readonly notes: readonly string[];
  /** Each pool's method, in words (default: the method of the whole result). */
  readonly poolMethod?: (pool: string) => string;
  readonly accuracy?: ResultAccuracy;
  /**
   * Stage and pool figures the caller knows better (analysis: drops upstream, waits at pools the overload does
   * not reach); by default those of requests completing at X_max.
   */
  readonly stages?: readonly StageResult[];
  readonly pools?: readonly PoolResult[];
}

export function unstableResult(model: Model, facts: UnstableFacts): Result {
  const { maxThroughput, bottleneck, demandSeconds } = capacity(model);
  const rate = maxThroughput ?? 0;
  const saturated = new Set(facts.overloaded);
  const threadsOf = (threads: number) => (threads === Infinity ? 'infinite' : threads);
  const nulls = { probWait: null, meanWait: null, meanQueueLength: null, meanInSystem: null };
  const stages: StageResult[] = model.stages.map((stage) => {
    const pool = model.pools.find((p) => p.name === stage.pool)!;
    const busy = pool.threads === Infinity ? 0 : Math.min(1, (rate * stage.visits * stage.service.meanSeconds) / pool.threads);
    return {
      name: stage.name,
      pool: stage.pool,
      threads: threadsOf(pool.threads),
      visits: stage.visits,
      utilization: busy,
      ...nulls,
      meanResponse: null,
      throughput: rate * stage.visits,
      dropRate: 0,
    };
  });
  const pools: PoolResult[] = model.pools.map((pool, i) => ({
    name: pool.name,
    threads: threadsOf(pool.threads),
    queueCapacity: pool.queueCapacity === Infinity ? null : pool.queueCapacity,
    dispatch: pool.dispatch,
    stages: model.stages.filter((s) => s.pool === pool.name).map((s) => s.name),
    utilization: pool.threads === Infinity ? 0 : saturated.has(pool.name) ? 1 : Math.min(1, (rate * demandSeconds[i]!) / pool.threads),
    ...nulls,
    arrivalRate: model.stages.reduce((sum, s) => (s.pool === pool.name ? sum + rate * s.visits : sum), 0),
    dropRate: 0,
    method: facts.poolMethod?.(pool.name) ?? facts.method,
  }));
  return {
    model: model.name,
    method: facts.method,
    stable: false,
    offeredRate: model.workload.kind === 'open' ? model.workload.arrivalRatePerSecond : null,
    throughput: maxThroughput,
    maxThroughput,
    bottleneck,
    dropRate: facts.dropRate ?? 0,
    latency: NULL_LATENCY,
    stages: facts.stages ?? stages,
    pools: facts.pools ?? pools,
    notes: [
      ...facts.notes,
      `unstable: offered load reaches or exceeds the capacity of ${facts.overloaded.join(', ')}; waits grow without bound`,
    ],
    ...(facts.accuracy ? { accuracy: facts.accuracy } : {}),
  };
}
