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

/**
 * An open rate followed along the path (model.stages order), drops aside. A resource past saturation passes at
 * most its capacity — c_p / D_p requests a second for a pool (its stages together: a FIFO queue that keeps
 * growing serves them in the proportion they arrive), k / D_cpu for the cores — so what comes after it sees
 * that rate, not the offered one. A pool is charged where the path first meets it: exact when its stages are
 * met at one rate (a pool met again only after another saturated resource is charged the earlier rate).
 */
interface Walk {
  /** Requests per second reaching each stage, and getting through it (by stage index). */
  readonly reach: Float64Array;
  readonly through: Float64Array;
  /** Pools offered at least their threads where the path meets them (finite queue or not). */
  readonly saturated: ReadonlySet<string>;
  /** The CPU-bound work reaching the cores asks at least all of them. */
  readonly coresSaturated: boolean;
}

function walk(model: Model, ratePerSecond: number): Walk {
  const cap = capacity(model);
  const poolAt = new Map(model.pools.map((pool, i) => [pool.name, i]));
  const reach = new Float64Array(model.stages.length);
  const through = new Float64Array(model.stages.length);
  const met = new Set<string>();
  const saturated = new Set<string>();
  let coresMet = false;
  let coresSaturated = false;
  let rate = ratePerSecond;
  for (const stage of model.stages) {
    reach[stage.index] = rate;
    if (!met.has(stage.pool)) {
      met.add(stage.pool);
      const i = poolAt.get(stage.pool)!;
      const threads = model.pools[i]!.threads;
      const demand = cap.demandSeconds[i]!;
      if (threads !== Infinity && demand > 0 && rate * demand >= threads) {
        saturated.add(stage.pool);
        rate = threads / demand;
      }
    }
    if (cap.coresBind && !coresMet && isCpuStage(model, stage)) {
      coresMet = true;
      if (rate * cap.cpuDemandSeconds >= model.cores!) {
        coresSaturated = true;
        rate = model.cores! / cap.cpuDemandSeconds;
      }
    }
    through[stage.index] = rate;
  }
  return { reach, through, saturated, coresSaturated };
}

/** Requests per second that reach each stage, and that get through it, at an open rate (see walk). */
export function carriedRates(model: Model, ratePerSecond: number): { readonly reach: Float64Array; readonly through: Float64Array } {
  const { reach, through } = walk(model, ratePerSecond);
  return { reach, through };
}

/**
 * Pools whose queues grow without bound at an open rate: an unbounded pool offered at least its threads at the
 * rate that reaches it (past an upstream saturated resource, that resource's capacity: see walk), and, when the
 * CPU-bound work reaches the cores, every unbounded pool running CPU-bound stages. Drops at full queues short
 * of saturation are not subtracted (an upper bound on the rate, as the simulator's admission of an open model
 * takes it). Empty = stable.
 */
export function overloadedPools(model: Model, ratePerSecond: number): string[] {
  const { saturated, coresSaturated } = walk(model, ratePerSecond);
  return model.pools
    .filter((p) => {
      if (p.threads === Infinity || p.queueCapacity !== Infinity) return false;
      if (saturated.has(p.name)) return true;
      return coresSaturated && model.stages.some((s) => s.pool === p.name && isCpuStage(model, s));
    })
    .map((p) => p.name);
}
