/**
 * `--redis URL` and `--resume RUN` on simulate, sweep, plan and chart: the simulations' replications become
 * jobs for `reqpath worker` processes (src/distributed). The distributed code loads only when asked for.
 * The run id goes to stderr first, so a run cut short (Redis lost, Ctrl-C) can be resumed.
 */
import type { Command } from 'commander';
import type { SimulateOptions } from '../sim/types.ts';
import { VERSION } from '../version.ts';
import { CliError } from './errors.ts';
import type { CliIo } from './io.ts';

export interface RedisCliOptions {
  redis?: string;
  resume?: string;
}

export function addRedisOptions(command: Command): Command {
  return command
    .option('--redis <url>', 'run the simulations as jobs for `reqpath worker` processes on this Redis (redis:// or rediss:// for TLS)')
    .option('--resume <run>', 'with --redis: resume an earlier run by its id; finished jobs are not run again');
}

export type RunnerFor = (point: number) => NonNullable<SimulateOptions['replicationRunner']>;

/** Runs `work` with a runner per point on Redis when --redis is given, without one otherwise. */
export async function withRedis<T>(io: CliIo, options: RedisCliOptions, work: (runnerFor: RunnerFor | undefined) => Promise<T>): Promise<T> {
  if (options.redis === undefined) {
    if (options.resume !== undefined) throw new CliError('--resume: needs --redis URL (the Redis the run used)');
    return work(undefined);
  }
  const { checkRedisUrl, redactRedisUrl } = await import('../distributed/redis.ts');
  const problem = checkRedisUrl(options.redis);
  if (problem) throw new CliError(problem);
  if (options.resume !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(options.resume)) {
    throw new CliError(`--resume ${options.resume}: expected a run id as printed by an earlier run (letters, digits, - and _)`);
  }
  const { RedisRun, DistributedRunError } = await import('../distributed/run.ts');
  let run: Awaited<ReturnType<typeof RedisRun.open>>;
  try {
    run = await RedisRun.open({
      url: options.redis,
      version: VERSION,
      runId: options.resume,
      onProgress: (done, total) => {
        if (io.errIsTty) io.err(`\r\x1b[Kjobs on Redis: ${done}/${total} done`);
      },
    });
  } catch (error) {
    throw error instanceof DistributedRunError ? new CliError(error.message, 1) : error;
  }
  io.err(`run ${run.runId} on ${redactRedisUrl(options.redis)} (resume with --resume ${run.runId})\n`);
  try {
    return await work((point) => run.runner(point));
  } catch (error) {
    throw error instanceof DistributedRunError ? new CliError(error.message, 1) : error;
  } finally {
    if (io.errIsTty) io.err('\r\x1b[K');
    await run.close();
  }
}
