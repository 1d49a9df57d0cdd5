import { describe, expect, it } from 'vitest';
import { gimc, gimck } from '../../src/analytic/gimc.ts';
import { mmc, mmck } from '../../src/analytic/mmc.ts';
import { parseModel } from '../../src/model/load.ts';
import { analyze } from '../../src/analytic/analyze.ts';
import { simulate } from '../../src/sim/simulate.ts';

describe('GI/M/c (phase-type renewal arrivals, exponential service)', () => {
  it('is Erlang C when the arrivals are Poisson, from 1 to 1000 threads', () => {
    for (const [c, rho] of [[1, 0.5], [4, 0.9], [64, 0.99], [1000, 0.3], [8, 0.05]] as const) {
      const lambda = (rho * c) / 0.01;
      const renewal = gimc(lambda, 0.01, c, 1);
      const erlang = mmc(lambda, 0.01, c);
      expect(renewal.probWait).toBeCloseTo(erlang.probWait, 12);
      expect(renewal.meanWait / erlang.meanWait).toBeCloseTo(1, 10);
      expect(renewal.meanQueueLength / erlang.meanQueueLength).toBeCloseTo(1, 10);
    }
  });

  it('E2/M/1 at ρ 0.5 is the closed form σ = (3 − √5)/2', () => {
    // σ = (2λ/(2λ + µ(1 − σ)))² with λ = 1, µ = 2: σ³ − 4σ² + 4σ − 1 = 0, the root in (0, 1) is (3 − √5)/2.
    const sigma = (3 - Math.sqrt(5)) / 2;
    const r = gimc(1, 0.5, 1, 0.5);
    expect(r.probWait).toBeCloseTo(sigma, 12);
    expect(r.meanWait).toBeCloseTo(sigma / (2 * (1 - sigma)), 12);
    expect(r.wait.kind).toBe('exponential');
    expect(r.wait.kind === 'exponential' && r.wait.rate).toBeCloseTo(2 * (1 - sigma), 12);
  });

  it('its time averages (levels) and its arrival-epoch view agree by Little’s law for bursty and smooth flows', () => {
    for (const [scv, rho, c] of [[4, 0.9, 4], [0.3, 0.9, 8], [2, 0.7, 16], [8, 0.5, 2], [7.9, 0.67, 1]] as const) {
      const lambda = (rho * c) / 0.01;
      const r = gimc(lambda, 0.01, c, scv);
      expect(r.meanQueueLength / (lambda * r.meanWait)).toBeCloseTo(1, 10);
      expect(r.utilization).toBeCloseTo(rho, 12);
    }
  });

  it('matches a simulation of H2 arrivals (scv 4) into 4 exponential threads at ρ 0.9, where Allen–Cunneen keeps Erlang C’s P(wait)', () => {
    const model = parseModel('workload: {arrivalRate: 360, arrivalScv: 4}\nstages: [{name: s, service: 10ms, threads: 4}]\n');
    const a = analyze(model).stages[0]!;
    const s = simulate(model, { requests: 400_000, replications: 5, seed: 3 });
    const sim = s.stages[0]!;
    // Simulated over 10M requests: P(wait) 0.8923, mean wait 52.29 ms; GI/M/c 0.8922 and 52.22 ms.
    expect(a.probWait).toBeCloseTo(0.8922, 3);
    expect(Math.abs(a.meanWait! / sim.meanWait! - 1)).toBeLessThan(0.08);
    expect(Math.abs(a.probWait! - sim.probWait!)).toBeLessThan(0.01);
    // The Erlang C figure the two-moment scaling kept: 0.788, far outside the simulation's interval.
    expect(mmc(360, 0.01, 4).probWait).toBeLessThan(sim.probWait! - 0.05);
    expect(analyze(model).pools[0]!.method).toMatch(/^GI\/M\/c .*quasi-birth–death/);
  });
});

describe('per-thread queues behind a bursty flow (random dispatch thins it)', () => {
  it('each thread sees a geometric sum of the flow’s gaps: exact, where the split scv alone was 10 % low', () => {
    // H2 (scv 4) at 200/s over 4 threads of 10 ms: simulated over 4M requests, mean wait 14.998 ms ± 0.039.
    const thread = gimc(50, 0.01, 1, 4, 1 / 4);
    expect(thread.meanWait).toBeCloseTo(0.015, 6);
    expect(gimc(50, 0.01, 1, 4 / 4 + 1 - 1 / 4).meanWait).toBeLessThan(0.0136);
    // Poisson thinned stays Poisson.
    expect(gimc(25, 0.01, 1, 1, 1 / 4).meanWait).toBeCloseTo(mmc(25, 0.01, 1).meanWait, 12);
  });
});

describe('GI/M/c/K (a finite queue behind a renewal flow)', () => {
  it('is M/M/c/K when the arrivals are Poisson, overloaded or not', () => {
    for (const [c, q, rho] of [[1, 5, 0.9], [4, 2, 0.9], [8, 10, 1.3], [32, 50, 0.7]] as const) {
      const lambda = (rho * c) / 0.01;
      const renewal = gimck(lambda, 0.01, c, q, 1);
      const markov = mmck(lambda, 0.01, c, q);
      expect(renewal.blocking).toBeCloseTo(markov.blocking, 12);
      expect(renewal.probWait).toBeCloseTo(markov.probWait, 12);
      expect(renewal.meanWait / markov.meanWait).toBeCloseTo(1, 10);
    }
    expect(gimck(100, 0.01, 1, 0, 1).blocking).toBeCloseTo(0.5, 12);
  });

  it('matches long simulations of bursty and smooth flows (4M requests each)', () => {
    // H2 scv 4 into 4 threads, 2 places, ρ 0.9: simulated drops 0.25290, wait 1.8607 ms, P(wait) 0.48332.
    const a = gimck(360, 0.01, 4, 2, 4);
    expect(Math.abs(a.blocking / 0.2529 - 1)).toBeLessThan(0.005);
    expect(Math.abs(a.meanWait / 0.0018607 - 1)).toBeLessThan(0.01);
    // scv 0.5 (Erlang 2) into one thread, 10 places, ρ 1.2: simulated drops 0.17768, wait 71.11 ms.
    const b = gimck(120, 0.01, 1, 10, 0.5);
    expect(Math.abs(b.blocking / 0.17768 - 1)).toBeLessThan(0.005);
    expect(Math.abs(b.meanWait / 0.07111 - 1)).toBeLessThan(0.01);
    // scv 3 over 4 per-thread queues of 5 places, ρ 0.5: simulated drops 0.017486, wait 11.329 ms.
    const c = gimck(50, 0.01, 1, 5, 3, 1 / 4);
    expect(Math.abs(c.blocking / 0.017486 - 1)).toBeLessThan(0.01);
    expect(Math.abs(c.meanWait / 0.011329 - 1)).toBeLessThan(0.01);
  });
});
