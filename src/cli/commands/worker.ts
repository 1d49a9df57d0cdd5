/**
 * `reqpath worker --redis URL [--concurrency N]`: runs simulation jobs from the queue until stopped
 * (Ctrl-C or SIGTERM finishes the running jobs, then exits 0). One per core is the useful number.
 */
import type { Command } from 'commander';
import { VERSION } from '../../version.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';

interface WorkerCliOptions {
  redis?: string;
  concurrency: string;
  lockSeconds: string;
}

export function registerWorker(program: Command, io: CliIo): void {
  program
    .command('worker')
    .description('run simulation jobs from Redis for simulate/sweep/plan/chart --redis (one process per core)')
    .requiredOption('--redis <url>', 'the Redis the clients use (redis:// or rediss:// for TLS; a password in the URL is never printed)')
    .option('--concurrency <n>', 'jobs at once in this process', '1')
    .option('--lock-seconds <s>', 'a killed worker\'s job goes to another worker after about this long', '10')
    .action(async (options: WorkerCliOptions) => {
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new CliError(`--concurrency ${options.concurrency}: expected an integer from 1 to 64`);
      const lockSeconds = Number(options.lockSeconds);
      if (!(lockSeconds >= 1 && lockSeconds <= 3600)) throw new CliError(`--lock-seconds ${options.lockSeconds}: expected seconds from 1 to 3600`);
      const { checkRedisUrl, redactRedisUrl } = await import('../../distributed/redis.ts');
      const problem = checkRedisUrl(options.redis!);
      if (problem) throw new CliError(problem);
      const { startWorker } = await import('../../distributed/worker.ts');
      const where = redactRedisUrl(options.redis!);
      const worker = startWorker({
        url: options.redis!,
        version: VERSION,
        concurrency,
        lockMilliseconds: lockSeconds * 1000,
        log: (line) => io.err(`worker: ${line}\n`),
      });
      worker.on('error', (error) => io.err(`worker: Redis at ${where}: ${error.message}\n`));
      await worker.waitUntilReady();
      io.err(`worker: reqpath ${VERSION} taking jobs from ${where} (${concurrency} at once); Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void worker.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
