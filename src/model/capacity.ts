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
import { exactRefusal, keepsPoisson } from './refusals.ts';

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
 * What the caller knows of a finite queue's refusals where the model cannot know them exactly (refusals.ts):
 * the share of the requests reaching `stage` (the first stage of a run on a finite-queue pool) that are refused
 * there, at reachPerSecond reaching it; undefined = unknown. Analysis passes its own blocking, simulation the
 * refusals it measured.
 */
export type RefusalEstimate = (stage: Stage, reachPerSecond: number) => number | undefined;

/**
 * An open rate followed along the path (model.stages order). A resource past saturation passes at most its
 * capacity — c_p / D_p requests a second for a pool (its stages together: a FIFO queue that keeps growing
 * serves them in the proportion they arrive), k / D_cpu for the cores — so what comes after it sees that rate,
 * not the offered one; requests that skip the pool (visits below 1) pass besides. A finite queue passes what it does not refuse: exactly known refusals (refusals.ts)
 * first, else the caller's estimate, else none (an upper bound on the rate, so an unknown refusal can only
 * make the walk call a pool overloaded that is not, never the reverse). A pool is charged where the path
 * first meets it, for the work all its stages ask of the requests that reach them (askedSeconds).
 */
interface Walk {
  /** Requests per second reaching each stage, and getting through it (by stage index). */
  readonly reach: Float64Array;
  readonly through: Float64Array;
  /** Visits each stage completes per second (after refusals; at a saturated pool, its share of the capacity). */
  readonly completions: Float64Array;
  /** Requests refused per second at full queues (known or estimated refusals), in all and at each stage. */
  readonly refused: number;
  readonly refusedAt: Float64Array;
  /** 1 where the rate reaching the stage is known without estimating or leaving out a refusal before it. */
  readonly exactReach: Uint8Array;
  /** Pools offered at least their threads where the path meets them (finite queue or not). */
  readonly saturated: ReadonlySet<string>;
  /** Work offered to each finite pool the path meets, in threads' worth (≥ 1: saturated), and to the cores. */
  readonly load: ReadonlyMap<string, number>;
  readonly coresLoad: number;
  /** The CPU-bound work reaching the cores asks at least all of them. */
  readonly coresSaturated: boolean;
  /** The rate reaching the first CPU-bound stage is exact (as exactReach). */
  readonly coresExact: boolean;
  /** Finite-queue pools whose refusals were estimated or left out (not known exactly). */
  readonly estimated: readonly string[];
}

