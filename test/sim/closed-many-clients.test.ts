import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/simulate.ts';
import { parseModel } from '../../src/model/load.ts';

const model = parseModel(
  JSON.stringify({ name: 'many', workload: { clients: 20_000, thinkTime: 0 }, stages: [{ name: 's0', service: '1ms', threads: 4 }] }),
);

describe('simulated closed loops with many clients (all start at once)', () => {
  it('default warm-up covers the initial burst: figures stay possible and match N/X', () => {
    // Before: the window opened inside the burst of 20,000 simultaneous issues: 110.7% busy, 4.4k/s on 4k/s.
    const r = simulate(model, { requests: 20_000, replications: 2, seed: 3 });
    expect(r.warmup).toBeGreaterThanOrEqual(60_000);
    expect(r.stages[0]!.utilization!).toBeLessThanOrEqual(1);
    expect(r.stages[0]!.utilization!).toBeGreaterThan(0.98);
    expect(r.throughput!).toBeLessThanOrEqual(4000);
    expect(r.throughput!).toBeGreaterThan(3900);
    expect(r.stages[0]!.meanQueueLength!).toBeLessThanOrEqual(20_000);
    // Saturated single station, no think time: every client waits for all the others, R = N/X = 5 s.
    expect(Math.abs(r.latency.mean! / 5 - 1)).toBeLessThan(0.03);
    expect(r.notes.join(' ')).not.toMatch(/too short/);
  });

  it('a run too short for a steady state says so and is bounded', () => {
    const r = simulate(model, { requests: 5_000, replications: 2, seed: 3, warmup: 0 });
    expect(r.notes.join(' ')).toMatch(/warning: too short to reach steady state/);
    // Every request of this window was issued in the initial burst: no time elapsed, so no rate (null).
    expect(r.stages[0]!.utilization ?? 0).toBeLessThanOrEqual(1);
    expect(r.throughput ?? 0).toBeLessThanOrEqual(4000);
    expect(r.stages[0]!.meanQueueLength ?? 0).toBeLessThanOrEqual(20_000);
    expect(r.pools[0]!.meanInSystem ?? 0).toBeLessThanOrEqual(20_000);
    const later = simulate(model, { requests: 30_000, replications: 2, seed: 3, warmup: 5_000 });
    expect(later.notes.join(' ')).toMatch(/warning: too short to reach steady state/);
    expect(later.stages[0]!.utilization!).toBeLessThanOrEqual(1);
    expect(later.throughput!).toBeLessThanOrEqual(4000);
    expect(later.stages[0]!.meanQueueLength!).toBeLessThanOrEqual(20_000);
  });
});
