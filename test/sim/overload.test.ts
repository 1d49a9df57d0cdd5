/**
 * SPEC §5 in the fast engine, against closed forms:
 *  - Erlang-A (M/M/c+M; Palm 1943, Garnett, Mandelbaum & Reiman 2002): P(abandon) = θ·Lq/λ and P(wait) from
 *    the birth–death chain with death rate min(n, c)µ + (n − c)⁺θ, summed here independently of src/;
 *  - M/M/1+D (deterministic patience or queue timeout τ; Baccelli, Boyer & Hébuterne 1984): with δ = µ − λ,
 *    P(abandon) = π0·(λ/µ)·e^(−δτ), π0 = 1 / (1 + λ(1 − e^(−δτ))/δ + (λ/µ)e^(−δτ));
 *  - an end-to-end timeout T on M/M/1 that cancels nothing: P(timeout) = P(sojourn > T) = e^(−(µ−λ)T).
 * Each must lie inside the simulation's 95% CI widened by 1.5× (5 replications: a t-interval is itself noisy).
 */
import { describe, expect, it } from 'vitest';
import { cloneableModel, reviveModel } from '../../src/sim/parallel-protocol.ts';
import { simulate } from '../../src/sim/simulate.ts';
import type { SimResult } from '../../src/sim/types.ts';
import { model } from './helpers.ts';

function erlangA(lambda: number, mu: number, theta: number, c: number): { pAbandon: number; pWait: number; lq: number } {
  const weights = [1];
  for (let n = 1; n < 10_000; n++) {
    const w = (weights[n - 1]! * lambda) / (Math.min(n, c) * mu + Math.max(0, n - c) * theta);
    weights.push(w);
    if (n > c && w < 1e-18) break;
  }
  const total = weights.reduce((a, b) => a + b, 0);
  const p = weights.map((w) => w / total);
  const lq = p.reduce((sum, x, n) => sum + Math.max(0, n - c) * x, 0);
  return { pAbandon: (theta * lq) / lambda, pWait: p.slice(c).reduce((a, b) => a + b, 0), lq };
}

function within(value: number, expected: number, halfWidth: number | null | undefined): void {
  expect(halfWidth).not.toBe(null);
  expect(Math.abs(value - expected)).toBeLessThanOrEqual(1.5 * halfWidth! + 1e-12);
}

const run = (yaml: string, requests = 40_000): SimResult => simulate(model(yaml), { requests, replications: 5, seed: 7 });