function walk(model: Model, ratePerSecond: number, estimate?: RefusalEstimate, uncapped = false): Walk {
  const cap = capacity(model);
  // A pool met more than once is asked, per request reaching its first meeting, its stages' work weighted by
  // the share of those requests that reach each of them; refusals in between lower it. The shares come from the
  // same walk without saturation (a resource saturated in between lowers them further: charged the higher
  // share, the pool can only be called overloaded early, never late).
  const shares = uncapped ? null : walk(model, ratePerSecond, estimate, true).reach;
  const poolAt = new Map(model.pools.map((pool, i) => [pool.name, i]));
  const runHeads = new Set(model.segments.map((segment) => segment.stageIndices[0]!));
  const reach = new Float64Array(model.stages.length);
  const through = new Float64Array(model.stages.length);
  const completions = new Float64Array(model.stages.length);
  const firstReach = new Map<string, number>();
  const poolDemand = new Map<string, number>();
  const load = new Map<string, number>();
  let coresLoad = 0;
  let refused = 0;
  const refusedAt = new Float64Array(model.stages.length);
  const exactReach = new Uint8Array(model.stages.length);
  const met = new Set<string>();
  const saturated = new Set<string>();
  const estimated = new Set<string>();
  let coresMet = false;
  let coresSaturated = false;
  let coresExact = true;
  let rate = ratePerSecond;
  let exact = true;
  // A closed loop waits for room instead of being refused (sim/network.ts): only an open flow loses requests.
  // A refused request that is retried is not lost, and its retries add load: with retries nothing is subtracted.
  const open = model.workload.kind === 'open' && (model.overload?.retry ?? null) === null;
  let poisson = open && model.workload.arrivalScv === 1 && model.overload === undefined;
  for (const stage of model.stages) {
    reach[stage.index] = rate;
    exactReach[stage.index] = exact ? 1 : 0;
    const i = poolAt.get(stage.pool)!;
    const pool = model.pools[i]!;
    const slowed = cap.coresBind && isCpuStage(model, stage);
    let limit = Infinity;
    if (!met.has(stage.pool)) {
      met.add(stage.pool);
      firstReach.set(stage.pool, rate);
      const demand = askedSeconds(model, stage, shares) ?? cap.demandSeconds[i]!;
      poolDemand.set(stage.pool, demand);
      if (pool.threads !== Infinity) load.set(stage.pool, (rate * demand) / pool.threads);
      if (!uncapped && pool.threads !== Infinity && demand > 0 && rate * demand >= pool.threads) {
        saturated.add(stage.pool);
        // Only the requests that enter the pool are held to its capacity; those that skip it (visits below 1)
        // pass. Entering: at least the largest of its stages' visit chances (a lower bound, so `limit` stays an
        // upper bound on what passes); 1 when some stage is visited surely.
        const entering = Math.min(1, Math.max(...model.stages.filter((s) => s.pool === stage.pool).map((s) => s.visits)));
        limit = rate - entering * (rate - pool.threads / demand);
      }
    }
    if (open && pool.queueCapacity !== Infinity && pool.threads !== Infinity && runHeads.has(stage.index)) {
      const known = poisson ? exactRefusal(model, stage, pool, rate, slowed) : undefined;
      const share = known ?? estimate?.(stage, rate);
      if (known === undefined) {
        exact = false;
        estimated.add(pool.name);
      }
      if (share !== undefined) {
        const lost = rate * Math.min(1, Math.max(0, share));
        refused += lost;
        refusedAt[stage.index] = lost;
        rate -= lost;
      }
    }
    // Visits completed: those admitted (a refused request visits no more), each entering request's v of them;
    // at a saturated pool no more than its threads can serve, shared among its stages as they are asked.
    const entered = stage.visits <= 1 ? reach[stage.index]! * stage.visits - (reach[stage.index]! - rate) : rate * stage.visits;
    const demand = poolDemand.get(stage.pool)!;
    const served = saturated.has(stage.pool) && demand > 0 ? (reach[stage.index]! * stage.visits * pool.threads) / (firstReach.get(stage.pool)! * demand) : Infinity;
    rate = Math.min(rate, limit);
    poisson = poisson && limit === Infinity && keepsPoisson(model, stage, pool, slowed);
    if (!uncapped && cap.coresBind && !coresMet && isCpuStage(model, stage)) {
      coresMet = true;
      coresExact = exactReach[stage.index] === 1;
      coresLoad = (rate * cap.cpuDemandSeconds) / model.cores!;
      if (coresLoad >= 1) {
        coresSaturated = true;
        rate = model.cores! / cap.cpuDemandSeconds;
      }
    }
    through[stage.index] = rate;
    completions[stage.index] = Math.max(0, Math.min(entered, served, rate * stage.visits));
  }
  return { reach, through, completions, refused, refusedAt, exactReach, saturated, load, coresLoad, coresSaturated, coresExact, estimated: [...estimated] };
}

/**
 * Thread-seconds a pool is asked per request reaching `first`, its first stage on the path: Σ v·S over its
 * stages, each weighted by the share of those requests that reach it (`reach`, an uncapped walk). undefined
 * when nothing reaches it (then D_p, per request offered).
 */
function askedSeconds(model: Model, first: Stage, reach: Float64Array | null): number | undefined {
  const at = reach?.[first.index];
  if (reach === null || at === undefined || !(at > 0)) return undefined;
  let demand = 0;
  for (const stage of model.stages) if (stage.pool === first.pool) demand += (Math.min(at, reach[stage.index]!) / at) * stage.visits * stage.service.meanSeconds;
  return demand;
}

/**
 * Requests per second that reach each stage, and that get through it, at an open rate (see walk; `estimate`
 * for the refusals the model cannot know exactly).
 */
