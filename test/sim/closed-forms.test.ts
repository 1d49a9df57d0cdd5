/**
 * Simulation against closed forms (Kleinrock 1975, Queueing Systems Vol. 1, ch. 3): the exact value must lie
 * inside the simulator's 95% CI. Seeds are fixed, so each case is deterministic.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../../src/sim/simulate.ts';
import { erlangC, inside, mmc, mmckBlocking, mmcResponse, model } from './helpers.ts';

const run = { requests: 40_000, replications: 8, seed: 7 };

describe('fast engine against closed forms', () => {
  it('M/M/1 at ρ = 0.7: mean response 1/(µ − λ), utilisation ρ, P(wait) = ρ, p90 = ln(10)/(µ − λ)', () => {
    const r = simulate(mmc(0.7, 1, 1), run);
    expect(inside(1 / 0.3, r.latency.mean, r.ci.mean)).toBe(true);
    const s = r.stages[0]!;
    expect(inside(0.7, s.utilization, r.ci.stages[0]!.utilization)).toBe(true);
    expect(inside(0.7, s.probWait, r.ci.stages[0]!.probWait)).toBe(true);
    // Response time of M/M/1 FCFS is Exp(µ − λ): its p90 is ln 10 / 0.3.
    expect(Math.abs(r.latency.p90! - Math.log(10) / 0.3) / (Math.log(10) / 0.3)).toBeLessThan(0.03);
    // Little: Lq = λ·Wq = ρ²/(1 − ρ).
    expect(inside(0.49 / 0.3, s.meanQueueLength, r.ci.stages[0]!.meanQueueLength)).toBe(true);
  });

  it('M/M/4 at ρ = 0.8: Erlang C waiting probability and mean response', () => {
    const r = simulate(mmc(3.2, 1, 4), run);
    expect(inside(erlangC(3.2, 4), r.stages[0]!.probWait, r.ci.stages[0]!.probWait)).toBe(true);
    expect(inside(mmcResponse(3.2, 1, 4), r.latency.mean, r.ci.mean)).toBe(true);
  });

  it('tandem of M/M/1 (ρ 0.5) and M/M/2 (ρ 0.75): Jackson network, responses add', () => {
    const m = model(`name: tandem
workload: { arrivalRate: 5 }
stages:
  - { name: a, service: 0.1, threads: 1 }
  - { name: b, service: 0.3, threads: 2 }
`);
    const r = simulate(m, run);
    const exact = mmcResponse(5, 0.1, 1) + mmcResponse(5, 0.3, 2);
    expect(inside(exact, r.latency.mean, r.ci.mean)).toBe(true);
    expect(inside(mmcResponse(5, 0.3, 2) - 0.3, r.stages[1]!.meanWait, r.ci.stages[1]!.meanWait)).toBe(true);
  });

  it('M/M/2/K with 3 waiting places: drop rate is the blocking probability p_K', () => {
    const r = simulate(mmc(2.4, 1, 2, ', queueCapacity: 3'), run);
    const blocking = mmckBlocking(2.4, 2, 3);
    expect(inside(blocking, r.dropRate, r.ci.dropRate)).toBe(true);
    expect(inside(blocking, r.stages[0]!.dropRate, r.ci.stages[0]!.dropRate)).toBe(true);
    expect(r.throughput! / 2.4).toBeCloseTo(1 - blocking, 1);
  });

  it('visits = 3 on one M/M/1: 1 + Geometric re-entries, each queueing again (Jackson with feedback)', () => {
    // Effective rate λ·v = 0.6 at S = 1: per-visit response 1/(1 − 0.6), request latency v times that.
    const r = simulate(mmc(0.2, 1, 1, ', visits: 3'), run);
    expect(inside(3 / 0.4, r.latency.mean, r.ci.mean)).toBe(true);
    expect(inside(0.6, r.stages[0]!.throughput, r.ci.stages[0]!.throughput)).toBe(true);
  });

  it('two stages sharing one thread run to completion: an M/G/1 with summed service (Pollaczek–Khinchine)', () => {
    const m = model(`name: shared
workload: { arrivalRate: 1.4 }
pools: { io: { threads: 1 } }
stages:
  - { name: a, service: 0.2, pool: io }
  - { name: b, service: 0.3, pool: io }
`);
    // S = Exp(0.2) + Exp(0.3): E[S] = 0.5, E[S²] = 2·0.04 + 2·0.09 + 2·0.2·0.3 = 0.38; Wq = λE[S²]/(2(1 − ρ)).
    const r = simulate(m, run);
    const rho = 1.4 * 0.5;
    const exact = 0.5 + (1.4 * 0.38) / (2 * (1 - rho));
    expect(inside(exact, r.latency.mean, r.ci.mean)).toBe(true);
    expect(r.stages[1]!.meanWait).toBe(0);
  });

  it('per-thread dispatch: 2 threads with own queues behave as two M/M/1 fed λ/2', () => {
    const r = simulate(
      model(`name: pt
workload: { arrivalRate: 1.5 }
pools: { w: { threads: 2, dispatch: per-thread } }
stages:
  - { name: s, service: 1, pool: w }
`),
      run,
    );
    expect(inside(1 / (1 - 0.75), r.latency.mean, r.ci.mean)).toBe(true);
  });

  it('closed workload, one client: throughput 1/(Z + S), latency S (no queueing)', () => {
    const r = simulate(
      model(`name: closed
workload: { clients: 1, thinkTime: 2 }
stages:
  - { name: s, service: 0.5, threads: 1 }
`),
      run,
    );
    expect(r.offeredRate).toBeNull();
    expect(inside(1 / 2.5, r.throughput, r.ci.throughput)).toBe(true);
    expect(inside(0.5, r.latency.mean, r.ci.mean)).toBe(true);
  });

  it('closed workload with a waiting room smaller than the population: no drops, MVA throughput (as analyze)', () => {
    // Two clients, no think time, one thread, no waiting place: a client waits rather than being refused, so
    // the thread is always busy (MVA: X = 1/S) and the second client waits a whole service.
    const r = simulate(
      model(`name: closed-small-queue
workload: { clients: 2, thinkTime: 0 }
stages:
  - { name: s, service: 0.5, threads: 1, queueCapacity: 0 }
`),
      run,
    );
    expect(r.dropRate).toBe(0);
    expect(inside(2, r.throughput, r.ci.throughput)).toBe(true);
    expect(inside(1, r.latency.mean, r.ci.mean)).toBe(true);
  });

  it('an overloaded open model with unbounded queues is reported unstable with nulls', () => {
    const r = simulate(mmc(2, 1, 1), run);
    expect(r.stable).toBe(false);
    expect(r.latency.mean).toBeNull();
    expect(r.throughput).toBe(1);
    expect(r.bottleneck).toBe('s');
  });
});
