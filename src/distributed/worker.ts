/**
 * `reqpath worker`: takes simulation jobs from the queue and returns each replication's Tally. A job is
 * checked before anything runs (parseJob: shape, bounds, version); one that fails is refused without retry
 * (BullMQ's UnrecoverableError), with the reason in the job's failure. A worker killed mid-job loses nothing:
 * its lock expires and BullMQ hands the job to another worker (stalled-job recovery), and since a job is one
 * replication on its own RNG stream, whoever runs it returns the same Tally.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { buildNetwork } from '../sim/network.ts';
import { replicationOf } from '../sim/engines.ts';
import { encodeTally, JobRefused, parseJob } from './job.ts';
import { connectionFor, QUEUE_NAME } from './redis.ts';

export interface WorkerOptions {
  readonly url: string;
  readonly version: string;
  /** Jobs run at once by this process (default 1: one simulation per core is the useful maximum). */
  readonly concurrency?: number;
  /** How long a job's lock lasts without renewal: a killed worker's job is retried after about this long. */
  readonly lockMilliseconds?: number;
  readonly log?: (line: string) => void;
}

/**
 * Runs one job. The replication yields every few hundred thousand events and the event loop gets a turn
 * there, so BullMQ keeps renewing the job's lock while it runs (a blocked loop would let the lock lapse and
 * the job be handed to a second worker).
 */
export async function runReplicationJob(data: unknown, version: string): Promise<unknown> {
  const { job, model } = parseJob(data, version);
  const net = buildNetwork(model);
  const steps = replicationOf(job.engine, model, net, job.seed)(job.replication, { requests: job.requests, warmup: job.warmup });
  for (;;) {
    const step = steps.next();
    if (step.done) return encodeTally(step.value);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function startWorker(options: WorkerOptions): Worker {
  const lock = options.lockMilliseconds ?? 10_000;
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      try {
        const result = await runReplicationJob(job.data, options.version);
        options.log?.(`done ${job.id}`);
        return result;
      } catch (error) {
        if (error instanceof JobRefused) {
          options.log?.(`refused ${job.id}: ${error.message}`);
          throw new UnrecoverableError(error.message);
        }
        throw error;
      }
    },
    {
      connection: connectionFor(options.url, 'worker'),
      concurrency: Math.max(1, options.concurrency ?? 1),
      lockDuration: lock,
      stalledInterval: lock,
      maxStalledCount: 3,
    },
  );
  return worker;
}