describe('overload in the fast engine, against closed forms', () => {
  for (const [c, lambda, patience] of [
    [2, 1.8, 2],
    [5, 6, 0.5],
  ] as const) {
    it(`Erlang-A: c = ${c}, λ = ${lambda}, µ = 1, mean patience ${patience} s`, () => {
      const r = run(`workload: { arrivalRate: ${lambda}, patience: { mean: ${patience}s } }
stages: [ { name: s, service: 1s, threads: ${c} } ]
`);
      const exact = erlangA(lambda, 1, 1 / patience, c);
      within(r.abandonRate!, exact.pAbandon, r.ci.abandonRate);
      within(r.stages[0]!.probWait!, exact.pWait, r.ci.stages[0]!.probWait);
      within(r.stages[0]!.meanQueueLength!, exact.lq, r.ci.stages[0]!.meanQueueLength);
      within(r.goodput!, lambda * (1 - exact.pAbandon), r.ci.goodput);
      expect(r.timeoutRate).toBe(0);
      expect(r.retryRate).toBe(0);
    });
  }

  const mm1d = (lambda: number, mu: number, tau: number) => {
    const delta = mu - lambda;
    const e = Math.exp(-delta * tau);
    const p0 = 1 / (1 + (lambda * (1 - e)) / delta + (lambda / mu) * e);
    return p0 * (lambda / mu) * e;
  };

  it('M/M/1+D: deterministic patience abandons as the closed form says', () => {
    const r = run(`workload: { arrivalRate: 0.9, patience: { mean: 2s, distribution: deterministic } }
stages: [ { name: s, service: 1s, threads: 1 } ]
`);
    within(r.abandonRate!, mm1d(0.9, 1, 2), r.ci.abandonRate);
  });

  it('a queue timeout is a drop, at the M/M/1+D rate', () => {
    const r = run(`workload: { arrivalRate: 0.9 }
stages: [ { name: s, service: 1s, threads: 1, queueTimeout: 2s } ]
`);
    within(r.dropRate, mm1d(0.9, 1, 2), r.ci.dropRate);
    expect(r.abandonRate).toBe(0);
  });

  it('an end-to-end timeout with cancel: none times out P(sojourn > T) and wastes the late work', () => {
    const r = run(`workload: { arrivalRate: 0.5, timeout: 3s, cancel: none }
stages: [ { name: s, service: 1s, threads: 1 } ]
`);
    const p = Math.exp(-0.5 * 3);
    within(r.timeoutRate!, p, r.ci.timeoutRate);
    within(r.goodput!, 0.5 * (1 - p), r.ci.goodput);
    // Every timed-out request is still served: throughput counts it, goodput does not.
    within(r.throughput!, 0.5, r.ci.throughput);
    expect(r.wastedWork!).toBeGreaterThan(0.05);
  });

  it('cancel: queued removes a timed-out request from the queue: less wasted work than cancel: none', () => {
    const base = (cancel: string) =>
      run(`workload: { arrivalRate: 0.9, timeout: 3s, cancel: ${cancel} }
stages: [ { name: s, service: 1s, threads: 1 } ]
`, 20_000);
    const none = base('none');
    const queued = base('queued');
    expect(queued.wastedWork!).toBeLessThan(none.wastedWork! / 2);
    expect(queued.throughput!).toBeLessThan(none.throughput!);
  });

  it('a retry budget caps retries near its share of traffic', () => {
    const r = run(`workload: { arrivalRate: 0.95, timeout: 2s, retry: { attempts: 5, budget: 0.05 } }
stages: [ { name: s, service: 1s, threads: 1 } ]
`, 10_000);
    const unlimited = run(`workload: { arrivalRate: 0.95, timeout: 2s, retry: { attempts: 5 } }
stages: [ { name: s, service: 1s, threads: 1 } ]
`, 10_000);
    expect(r.retryRate!).toBeLessThanOrEqual(0.05 + 0.01);
    expect(unlimited.retryRate!).toBeGreaterThan(0.2);
  });

  it('a model with patience crosses to a worker thread (structured clone) and simulates the same', () => {
    const m = model('workload: { arrivalRate: 1.8, patience: { mean: 2s } }\nstages: [ { name: s, service: 1s, threads: 2 } ]\n');
    const back = reviveModel(structuredClone(cloneableModel(m)));
    const options = { requests: 3_000, replications: 2, seed: 5 };
    expect(JSON.stringify(simulate(back, options).abandonRate)).toBe(JSON.stringify(simulate(m, options).abandonRate));
  });

  it('a plain model gets none of the SPEC §5 fields', () => {
    const r = run('workload: { arrivalRate: 0.5 }\nstages: [ { name: s, service: 1s, threads: 1 } ]\n', 2_000);
    expect('goodput' in r).toBe(false);
    expect('goodput' in r.ci).toBe(false);
  });
});

describe('time-driven runs', () => {
  it('a warm start drains: the first window holds the initial requests, the last is back to steady state', () => {
    const m = model(`workload: { arrivalRate: 50, horizon: 40s }
stages: [ { name: s, service: 10ms, threads: 1 } ]
`);
    const r = simulate(m, { replications: 2, seed: 3, initialInSystem: 500 });
    const t = r.timeline!;
    expect(t).toHaveLength(40);
    expect(t[0]!.inSystem).toBeGreaterThan(400);
    // 500 requests of 10 ms at a spare capacity of 50/s drain in about 10 s.
    expect(t[t.length - 1]!.inSystem).toBeLessThan(5);
    expect(t[0]!.offered).toBeLessThan(100); // the initial requests are not offered load
  });

  it('a schedule: offeredRate is its time average; windows follow the steps; --window sets their width', () => {
    const m = model(`workload: { arrivalRate: 100, schedule: [ { at: 0, rate: 100 }, { at: 4s, rate: 300 }, { at: 6s, rate: 100 } ], horizon: 10s }
stages: [ { name: s, service: 1ms, threads: 2 } ]
`);
    const r = simulate(m, { replications: 3, seed: 1, windowSeconds: 2 });
    expect(r.offeredRate).toBeCloseTo((100 * 8 + 300 * 2) / 10, 10);
    expect(r.timeline!.map((w) => w.start)).toEqual([0, 2, 4, 6, 8]);
    expect(r.timeline![2]!.offered).toBeGreaterThan(250);
    expect(r.timeline![1]!.offered).toBeLessThan(150);
  });

  it('the same seed gives the same timeline', () => {
    const m = model(`workload: { arrivalRate: 100, timeout: 50ms, retry: { attempts: 2, backoff: 10ms }, horizon: 5s }
stages: [ { name: s, service: 9ms, threads: 1 } ]
`);
    expect(JSON.stringify(simulate(m, { replications: 2, seed: 4 }).timeline)).toBe(JSON.stringify(simulate(m, { replications: 2, seed: 4 }).timeline));
  });
});
