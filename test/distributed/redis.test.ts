import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort, waitForPort } from '../helpers/local-server.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeModel, parseJob, JobRefused } from '../../src/distributed/job.ts';
import { redactRedisUrl } from '../../src/distributed/redis.ts';
import { loadModel } from '../../src/model/load.ts';
import { VERSION } from '../../src/version.ts';
import { cli } from '../helpers/cli.ts';

const root = new URL('../..', import.meta.url).pathname;
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis && process.env.CI === 'true') throw new Error('CI: redis-server (Debian package redis-server) is required for the distributed tests');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const withoutWallClock = (json: string) => JSON.stringify(JSON.parse(json), (key, value: unknown) => (key === 'eventsPerSecond' ? 0 : value));

async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitForPort(port, 'redis-server');
  return server;
}

function startWorker(url: string): ChildProcess {
  return spawn(process.execPath, [`${root}bin/reqpath.js`, 'worker', '--redis', url, '--lock-seconds', '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
}

describe('jobs are data of one documented shape', () => {
  const model = loadModel(`${root}models/seda-https-json.yaml`);
  const job = { version: VERSION, runId: 'r1', point: 0, replication: 0, engine: 'recursion', seed: 1, requests: 10, warmup: 0, model: encodeModel(model) };

  it('round-trips a model (infinities and distributions included)', () => {
    expect(parseJob(job, VERSION).model.pools.map((p) => p.threads)).toEqual(model.pools.map((p) => p.threads));
  });

  it('refuses another version, naming both', () => {
    expect(() => parseJob({ ...job, version: '0.0.9' }, VERSION)).toThrow(/job from reqpath 0\.0\.9, this worker is reqpath/);
  });

  it('refuses extra keys, paths and code, and absurd sizes', () => {
    expect(() => parseJob({ ...job, script: 'process.exit()' }, VERSION)).toThrow(JobRefused);
    expect(() => parseJob({ ...job, runId: '../../etc' }, VERSION)).toThrow(JobRefused);
    expect(() => parseJob({ ...job, requests: 1e12 }, VERSION)).toThrow(JobRefused);
    const hostile = JSON.parse(job.model);
    hostile.stages[0].service = { $dist: ['exponential', 1, 1], sample: 'return 1' };
    expect(() => parseJob({ ...job, model: JSON.stringify(hostile) }, VERSION)).toThrow(JobRefused);
  });

  it('carries the package version (src/version.ts is package.json\'s)', async () => {
    const { readFileSync } = await import('node:fs');
    expect(VERSION).toBe(JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version);
  });

  it('never prints a password', () => {
    expect(redactRedisUrl('rediss://user:s3cret@cache.example:6380/0')).not.toMatch(/s3cret|user/);
  });
});

describe('a Redis that never answers (a wrong port)', () => {
  it('exit 1 with one line naming it, no stack per reconnection, and the process ends', async () => {
    const port = await freePort();
    // A process of its own: what is at stake is whether it ends, and what reaches its stderr.
    const args = [`${root}bin/reqpath.js`, 'simulate', `${root}models/seda-https-json.yaml`, '--requests', '1000', '--redis', `redis://127.0.0.1:${port}`];
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 });
    // It used to print ECONNREFUSED's stack every 0.2–2 s and never exit (ioredis kept reconnecting).
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(/^cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+\/? \(no answer in 5 s\)$/);
  }, 40_000);
});

describe.skipIf(!hasRedis)('sweeps and simulations as jobs on Redis (redis-server)', () => {
  let port: number;
  let url: string;
  let redis: ChildProcess;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = await startRedis(port);
  });

  afterAll(() => {
    for (const w of workers) w.kill('SIGKILL');
    redis?.kill('SIGKILL');
  });

  it('two workers, one killed mid-run: the same JSON as the local run', async () => {
    const args = ['sweep', 'models/seda-https-json.yaml', '--param', 'rate', '--values', '1k,2k,3k,4k', '--simulate', '--requests', '40000', '--replications', '3', '--json'];
    const local = await cli(...args.map((a) => (a.startsWith('models/') ? `${root}${a}` : a)));
    expect(local.code).toBe(0);
    workers.push(startWorker(url), startWorker(url));
    let killed = false;
    workers[0]!.stderr!.on('data', (chunk: Buffer) => {
      // The first worker dies (SIGKILL) right after finishing a job, in the middle of its next one.
      if (!killed && chunk.toString().includes('done ')) {
        killed = true;
        setTimeout(() => workers[0]!.kill('SIGKILL'), 50);
      }
    });
    const remote = await cli(...args.map((a) => (a.startsWith('models/') ? `${root}${a}` : a)), '--redis', url);
    expect(remote.stderr).toMatch(/run [0-9a-f]+ on redis:\/\/127\.0\.0\.1/);
    expect(remote.code).toBe(0);
    expect(killed).toBe(true);
    expect(withoutWallClock(remote.stdout)).toBe(withoutWallClock(local.stdout));
  }, 120_000);

  it('Redis stopped mid-run: a clear error within 10 s, with the run id to resume', async () => {
    const port2 = await freePort();
    const server = await startRedis(port2);
    const started = Date.now();
    const pending = cli('simulate', `${root}models/seda-https-json.yaml`, '--requests', '2000000', '--replications', '4', '--redis', `redis://127.0.0.1:${port2}`);
    await sleep(1500);
    server.kill('SIGKILL');
    const run = await pending;
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/lost the connection to Redis at redis:\/\/127\.0\.0\.1:\d+\/?; .*--resume [0-9a-f]+/);
    expect(Date.now() - started).toBeLessThan(12_000);
  }, 30_000);
});
