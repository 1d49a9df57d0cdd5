/**
 * Issue 12, one source of truth: stability and carried rates subtract refusals at full queues upstream, by one
 * rule (model/capacity.ts stability) that analysis and simulation both use. Before it, a stable model behind a
 * loss stage was called unstable by both (the offered rate, not the carried one, was charged downstream) and
 * simulate refused to run it.
 */
import { describe, expect, it } from 'vitest';
import { analyze as analyzeAnalytic } from '../../src/analytic/analyze.ts';
import { mmck } from '../../src/analytic/mmc.ts';
import { mg1k } from '../../src/analytic/mg1k.ts';
import { stability } from '../../src/model/capacity.ts';
import { parseModel } from '../../src/model/load.ts';
import { erlangB, mmckBlocking } from '../../src/model/loss-probability.ts';
import { analyze } from '../../src/solve/analyze.ts';
import { simulate } from '../../src/sim/simulate.ts';

const model = (rate: number, front: Record<string, unknown>, back: Record<string, unknown>) =>
  parseModel(JSON.stringify({ name: 'losses', workload: { arrivalRate: rate }, stages: [{ name: 'front', ...front }, { name: 'back', ...back }] }));

/** M/M/1/1 at 1000/s with 1 ms service refuses ρ/(1+ρ) = 50 %: back sees 500/s, ρ 0.9 (brief's example). */
const lossStage = model(1000, { service: '1ms', threads: 1, queueCapacity: 0 }, { service: '1.8ms', threads: 1 });
/** M/M/4/6 at 1500/s, 4 ms: a = 6, p_K = 0.38268 (direct sum), so back (1 ms, 1 thread) sees 925.98/s. */
const fourThreads = (backService: string, distribution?: Record<string, unknown>) =>
  model(1500, { service: '4ms', threads: 4, queueCapacity: 2, ...distribution }, { service: backService, threads: 1 });
const P_K = 0.3826771653543307;

describe('exact blocking in the model (loss-probability.ts)', () => {
  it('M/M/c/K p_K equals the analytic M/M/c/K chain on both sides of ρ = 1 and at it', () => {
    for (const [a, c, q] of [[6, 4, 2], [0.5, 1, 0], [3, 4, 100], [4, 4, 7], [4.000001, 4, 500], [40, 8, 1000], [0.01, 2, 3]] as const) {
      const exact = mmck(a, 1, c, q).blocking;
      expect(Math.abs(mmckBlocking(a, c, q) - exact)).toBeLessThanOrEqual(1e-12 * Math.max(exact, 1e-300) + 1e-300);
    }
    expect(mmckBlocking(6, 4, 2)).toBeCloseTo(P_K, 14);
    expect(erlangB(1, 1)).toBe(0.5);
  });
});