export function carriedRates(
  model: Model,
  ratePerSecond: number,
  estimate?: RefusalEstimate,
): {
  readonly reach: Float64Array;
  readonly through: Float64Array;
  readonly completions: Float64Array;
  readonly refused: number;
  readonly refusedAt: Float64Array;
} {
  const { reach, through, completions, refused, refusedAt } = walk(model, ratePerSecond, estimate);
  return { reach, through, completions, refused, refusedAt };
}

/** The pools a walk finds growing without bound, each with whether the rate reaching it is exact and its load. */
function overloadedIn(model: Model, w: Walk): { pool: string; exact: boolean; load: number }[] {
  const out: { pool: string; exact: boolean; load: number }[] = [];
  for (const p of model.pools) {
    if (p.threads === Infinity || p.queueCapacity !== Infinity) continue;
    // Exact when every stage of the pool is reached at an exact rate (a pool met again after an unknown refusal
    // is asked an estimated load).
    const exact = model.stages.every((s) => s.pool !== p.name || w.exactReach[s.index] === 1);
    if (w.saturated.has(p.name)) out.push({ pool: p.name, exact, load: w.load.get(p.name)! });
    else if (w.coresSaturated && model.stages.some((s) => s.pool === p.name && isCpuStage(model, s))) out.push({ pool: p.name, exact: w.coresExact, load: w.coresLoad });
  }
  return out;
}

export interface Stability {
  /** Pools whose queues grow without bound (see overloadedPools). Empty = stable. */
  readonly overloaded: string[];
  /**
   * Finite-queue pools whose refusals, not known exactly, decide the answer: without an estimate of them the
   * answer is a conservative "overloaded" that may be wrong, with one it holds as far as the estimate does.
   * Empty when the answer is certain.
   */
  readonly decidedBy: string[];
}

/**
 * The margin past capacity, after refusals estimated by an approximation, at which analysis answers "overloaded"
 * without confirming it by simulation (an error of about 0.1 in a refused share would be needed to change it).
 */
const CLEAR_OVERLOAD = 0.1;

/** Every request a finite queue could refuse: all that visit it (v ≤ 1), or all that reach it. */
const mostRefused: RefusalEstimate = (stage) => Math.min(1, stage.visits);

/**
 * Pools whose queues grow without bound at an open rate: an unbounded pool offered at least its threads at the
 * rate that reaches it (after refusals upstream and upstream saturated resources: see walk), and, when the
 * CPU-bound work reaches the cores, every unbounded pool running CPU-bound stages.
 *
 * The answer is certain when the overloads are met at exact rates, or when some pool is overloaded even if every
 * refusal not known exactly took all it could (the rates are then lower bounds: those pools are the answer).
 * Otherwise unknown refusals decide it: without an estimate the answer is the conservative "overloaded" and
 * `decidedBy` names the pools whose refusals could change it (simulation then runs and decides again with the
 * refusals it measured); with one (analysis: its own blocking) it is the estimate's answer, which analysis
 * confirms by that simulation unless a pool stays overloaded by CLEAR_OVERLOAD after the estimated refusals
 * (then `decidedBy` is empty). Analysis and simulation decide with this one rule; only the estimate differs.
 */
export function stability(model: Model, ratePerSecond: number, estimate?: RefusalEstimate): Stability {
  // A queue that impatience bounds is never overloaded, whatever it is offered (SPEC §5: stable keeps its §3
  // meaning); it still passes no more than its capacity to what follows (the walk).
  const growing = (w: Walk) => overloadedIn(model, w).filter((o) => !impatienceBounds(model, o.pool));
  const bound = walk(model, ratePerSecond);
  const upper = growing(bound);
  if (upper.every((o) => o.exact)) return { overloaded: upper.map((o) => o.pool), decidedBy: [] };
  const floor = growing(walk(model, ratePerSecond, mostRefused)).map((o) => o.pool);
  if (floor.length > 0) return { overloaded: floor, decidedBy: [] };
  const decidedBy = [...bound.estimated];
  if (!estimate) return { overloaded: upper.map((o) => o.pool), decidedBy };
  const estimated = growing(walk(model, ratePerSecond, estimate));
  // Overloaded by a clear margin after the estimated refusals: an error in them (a share of the requests, so a
  // drop rate off by 60 % at 1.4 % refused moves the rate 0.8 %) would have to exceed it to change the answer.
  const clear = estimated.some((o) => o.load >= 1 + CLEAR_OVERLOAD);
  return { overloaded: estimated.map((o) => o.pool), decidedBy: clear ? [] : decidedBy };
}

