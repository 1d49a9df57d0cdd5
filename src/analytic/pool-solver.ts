/**
 * Solves one pool (a multi-server station) for its arrival rate and the mean/scv of its service and
 * arrivals. Exact where a closed form exists, otherwise a named approximation recorded in `method`.
 *
 *   threads infinite            → M/G/∞, no wait (exact)
 *   dispatch per-thread         → c independent single-thread queues, each fed λ/c (random split is exact
 *                                 for Poisson arrivals)
 *   ca² = cs² = 1               → M/M/c (Erlang C) or M/M/c/K, exact
 *   otherwise                   → Allen–Cunneen: W = C(c, a)·(ca² + cs²)/2 · S/(c − a)
 *                                 (exact for M/G/1 by Pollaczek–Khinchine)
 */
import type { Pool } from '../model/types.ts';
import { mmc, mmck, delayStation, type StationMetrics } from './mmc.ts';

export interface PoolInput {
  readonly pool: Pool;
  readonly arrivalRate: number;
  readonly meanService: number;
  readonly serviceScv: number;
  readonly arrivalScv: number;
}

export interface PoolSolution {
  readonly stable: boolean;
  readonly metrics: StationMetrics | null;
  readonly method: string;
  readonly exact: boolean;
}

const NEAR = 1e-12;

function isOne(x: number): boolean {
  return Math.abs(x - 1) < NEAR;
}

/** Scales the waiting figures of an M/M/c solution by the Allen–Cunneen variability factor. */
function withVariability(base: StationMetrics, factor: number): StationMetrics {
  if (factor === 1) return base;
  const meanWait = base.meanWait * factor;
  const meanQueueLength = base.meanQueueLength * factor;
  const busy = base.meanInSystem - base.meanQueueLength;
  return {
    ...base,
    meanWait,
    meanQueueLength,
    meanInSystem: meanQueueLength + busy,
    wait: base.probWait > 0 && meanWait > 0 ? { kind: 'exponential', rate: base.probWait / meanWait } : { kind: 'none' },
  };
}

function singleQueue(
  arrivalRate: number,
  meanService: number,
  servers: number,
  queueCapacity: number,
  factor: number,
): { stable: boolean; metrics: StationMetrics | null } {
  if (queueCapacity === Infinity) {
    if (arrivalRate * meanService >= servers) return { stable: false, metrics: null };
    return { stable: true, metrics: withVariability(mmc(arrivalRate, meanService, servers), factor) };
  }
  return { stable: true, metrics: withVariability(mmck(arrivalRate, meanService, servers, queueCapacity), factor) };
}

/** Per-thread queues: one queue's metrics, with the counts summed over the c queues. */
function perThread(input: PoolInput, factor: number): { stable: boolean; metrics: StationMetrics | null } {
  const { pool } = input;
  const c = pool.threads;
  const one = singleQueue(input.arrivalRate / c, input.meanService, 1, pool.queueCapacity, factor);
  if (!one.metrics) return one;
  const m = one.metrics;
  return {
    stable: true,
    metrics: {
      ...m,
      meanQueueLength: m.meanQueueLength * c,
      meanInSystem: m.meanInSystem * c,
      throughput: m.throughput * c,
    },
  };
}

export function solvePool(input: PoolInput): PoolSolution {
  const { pool, arrivalRate, meanService, serviceScv, arrivalScv } = input;
  if (pool.threads === Infinity) {
    return { stable: true, metrics: delayStation(arrivalRate, meanService), method: 'M/G/∞ pure delay (exact)', exact: true };
  }
  const markov = isOne(serviceScv) && isOne(arrivalScv);
  const factor = markov ? 1 : (arrivalScv + serviceScv) / 2;
  const finite = pool.queueCapacity !== Infinity;
  const kendall = (c: number | string) => `${markov ? 'M/M' : arrivalScv === 1 ? 'M/G' : 'G/G'}/${c}${finite ? '/K' : ''}`;
  if (pool.dispatch === 'per-thread' && pool.threads > 1) {
    const solved = perThread(input, factor);
    const exact = markov || (isOne(arrivalScv) && !finite);
    return {
      ...solved,
      method: `${pool.threads} × ${kendall(1)} per-thread queues (random dispatch)${exact ? markov ? ' (exact)' : ' (Pollaczek–Khinchine, exact means)' : ' (Allen–Cunneen, approximate)'}`,
      exact,
    };
  }
  const solved = singleQueue(arrivalRate, meanService, pool.threads, pool.queueCapacity, factor);
  const exact = markov || (pool.threads === 1 && isOne(arrivalScv) && !finite);
  const how = markov
    ? finite
      ? 'exact'
      : 'exact (Erlang C)'
    : exact
      ? 'Pollaczek–Khinchine, exact means'
      : finite
        ? 'M/M/c/K blocking with Allen–Cunneen waits, approximate'
        : 'Allen–Cunneen, approximate';
  return { ...solved, method: `${kendall(pool.threads === 1 ? 1 : 'c')} ${how}`, exact };
}
