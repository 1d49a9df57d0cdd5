import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze } from '../../src/analytic/analyze.ts';
import { Q, exactMmckDistribution } from '../helpers/rational.ts';
import { openModel } from '../helpers/models.ts';
import { parseModel } from '../../src/model/load.ts';

const rel = (x: number | null, y: number) => Math.abs((x ?? NaN) / y - 1);

describe('M/M/1', () => {
  it('matches the closed forms (λ = 2, µ = 3: ρ = 2/3, L = 2, W = 1, Lq = 4/3, Wq = 2/3)', () => {
    // Gross & Harris, Fundamentals of Queueing Theory, §2.2: L = ρ/(1−ρ), W = 1/(µ−λ).
    const r = analyze(openModel([{ rate: 2, service: 1 / 3, threads: 1 }]));
    const s = r.stages[0]!;
    expect(rel(s.utilization, 2 / 3)).toBeLessThan(1e-12);
    expect(rel(s.meanInSystem, 2)).toBeLessThan(1e-12);
    expect(rel(s.meanResponse, 1)).toBeLessThan(1e-12);
    expect(rel(s.meanQueueLength, 4 / 3)).toBeLessThan(1e-12);
    expect(rel(s.meanWait, 2 / 3)).toBeLessThan(1e-12);
    expect(rel(s.probWait, 2 / 3)).toBeLessThan(1e-12);
    expect(rel(r.latency.mean, 1)).toBeLessThan(1e-12);
  });

  it('has exponential sojourn percentiles: t_p = −ln(1 − p)/(µ − λ)', () => {
    const r = analyze(openModel([{ rate: 900, service: 0.001, threads: 1 }]));
    const theta = 1000 - 900;
    for (const [key, p] of [['p50', 0.5], ['p90', 0.9], ['p99', 0.99], ['p999', 0.999]] as const) {
      expect(rel(r.latency[key], -Math.log(1 - p) / theta)).toBeLessThan(1e-9);
    }
  });
});

