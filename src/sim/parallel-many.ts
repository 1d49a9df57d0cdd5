/**
 * Many independent simulations (the points of a sweep, a chart's loads) spread over worker threads, one whole
 * simulation per job: short runs that would not pay for splitting their replications still keep every core
 * busy. Results come back in job order and equal what simulate() gives on this thread (same code, same seeds).
 *
 * Runs on the calling thread instead, one job after another through simulateAsync, when there is one core or
 * one job, when the jobs are too short to pay for workers, or when running from source (a worker would compile
 * the simulator through tsx first).
 */
import type { Model } from '../model/types.ts';
import { availableThreads, COMPILED, workerExecArgv } from './parallel.ts';
import { cloneableModel } from './parallel-protocol.ts';
import { simulateAsync } from './simulate.ts';
import type { SimResult, SimulateOptions } from './types.ts';

/** The data part of SimulateOptions: what can cross to a worker. */
export type SimSettings = Pick<SimulateOptions, 'requests' | 'replications' | 'seed' | 'warmup' | 'engine' | 'precision'>;

export interface SimulationJob {
  readonly model: Model;
  readonly options: SimSettings;
}

export interface SimulationMessage {
  readonly id: number;
  readonly model: Model;
  readonly options: SimSettings;
}

export interface ManyOptions {
  /**
   * Worker threads; 1 runs every job on this thread. Default: os.availableParallelism() when the jobs have
   * 2M requests or more in all, else this thread; a number forces that many.
   */
  readonly threads?: number;
  /** Aborting stops at once: running workers are terminated, a running in-thread job stops at its next poll. */
  readonly signal?: AbortSignal;
  /** After each finished job: how many are done (in any order) out of how many. */
  readonly onDone?: (done: number, total: number) => void;
  /**
   * Where each job's replications run instead of this machine's threads (e.g. jobs on Redis): every job
   * starts at once and its replications go out through the runner; results still come back in job order.
   */
  readonly runnerFor?: (job: number) => NonNullable<SimulateOptions['replicationRunner']>;
}

export interface ManyResult {
  /** Results of the leading jobs that finished, in job order: all of them unless aborted. */
  readonly results: SimResult[];
  readonly aborted: boolean;
}

const settingsOf = (options: SimSettings): SimSettings => ({
  requests: options.requests,
  replications: options.replications,
  seed: options.seed,
  warmup: options.warmup,
  engine: options.engine,
  precision: options.precision,
});

/**
 * Below this many simulated requests in all, the jobs run on this thread: a worker costs ~70 ms of CPU to
 * start and compiles the engine's hot loop again (the calling thread already has it compiled), which short
 * jobs do not repay (measured: 8 sweep points of 3 × 20k requests took 1.6× the CPU on two workers).
 */
const MANY_MIN_REQUESTS = 2_000_000;

function requestsOf(jobs: readonly SimulationJob[]): number {
  return jobs.reduce((sum, { options: o }) => {
    const requests = o.requests ?? 100_000;
    const warmup = typeof o.warmup === 'number' ? o.warmup : requests / 10;
    return sum + (requests + warmup) * (o.replications ?? 5);
  }, 0);
}

export async function simulateMany(jobs: readonly SimulationJob[], options: ManyOptions = {}): Promise<ManyResult> {
  if (options.runnerFor) return elsewhere(jobs, options, options.runnerFor);
  const threads = Math.min(options.threads ?? (await availableThreads()), jobs.length);
  const worthIt = options.threads !== undefined || requestsOf(jobs) >= MANY_MIN_REQUESTS;
  if (threads <= 1 || !worthIt || !COMPILED || 'Deno' in globalThis) return inThread(jobs, options);
  const { Worker } = await import('node:worker_threads');
  const url = new URL('./simulation-worker.js', import.meta.url);
  const results = new Map<number, SimResult>();
  const queue = jobs.map((_, id) => id);
  const workers: InstanceType<typeof Worker>[] = [];
  let aborted = false;
  await new Promise<void>((resolve, reject) => {
    let running = 0;
    const onAbort = () => {
      aborted = true;
      for (const w of workers) void w.terminate();
      resolve();
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(url, { execArgv: workerExecArgv() });
      workers.push(worker);
      running++;
      const feed = () => {
        const id = queue.shift();
        if (id === undefined) {
          void worker.terminate();
          if (--running === 0) {
            options.signal?.removeEventListener('abort', onAbort);
            resolve();
          }
          return;
        }
        const message: SimulationMessage = { id, model: cloneableModel(jobs[id]!.model), options: settingsOf(jobs[id]!.options) };
        worker.postMessage(message);
      };
      worker.on('message', (message: { id: number; result: SimResult }) => {
        results.set(message.id, message.result);
        options.onDone?.(results.size, jobs.length);
        feed();
      });
      worker.on('error', (error) => {
        options.signal?.removeEventListener('abort', onAbort);
        for (const w of workers) void w.terminate();
        reject(error);
      });
      feed();
    }
  });
  const ordered: SimResult[] = [];
  for (let id = 0; id < jobs.length && results.has(id); id++) ordered.push(results.get(id)!);
  return { results: ordered, aborted };
}

async function elsewhere(
  jobs: readonly SimulationJob[],
  options: ManyOptions,
  runnerFor: NonNullable<ManyOptions['runnerFor']>,
): Promise<ManyResult> {
  let done = 0;
  const results = await Promise.all(
    jobs.map(async (job, i) => {
      const result = await simulateAsync(job.model, { ...settingsOf(job.options), signal: options.signal, replicationRunner: runnerFor(i) });
      options.onDone?.(++done, jobs.length);
      return result;
    }),
  );
  return options.signal?.aborted ? { results: [], aborted: true } : { results, aborted: false };
}

async function inThread(jobs: readonly SimulationJob[], options: ManyOptions): Promise<ManyResult> {
  const results: SimResult[] = [];
  for (const job of jobs) {
    if (options.signal?.aborted) return { results, aborted: true };
    const result = await simulateAsync(job.model, { ...settingsOf(job.options), signal: options.signal });
    if (options.signal?.aborted) return { results, aborted: true };
    results.push(result);
    options.onDone?.(results.length, jobs.length);
  }
  return { results, aborted: false };
}
