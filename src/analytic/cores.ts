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
import type { Model, Stage } from '../model/types.ts';
import { mmck } from './mmc.ts';

export interface CpuSlowdown {
  /** Multiplier on CPU-bound service times (≥ 1). */
  readonly factor: number;
  /** The offered work reaches the cores: no steady state. */
  readonly saturated: boolean;
}

/** Threads that can compete for the cores. */
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
  for (const stage of model.stages) if (isCpu(model, stage)) demand += stage.visits * stage.service.meanSeconds;
  return demand;
}

function isCpu(model: Model, stage: Stage): boolean {
  if (!stage.cpuBound) return false;
  const pool = model.pools.find((p) => p.name === stage.pool);
  return pool !== undefined && pool.threads !== Infinity;
}

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
    isCpu(model, stage)
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

/** Open workload: one pass (the work offered to the CPU does not depend on the slowdown). */
export function applyCoresOpen(model: Model, ratePerSecond: number): { model: Model; note?: string } {
  if (model.cores === undefined) return { model };
  const threads = cpuThreads(model);
  if (threads <= model.cores) return { model };
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
