/** Simulation results become chart points field by field, CI included, and the simulated points sit where analysis says. */
import { describe, expect, it } from 'vitest';
import { simLoadPoint, simPercentiles, simulateLoad } from '../../src/charts/sim-data.ts';
import { loadPoint } from '../../src/charts/cli-data.ts';
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
    const [point] = simulateLoad(model, [50], options);
    const analytic = loadPoint(model, 50).p50Seconds!;
    expect(analytic).toBeCloseTo(Math.LN2 / 50, 6);
    // 5 × 4,000 requests: the median's relative standard error is ~1 %; allow 4 CI half-widths or 5 %.
    expect(Math.abs(point!.p50! - analytic)).toBeLessThan(Math.max(4 * (point!.ciP50 ?? 0), 0.05 * analytic));
  });
});
