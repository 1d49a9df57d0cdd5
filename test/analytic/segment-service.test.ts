/**
 * A run-to-completion segment of several stages holds its thread for the sum of its stages' services: the
 * percentile transform takes that sum stage by stage (visit-lattice.ts segmentServiceLattice), not a
 * two-moment fit of it, which put p99 11% low at 14% load (harness model 2-42).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { parseModel } from '../../src/model/load.ts';

const exponentialThenBursty = [
  { name: 'parse', service: '425us', pool: 'p' },
  { name: 'decode', service: '545us', distribution: 'hyperexponential', scv: 3.1, pool: 'p' },
];

function against(doc: object): { p50: number; p99: number; ci: number } {
  const m = parseModel(JSON.stringify({ name: 'segment', ...doc }));
  const a = analyze(m);
  const s = simulate(m, { requests: 100_000, replications: 5, seed: 3 });
  return { p50: a.latency.p50! / s.latency.p50! - 1, p99: a.latency.p99! / s.latency.p99! - 1, ci: s.ci.p99! / s.latency.p99! };
}

describe('segment service: the sum of its stages, not a two-moment fit', () => {
  it('an exponential stage then a hyperexponential one in one pool, at light load', () => {
    const e = against({ workload: { arrivalRate: 560 }, pools: { p: { threads: 4 } }, stages: exponentialThenBursty });
    expect(e.ci).toBeLessThan(0.02);
    expect(Math.abs(e.p50)).toBeLessThan(0.02);
    expect(Math.abs(e.p99)).toBeLessThan(0.03);
  });

  it('with a perConnection stage due on one request in two, and a finite queue', () => {
    const e = against({
      workload: { arrivalRate: 560, requestsPerConnection: 2 },
      pools: { p: { threads: 4, queueCapacity: 8 } },
      stages: [{ name: 'handshake', service: '53us', pool: 'p', perConnection: true }, ...exponentialThenBursty],
    });
    expect(Math.abs(e.p50)).toBeLessThan(0.02);
    expect(Math.abs(e.p99)).toBeLessThan(0.03);
  });
});
