/**
 * `cores`: CPU-bound threads share k cores. When more CPU-bound threads exist than cores, a busy thread is
 * sometimes runnable but not running, so its stage takes longer than its service time.
 *
 * Model: the CPU is a k-core processor-sharing station. It receives a = Σ λ·v·S core-seconds of work per
 * second from the CPU-bound stages and holds at most T jobs at once, T = the threads of the pools that run
 * CPU-bound stages. Under processor sharing the number of jobs is insensitive to the work distribution
 * (BCMP 1975), so it is the birth–death chain of M/M/k/T. Work that finds T jobs is not lost but waits in a
 * pool queue, so the CPU's offered work a′ solves the fixed point a′·(1 − B(a′)) = a (B = M/M/k/T blocking;
 * a′ ↑ a as B ↓ 0). By Little's law one core-second of work then occupies a thread for σ = E[N]/a seconds,
 * and every CPU-bound service time is multiplied by σ before the pools are solved. Closed workloads wrap
 * this in a second fixed point, σ ↔ throughput X (bisection on σ).
 */
import { makeServiceDist } from '../model/distribution.ts';
import type { Model } from '../model/types.ts';
import { cpuDemandPerRequest, cpuThreads, isCpuStage } from '../model/capacity.ts';
import { mmck } from './mmc.ts';

export interface CpuSlowdown {
  /** Multiplier on CPU-bound service times (≥ 1). */
  readonly factor: number;
  /** The offered work reaches the cores: no steady state. */
  readonly saturated: boolean;
}

export { cpuThreads, cpuDemandPerRequest } from '../model/capacity.ts';

/** σ for k cores, T competing threads and a core-seconds per second of work. */
export function cpuSlowdown(cores: number, threads: number, work: number): CpuSlowdown {
  if (threads <= cores || work <= 0) return { factor: 1, saturated: false };
  if (work >= cores) return { factor: threads / cores, saturated: true };
  const places = threads - cores;
  const carried = (offered: number) => mmck(offered, 1, cores, places).throughput;
  // Carried work rises with offered work towards k; bracket, then bisect.
  let lo = work;
  let hi = work;
  while (carried(hi) < work) {
    lo = hi;
    hi *= 2;
    if (hi > 1e12 * cores) return { factor: threads / cores, saturated: true };
  }
  for (let i = 0; i < 100 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (carried(mid) < work) lo = mid;
    else hi = mid;
  }
  const solved = mmck(hi, 1, cores, places);
  return { factor: Math.max(1, solved.meanInSystem / work), saturated: false };
}

/** The model with every CPU-bound service time multiplied by `factor`. */
export function scaleCpuService(model: Model, factor: number): Model {
  if (factor === 1) return model;
  const stages = model.stages.map((stage) =>
    isCpuStage(model, stage)
      ? { ...stage, service: makeServiceDist(stage.service.name, stage.service.meanSeconds * factor, stage.service.scv) }
      : stage,
  );
  return { ...model, stages };
}

export function coresNote(cores: number, threads: number, work: number, slowdown: CpuSlowdown): string {
  const head = `cores: ${threads} CPU-bound threads share ${cores} cores; the CPU is a ${cores}-core processor-sharing station with at most ${threads} jobs (M/M/k/T, insensitive under PS; BCMP 1975), offered work found by the fixed point a′(1 − B) = ${round(work)} core-s/s`;
  return slowdown.saturated
    ? `${head}: the work reaches the core count, CPU-bound service times × ${round(slowdown.factor)} (every thread sharing the cores) and the model saturates`
    : `${head}: CPU-bound service times × ${round(slowdown.factor)} (Little: E[N]/a)`;
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}

/** A pool solved exactly as one birth–death chain over threads and cores (see exactCoresPool). */
export interface ExactCoresPool {
  readonly name: string;
  /** The pool's own threads T (the chain serves at min(n, k)·µ, so the solver sees k servers). */
  readonly threads: number;
  readonly cores: number;
  readonly queueCapacity: number;
}

/**
 * Threads on cores as one birth–death chain: when one pool alone runs CPU-bound work, all of it CPU-bound,
 * exponential, one run of stages, shared dispatch, with T > k threads, then in state n (requests in the pool) the
 * min(n, T) busy threads share k cores by processor sharing and complete at min(n, T, k)·µ = min(n, k)·µ. That is
 * the chain of M/M/k with T + Q places (Q the waiting room), exact for the number in the pool and so, by Little,
 * for the mean response. The pool is then solved as k servers with T − k + Q waiting places; the FCFS wait
 * shape this gives the percentiles is an approximation (threads share cores, they do not queue for them).
 */
