/**
 * Independent replications on worker threads (simulateAsync only: simulate() stays synchronous for library
 * callers). Replication k always runs on RNG stream k, whichever thread runs it, and the tallies are returned
 * in replication order, so the merged result is the same JSON as a sequential run with the same seed.
 *
 * Node modules are imported lazily so the simulator itself still loads where worker_threads does not exist.
 */
import type { Model } from '../model/types.ts';
import { cloneableModel, reviveTally, type WorkerSetup } from './parallel-protocol.ts';
import type { Tally } from './tally.ts';
import type { EngineName } from './types.ts';

/**
 * Compiled (dist/: the CLI and `import 'reqpath'`), a worker loads plain JavaScript; from source (tests, tsx
 * scripts) it compiles the simulator through tsx first. The threshold for starting workers depends on which.
 */
export const COMPILED = !import.meta.url.endsWith('.ts');

/**
 * The parent's Node options minus the ones about its own entry (`node --input-type=module -e …`): a worker
 * inherits execArgv, and Node refuses --input-type for a worker started from a file.
 */
export function workerExecArgv(): string[] {
  const args = globalThis.process?.execArgv ?? [];
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (/^--input-type=/.test(arg)) continue;
    if (['--input-type', '-e', '--eval', '-p', '--print'].includes(arg)) {
      i++;
      continue;
    }
    kept.push(arg);
  }
  return kept;
}

/** Spare threads worth using: availableParallelism(), or 1 where there is no os module. */
export async function availableThreads(): Promise<number> {
  try {
    const os = await import('node:os');
    return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  } catch {
    return 1;
  }
}

/**
 * Workers for `replications` equal jobs on `cores` cores. As many as cores when they divide evenly; otherwise
 * one per replication (up to 4 per core), so the operating system shares the cores among all of them and
 * the run ends after replications / cores replication-times instead of ceil(replications / cores): 5 on 2
 * cores take 2.5 instead of 3. Memory grows by one simulator (a few MB) per worker.
 */
export function balancedWorkers(cores: number, replications: number): number {
  if (cores <= 1 || replications <= 1) return 1;
  if (replications % cores === 0) return cores;
  return Math.min(replications, 4 * cores);
}

/** A run's replications to be run elsewhere (worker threads, or jobs on a queue). */
export type ReplicationBatch = ParallelJob;

export interface ParallelJob {
  readonly model: Model;
  readonly engine: EngineName;
  readonly seed: number;
  readonly requests: number;
  readonly warmup: number;
  /** Replication numbers (RNG streams) to run. */
  readonly replications: readonly number[];
  readonly threads: number;
  readonly signal?: AbortSignal;
  /** After each finished replication: how many are done and their events in all. */
  readonly onDone?: (done: number, events: number) => void;
}

/**
 * Runs the replications on up to `threads` workers. Returns the tallies of the leading replications that
 * finished, in order: all of them unless the signal aborted the run (then the workers are terminated and
 * any replication after the first unfinished one is dropped, as in a sequential run).
 */
export async function runParallel(job: ParallelJob): Promise<{ tallies: Tally[]; aborted: boolean }> {
  const { Worker } = await import('node:worker_threads');
  // Compiled, the worker is a file beside whichever chunk holds this code (dist/ is flat); from source (tests,
  // tsx scripts, Deno) it is the .ts file beside this one.
  const url = new URL(COMPILED ? './replication-worker.js' : './replication-worker.ts', import.meta.url);
  const setup: WorkerSetup = { model: cloneableModel(job.model), engine: job.engine, seed: job.seed, requests: job.requests, warmup: job.warmup };
  const entry = url.pathname.endsWith('.ts') && !('Deno' in globalThis) ? await typeScriptBootstrap(url) : url;
  const results = new Map<number, Tally>();
  const queue = [...job.replications];
  const workers: InstanceType<typeof Worker>[] = [];
  let aborted = false;
  let events = 0;
  await new Promise<void>((resolve, reject) => {
    let running = 0;
    const stopAll = () => {
      for (const w of workers) void w.terminate();
      resolve();
    };
    const onAbort = () => {
      aborted = true;
      stopAll();
    };
    if (job.signal?.aborted) return onAbort();
    job.signal?.addEventListener('abort', onAbort, { once: true });
    const count = Math.max(1, Math.min(job.threads, queue.length));
    for (let i = 0; i < count; i++) {
      const worker =
        typeof entry === 'string'
          ? new Worker(entry, { eval: true, workerData: setup, execArgv: workerExecArgv() })
          : new Worker(entry, { workerData: setup, execArgv: workerExecArgv() });
      workers.push(worker);
      running++;
      const feed = () => {
        const k = queue.shift();
        if (k === undefined) {
          void worker.terminate();
          if (--running === 0) {
            job.signal?.removeEventListener('abort', onAbort);
            resolve();
          }
        } else worker.postMessage(k);
      };
      worker.on('message', (message: { k: number; tally: Tally }) => {
        results.set(message.k, reviveTally(message.tally));
        events += message.tally.events;
        job.onDone?.(results.size, events);
        feed();
      });
      worker.on('error', (error) => {
        job.signal?.removeEventListener('abort', onAbort);
        for (const w of workers) void w.terminate();
        reject(error);
      });
      feed();
    }
  });
  const tallies: Tally[] = [];
  for (const k of job.replications) {
    const t = results.get(k);
    if (t === undefined) break;
    tallies.push(t);
  }
  return { tallies, aborted };
}

/**
 * Node 20 cannot run .ts by itself, and a worker started with `--import tsx` in its execArgv still refuses
 * the .ts entry (the loader hooks arrive too late): the worker instead runs a small script that registers
 * tsx's loader in its own thread and then imports the entry.
 */
async function typeScriptBootstrap(entry: URL): Promise<string> {
  const { createRequire } = await import('node:module');
  const { pathToFileURL } = await import('node:url');
  // The ESM build of tsx/esm/api (require.resolve would give the CJS build, which cannot be import()ed).
  const require = createRequire(import.meta.url);
  const manifest = pathToFileURL(require.resolve('tsx/package.json'));
  const exported = (require('tsx/package.json') as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!;
  const api = new URL(exported.import.default, manifest).href;
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
}