describe('stability after refusals upstream', () => {
  it('a loss stage ahead: stable at the carried 500/s, in analysis and simulation', () => {
    expect(stability(lossStage, 1000)).toEqual({ overloaded: [], decidedBy: [] });
    const a = analyzeAnalytic(lossStage, { percentiles: false });
    expect(a.stable).toBe(true);
    expect(a.throughput).toBeCloseTo(500, 9);
    expect(a.dropRate).toBeCloseTo(0.5, 12);
    expect(a.stages[1]!.utilization).toBeCloseTo(0.9, 9);
    const s = simulate(lossStage, { requests: 20_000, replications: 2, seed: 3 });
    expect(s.stable).toBe(true);
    expect(s.events).toBeGreaterThan(0);
    expect(Math.abs(s.dropRate - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(s.throughput! / 500 - 1)).toBeLessThan(0.04);
  });

  it("the loss-stage example's figures against the exact answer (E2/M/1 behind an M/M/1/1)", () => {
    // After each departure the M/M/1/1 is empty, so back's arrivals are renewal: Exp(1000/s) + Exp(1000/s),
    // Erlang-2. GI/M/1: σ = A*(µ(1 − σ)) = (1000/(1000 + µ(1 − σ)))², µ = 1/1.8 ms, and the sojourn is
    // Exp(µ(1 − σ)); end to end it adds front's Exp(1 ms). σ = 0.868218: mean 14.659 ms, p99 63.940 ms.
    const a = analyze(lossStage);
    expect(a.stable).toBe(true);
    expect(a.dropRate).toBeCloseTo(0.5, 12);
    expect(Math.abs(a.latency.mean! / 0.014659 - 1)).toBeLessThan(0.05);
    expect(Math.abs(a.latency.p99! / 0.06394 - 1)).toBeLessThan(0.05);
  });

  it('a finite queue on 4 threads ahead of a pool the offered rate would overload', () => {
    const m = fourThreads('1ms');
    expect(stability(m, 1500).overloaded).toEqual([]);
    const a = analyzeAnalytic(m, { percentiles: false });
    expect(a.stable).toBe(true);
    expect(a.throughput).toBeCloseTo(1500 * (1 - P_K), 6);
    expect(a.stages[1]!.utilization).toBeCloseTo(1.5 * (1 - P_K), 9);
    const s = simulate(m, { requests: 20_000, replications: 2, seed: 3 });
    expect(s.stable).toBe(true);
    expect(Math.abs(s.dropRate - P_K)).toBeLessThan(0.02);
  });

  it('still overloaded after the refusals: unstable in both, at the same throughput and drop rate', () => {
    const m = fourThreads('1.2ms'); // capacity 833/s < 926/s carried
    expect(stability(m, 1500)).toEqual({ overloaded: ['back'], decidedBy: [] });
    const a = analyzeAnalytic(m, { percentiles: false });
    const s = simulate(m, { requests: 2000, replications: 1 });
    expect(a.stable).toBe(false);
    expect(s.stable).toBe(false);
    expect(s.throughput).toBe(a.throughput);
    expect(a.throughput).toBeCloseTo(1000 / 1.2, 9);
    expect(a.dropRate).toBeCloseTo(P_K, 12);
    // The simulator does not run it (no steady state), but the refusals ahead of the overload are exact.
    expect(s.dropRate).toBeCloseTo(P_K, 12);
    expect(s.stages.map((r) => r.throughput)).toEqual([expect.closeTo(1500 * (1 - P_K), 6), expect.closeTo(1000 / 1.2, 6)]);
  });

  it('a loss stage visited by some requests only: the others pass it, saturated or not', () => {
    // 30 % visit an M/M/1/1 offered 1.5 Erlangs (B = 0.6): 1000 − 300·B = 820/s reach back. The loss pool's
    // capacity in requests, 1/(0.3 · 5 ms) = 667/s, is no cap on what passes: the 70 % that skip it pass too.
    const lossy = (backService: string) => model(1000, { service: '5ms', threads: 1, queueCapacity: 0, visits: 0.3 }, { service: backService, threads: 1 });
    const a = analyzeAnalytic(lossy('1.1ms'), { percentiles: false }); // back at 0.902
    expect(a.stable).toBe(true);
    expect(a.throughput).toBeCloseTo(820, 6);
    const over = lossy('1.35ms'); // back at 1.107: unstable (at a 667/s cap it would pass for 0.9)
    const s = simulate(over, { requests: 1000 });
    expect(s.stable).toBe(false);
    expect(analyzeAnalytic(over, { percentiles: false }).stable).toBe(false);
    expect(s.dropRate).toBeCloseTo(0.18, 12);
    // Completed visits: the loss stage serves its admitted 300·(1 − B)/s, back its capacity.
    expect(s.stages[0]!.throughput).toBeCloseTo(120, 6);
    expect(s.stages[1]!.throughput).toBeCloseTo(1000 / 1.35, 6);
  });

  it('refusals not known exactly (lognormal service): simulation measures them, analysis confirms by simulation', () => {
    const m = fourThreads('1ms', { distribution: 'lognormal', scv: 4 });
    expect(stability(m, 1500)).toEqual({ overloaded: ['back'], decidedBy: ['front'] });
    const s = simulate(m, { requests: 20_000, replications: 2, seed: 3 });
    expect(s.stable).toBe(true);
    expect(s.notes.join('\n')).toMatch(/measured refusals at front/);
    const a = analyze(m, { percentiles: false });
    expect(a.stable).toBe(true);
    expect(a.notes.join('\n')).toMatch(/stability rests on refusals the analytic methods only approximate/);
  });

  it('refusals not known exactly and still overloaded: both unstable, with the measured drop rate', () => {
    const m = fourThreads('1.2ms', { distribution: 'lognormal', scv: 4 });
    const s = simulate(m, { requests: 20_000, replications: 2, seed: 3 });
    expect(s.stable).toBe(false);
    expect(s.dropRate).toBeGreaterThan(0.3);
    expect(s.latency.mean).toBeNull();
    expect(s.stages.find((r) => r.name === 'back')!.meanWait).toBeNull();
    expect(analyzeAnalytic(m, { percentiles: false }).stable).toBe(false);
    expect(analyze(m, { percentiles: false }).stable).toBe(false);
  });

  it('certain without knowing the refusals: overloaded even if the finite queue refused every visitor', () => {
    // 70 % skip the lognormal front (2 threads: no exact refusals), so back sees at least 700/s × 1.5 ms = 1.05
    // whatever front refuses.
    const m = model(1000, { service: '10ms', threads: 2, queueCapacity: 2, visits: 0.3, distribution: 'lognormal', scv: 4 }, { service: '1.5ms', threads: 1 });
    expect(stability(m, 1000)).toEqual({ overloaded: ['back'], decidedBy: [] });
    const s = simulate(m, { requests: 1000 });
    expect(s.stable).toBe(false);
    expect(s.events).toBe(0);
    expect(analyze(m, { percentiles: false }).stable).toBe(false);
  });

  it('overloaded by a clear margin after the approximate refusals: analysis answers without simulating', () => {
    const m = fourThreads('1.3ms', { distribution: 'lognormal', scv: 4 }); // back ≈ 918/s × 1.3 ms = 1.19
    expect(stability(m, 1500).decidedBy).toEqual(['front']);
    const a = analyzeAnalytic(m, { percentiles: false });
    expect(a.stable).toBe(false);
    expect(a.notes.join('\n')).not.toMatch(/stability decided/);
    const p = analyze(m, { percentiles: false });
    expect(p.notes.join('\n')).not.toMatch(/simulated/);
    expect(p.stable).toBe(false);
  });

  it('one thread, any service: M/G/1/K refusals are exact (the embedded chain)', () => {
    // Lognormal scv 4 on one thread, 2 places, offered 1.2: back (1 ms) would be at 1.5 offered; after p_K
    // it is stable, decided without simulating.
    const m = model(1500, { service: '0.8ms', threads: 1, queueCapacity: 2, distribution: 'lognormal', scv: 4 }, { service: '1ms', threads: 1 });
    const b = mg1k(1500, m.stages[0]!.service, 2)!.blocking;
    expect(b).toBeGreaterThan(1 / 3);
    expect(stability(m, 1500)).toEqual({ overloaded: [], decidedBy: [] });
    const s = simulate(m, { requests: 20_000, replications: 2, seed: 3 });
    expect(s.stable).toBe(true);
    expect(s.notes.join('\n')).not.toMatch(/stability decided/);
    expect(Math.abs(s.dropRate / b - 1)).toBeLessThan(0.05);
  });

  it('a pool met again after a loss stage is asked the load that reaches each meeting, not the offered one', () => {
    // io (1 thread) serves read (0.5 ms) and parse (0.6 ms): 1.1 at the offered 1000/s; the loss stage between
    // refuses about half, so io runs near 0.5 + 0.3. Its input is io's departures (not Poisson): measured.
    const m = parseModel(
      JSON.stringify({
        name: 'met-twice',
        workload: { arrivalRate: 1000 },
        pools: { io: { threads: 1 } },
        stages: [
          { name: 'read', service: '0.5ms', pool: 'io' },
          { name: 'gate', service: '1ms', threads: 1, queueCapacity: 0 },
          { name: 'parse', service: '0.6ms', pool: 'io' },
        ],
      }),
    );
    expect(stability(m, 1000)).toEqual({ overloaded: ['io'], decidedBy: ['gate'] });
    const s = simulate(m, { requests: 20_000, replications: 2, seed: 3 });
    expect(s.stable).toBe(true);
    expect(s.dropRate).toBeGreaterThan(0.4);
    expect(analyzeAnalytic(m, { percentiles: false }).stable).toBe(true);
  });

  it('with retries nothing is subtracted: a refused request comes back', () => {
    const retried = parseModel(
      JSON.stringify({
        name: 'r',
        workload: { arrivalRate: 1000, retry: { attempts: 3, backoff: '1ms' } },
        stages: [{ name: 'front', service: '1ms', threads: 1, queueCapacity: 0 }, { name: 'back', service: '1.8ms', threads: 1 }],
      }),
    );
    expect(stability(retried, 1000)).toEqual({ overloaded: ['back'], decidedBy: [] });
    expect(stability(lossStage, 1000).overloaded).toEqual([]);
  });

  it('a closed workload refuses nothing (its clients wait for room), so nothing is subtracted', () => {
    const closed = parseModel(
      JSON.stringify({ name: 'c', workload: { clients: 20, thinkTime: 0 }, stages: [{ name: 'front', service: '1ms', threads: 1, queueCapacity: 0 }, { name: 'back', service: '1.8ms', threads: 1 }] }),
    );
    const a = analyzeAnalytic(closed, { percentiles: false });
    expect(a.stable).toBe(true);
    expect(a.dropRate).toBe(0);
    expect(a.throughput).toBeCloseTo(1 / 0.0018, 0);
  });
});