/**
 * Impatience bounds a pool's queue whatever the load (SPEC §5): every waiting request leaves after its
 * patience, or when its client times out and the request is cancelled while queued (`cancel: queued`), or —
 * at a pool whose every run of stages starts with a `queueTimeout` — after that timeout. Such a queue holds at
 * most the arrivals of one patience (M/M/c+G is stable at any load: Baccelli & Hébuterne 1981), with retries
 * on top too: they multiply the arrival rate by at most `attempts`.
 */
export function impatienceBounds(model: Model, pool: string): boolean {
  const o = model.overload;
  if (o === undefined) return false;
  if (o.patience !== null || (o.timeoutSeconds < Infinity && o.cancel === 'queued')) return true;
  const heads = model.segments.filter((g) => g.pool === pool).map((g) => model.stages[g.stageIndices[0]!]!);
  return heads.length > 0 && heads.every((stage) => stage.queueTimeoutSeconds !== undefined);
}

/**
 * What an open model whose queues grow without bound completes, and the resource that binds it (the unstable
 * answer, SPEC §3; unstable-result.ts), at `ratePerSecond` offered with `overloaded` the growing pools.
 *
 * A model that loses no request (no finite queue, no impatience) completes X_max at the bottleneck, as §3
 * says. One that does loses requests at full queues or to impatience on the way, and the smallest capacity may
 * belong to a pool most requests skip and that refuses what it cannot take (visits 0.3 on a loss pool of
 * 667/s ahead of a pool of 740/s: 740/s complete, not 667): the throughput is then the rate the walk carries
 * out of the last stage (capped at each saturated resource, less the refusals known exactly — an upper bound
 * where some are not), and the bottleneck the overloaded resource of smallest capacity — a growing pool, or the
 * cores when the CPU-bound work reaching them asks for all of them.
 */
export function overloadOutcome(model: Model, ratePerSecond: number, overloaded: readonly string[]): { throughput: number | null; bottleneck: string | null } {
  const cap = capacity(model);
  const w = walk(model, ratePerSecond);
  const candidates: { name: string; x: number }[] = [];
  model.pools.forEach((pool, i) => {
    if (overloaded.includes(pool.name) && w.saturated.has(pool.name)) candidates.push({ name: pool.name, x: pool.threads / cap.demandSeconds[i]! });
  });
  if (w.coresSaturated && cap.cpuDemandSeconds > 0) candidates.push({ name: CORES_BOTTLENECK, x: model.cores! / cap.cpuDemandSeconds });
  const binding = candidates.reduce<{ name: string; x: number } | null>((best, c) => (best === null || c.x < best.x ? c : best), null);
  const loses = model.pools.some((p) => p.threads !== Infinity && (p.queueCapacity !== Infinity || impatienceBounds(model, p.name)));
  if (!loses || binding === null) return { throughput: cap.maxThroughput, bottleneck: cap.bottleneck };
  const last = model.stages.at(-1)!;
  return { throughput: Math.min(ratePerSecond, w.through[last.index]!), bottleneck: binding.name };
}

/** The overloaded pools of `stability` (empty = stable). */
export function overloadedPools(model: Model, ratePerSecond: number, estimate?: RefusalEstimate): string[] {
  return stability(model, ratePerSecond, estimate).overloaded;
}

/** The note of an answer that rests on estimated refusals (Stability.decidedBy), in both paths' words. */
export function stabilityByEstimateNote(decidedBy: readonly string[], overloaded: readonly string[], how: 'approximate' | 'measured'): string {
  const verdict =
    overloaded.length > 0
      ? `after them the load still reaches the capacity of ${overloaded.join(', ')}`
      : 'after them every pool is below capacity, though the offered rate alone would overload one';
  return `stability decided by the ${how} refusals at ${decidedBy.join(', ')} (not exactly known for this flow): ${verdict}`;
}
