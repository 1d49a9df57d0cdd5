/**
 * Variability carried through a tandem over time scales (src/analytic/qna.ts FlowVariability): a queue reshapes
 * its departures only over times shorter than its relaxation time; over longer ones a stable queue passes its
 * arrivals' variability through (departures = arrivals − change in queue). QNA's one-number flow (eq. 39) put the
 * mean of the issue's bursty tandem (arrivalScv 4; ρ 0.65, 0.91, 0.95) 28 % low; see bench/classes.ts bursty.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { relaxationSeconds, scvSeenAt } from '../../src/analytic/qna.ts';
import { parseModel } from '../../src/model/load.ts';
import { simulate } from '../../src/sim/simulate.ts';

function tandem(arrivalScv: number, loads: number[]) {
  return parseModel(
    JSON.stringify({
      name: 'tandem',
      workload: { arrivalRate: 1000, arrivalScv },
      stages: loads.map((rho, i) => ({ name: `s${i}`, service: `${rho * 1000}us`, threads: 1 })),
    }),
  );
}

describe('flow variability over time scales', () => {
  it('a station much faster than the upstream queue sees QNA’s departure scv; a much slower one the long-run scv', () => {
    const flow = { short: 2, long: 4, scale: 1 };
    expect(scvSeenAt(flow, 1e-9)).toBeCloseTo(2, 6);
    expect(scvSeenAt(flow, 1e9)).toBeCloseTo(4, 6);
    const middle = scvSeenAt(flow, 3);
    expect(middle).toBeGreaterThan(2);
    expect(middle).toBeLessThan(4);
    // An external renewal flow is the same at every time scale.
    expect(scvSeenAt({ short: 4, long: 4, scale: 0 }, 5)).toBe(4);
  });

  it('relaxation time grows as 1/(1 − ρ)² and shrinks with servers', () => {
    expect(relaxationSeconds(1, 1, 1e-3, 1, 0.9) / relaxationSeconds(1, 1, 1e-3, 1, 0.8)).toBeCloseTo(4, 9);
    expect(relaxationSeconds(1, 1, 1e-3, 4, 0.9) / relaxationSeconds(1, 1, 1e-3, 1, 0.9)).toBeCloseTo(0.25, 9);
  });

  it('Poisson arrivals through exponential stages stay exact (Jackson): the flow stays scv 1 throughout', () => {
    const result = analyze(tandem(1, [0.5, 0.9, 0.95]));
    const exact = [0.5, 0.9, 0.95].reduce((sum, rho) => sum + (rho / 1000) / (1 - rho), 0);
    expect(result.latency.mean! / exact - 1).toBeCloseTo(0, 10);
  });

  it('smooth arrivals (scv 0.25) into ρ 0.5 then ρ 0.9: mean and p99 within 6 % of a seeded simulation (QNA: +14 %, +17 %)', () => {
    const model = tandem(0.25, [0.5, 0.9]);
    const sim = simulate(model, { requests: 150_000, replications: 4, seed: 4 });
    const a = analyze(model);
    expect(Math.abs(a.latency.mean! / sim.latency.mean! - 1)).toBeLessThan(0.06);
    expect(Math.abs(a.latency.p99! / sim.latency.p99! - 1)).toBeLessThan(0.06);
  });
});
