/**
 * Distributed runs (issue 16), on a local redis-server this bench starts itself (Debian package
 * redis-server; skipped, saying so, without it):
 * - overhead per job: a sweep of tiny simulations through one worker against the same sweep in this process;
 * - speed-up: a 20-point rate sweep through two worker processes against one (target ≥ 1.6 on 2 cores).
 * Workers run the compiled CLI (dist/, built by `npm run bench`). Size with REQPATH_BENCH_DISTRIBUTED_REQUESTS
 * (requests per point, default 1,000,000, as one replication).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort, waitForPort } from '../test/helpers/local-server.ts';
import { RedisRun } from '../src/distributed/run.ts';
import { withArrivalRate } from '../src/model/edit.ts';
import { loadModel } from '../src/model/load.ts';
import { simulateMany, type SimulationJob } from '../src/sim/parallel-many.ts';
import { VERSION } from '../src/version.ts';

const root = new URL('..', import.meta.url).pathname;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startWorkers(url: string, count: number): ChildProcess[] {
  return Array.from({ length: count }, () => spawn(process.execPath, [`${root}bin/reqpath.js`, 'worker', '--redis', url], { stdio: 'ignore' }));
}

async function timedOnRedis(url: string, jobs: SimulationJob[], workerCount: number): Promise<number> {
  const workers = startWorkers(url, workerCount);
  try {
    await sleep(1500); // the workers connect
    const run = await RedisRun.open({ url, version: VERSION });
    try {
      const started = performance.now();
      await simulateMany(jobs, { runnerFor: (point) => run.runner(point) });
      return (performance.now() - started) / 1000;
    } finally {
      await run.close();
    }
  } finally {
    for (const w of workers) w.kill('SIGTERM');
  }
}

export async function benchDistributed(): Promise<Record<string, unknown>> {
  if (spawnSync('redis-server', ['--version']).status !== 0) return { skipped: 'redis-server not installed (Debian package redis-server)' };
  const port = await freePort();
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  try {
    await waitForPort(port, 'redis-server');
    const url = `redis://127.0.0.1:${port}`;
    const model = loadModel(`${root}models/seda-https-json.yaml`);
    const rates = Array.from({ length: 20 }, (_, i) => 500 * (i + 1));
    const tiny = rates.map((rate) => ({ model: withArrivalRate(model, rate), options: { requests: 200, replications: 1, seed: 1 } }));
    const localStart = performance.now();
    await simulateMany(tiny, { threads: 1 });
    const localTiny = (performance.now() - localStart) / 1000;
    const remoteTiny = await timedOnRedis(url, tiny, 1);
    const requests = Number(process.env.REQPATH_BENCH_DISTRIBUTED_REQUESTS ?? 1_000_000);
    const sweep = rates.map((rate) => ({ model: withArrivalRate(model, rate), options: { requests, replications: 1, seed: 1 } }));
    const one = await timedOnRedis(url, sweep, 1);
    const two = await timedOnRedis(url, sweep, 2);
    return {
      overheadPerJobMs: Number((((remoteTiny - localTiny) / tiny.length) * 1000).toFixed(1)),
      sweep: `20 rates × ${requests} requests (one replication per point), seda-https-json`,
      oneWorkerSeconds: Number(one.toFixed(2)),
      twoWorkersSeconds: Number(two.toFixed(2)),
      speedUp: Number((one / two).toFixed(2)),
      target: '≥ 1.6 on 2 cores',
    };
  } finally {
    redis.kill('SIGKILL');
  }
}
