/**
 * Non-Poisson arrivals and loss systems against exact results:
 * - GI/M/1 (Kleinrock 1975, §6.4): with σ the root in (0, 1) of σ = A*(µ(1 − σ)), A* the inter-arrival LST,
 *   the mean response is 1 / (µ(1 − σ)). D/M/1 for arrivalScv = 0, H2/M/1 (balanced means) for scv = 4.
 * - M/M/c/c (Erlang B): a pool with no waiting room drops B(c, a) of the requests.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/simulate.ts';
import { inside, mmc, mmckBlocking, model } from './helpers.ts';

function gim1Response(lst: (s: number) => number, mu: number): number {
  let sigma = 0.5;
  for (let k = 0; k < 10_000; k++) sigma = lst(mu * (1 - sigma));
  return 1 / (mu * (1 - sigma));
}

const run = { requests: 40_000, replications: 8, seed: 21 };

describe('renewal arrivals and loss', () => {
  it('D/M/1 at ρ = 0.8 (arrivalScv 0)', () => {
    const lambda = 0.8;
    const exact = gim1Response((s) => Math.exp(-s / lambda), 1);
    const r = simulate(model(`name: dm1\nworkload: { arrivalRate: ${lambda}, arrivalScv: 0 }\nstages:\n  - { name: s, service: 1, threads: 1 }\n`), run);
    expect(inside(exact, r.latency.mean, r.ci.mean)).toBe(true);
    // Deterministic arrivals queue less than Poisson ones: 1/(1 − 0.8) = 5.
    expect(r.latency.mean!).toBeLessThan(4);
  });

  it('H2/M/1 at ρ = 0.6 (arrivalScv 4, balanced means)', () => {
    const lambda = 0.6;
    const scv = 4;
    const p1 = 0.5 * (1 + Math.sqrt((scv - 1) / (scv + 1)));
    const rate1 = 2 * p1 * lambda;
    const rate2 = 2 * (1 - p1) * lambda;
    const lst = (s: number) => (p1 * rate1) / (rate1 + s) + ((1 - p1) * rate2) / (rate2 + s);
    const exact = gim1Response(lst, 1);
    const r = simulate(model(`name: h2m1\nworkload: { arrivalRate: ${lambda}, arrivalScv: ${scv} }\nstages:\n  - { name: s, service: 1, threads: 1 }\n`), { ...run, requests: 80_000 });
    expect(inside(exact, r.latency.mean, r.ci.mean)).toBe(true);
  });

  it('M/M/3/3 loss: drop rate is Erlang B', () => {
    const r = simulate(mmc(2, 1, 3, ', queueCapacity: 0'), run);
    expect(inside(mmckBlocking(2, 3, 0), r.dropRate, r.ci.dropRate)).toBe(true);
    expect(r.stages[0]!.probWait).toBe(0);
  });
});
