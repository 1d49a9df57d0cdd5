/**
 * Re-entered stages (visits > 1): means against the exact M/G/1-with-Bernoulli-feedback sojourn (Takács 1963:
 * by the immediate-feedback argument in src/analytic/feedback.ts, Pollaczek–Khinchine with the compound service
 * X = S_1 + … + S_G), and percentiles against seeded simulations. The former method (v independent arrivals of
 * the per-visit service) was −35 % (deterministic, ρ 0.9), +93 % (H2 scv 4) on the mean and −35 % on p99 even
 * for exponential service.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { compoundSecondMoment, compoundServiceScv } from '../../src/analytic/feedback.ts';
import { parseModel } from '../../src/model/load.ts';
import { simulate } from '../../src/sim/simulate.ts';

const RATE = 1000;

function reentered(stage: Record<string, unknown>, rho: number, visits: number, threads = 1) {
  const service = (rho * threads) / (RATE * visits);
  return {
    service,
    model: parseModel(
      JSON.stringify({
        name: 'reentry',
        workload: { arrivalRate: RATE },
        stages: [{ name: 's', service: `${service * 1e6}us`, threads, visits, ...stage }],
      }),
    ),
  };
}

/** Takács (1963): E[T] = v·m + λ·E[X²] / (2(1 − ρ)), ρ = λ·v·m. */
function takacsMean(service: number, scv: number, visits: number): number {
  const rho = RATE * visits * service;
  return visits * service + (RATE * compoundSecondMoment(service, scv, visits)) / (2 * (1 - rho));
}

describe('re-entered stage, immediate-feedback equivalent', () => {
  it('compound service: E[X] = v·m, scv(X) = 1 + (cs² − 1)/v (an exponential stays exponential)', () => {
    expect(compoundServiceScv(1, 3)).toBe(1);
    expect(compoundServiceScv(0, 4)).toBeCloseTo(0.75, 15);
    // Deterministic m = 1, v = 2: G visits, E[G²] = 2v² − v = 6.
    expect(compoundSecondMoment(1, 0, 2)).toBeCloseTo(6, 12);
  });

  it.each([
    ['exponential', {}, 0.9, 3, 1],
    ['deterministic', { distribution: 'deterministic' }, 0.9, 3, 0],
    ['hyperexponential scv 4', { distribution: 'hyperexponential', scv: 4 }, 0.9, 3, 4],
    ['erlang k = 4', { distribution: 'erlang', k: 4 }, 0.6, 1.7, 0.25],
    ['lognormal scv 2', { distribution: 'lognormal', scv: 2 }, 0.5, 2.5, 2],
  ])('M/G/1 with Bernoulli feedback (%s): mean sojourn exact (Takács 1963)', (_, stage, rho, visits, scv) => {
    const { service, model } = reentered(stage, rho, visits);
    const result = analyze(model);
    expect(result.latency.mean! / takacsMean(service, scv, visits) - 1).toBeCloseTo(0, 10);
    // Per-visit figures: v visits of (wait + service) make the mean.
    const stage0 = result.stages[0]!;
    expect(visits * stage0.meanResponse!).toBeCloseTo(result.latency.mean!, 12);
    expect(result.notes.join(' ')).toContain('immediate-feedback equivalent');
  });

  it.each([
    ['deterministic, ρ 0.9, v 3', { distribution: 'deterministic' }, 0.9, 3, 1],
    ['hyperexponential scv 4, ρ 0.8, v 2', { distribution: 'hyperexponential', scv: 4 }, 0.8, 2, 1],
  ])('p99 within 10 % of a seeded simulation (%s): the visits’ waits are correlated', (_, stage, rho, visits, threads) => {
    const { model } = reentered(stage, rho, visits, threads);
    const sim = simulate(model, { requests: 60_000, replications: 4, seed: 5 });
    const a = analyze(model);
    // The mean is exact here (Takács, above): only the simulation's noise separates them.
    expect(Math.abs(a.latency.mean! - sim.latency.mean!)).toBeLessThan(3 * sim.ci.mean!);
    expect(Math.abs(a.latency.p99! / sim.latency.p99! - 1)).toBeLessThan(0.1);
  });
});
