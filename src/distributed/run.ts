/**
 * The client side of a distributed run: a simulation's replications (of one point or of many) become jobs
 * on the queue, workers anywhere run them, and the tallies come back to be merged here in replication order,
 * exactly as a local run merges them, so the JSON is the same byte for byte (wall-clock fields aside).
 *
 *   simulateAsync(point k) ──replications──▶ jobs runId.k.r (idempotent ids) ──▶ Redis ──▶ workers
 *        ◀── tallies in replication order ◀── completed events / stored results ◀──┘
 *
 * A job's result stays in Redis for a day, so `--resume RUN` re-adds the same ids (a no-op for jobs that
 * exist) and collects finished results without redoing them. A lost Redis fails the run within
 * `lostAfterSeconds` with the run id to resume, never a hang. Aborting removes the run's waiting jobs.
 */
import { randomBytes } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { ParallelJob } from '../sim/parallel.ts';
import type { Tally } from '../sim/tally.ts';
import { decodeTally, encodeModel, jobId, type ReplicationJob } from './job.ts';
import { connectionFor, QUEUE_NAME, redactRedisUrl } from './redis.ts';

export interface RedisRunOptions {
  readonly url: string;
  /** The reqpath version, checked by every worker against its own. */
  readonly version: string;
  /** Resume this run: finished jobs are not run again. Default: a new random id. */
  readonly runId?: string;
  /** Give up when Redis stays unreachable this long (default 5 s). */
  readonly lostAfterSeconds?: number;
  /** After each finished job of the run, how many are done out of how many were added. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** The run failed for a reason outside reqpath's figures: Redis lost, a job refused by a worker. */
export class DistributedRunError extends Error {
  override name = 'DistributedRunError';
}

type Waiter = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class RedisRun {
  readonly runId: string;
  private readonly waiters = new Map<string, Waiter>();
  private added = 0;
  private finished = 0;
  private lost: DistributedRunError | null = null;
  private lostTimer: ReturnType<typeof setTimeout> | null = null;

  private constructor(
    private readonly options: RedisRunOptions,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {
    this.runId = options.runId ?? randomBytes(6).toString('hex');
  }

  static async open(options: RedisRunOptions): Promise<RedisRun> {
    const queue = new Queue(QUEUE_NAME, { connection: connectionFor(options.url, 'client') });
    const events = new QueueEvents(QUEUE_NAME, { connection: connectionFor(options.url, 'client') });
    // Until the connection is up its errors are the timeout's to report: with no listener bullmq prints the
    // stack of every reconnection attempt.
    for (const side of [queue, events] as unknown as { on(event: string, listener: () => void): void }[]) side.on('error', () => undefined);
    const run = new RedisRun(options, queue, events);
    const where = redactRedisUrl(options.url);
    const deadline = (options.lostAfterSeconds ?? 5) * 1000;
    try {
      await withTimeout(Promise.all([queue.waitUntilReady(), events.waitUntilReady()]), deadline, `cannot reach Redis at ${where}`);
    } catch (error) {
      await run.close().catch(() => undefined);
      throw error instanceof DistributedRunError ? error : new DistributedRunError(`cannot reach Redis at ${where}: ${(error as Error).message}`);
    }
    // Both emit 'ioredis:close' and 'error' when their connection drops (bullmq's QueueBase).
    for (const side of [queue, events] as unknown as { on(event: string, listener: () => void): void }[]) {
      side.on('ioredis:close', () => run.connectionDown(where, deadline));
      side.on('error', () => run.connectionDown(where, deadline));
    }
    events.on('completed', ({ jobId: id, returnvalue }) => run.settle(id, null, returnvalue));
    events.on('failed', ({ jobId: id, failedReason }) => run.settle(id, failedReason ?? 'failed', null));
    return run;
  }

  /** A dropped connection: if Redis does not answer a probe after the deadline, the run fails. */
  private connectionDown(where: string, deadline: number): void {
    if (this.lostTimer !== null || this.lost !== null) return;
    this.lostTimer = setTimeout(() => {
      void withTimeout(this.queue.getJobCounts('waiting'), 2000, 'probe').then(
        () => {
          this.lostTimer = null;
        },
        () => {
          this.lost = new DistributedRunError(
            `lost the connection to Redis at ${where}; finished jobs are kept there: resume with --resume ${this.runId}`,
          );
          for (const waiter of this.waiters.values()) waiter.reject(this.lost);
          this.waiters.clear();
        },
      );
    }, deadline);
  }

  private settle(id: string, failure: string | null, value: unknown): void {
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    this.finished++;
    this.options.onProgress?.(this.finished, this.added);
    if (failure !== null) waiter.reject(new DistributedRunError(`job ${id} failed on a worker: ${failure}`));
    else waiter.resolve(typeof value === 'string' ? JSON.parse(value) : value);
  }

  /** Resolves with the job's stored result: now if it already finished (a resumed run), else when it does. */
  private result(id: string): Promise<unknown> {
    if (this.lost) return Promise.reject(this.lost);
    const settled = new Promise<unknown>((resolve, reject) => this.waiters.set(id, { resolve, reject }));
    void Job.fromId(this.queue, id).then(async (job) => {
      if (!job) return;
      const state = await job.getState();
      if (state === 'completed') this.settle(id, null, job.returnvalue);
      else if (state === 'failed') this.settle(id, job.failedReason, null);
    }, () => undefined);
    return settled;
  }

  /**
   * A replication runner for simulateAsync: the point's replications as jobs, their tallies in replication
   * order. On abort the run's waiting jobs are removed and the finished leading replications returned.
   */
  runner(point: number): (job: ParallelJob) => Promise<{ tallies: Tally[]; aborted: boolean }> {
    return async (job) => {
      const model = encodeModel(job.model);
      const ids = job.replications.map((r) => jobId(this.runId, point, r));
      const data = job.replications.map(
        (replication): ReplicationJob => ({
          version: this.options.version,
          runId: this.runId,
          point,
          replication,
          engine: job.engine,
          seed: job.seed,
          requests: job.requests,
          warmup: job.warmup,
          model,
        }),
      );
      const results = ids.map((id) => this.result(id));
      // Awaited one by one below; a loss rejects them all at once, and only the first is awaited.
      for (const pending of results) pending.catch(() => undefined);
      this.added += ids.length;
      await this.queue.addBulk(
        data.map((d, i) => ({
          name: 'replication',
          data: d,
          opts: { jobId: ids[i]!, attempts: 1, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 24 * 3600 } },
        })),
      );
      const stages = job.model.stages.length;
      const segments = job.model.segments.length;
      const tallies: Tally[] = [];
      const aborted = new Promise<'aborted'>((resolve) => {
        if (job.signal?.aborted) resolve('aborted');
        job.signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
      });
      for (let i = 0; i < results.length; i++) {
        const outcome = await Promise.race([results[i]!, aborted]);
        if (outcome === 'aborted') {
          await Promise.all(ids.slice(i).map((id) => this.queue.remove(id).catch(() => 0)));
          return { tallies, aborted: true };
        }
        tallies.push(decodeTally(outcome, stages, segments));
        job.onDone?.(tallies.length, tallies.reduce((sum, t) => sum + t.events, 0));
      }
      return { tallies, aborted: false };
    };
  }

  /** Closes the connections; a lost Redis gets one second, not a wait for a server that is gone. */
  async close(): Promise<void> {
    if (this.lostTimer !== null) clearTimeout(this.lostTimer);
    const closed = Promise.allSettled([this.events.close(), this.queue.close()]);
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DistributedRunError(`${message} (no answer in ${ms / 1000} s)`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error as Error);
      },
    );
  });
}
