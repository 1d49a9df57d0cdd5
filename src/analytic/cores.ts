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
 * this in a second fixed point, σ ↔ throughput X (damped iteration).
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

/** Closed workload: σ and the throughput X depend on each other; damped fixed-point iteration. */
export function applyCoresClosed(model: Model, throughputOf: (m: Model) => number): { model: Model; note?: string } {
  if (model.cores === undefined) return { model };
  const threads = cpuThreads(model);
  if (threads <= model.cores) return { model };
  const demand = cpuDemandPerRequest(model);
  let factor = 1;
  let slowdown: CpuSlowdown = { factor: 1, saturated: false };
  let work = 0;
  for (let i = 0; i < 60; i++) {
    // X(σ) falls as σ grows; at the fixed point work = X(σ)·demand < cores unless the cores saturate.
    work = Math.min(throughputOf(scaleCpuService(model, factor)) * demand, model.cores * (1 - 1e-9));
    slowdown = cpuSlowdown(model.cores, threads, work);
    const next = 0.5 * (factor + slowdown.factor);
    if (Math.abs(next - factor) < 1e-9 * factor) {
      factor = next;
      break;
    }
    factor = next;
  }
  return { model: scaleCpuService(model, factor), note: coresNote(model.cores, threads, work, { factor, saturated: false }) };
}