export function exactCoresPool(model: Model): ExactCoresPool | null {
  const cores = model.cores;
  if (cores === undefined) return null;
  const cpuPools = model.pools.filter((p) => p.threads !== Infinity && model.stages.some((s) => s.pool === p.name && s.cpuBound));
  if (cpuPools.length !== 1) return null;
  const pool = cpuPools[0]!;
  if (pool.threads <= cores || (pool.dispatch === 'per-thread' && pool.threads > 1)) return null;
  const segments = model.segments.filter((g) => g.pool === pool.name);
  if (segments.length !== 1 || segments[0]!.stageIndices.length !== 1) return null;
  const stage = model.stages[segments[0]!.stageIndices[0]!]!;
  if (!stage.cpuBound || stage.distribution !== 'exponential' || stage.visits > 1) return null;
  return { name: pool.name, threads: pool.threads, cores, queueCapacity: pool.queueCapacity };
}

/** The model whose exact-cores pool has k servers and T − k + Q waiting places (the same chain). */
export function asCoreServers(model: Model, exact: ExactCoresPool): Model {
  const pools = model.pools.map((p) =>
    p.name === exact.name ? { ...p, threads: exact.cores, queueCapacity: p.queueCapacity + exact.threads - exact.cores } : p,
  );
  return { ...model, pools };
}

/** E[min(N, T)]: busy threads of the M/M/k chain with T + Q places (ρ = λS/k; T > k). */
export function busyThreads(arrivalRate: number, meanService: number, exact: ExactCoresPool): number {
  const k = exact.cores;
  const a = arrivalRate * meanService;
  const rho = a / k;
  const last = exact.threads + exact.queueCapacity;
  if (last === Infinity && rho >= 1) return exact.threads;
  // Unnormalised p_n relative to p_0 = 1, in log space is unnecessary for n ≤ T (ρ < 1 or a finite chain of
  // moderate length); the geometric tail past T is summed in closed form when the queue is unbounded.
  let term = 1;
  let mass = 1;
  let busy = 0;
  for (let n = 1; n <= Math.min(exact.threads, last); n++) {
    term *= a / Math.min(n, k);
    mass += term;
    busy += n * term;
  }
  // States above T: T busy threads.
  let tail = 0;
  if (last === Infinity) tail = (term * rho) / (1 - rho);
  else for (let n = exact.threads + 1, t = term; n <= last; n++) tail += t *= rho;
  mass += tail;
  busy += exact.threads * tail;
  return busy / mass;
}

export function exactCoresNote(exact: ExactCoresPool): string {
  return `cores: ${exact.name}'s ${exact.threads} threads are the only CPU-bound ones and share ${exact.cores} cores: one birth–death chain with completion rate min(n, ${exact.cores})·µ (M/M/${exact.cores} with ${exact.threads}${exact.queueCapacity === Infinity ? '' : ` + ${exact.queueCapacity}`} places), exact for the mean; its wait counts waiting for a core as well as for a thread; percentiles take the FCFS wait shape (approximate)`;
}

/** Open workload: one pass (the work offered to the CPU does not depend on the slowdown). */
export function applyCoresOpen(model: Model, ratePerSecond: number): { model: Model; note?: string; exact?: ExactCoresPool } {
  if (model.cores === undefined) return { model };
  const threads = cpuThreads(model);
  if (threads <= model.cores) return { model };
  const exact = exactCoresPool(model);
  if (exact) return { model: asCoreServers(model, exact), note: exactCoresNote(exact), exact };
  const work = ratePerSecond * cpuDemandPerRequest(model);
  const slowdown = cpuSlowdown(model.cores, threads, work);
  return { model: scaleCpuService(model, slowdown.factor), note: coresNote(model.cores, threads, work, slowdown) };
}

/**
 * Closed workload: σ and the throughput X depend on each other. X(σ) falls as σ grows, so σ ↦ σ(X(σ)·D) − σ is
 * decreasing, ≥ 0 at σ = 1 and ≤ 0 at σ = T/k (a job always gets at least k/T of a core): bisection finds the
 * one fixed point.
 */
export function applyCoresClosed(model: Model, throughputOf: (m: Model) => number): { model: Model; note?: string } {
  if (model.cores === undefined) return { model };
  const cores = model.cores;
  const threads = cpuThreads(model);
  if (threads <= cores) return { model };
  const demand = cpuDemandPerRequest(model);
  const implied = (factor: number) => {
    const work = throughputOf(scaleCpuService(model, factor)) * demand;
    // More work than the cores can do means σ is still too small: the threads are being credited with cores
    // they do not have.
    if (work >= cores) return { work, slowdown: { factor: Infinity, saturated: true } };
    return { work, slowdown: cpuSlowdown(cores, threads, work) };
  };
  let lo = 1;
  let hi = threads / cores;
  let at = implied(lo);
  if (at.slowdown.factor > lo) {
    for (let i = 0; i < 60 && hi - lo > 1e-9 * hi; i++) {
      const mid = 0.5 * (lo + hi);
      at = implied(mid);
      if (at.slowdown.factor > mid) lo = mid;
      else hi = mid;
    }
  } else hi = lo;
  const factor = hi;
  return { model: scaleCpuService(model, factor), note: coresNote(cores, threads, at.work, { factor, saturated: false }) };
}
