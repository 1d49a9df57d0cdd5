/**
 * Refusals at full queues that the model knows exactly, for the one stability rule (capacity.ts). A finite
 * queue ahead of a pool lowers the rate that pool sees; where the refusals can be had without an
 * approximation they are subtracted here, for analysis and simulation alike. Exact needs a Poisson flow into
 * a pool entered at most once per request by a single stage (a run of several stages, or a pool met twice,
 * mixes services and flows):
 *
 * - queueCapacity 0 (a loss stage): Erlang B, insensitive to the service law (M/G/c/c);
 * - exponential service: the M/M/c/K birth–death chain's p_K;
 * - one thread, any service: the M/G/1/K chain embedded at departures (mg1k-chain.ts);
 * - per-thread dispatch: a request picks a thread at random, so each thread is one of the above with λ/c.
 *
 * A Poisson flow stays Poisson through a pure delay (M/G/∞) and through an unsaturated unbounded M/M/c entered
 * at most once (Burke 1956; visits below 1 are independent thinning and merging). Anything else — a finite
 * queue, even one known exactly (its departures are smoothed by its losses), a saturated pool, other service
 * laws, threads slowed by the cores — leaves the flow's law unknown, and the refusals after it are not exact.
 */
import { erlangB, mmckBlocking } from './loss-probability.ts';
import { mg1kChain } from './mg1k-chain.ts';
import type { RefusalEstimate } from './capacity.ts';
import type { StageResult } from './result.ts';
import type { Model, Pool, Stage } from './types.ts';

/** The pool's only run of stages is this one stage. */
function soleStage(model: Model, stage: Stage): boolean {
  let runs = 0;
  for (const segment of model.segments) {
    if (segment.pool !== stage.pool) continue;
    runs++;
    if (segment.stageIndices.length !== 1 || segment.stageIndices[0] !== stage.index) return false;
  }
  return runs === 1;
}

/**
 * The share of the requests reaching `stage` (the first stage of a finite queue's run) that its pool refuses,
 * given Poisson arrivals at reachPerSecond; undefined where no exact figure exists. `slowed`: the stage's
 * threads share the cores, so its service is not its own.
 */
export function exactRefusal(model: Model, stage: Stage, pool: Pool, reachPerSecond: number, slowed: boolean): number | undefined {
  if (slowed || stage.visits > 1 || stage.queueTimeoutSeconds !== undefined || !soleStage(model, stage)) return undefined;
  const queues = pool.dispatch === 'per-thread' ? pool.threads : 1;
  const servers = pool.threads / queues;
  const a = (reachPerSecond * stage.visits * stage.service.meanSeconds) / queues;
  if (pool.queueCapacity === 0) return stage.visits * erlangB(servers, a);
  if (stage.distribution === 'exponential') return stage.visits * mmckBlocking(a, servers, pool.queueCapacity);
  if (servers !== 1) return undefined;
  const chain = mg1kChain((reachPerSecond * stage.visits) / queues, stage.service, pool.queueCapacity);
  return chain === null ? undefined : stage.visits * chain.blocking;
}

/** A Poisson flow through `stage` (not saturated) leaves it Poisson. */
export function keepsPoisson(model: Model, stage: Stage, pool: Pool, slowed: boolean): boolean {
  if (pool.threads === Infinity) return true;
  return pool.queueCapacity === Infinity && !slowed && stage.visits <= 1 && stage.distribution === 'exponential' && soleStage(model, stage);
}

/**
 * The refusals a result reports, as an estimate for the stability rule (capacity.ts RefusalEstimate): the
 * requests a stage refuses per second — its completed visits × d/(1 − d), d its drop rate per arriving visit,
 * whatever its visits (only first entries are refused, and each refusal loses one request) — over the rate
 * reaching it. Analysis reads its own rows, simulation the rows it measured: one reading for both.
 */
export function refusalsOf(stages: readonly StageResult[]): RefusalEstimate {
  return (stage, reachPerSecond) => {
    const row = stages[stage.index];
    if (row === undefined || row.name !== stage.name || !(reachPerSecond > 0)) return undefined;
    const d = row.dropRate;
    if (!(d > 0)) return 0;
    if (d >= 1) return Math.min(1, stage.visits);
    return Math.min(1, (row.throughput * d) / (1 - d) / reachPerSecond);
  };
}
