/**
 * Calibration of the confidence intervals: over 100 seeded M/M/c and tandem models the exact mean latency
 * must fall inside the 95% CI in 90–99% of them. A CI that never misses is as wrong as one that often does.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/simulate.ts';
import { Xoshiro128 } from '../../src/sim/rng.ts';
import { mmc, mmcResponse, model } from './helpers.ts';

describe('95% confidence intervals', () => {
  it('cover the exact mean latency in 90–99 of 100 random M/M/c and tandem models', () => {
    const pick = new Xoshiro128(2024);
    let covered = 0;
    for (let k = 0; k < 100; k++) {
      const c1 = 1 + Math.floor(pick.next() * 3);
      const rho1 = 0.2 + 0.5 * pick.next();
      const lambda = 1;
      const s1 = (rho1 * c1) / lambda;
      let exact = mmcResponse(lambda, s1, c1);
      let m;
      if (k % 2 === 0) {
        m = mmc(lambda, s1, c1);
      } else {
        const c2 = 1 + Math.floor(pick.next() * 3);
        const s2 = ((0.2 + 0.5 * pick.next()) * c2) / lambda;
        exact += mmcResponse(lambda, s2, c2);
        m = model(`name: t
workload: { arrivalRate: ${lambda} }
stages:
  - { name: a, service: ${s1}, threads: ${c1} }
  - { name: b, service: ${s2}, threads: ${c2} }
`);
      }
      const r = simulate(m, { requests: 4000, replications: 10, warmup: 400, seed: k + 1 });
      if (Math.abs(r.latency.mean! - exact) <= r.ci.mean!) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(90);
    expect(covered).toBeLessThanOrEqual(99);
  });
});