describe('M/M/c', () => {
  it('matches the textbook example c = 3, λ = 6, µ = 3 (P0 = 1/9, Lq = 8/9)', () => {
    // Gross & Harris §2.3 formulas: Lq = P0·a^c·ρ / (c!(1−ρ)²) with a = 2, ρ = 2/3 → 8/9; Wq = Lq/λ = 4/27.
    const r = analyze(openModel([{ rate: 6, service: 1 / 3, threads: 3 }]));
    const s = r.stages[0]!;
    expect(rel(s.meanQueueLength, 8 / 9)).toBeLessThan(1e-12);
    expect(rel(s.meanWait, 4 / 27)).toBeLessThan(1e-12);
    expect(rel(s.meanInSystem, 8 / 9 + 2)).toBeLessThan(1e-12);
    expect(rel(s.meanResponse, 4 / 27 + 1 / 3)).toBeLessThan(1e-12);
    // Erlang C = 4/9 here: P(wait) = P0·a^c/(c!(1−ρ)) = (1/9)·8/(6·1/3).
    expect(rel(s.probWait, 4 / 9)).toBeLessThan(1e-12);
  });

  it('has the closed-form sojourn tail: P(T > t) from Wq (atom + Exp(cµ − λ)) plus Exp(µ)', () => {
    const mu = 10;
    // c = 5 gives θ = cµ − λ ≠ µ; c = 4 gives θ = µ, where the sum is Erlang-2: P = (1 + µt)e^{−µt}.
    for (const c of [5, 4]) {
      const lambda = 30;
      const r = analyze(openModel([{ rate: lambda, service: 1 / mu, threads: c }]));
      const C = r.stages[0]!.probWait!;
      const theta = c * mu - lambda;
      const sumTail = (t: number) =>
        theta === mu ? (1 + mu * t) * Math.exp(-mu * t) : (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
      const ccdf = (t: number) => (1 - C) * Math.exp(-mu * t) + C * sumTail(t);
      for (const [key, p] of [['p50', 0.5], ['p95', 0.95], ['p99', 0.99], ['p999', 0.999]] as const) {
        expect(Math.abs(ccdf(r.latency[key]!) - (1 - p))).toBeLessThan(1e-12);
      }
    }
  });

  it('holds 10,000 threads at ρ = 0.9999 with finite, sensible figures', () => {
    const r = analyze(openModel([{ rate: 9999, service: 1, threads: 10_000 }]));
    const s = r.stages[0]!;
    expect(r.stable).toBe(true);
    expect(rel(s.utilization, 0.9999)).toBeLessThan(1e-12);
    for (const value of [s.probWait, s.meanWait, s.meanQueueLength, r.latency.p99, r.latency.p999]) {
      expect(Number.isFinite(value)).toBe(true);
    }
    // Wq = C/(cµ − λ) with cµ − λ = 1.
    expect(rel(s.meanWait, s.probWait!)).toBeLessThan(1e-9);
  });

  it('answers stable: false with nulls at and past saturation', () => {
    for (const rate of [4, 5]) {
      const r = analyze(openModel([{ rate, service: 1, threads: 4 }]));
      expect(r.stable).toBe(false);
      expect(r.throughput).toBe(4);
      expect(r.maxThroughput).toBe(4);
      expect(r.bottleneck).toBe('s0');
      expect(r.latency.p99).toBeNull();
      expect(r.stages[0]!.meanWait).toBeNull();
      expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
    }
  });

  it('claims no accuracy for the figures it does not give: unstable, the mean and percentiles are "none", with no band', () => {
    // An M/G/1 past saturation once said its null mean was "exact" and its null percentiles within ±2.1%.
    const r = analyze(parseModel('workload: { arrivalRate: 1200 }\nstages: [ { name: s0, service: 1ms, threads: 1, distribution: lognormal, scv: 2 } ]'));
    expect(r.stable).toBe(false);
    expect(r.latency.mean).toBeNull();
    for (const f of [r.accuracy!.mean, r.accuracy!.percentiles]) {
      expect(f.kind).toBe('none');
      expect(f.errorBand).toBeUndefined();
      expect(f.method).toMatch(/not given/);
    }
    // The drop rate is given (0: no finite queue), and says how.
    expect(r.accuracy!.dropRate.kind).toBe('exact');
  });
});

describe('M/M/c/K', () => {
  it('M/M/1/K at ρ = 1 blocks 1/(K+1) of arrivals', () => {
    // Gross & Harris §2.5: p_n = 1/(K+1) when ρ = 1.
    const r = analyze(openModel([{ rate: 5, service: 0.2, threads: 1, queueCapacity: 9 }]));
    expect(rel(r.stages[0]!.dropRate, 1 / 11)).toBeLessThan(1e-12);
    expect(rel(r.dropRate, 1 / 11)).toBeLessThan(1e-12);
    expect(rel(r.throughput, 5 * (10 / 11))).toBeLessThan(1e-12);
    // L = K/2 at ρ = 1.
    expect(rel(r.stages[0]!.meanInSystem, 5)).toBeLessThan(1e-12);
  });

  it('matches exact rational arithmetic for blocking, queue length and wait', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 80 }),
        fc.integer({ min: 1, max: 400 }),
        (c, q, percentLoad) => {
          const a = Q.of(c * percentLoad, 100); // ρ from 0.01 to 4 (overload is fine with a finite queue)
          const k = c + q;
          const p = exactMmckDistribution(a, c, k);
          const blocking = p[k]!.toNumber();
          let lq = Q.of(0);
          for (let n = c + 1; n <= k; n++) lq = lq.add(p[n]!.mul(Q.of(n - c)));
          const rate = a.toNumber(); // service 1 s, so λ = a
          const r = analyze(openModel([{ rate, service: 1, threads: c, queueCapacity: q }]));
          const s = r.stages[0]!;
          expect(r.stable).toBe(true);
          expect(Math.abs(s.dropRate - blocking)).toBeLessThan(1e-12 + 1e-9 * blocking);
          expect(Math.abs(s.meanQueueLength! - lq.toNumber())).toBeLessThan(1e-9 * Math.max(1, lq.toNumber()));
          const throughput = rate * (1 - blocking);
          expect(Math.abs(s.meanWait! - lq.toNumber() / throughput)).toBeLessThan(1e-9 * Math.max(1, lq.toNumber() / throughput));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('stays finite for a long queue far past saturation', () => {
    const r = analyze(openModel([{ rate: 5000, service: 0.001, threads: 2, queueCapacity: 100_000 }]));
    const s = r.stages[0]!;
    expect(r.stable).toBe(true);
    // Offered 5 Erlangs on 2 threads: throughput pinned at 2000/s, 60% dropped.
    expect(rel(r.throughput, 2000)).toBeLessThan(1e-9);
    expect(rel(s.dropRate, 0.6)).toBeLessThan(1e-9);
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });
});

describe('M/M/∞ delay stage', () => {
  it('never queues and adds its service time', () => {
    const r = analyze(openModel([{ rate: 1e6, service: 0.01, threads: 'infinite' }]));
    const s = r.stages[0]!;
    expect(s.meanWait).toBe(0);
    expect(s.meanResponse).toBe(0.01);
    expect(rel(s.meanInSystem, 1e4)).toBeLessThan(1e-12);
    expect(r.maxThroughput).toBeNull();
    expect(rel(r.latency.p99, -Math.log(0.01) * 0.01)).toBeLessThan(1e-9);
  });
});
