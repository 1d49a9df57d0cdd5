/**
 * Saturation of a model, shared by analysis and simulation: the request rate at which a pool's threads
 * would all be busy, X_max = min_p c_p / D_p, where D_p = Σ_{stages on p} v_i·S_i is the thread-seconds one
 * offered request asks of pool p (the bottleneck law; Denning & Buzen 1978). Pure delays never saturate.
 */
import type { Model } from './types.ts';

export interface Capacity {
  /** Requests per second at which the bottleneck saturates; null when nothing can. */
  readonly maxThroughput: number | null;
  readonly bottleneck: string | null;
  /** Thread-seconds per request, per pool (in model.pools order). */
  readonly demandSeconds: readonly number[];
}

export function capacity(model: Model): Capacity {
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
  return { maxThroughput, bottleneck, demandSeconds };
}
