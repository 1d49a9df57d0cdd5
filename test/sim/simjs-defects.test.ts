/**
 * Regression tests for the simjs defects listed in issue 4. Each test shows the defect in simjs itself and
 * that reqpath's simjs engine does not inherit it.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { makeServiceDist } from '../../src/model/distribution.ts';
import { loadSimjs } from '../../src/sim/simjs-loader.ts';
import { Xoshiro128 } from '../../src/sim/rng.ts';
import { sampleVariance } from '../../src/sim/student-t.ts';
import { LogHistogram } from '../../src/sim/histogram.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { mmc } from './helpers.ts';

const Simjs = loadSimjs();

/** Schedules timers at 1, 2, …, n and counts deliveries. */
function timers(n: number) {
  const sim = new Simjs.Sim();
  class E extends Simjs.Entity {
    start(): void {}
  }
  const entity = sim.addEntity(E as unknown as new () => object);
  let delivered = 0;
  for (let k = 1; k <= n; k++) entity.setTimer(k).done(() => delivered++);
  return { sim, delivered: () => delivered };
}

describe('simjs defects', () => {
  it("require('simjs') returns {} in Node; the loader gets the classes from window.Sim", () => {
    const required = createRequire(import.meta.url)('simjs') as Record<string, unknown>;
    expect(required.Sim).toBeUndefined();
    expect(typeof Simjs.Sim).toBe('function');
    expect('window' in globalThis).toBe(false);
  });

  it('Sim.simulate(end) drops the first event after end, so chunked runs lose events; step() does not', () => {
    const chunked = timers(4);
    chunked.sim.simulate(2);
    chunked.sim.simulate(10);
    expect(chunked.delivered()).toBe(3); // the event at t = 3 was removed by the first call and lost
    const stepped = timers(4);
    while (stepped.sim.step());
    expect(stepped.delivered()).toBe(4);
  });

  it('Random.exponential returns Infinity on a zero draw; reqpath draws from (0, 1)', () => {
    const random = new Simjs.Random(1) as unknown as { random(): number; exponential(l: number): number };
    random.random = () => 0;
    expect(random.exponential(1)).toBe(Infinity);
    // xoshiro's smallest output maps to 2^-33, never 0.
    const rng = new Xoshiro128(1);
    (rng as unknown as { nextUint32: () => number }).nextUint32 = () => 0;
    expect(rng.next()).toBeGreaterThan(0);
    expect(Number.isFinite(makeServiceDist('exponential', 1, 1).sample(rng))).toBe(true);
  });

  it('Random.gamma tests an undefined variable (u, not u1) so draws near 1 are not rejected; reqpath gamma is right', () => {
    // Count uniform draws: a draw of 0.99999999 must be rejected alone (1 draw), but simjs also draws u2 for it.
    const calls = (first: number[]) => {
      const random = new Simjs.Random(1) as unknown as { random(): number; gamma(a: number, b: number): number };
      let n = 0;
      random.random = () => (n < first.length ? first[n++]! : (n++, 0.5));
      random.gamma(3, 1);
      return n;
    };
    expect(calls([0.99999999]) - calls([])).toBe(2);
    const dist = makeServiceDist('gamma', 2, 0.25);
    const rng = new Xoshiro128(5);
    const xs = Array.from({ length: 40_000 }, () => dist.sample(rng));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeCloseTo(2, 1);
    expect(sampleVariance(xs) / (mean * mean)).toBeCloseTo(0.25, 1);
  });

  it('DataSeries.variance() divides by n; reqpath divides by n − 1', () => {
    const series = new Simjs.DataSeries('x');
    for (const x of [1, 2, 3, 4]) series.record(x);
    expect(series.variance()).toBeCloseTo(1.25, 12);
    expect(sampleVariance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 12);
  });

  it('TimeSeries is not time-weighted; reqpath utilisation and queue length are (checked on M/M/1 with simjs engine)', () => {
    const r = simulate(mmc(0.5, 1, 1), { engine: 'simjs', requests: 20_000, replications: 6, seed: 9 });
    const s = r.stages[0]!;
    const ci = r.ci.stages[0]!;
    expect(Math.abs(s.utilization! - 0.5)).toBeLessThanOrEqual(ci.utilization!);
    expect(Math.abs(s.meanQueueLength! - 0.5)).toBeLessThanOrEqual(ci.meanQueueLength!); // ρ²/(1 − ρ)
  });

  it('simjs has no percentiles; reqpath reports them from a histogram with ≤ 1% relative error', () => {
    const h = new LogHistogram();
    const rng = new Xoshiro128(3);
    const xs = Array.from({ length: 20_001 }, () => -Math.log(rng.next()) * 0.01);
    for (const x of xs) h.record(x);
    const sorted = [...xs].sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99, 0.999]) {
      const exact = sorted[Math.ceil(q * xs.length) - 1]!;
      expect(Math.abs(h.quantile(q)! / exact - 1)).toBeLessThanOrEqual(0.01);
    }
  });

  it('Facility.reset() corrupts its counts; reqpath builds a fresh Sim per replication, so replications are independent of order', () => {
    const m = mmc(0.5, 1, 1);
    const one = simulate(m, { engine: 'simjs', requests: 2000, replications: 1, seed: 4 });
    const two = simulate(m, { engine: 'simjs', requests: 2000, replications: 2, seed: 4 });
    // Replication 1 of the two-replication run is the same stream as the single run: same tallies.
    expect(two.events).toBeGreaterThan(one.events);
    const again = simulate(m, { engine: 'simjs', requests: 2000, replications: 1, seed: 4 });
    expect(again.latency).toEqual(one.latency);
  });
});
