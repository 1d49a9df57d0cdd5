/**
 * Deterministic (and nearly deterministic) times in the end-to-end distribution: their CDF jumps, which Euler
 * inversion cannot follow, so they are kept out of the transform (src/analytic/lattice.ts) and the quantile
 * search may land exactly on a jump. Checked against exact laws: Erlang's M/D/1 waiting-time distribution,
 * pure delays (all percentiles known exactly) and a geometric number of deterministic visits.
 */
import { describe, expect, it } from 'vitest';
import { analyze, latencyDistribution } from '../../src/analytic/analyze.ts';
import { parseModel } from '../../src/model/load.ts';
import { PERCENTILE_KEYS, PERCENTILE_LEVELS } from '../../src/model/result.ts';
import { mdOneWaitCdf, mdOneWaitQuantile } from '../helpers/md1.ts';

const rel = (x: number | null | undefined, y: number) => Math.abs((x ?? NaN) / y - 1);

function model(rate: number, stages: Record<string, unknown>[]) {
  return parseModel(JSON.stringify({ name: 'd', workload: { arrivalRate: rate }, stages: stages.map((s, i) => ({ name: `s${i}`, ...s })) }));
}


describe('deterministic service: exact jumps in the end-to-end distribution', () => {
  it('M/D/1 sojourn percentiles match Erlang’s exact law (D + wait quantile) within 0.3 % from ρ = 0.3 to 0.8', () => {
    for (const rho of [0.3, 0.5, 0.8]) {
      const r = analyze(model(rho, [{ service: '1s', threads: 1, distribution: 'deterministic' }]));
      for (const key of PERCENTILE_KEYS) {
        const exact = 1 + mdOneWaitQuantile(rho, 1, PERCENTILE_LEVELS[key]);
        expect(rel(r.latency[key], exact), `ρ = ${rho}, ${key}`).toBeLessThan(3e-3);
      }
    }
  });

  it('M/D/1 at low load: p50 = D exactly when P(no wait) ≥ 0.5, and the CDF jumps by 1 − ρ at D', () => {
    const r = analyze(model(0.1, [{ service: '1s', threads: 1, distribution: 'deterministic' }]));
    expect(r.latency.p50).toBe(1);
    expect(r.latency.p90).toBe(1);
    const distribution = latencyDistribution(model(0.1, [{ service: '1s', threads: 1, distribution: 'deterministic' }]))!;
    expect(distribution.atoms).toHaveLength(1);
    expect(distribution.atoms[0]!.seconds).toBe(1);
    expect(distribution.atoms[0]!.probability).toBeCloseTo(0.9, 12);
    expect(distribution.cdf(1 - 1e-9)).toBe(0);
    expect(distribution.cdf(1)).toBeCloseTo(0.9, 12);
  });

  it('reproduction (a): 10 µs deterministic at ρ = 0.01, every percentile within 1 % of 10 µs + the M/D/1 wait quantile', () => {
    const d = 1e-5;
    const lambda = 0.01 / d;
    const r = analyze(model(lambda, [{ service: '0.01ms', threads: 1, distribution: 'deterministic' }]));
    for (const key of PERCENTILE_KEYS) {
      const exact = d + mdOneWaitQuantile(lambda, d, PERCENTILE_LEVELS[key]);
      expect(rel(r.latency[key], exact), key).toBeLessThan(0.01);
    }
    // Before the fix the p90 was 20.8 µs (Euler ringing around the jump at 10 µs).
    expect(r.latency.p90).toBe(d);
  });

  it('reproduction (b): H2 stage then a 79.8 ms deterministic stage at 100/s: p99 never rises with more threads', () => {
    const p99 = (threads: number | 'infinite') =>
      analyze(
        model(100, [
          { service: '2ms', threads: 4, distribution: 'hyperexponential', scv: 3 },
          { service: '79.8ms', threads, distribution: 'deterministic' },
        ]),
      ).latency.p99!;
    const values = [9, 10, 11, 12, 13, 14, 16, 20, 40].map(p99);
    values.push(p99('infinite'));
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeLessThanOrEqual(values[i - 1]! * (1 + 1e-9));
    // With unlimited threads nothing waits at the second stage: p99 = 79.8 ms + the H2 stage's own p99 sojourn.
    const first = analyze(model(100, [{ service: '2ms', threads: 4, distribution: 'hyperexponential', scv: 3 }])).latency.p99!;
    expect(rel(values.at(-1)!, 0.0798 + first)).toBeLessThan(1e-9);
  });

  it('a pure delay: every percentile is D exactly; two delays in tandem add', () => {
    const one = analyze(model(1000, [{ service: '25ms', threads: 'infinite', distribution: 'deterministic' }]));
    for (const key of PERCENTILE_KEYS) expect(one.latency[key]).toBe(0.025);
    const two = analyze(
      model(1000, [
        { service: '25ms', threads: 'infinite', distribution: 'deterministic' },
        { service: '5ms', threads: 'infinite', distribution: 'deterministic' },
      ]),
    );
    for (const key of PERCENTILE_KEYS) expect(two.latency[key]).toBeCloseTo(0.03, 15);
  });

  it('a delay visited with probability ½: p50 = 0, p90 = D (the quantile sits on the jumps)', () => {
    const r = analyze(model(10, [{ service: '4ms', threads: 'infinite', distribution: 'deterministic', visits: 0.5 }]));
    expect(r.latency.p50).toBe(0);
    expect(r.latency.p90).toBe(0.004);
    expect(r.latency.p999).toBe(0.004);
  });

  it('a delay visited 1 + Geometric times (mean 2): T = N·D with P(N = n) = 2^−n', () => {
    // P(N ≤ n) = 1 − 2^−n, so the p-quantile is ⌈log2(1/(1 − p))⌉ visits.
    const d = 0.003;
    const r = analyze(model(10, [{ service: '3ms', threads: 'infinite', distribution: 'deterministic', visits: 2 }]));
    for (const key of PERCENTILE_KEYS) {
      const visits = Math.ceil(Math.log2(1 / (1 - PERCENTILE_LEVELS[key])) - 1e-12);
      expect(r.latency[key], key).toBeCloseTo(visits * d, 14);
    }
  });

  it('near-deterministic (Erlang-1000) delay: percentiles within 0.25 % of the exact gamma quantiles (0.5 % off if inverted whole)', () => {
    // Gamma(k, D/k) quantiles by Wilson–Hilferty (1931): D·(1 − 1/(9k) + z·√(1/(9k)))³, error ~1e−6 at k = 1000.
    const k = 1000;
    const z: Record<string, number> = { p50: 0, p90: 1.2815515655446004, p95: 1.6448536269514722, p99: 2.3263478740408408, p999: 3.090232306167813 };
    const r = analyze(model(10, [{ service: '10ms', threads: 'infinite', distribution: 'erlang', k }]));
    for (const key of PERCENTILE_KEYS) {
      const exact = 0.01 * Math.pow(1 - 1 / (9 * k) + z[key]! * Math.sqrt(1 / (9 * k)), 3);
      expect(rel(r.latency[key], exact), key).toBeLessThan(2.5e-3);
    }
    expect(r.notes.join(' ')).toMatch(/near-deterministic/);
  });
});

