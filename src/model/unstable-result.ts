/**
 * The answer for an open model whose queues grow without bound (SPEC §3), assembled once for analysis and
 * simulation: `stable: false`, the throughput that completes and the resource that binds (capacity.ts
 * overloadOutcome: maxThroughput and its bottleneck unless requests are lost on the way), every figure that
 * would be infinite null. Each stage is shown at the rate that gets through to it (capacity.ts carriedRates):
 * the offered rate before the first saturated resource, its capacity after it — a stage completes that rate × v
 * visits a second and its pool is busy that × D_p / c of the time. An overloaded pool is busy all the time (a
 * queue that keeps growing is never empty), its stages sharing that in proportion to their work: with the cores
 * binding, threads are held longer than their own service while they wait for a core. The drop rate is the
 * caller's: drops at full queues upstream of the overload still happen and analysis can say how many; a stage
 * row the caller does not give shows the refusals the model knows exactly (refusals.ts), as analysis would.
 */
import { capacity, carriedRates, CORES_BOTTLENECK, overloadOutcome } from './capacity.ts';
import type { FigureAccuracy, LatencySummary, PoolResult, Result, ResultAccuracy, StageResult } from './result.ts';
import type { Model } from './types.ts';

const NULL_LATENCY: LatencySummary = { mean: null, p50: null, p90: null, p95: null, p99: null, p999: null };

const NOT_GIVEN: FigureAccuracy = { kind: 'none', method: 'not given (null): the model is unstable, its waits grow without bound' };

/**
 * The accuracy of an answer whose latency is null: a band (or "exact") beside a figure that is not there would
 * vouch for nothing, so the mean and percentiles say they are not given. The drop rate stands: drops at full
 * queues upstream of the overload are still known.
 */
export function unstableAccuracy(accuracy: ResultAccuracy): ResultAccuracy {
  return { ...accuracy, mean: NOT_GIVEN, percentiles: NOT_GIVEN };
}

export interface UnstableFacts {
  readonly method: 'analytic' | 'simulation';
  /** Pools whose queues grow without bound (overloadedPools). */
  readonly overloaded: readonly string[];
  readonly dropRate?: number;
  readonly notes: readonly string[];
  /** Why the answer is unstable, when not an overload (default: the offered load reaches what binds). */
  readonly reason?: string;
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
  const { maxThroughput } = capacity(model);
  const offered = model.workload.kind === 'open' ? model.workload.arrivalRatePerSecond : (maxThroughput ?? 0);
  const { reach, completions, refusedAt } = carriedRates(model, offered);
  /** Refused visits over arriving ones (the refusals the model knows exactly; 0 where it does not). */
  const refusedShare = (arriving: number, refused: number) => (arriving > 0 ? refused / arriving : 0);
  const { throughput, bottleneck } = overloadOutcome(model, offered, facts.overloaded);
  const saturated = new Set(facts.overloaded);
  const poolOf = new Map(model.pools.map((p) => [p.name, p]));
  const threadsOf = (threads: number) => (threads === Infinity ? 'infinite' : threads);
  /** The busy share of its pool's threads a stage's completions make: completions · S / c. */
  const busyShare = (i: number) => {
    const stage = model.stages[i]!;
    const threads = poolOf.get(stage.pool)!.threads;
    return threads === Infinity ? 0 : Math.min(1, (completions[i]! * stage.service.meanSeconds) / threads);
  };
  const nulls = { probWait: null, meanWait: null, meanQueueLength: null, meanInSystem: null };
  const defaultStages: StageResult[] = model.stages.map((stage, i) => ({
    name: stage.name,
    pool: stage.pool,
    threads: threadsOf(poolOf.get(stage.pool)!.threads),
    visits: stage.visits,
    utilization: busyShare(i),
    ...nulls,
    meanResponse: null,
    throughput: completions[i]!,
    dropRate: refusedShare(reach[i]! * stage.visits, refusedAt[i]!),
  }));
  // A stage of a saturated pool completes what gets through, whoever assembled the rest of its row, and holds
  // its share of the pool's threads, all busy.
  const poolBusy = new Map<string, number>();
  model.stages.forEach((stage, i) => poolBusy.set(stage.pool, (poolBusy.get(stage.pool) ?? 0) + busyShare(i)));
  const stages = (facts.stages ?? defaultStages).map((row, i) =>
    saturated.has(row.pool) ? { ...row, utilization: heldShare(busyShare(i), poolBusy.get(row.pool)!), throughput: completions[i]! } : row,
  );
  const defaultPools: PoolResult[] = model.pools.map((pool) => {
    const own = model.stages.filter((s) => s.pool === pool.name);
    const busy = own.reduce((sum, s) => sum + completions[s.index]! * s.service.meanSeconds, 0);
    return {
      name: pool.name,
      threads: threadsOf(pool.threads),
      queueCapacity: pool.queueCapacity === Infinity ? null : pool.queueCapacity,
      dispatch: pool.dispatch,
      stages: own.map((s) => s.name),
      utilization: pool.threads === Infinity ? 0 : Math.min(1, busy / pool.threads),
      ...nulls,
      arrivalRate: own.reduce((sum, s) => sum + reach[s.index]! * s.visits, 0),
      dropRate: refusedShare(
        own.reduce((sum, s) => sum + reach[s.index]! * s.visits, 0),
        own.reduce((sum, s) => sum + refusedAt[s.index]!, 0),
      ),
      method: facts.poolMethod?.(pool.name) ?? facts.method,
    };
  });
  const pools = (facts.pools ?? defaultPools).map((row) => (saturated.has(row.name) ? { ...row, utilization: 1 } : row));
  return {
    model: model.name,
    method: facts.method,
    stable: false,
    offeredRate: model.workload.kind === 'open' ? model.workload.arrivalRatePerSecond : null,
    throughput,
    maxThroughput,
    bottleneck,
    dropRate: facts.dropRate ?? 0,
    latency: NULL_LATENCY,
    stages,
    pools,
    notes: [
      ...facts.notes,
      facts.reason ?? unstableNote(model, bottleneck, facts.overloaded),
    ],
    ...(facts.accuracy ? { accuracy: unstableAccuracy(facts.accuracy) } : {}),
  };
}

/** A stage's share of its overloaded pool's threads: its work over the pool's, the pool being busy throughout. */
function heldShare(share: number, poolShare: number): number {
  return poolShare > 0 ? share / poolShare : 0;
}

/** Names what binds and, when that is not the growing queue itself (the cores), where the queues grow. */
function unstableNote(model: Model, bottleneck: string | null, overloaded: readonly string[]): string {
  const growing = overloaded.join(', ');
  if (bottleneck === CORES_BOTTLENECK && !overloaded.includes(CORES_BOTTLENECK)) {
    return `unstable: offered load reaches or exceeds the capacity of the ${model.cores} cores (the bottleneck): the CPU-bound work asks for more core-time than they have, so the queues of ${growing} grow without bound`;
  }
  const binding = bottleneck !== null && overloaded.includes(bottleneck) && overloaded.length > 1 ? ` (the bottleneck: ${bottleneck})` : '';
  return `unstable: offered load reaches or exceeds the capacity of ${growing}${binding}; waits grow without bound`;
}
