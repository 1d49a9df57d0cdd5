/** Replications on worker threads give the same JSON as on one thread (same seed, replication k on stream k). */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.ts';
import { simulate, simulateAsync } from '../../src/sim/simulate.ts';
import type { SimResult } from '../../src/sim/types.ts';
import { model } from './helpers.ts';

const json = (r: SimResult) => JSON.stringify({ ...r, eventsPerSecond: 0 });

describe('parallel replications (simulateAsync with workers)', () => {
  it('byte-identical JSON with 2 workers and with none, on a model with every feature and cores', async () => {
    const m = model(`name: everything
workload: { arrivalRate: 900, arrivalScv: 2, requestsPerConnection: 4 }
cores: 2
pools:
  io: { threads: 2, queueCapacity: 5 }
  workers: { threads: 3, dispatch: per-thread }
stages:
  - { name: accept, service: 100us, threads: 1, perConnection: true, queueCapacity: 2 }
  - { name: read, service: 300us, pool: io, distribution: erlang, k: 2 }
  - { name: parse, service: 200us, pool: io, visits: 0.5 }
  - { name: remote, service: 5ms, threads: infinite, distribution: deterministic }
  - { name: work, service: 1ms, pool: workers, visits: 1.5, distribution: lognormal, scv: 2, cpuBound: false }
`);
    const options = { requests: 4000, replications: 3, seed: 17 };
    const sequential = simulate(m, options);
    const progress: number[] = [];
    const parallel = await simulateAsync(m, { ...options, workers: 2, onProgress: (p) => progress.push(p.replication) });
    expect(json(parallel)).toBe(json(sequential));
    expect(progress).toEqual([1, 2, 3]); // one report per finished replication: it did run on workers
  }, 30_000);

  it('the same with the simjs engine and warmup auto; and 1 worker means the ordinary path', async () => {
    const m = loadModel('models/tls-terminating-proxy.yaml');
    const options = { requests: 3000, replications: 2, seed: 2, engine: 'simjs' as const, warmup: 'auto' as const };
    const parallel = await simulateAsync(m, { ...options, workers: 2 });
    expect(json(parallel)).toBe(json(simulate(m, options)));
    expect(json(await simulateAsync(m, { ...options, workers: 1 }))).toBe(json(parallel));
  }, 30_000);

  it('a parallel run aborted after its first finished replication returns the leading finished ones, with a note', async () => {
    const controller = new AbortController();
    const r = await simulateAsync(loadModel('models/seda-https-json.yaml'), {
      requests: 20_000,
      replications: 6,
      workers: 2,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    // Replication 1 may finish before replication 0 (two workers race): only the leading ones are kept.
    expect(r.replications).toBeLessThan(6);
    expect(r.notes.join(' ')).toContain(`interrupted: ${r.replications} of 6 replications finished`);
  }, 30_000);
});
