import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.ts';
import { simulate, simulateAsync } from '../../src/sim/simulate.ts';
import type { SimResult } from '../../src/sim/types.ts';

const json = (r: SimResult) => JSON.stringify({ ...r, eventsPerSecond: 0 });

describe('reproducibility', () => {
  const m = loadModel('models/seda-https-json.yaml');
  for (const engine of ['fast', 'simjs'] as const) {
    it(`${engine}: the same seed gives byte-identical JSON apart from eventsPerSecond; another seed differs`, () => {
      const options = { requests: 3000, replications: 3, seed: 42, engine };
      expect(json(simulate(m, options))).toBe(json(simulate(m, options)));
      expect(json(simulate(m, { ...options, seed: 43 }))).not.toBe(json(simulate(m, options)));
    });
  }

  it('simulateAsync (which yields to the event loop between slices) gives the same JSON as simulate', async () => {
    const options = { requests: 30_000, replications: 2, seed: 8 };
    expect(json(await simulateAsync(m, options))).toBe(json(simulate(m, options)));
  });

  it('the stopping rule adds replications until the relative half-width of the mean is reached', () => {
    const r = simulate(m, { requests: 2000, replications: 2, seed: 3, precision: 0.01 });
    expect(r.ci.mean! / r.latency.mean!).toBeLessThanOrEqual(0.01);
    expect(r.replications).toBeGreaterThan(2);
  });

  it('an aborted run stops early and still returns the replications done', () => {
    const controller = new AbortController();
    let polls = 0;
    const r = simulate(m, {
      requests: 100_000,
      replications: 3,
      seed: 1,
      signal: controller.signal,
      onProgress: (progress) => {
        polls++;
        if (progress.replication === 2) controller.abort();
      },
    });
    expect(polls).toBeGreaterThan(1);
    expect(r.replications).toBe(1);
    expect(r.notes.some((n) => n.startsWith('interrupted'))).toBe(true);
    expect(r.latency.mean).toBeGreaterThan(0);
  });
});