describe('latencyDistribution: the distribution analyze inverts', () => {
  const shapes = [
    [{ service: '2ms', threads: 4, distribution: 'hyperexponential', scv: 3 }, { service: '20ms', threads: 3, distribution: 'deterministic' }],
    [{ service: '3ms', threads: 1 }, { service: '1ms', threads: 2, distribution: 'deterministic', visits: 0.5 }, { service: '2ms', threads: 1, distribution: 'gamma', scv: 0.5 }],
  ];
  it('its quantiles are analyze’s percentiles and its CDF is non-decreasing and in [0, 1]', () => {
    for (const stages of shapes) {
      const m = model(100, stages);
      const r = analyze(m);
      const distribution = latencyDistribution(m)!;
      expect(distribution.mean).toBe(r.latency.mean);
      const levels = PERCENTILE_KEYS.map((key) => PERCENTILE_LEVELS[key]);
      expect(distribution.quantiles(levels)).toEqual(PERCENTILE_KEYS.map((key) => r.latency[key]));
      for (const key of PERCENTILE_KEYS) {
        const t = r.latency[key]!;
        expect(distribution.cdf(t)).toBeGreaterThanOrEqual(PERCENTILE_LEVELS[key] - 1e-7);
        expect(distribution.cdf(t * (1 - 1e-6))).toBeLessThan(PERCENTILE_LEVELS[key] + 1e-7);
      }
      let previous = 0;
      for (let i = 0; i <= 400; i++) {
        const p = distribution.cdf((i / 400) * 1.2 * r.latency.p999!);
        expect(p).toBeGreaterThanOrEqual(previous - 1e-9);
        expect(p).toBeLessThanOrEqual(1);
        previous = p;
      }
    }
  });

  it('is null for an unstable model', () => {
    expect(latencyDistribution(model(300, [{ service: '10ms', threads: 2 }]))).toBeNull();
  });
});
