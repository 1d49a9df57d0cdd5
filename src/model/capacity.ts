/**
 * Saturation of a model: one definition, shared by analysis (open and closed) and simulation, so they cannot
 * disagree on it. The bottleneck law (Denning & Buzen 1978): a resource with c servers asked D seconds per
 * request saturates at c / D requests per second, and the model at the smallest of these:
 *
 *   X_max = min( min_p c_p / D_p ,  k / D_cpu )
 *
 * D_p = Σ_{stages on p} v_i·S_i is the thread-seconds one request asks of pool p; D_cpu = the core-seconds it
 * asks of the `cores` (CPU-bound stages on finite pools), a limit only when more CPU-bound threads exist than
 * cores (otherwise a thread always has a core and the pools bind first). Pure delays never saturate. Service
 * times are the model's own, never slowed by the cores: slowing is how the analysis models sharing, not extra
 * work, so capacity does not depend on the load.
 */
import type { Model, Stage } from './types.ts';

/** The name `bottleneck` takes when the cores, not a pool, bind first. */
export const CORES_BOTTLENECK = 'cores';

export interface Capacity {
  /** Requests per second at which the bottleneck saturates; null when nothing can. */
  readonly maxThroughput: number | null;
  /** A pool name, or "cores". */
  readonly bottleneck: string | null;
  /** Thread-seconds per request, per pool (in model.pools order). */
  readonly demandSeconds: readonly number[];
  /** Core-seconds per request (CPU-bound stages on finite pools). */
  readonly cpuDemandSeconds: number;
  /** CPU-bound threads competing for the cores. */
  readonly cpuThreads: number;
  /** The cores can bind: `cores` is set and fewer than the CPU-bound threads. */
  readonly coresBind: boolean;
}

/** A stage whose work needs a core: CPU-bound and on a pool of finite threads. */
export function isCpuStage(model: Model, stage: Stage): boolean {
  if (!stage.cpuBound) return false;
  const pool = model.pools.find((p) => p.name === stage.pool);
  return pool !== undefined && pool.threads !== Infinity;
}

/** Threads that can compete for the cores: those of the finite pools running a CPU-bound stage. */
export function cpuThreads(model: Model): number {
  let threads = 0;
  for (const pool of model.pools) {
    if (pool.threads === Infinity) continue;
    if (model.stages.some((s) => s.pool === pool.name && s.cpuBound)) threads += pool.threads;
  }
  return threads;
}

/** Core-seconds of CPU work per request (Σ v·S over CPU-bound stages on finite pools). */
export function cpuDemandPerRequest(model: Model): number {
  let demand = 0;
  for (const stage of model.stages) if (isCpuStage(model, stage)) demand += stage.visits * stage.service.meanSeconds;
  return demand;
}

const cache = new WeakMap<Model, Capacity>();

export function capacity(model: Model): Capacity {
  const hit = cache.get(model);
  if (hit) return hit;
  let maxThroughput: number | null = null;
  let bottleneck: string | null = null;
  const demandSeconds = model.pools.map((pool) => {
    let demand = 0;
    for (const stage of model.stages) if (stage.pool === pool.name) demand += stage.visits * stage.service.meanSeconds;
    if (pool.threads !== Infinity && demand > 0) {
      const x = pool.threads / demand;
      if (maxThroughput === null || x < maxThroughput) {
        maxThroughput = x;
        bottleneck = pool.name;
      }
    }
    return demand;
  });
  const threads = cpuThreads(model);
  const cpuDemandSeconds = cpuDemandPerRequest(model);
  const coresBind = model.cores !== undefined && threads > model.cores;
  if (coresBind && cpuDemandSeconds > 0) {
    const x = model.cores! / cpuDemandSeconds;
    if (maxThroughput === null || x < maxThroughput) {
      maxThroughput = x;
      bottleneck = CORES_BOTTLENECK;
    }
  }
  const result: Capacity = { maxThroughput, bottleneck, demandSeconds, cpuDemandSeconds, cpuThreads: threads, coresBind };
  cache.set(model, result);
  return result;
}

/** Threads each pool would keep busy at `ratePerSecond` (λ·D_p), before any drop. */
export function offeredThreads(model: Model, ratePerSecond: number): number[] {
  return capacity(model).demandSeconds.map((d) => ratePerSecond * d);
}

/**
 * Pools whose queues grow without bound at an open rate: an unbounded pool whose offered threads reach its
 * threads, and, when the CPU-bound work reaches the cores, every unbounded pool running CPU-bound stages.
 * Offered load counts every request (a completed request visited every stage, whatever upstream queues
 * dropped), as the simulator's admission of an open model does. Empty = stable.
 */
export function overloadedPools(model: Model, ratePerSecond: number): string[] {
  const cap = capacity(model);
  const offered = offeredThreads(model, ratePerSecond);
  const out = model.pools.filter((p, i) => p.threads !== Infinity && p.queueCapacity === Infinity && offered[i]! >= p.threads);
  if (cap.coresBind && ratePerSecond * cap.cpuDemandSeconds >= model.cores!) {
    for (const p of model.pools) {
      if (p.queueCapacity !== Infinity || out.includes(p)) continue;
      if (model.stages.some((s) => s.pool === p.name && isCpuStage(model, s))) out.push(p);
    }
  }
  return out.map((p) => p.name);
}
