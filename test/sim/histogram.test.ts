/**
 * The percentile sketch: relative error against exact quantiles, and confidence intervals of percentiles that
 * do not collapse to 0 when the replications differ.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, LogHistogram } from '../../src/sim/histogram.ts';
import { Xoshiro128 } from '../../src/sim/rng.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { mmc } from './helpers.ts';

/** Exact q-quantile of a sample by the same "cumulative count reaches q·n" rule, interpolated between order statistics. */
function exactQuantile(sorted: readonly number[], q: number): number {
  const h = q * sorted.length - 0.5;
  const lo = Math.max(0, Math.floor(h));
  const hi = Math.min(sorted.length - 1, lo + 1);
  const f = Math.min(1, Math.max(0, h - lo));
  return sorted[lo]! * (1 - f) + sorted[hi]! * f;
}

describe('LogHistogram', () => {
  it('quantiles of 200 000 exponential samples lie within 0.5% of the exact sample quantiles', () => {
    const h = new LogHistogram();
    const rng = new Xoshiro128(3);
    const xs = Array.from({ length: 200_000 }, () => -Math.log(rng.next()) * 0.004);
    for (const x of xs) h.record(x);
    const sorted = [...xs].sort((a, b) => a - b);
    for (const q of [0.01, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      expect(Math.abs(h.quantile(q)! / exactQuantile(sorted, q) - 1), `q = ${q}`).toBeLessThanOrEqual(0.005);
    }
  });

  it('quantiles of the Exp(1) law itself: −ln(1 − q) within 0.5% with 10⁶ samples', () => {
    const h = new LogHistogram();
    const rng = new Xoshiro128(9);
    for (let i = 0; i < 1_000_000; i++) h.record(-Math.log(rng.next()));
    // Sampling error of the q-quantile is √(q/(1−q)/n) relative to its density; ≤ 0.3% here for q ≤ 0.99.
    for (const q of [0.5, 0.9, 0.99]) {
      expect(Math.abs(h.quantile(q)! / -Math.log(1 - q) - 1), `q = ${q}`).toBeLessThanOrEqual(0.005);
    }
  });

  it('a bucket is at most 0.1% wide relative to its values (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-8, max: 1e5, noNaN: true }), (x) => {
        const up = x * 1.001;
        // Two values 0.1% apart never share a bucket... except when the step from x is below one bucket width.
        expect(bucketOf(up)).toBeGreaterThan(bucketOf(x));
        expect(bucketOf(x * (1 + 1 / 4096))).toBeLessThanOrEqual(bucketOf(x) + 1);
      }),
    );
  });

  it('a single value is reported exactly (min/max clamp)', () => {
    const h = new LogHistogram();
    for (let i = 0; i < 10; i++) h.record(0.0123);
    expect(h.quantile(0.99)).toBe(0.0123);
  });
});

describe('percentile confidence intervals', () => {
  it('are not 0 when the replications differ (M/M/1 at ρ = 0.7, 5 replications)', () => {
    const r = simulate(mmc(7000, 1e-4, 1), { requests: 20_000, replications: 5, seed: 1 });
    for (const key of ['p50', 'p90', 'p99'] as const) {
      expect(r.ci[key], key).not.toBeNull();
      expect(r.ci[key]!, key).toBeGreaterThan(0);
    }
  });

  it('p50 separates two loads whose medians differ by 1% (M/M/1, service 100 µs, ρ 0.20 vs 0.21)', () => {
    // M/M/1 response is Exp(μ − λ): median ln 2/(μ − λ); 1/(8000) vs 1/(7900) differ by 1.27%.
    const at = (lambda: number) => simulate(mmc(lambda, 1e-4, 1), { requests: 200_000, replications: 2, seed: 1 }).latency.p50!;
    const ratio = at(2100) / at(2000);
    expect(ratio).toBeGreaterThan(1.005);
    expect(Math.abs(ratio / (8000 / 7900) - 1)).toBeLessThan(0.01);
  });
});
