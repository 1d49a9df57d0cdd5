/** MSER-5 warm-up detection (White 1997) and `warmup: 'auto'`. */
import { describe, expect, it } from 'vitest';
import { BatchMeans, mser5Warmup, mserTruncation } from '../../src/sim/mser.ts';
import { Xoshiro128 } from '../../src/sim/rng.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { cli } from '../helpers/cli.ts';
import { inside, mmc, mmcResponse } from './helpers.ts';

/** A standard normal draw (Box–Muller) from the project RNG. */
function normal(rng: Xoshiro128): number {
  return Math.sqrt(-2 * Math.log(rng.next())) * Math.cos(2 * Math.PI * rng.next());
}

describe('mserTruncation', () => {
  it('finds the end of a step transient: 600 observations biased by +4σ, then 9400 stationary ones', () => {
    const rng = new Xoshiro128(1);
    const batches = new BatchMeans();
    for (let i = 0; i < 10_000; i++) batches.add((i < 600 ? 4 : 0) + normal(rng));
    const w = mser5Warmup(batches);
    expect(w).toBeGreaterThanOrEqual(590);
    expect(w).toBeLessThanOrEqual(700);
  });

  it('finds a decaying transient (mean 10·e^(−i/300)) and deletes it; keeps most of a series with none', () => {
    const rng = new Xoshiro128(2);
    const decaying = new BatchMeans();
    const flat = new BatchMeans();
    for (let i = 0; i < 20_000; i++) {
      decaying.add(10 * Math.exp(-i / 300) + normal(rng));
      flat.add(normal(rng));
    }
    // Bias 10·e^(−i/300) falls below 0.05σ after i ≈ 1600; MSER stops where more deletion no longer pays.
    const w = mser5Warmup(decaying);
    expect(w).toBeGreaterThan(600);
    expect(w).toBeLessThan(2500);
    expect(mser5Warmup(flat)).toBeLessThan(5000);
  });

  it('the statistic is the squared standard error of the truncated mean: d = 0 when only the last batches differ', () => {
    expect(mserTruncation([1, 1, 1, 1, 1, 1, 1, 1])).toBe(0);
    expect(mserTruncation([9, 9, 1, 1, 1, 1, 1, 1, 1, 1])).toBe(2);
    expect(mserTruncation([1, 1])).toBe(0);
  });
});

describe("warmup: 'auto'", () => {
  it('M/M/1 at ρ = 0.9 from empty: the warm-up found (at most half the pilot) is applied and reported; the mean is in its CI', () => {
    const lambda = 900;
    const s = 0.001;
    const r = simulate(mmc(lambda, s, 1), { requests: 50_000, replications: 8, seed: 3, warmup: 'auto' });
    expect(r.warmup).toBeLessThanOrEqual(25_000);
    expect(r.notes.join(' ')).toContain(`MSER-5 (White 1997) on the response times of a 50000-request pilot run: ${r.warmup} requests`);
    const exact = mmcResponse(lambda, s, 1); // 10 ms
    expect(inside(exact, r.latency.mean, r.ci.mean), `${r.latency.mean} ± ${r.ci.mean}`).toBe(true);
  });

  it('is reproducible in each engine (the engines draw from their own streams, so their pilots differ)', () => {
    const m = mmc(700, 0.001, 1);
    for (const engine of ['fast', 'simjs'] as const) {
      const a = simulate(m, { requests: 5000, replications: 2, seed: 4, warmup: 'auto', engine });
      const b = simulate(m, { requests: 5000, replications: 2, seed: 4, warmup: 'auto', engine });
      expect(b.warmup).toBe(a.warmup);
      expect(a.warmup).toBeLessThanOrEqual(2500);
      expect(b.latency).toEqual(a.latency);
    }
  });

  it('reqpath simulate --warmup auto', async () => {
    const run = await cli('simulate', 'models/seda-https-json.yaml', '--json', '--requests', '2000', '--replications', '2', '--warmup', 'auto');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(typeof result.warmup).toBe('number');
    expect(result.notes.join(' ')).toMatch(/MSER-5/);
  });
});
