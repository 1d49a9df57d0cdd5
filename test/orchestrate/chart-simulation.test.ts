/** Simulation results become chart points field by field, CI included, and the simulated points sit where analysis says. */
import { describe, expect, it } from 'vitest';
import { chartSimulation, simLoadPoint, simPercentiles } from '../../src/orchestrate/chart-simulation.ts';
import { Interrupted } from '../../src/orchestrate/control.ts';
import { parseModel } from '../../src/model/load.ts';
import { loadPoint } from '../../src/orchestrate/chart-data.ts';
import { openModel } from '../helpers/models.ts';
import { simulate } from '../../src/sim/simulate.ts';

describe('simulation points', () => {
  const model = openModel([{ rate: 50, service: 0.01, threads: 1 }]);
  const options = { requests: 4000, replications: 5, seed: 7 };

  it('copy percentiles, CI half-widths and throughput from a SimResult', () => {
    const r = simulate(model, options);
    const point = simLoadPoint(50, r);
    expect(point).toEqual({
      rate: 50,
      p50: r.latency.p50,
      p95: r.latency.p95,
      p99: r.latency.p99,
      ciP50: r.ci.p50,
      ciP95: r.ci.p95,
      ciP99: r.ci.p99,
      throughput: r.throughput,
      ciThroughput: r.ci.throughput,
      dropRate: r.dropRate,
    });
    const levels = simPercentiles(r).map((p) => p.level);
    expect(levels).toEqual([0.5, 0.9, 0.95, 0.99, 0.999]);
  });

  it('M/M/1 at ρ = 0.5: the simulated median is near the analytic one (T ~ Exp(50/s), median ln2/50 s)', () => {
    const point = simLoadPoint(50, simulate(model, options));
    const analytic = loadPoint(model, 50).p50Seconds!;
    expect(analytic).toBeCloseTo(Math.LN2 / 50, 6);
    // 5 × 4,000 requests: the median's relative standard error is ~1 %; allow 4 CI half-widths or 5 %.
    expect(Math.abs(point!.p50! - analytic)).toBeLessThan(Math.max(4 * (point!.ciP50 ?? 0), 0.05 * analytic));
  });

  it('chartSimulation: six loads and the configured one for an open model, in load order', async () => {
    const control = { threads: 1, onProgress: (p: { done: number }) => void done.push(p.done) };
    const done: number[] = [];
    const sim = await chartSimulation(model, { requests: 1000, replications: 2, seed: 3 }, control);
    expect(sim.load.map((p) => p.rate)).toEqual([0.2, 0.35, 0.5, 0.65, 0.8, 0.95].map((share) => expect.closeTo(100 * share, 9)));
    expect(sim.distribution?.length).toBe(5);
    expect(done).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('chartSimulation of a closed workload simulates client populations, not offered rates', async () => {
    const closed = parseModel('name: c\nworkload: { clients: 4, thinkTime: 10ms }\nstages:\n  - { name: s, service: 5ms, threads: 1 }\n');
    const sim = await chartSimulation(closed, { requests: 1000, replications: 2, seed: 3 }, { threads: 1 });
    const clients = sim.load.map((p) => p.clients);
    expect(clients.every((n) => Number.isInteger(n) && n! >= 1)).toBe(true);
    expect(clients).toEqual([...clients].sort((a, b) => a! - b!));
    // One thread of 5 ms saturates at 200/s: no population gets far past it (2 × 1,000 requests: a few % of
    // noise), where an open model at "20–95 % of saturation" would not even be closed; the rate is what the clients achieve.
    for (const p of sim.load) expect(p.throughput!).toBeLessThanOrEqual(200 * 1.1), expect(p.rate).toBe(p.throughput);
    expect(sim.distribution).toBeUndefined();
  });

  it('chartSimulation stops with Interrupted when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(chartSimulation(model, options, { signal: controller.signal, threads: 1 })).rejects.toBeInstanceOf(Interrupted);
  });
});
