/**
 * Time-based figures of a short open run: rates are λ times per-request means (src/sim/summarize.ts windowOf),
 * so a handful of requests cannot report more throughput than was offered.
 */
import { describe, expect, it } from 'vitest';
import { loadModel, parseModel } from '../../src/model/load.ts';
import { simulate } from '../../src/sim/simulate.ts';

describe('short simulations: throughput never above the offered rate', () => {
  it('the default model at 10 requests a replication: throughput is the offered rate, not the sampled arrivals’ rate', () => {
    // The realised span of 10 arrivals made this 14,169/s against 11,200 offered (N/(N − 1) bias plus noise).
    const r = simulate(loadModel('models/seda-https-json.yaml'), { requests: 10, replications: 5, seed: 1 });
    expect(r.throughput).toBeCloseTo(11_200, 6);
    for (const seed of [2, 3, 4, 5]) {
      const s = simulate(loadModel('models/seda-https-json.yaml'), { requests: 10, replications: 5, seed });
      expect(s.throughput!).toBeLessThanOrEqual(s.offeredRate! * (1 + 1e-12));
    }
  });

  it('with drops, throughput is the offered rate times the completed share', () => {
    const m = parseModel('workload: { arrivalRate: 900 }\nstages: [ { name: s, service: 1ms, threads: 1, queueCapacity: 1 } ]');
    const r = simulate(m, { requests: 30, replications: 4, seed: 3 });
    expect(r.dropRate).toBeGreaterThan(0);
    expect(r.throughput!).toBeCloseTo(900 * (1 - r.dropRate), 6);
  });
});
