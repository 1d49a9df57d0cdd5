import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze } from '../../src/analytic/analyze.ts';
import { erlangC } from '../../src/analytic/erlang.ts';
import { withArrivalRate, withThreads } from '../../src/model/edit.ts';
import { loadModel, parseModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/types.ts';
import { plan, planAsync } from '../../src/plan/plan.ts';
import { checkSlo, needsPercentiles, type SloTarget } from '../../src/plan/slo.ts';
import { tandem } from './models.ts';

function meetsAt(model: Model, rate: number, threads: Record<string, number>, slo: SloTarget): boolean {
  let m = withArrivalRate(model, rate);
  for (const [pool, c] of Object.entries(threads)) m = withThreads(m, pool, c);
  return checkSlo(analyze(m, { percentiles: needsPercentiles(slo) }), slo).met;
}

/** Least cost over every sizing with each pool between its stability floor and floor + span. */
function bruteForce(model: Model, rate: number, slo: SloTarget, cost: Record<string, number>, span: number): number | null {
  const pools = model.pools.map((p) => p.name);
  const floors = pools.map((name) => {
    const load = model.stages.filter((s) => s.pool === name).reduce((sum, s) => sum + rate * s.visits * s.service.meanSeconds, 0);
    return Math.floor(load) + 1;
  });
  let best: number | null = null;
  const sizing = floors.slice();
  const visit = (i: number): void => {
    if (i === pools.length) {
      const total = sizing.reduce((s, c, j) => s + c * (cost[pools[j]!] ?? 1), 0);
      if (best !== null && total >= best) return;
      if (meetsAt(model, rate, Object.fromEntries(pools.map((p, j) => [p, sizing[j]!])), slo)) best = total;
      return;
    }
    for (let c = floors[i]!; c <= floors[i]! + span; c++) {
      sizing[i] = c;
      visit(i + 1);
    }
  };
  visit(0);
  return best;
}

describe('plan: closed forms', () => {
  it('sizes one M/M/c queue to the fewest servers whose Erlang C mean response meets the bound', () => {
    // M/M/c mean response T(c) = C(c, a)·S/(c − a) + S (Kleinrock, Queueing Systems I, eq. 3.41). λ = 100/s, S = 50 ms, a = 5.
    const model = tandem(100, [{ service: 0.05, threads: 20 }]);
    const response = (c: number) => (erlangC(c, 5) * 0.05) / (c - 5) + 0.05;
    for (const bound of [0.2, 0.07, 0.052, 0.0501]) {
      let expected = 6;
      while (response(expected) > bound) expected++;
      const result = plan(model, { slo: { meanSeconds: bound } });
      expect(result.feasible).toBe(true);
      expect(result.threads).toEqual({ s0: expected });
      expect(result.after!.summary.mean!).toBeLessThanOrEqual(bound);
    }
  });

  it('says which bound is infeasible and the lowest achievable value when the SLO is below the service time', () => {
    // With unlimited threads an exponential stage responds in Exp(1/S): p99 = S·ln 100 (no queueing at all).
    const model = tandem(100, [{ service: 0.01, threads: 4 }]);
    const result = plan(model, { slo: { p99Seconds: 0.04, meanSeconds: 0.005 } });
    expect(result.feasible).toBe(false);
    expect(result.threads).toBeNull();
    const byBound = Object.fromEntries(result.infeasible.map((b) => [b.bound, b]));
    expect(Object.keys(byBound)).toEqual(['mean', 'p99']);
    expect(byBound.mean!.lowestAchievable).toBeCloseTo(0.01, 9);
    expect(byBound.p99!.lowestAchievable!).toBeCloseTo(0.01 * Math.log(100), 6);
    expect(byBound.p99!.reason).toMatch(/p99 ≤ 40ms cannot be met.*46\.05ms/);
  });

  it('reports saturation of a pool it may not resize', () => {
    const model = tandem(100, [{ service: 0.001, threads: 2 }, { service: 0.05, threads: 4 }]);
    const result = plan(model, { slo: { p99Seconds: 1 }, pools: ['s0'] });
    expect(result.feasible).toBe(false);
    expect(result.infeasible[0]!.bound).toBe('saturation');
    expect(result.infeasible[0]!.reason).toMatch(/^s1 cannot be resized and saturate at 80\.00\/s/);
  });

  it('never changes a pure delay and only resizes the pools it is given', () => {
    const model = tandem(200, [
      { service: 0.002, threads: 8 },
      { service: 0.03, threads: 'infinite' },
      { service: 0.01, threads: 8 },
    ]);
    const result = plan(model, { slo: { p99Seconds: 0.2 }, pools: ['s2'] });
    expect(result.feasible).toBe(true);
    expect(result.pools.map((p) => p.role)).toEqual(['fixed', 'delay', 'resized']);
    expect(result.threads).toEqual({ s0: 8, s2: result.threads!.s2 });
    expect(result.pools[1]!.after!.threads).toBe('infinite');
    expect(result.pools[1]!.change).toBeNull();
    expect(result.overrides).toEqual([`stages.s2.threads=${result.threads!.s2}`]);
  });

  it('sizes a finite queue for its drop-rate bound (M/M/c/K blocking falls with c)', () => {
    const model = tandem(1000, [{ service: 0.004, threads: 2, queueCapacity: 4 }]);
    const result = plan(model, { slo: { maxDropRate: 0.001 } });
    expect(result.feasible).toBe(true);
    const c = result.threads!.s0!;
    expect(result.after!.summary.dropRate).toBeLessThanOrEqual(0.001);
    expect(meetsAt(model, 1000, { s0: c - 1 }, { maxDropRate: 0.001 })).toBe(false);
  });

  it('plans the default model at 3x traffic: p99 before and after, headroom of both sizings', () => {
    const model = loadModel('models/seda-https-json.yaml');
    const result = plan(model, { targetRate: 33600 });
    expect(result.feasible).toBe(true);
    expect(result.growth).toBe(3);
    expect(result.after!.meetsSlo).toBe(true);
    expect(result.after!.summary.p99!).toBeLessThanOrEqual(0.05);
    for (const pool of result.pools) {
      if (pool.after!.threads === 1) continue;
      const fewer = { ...result.threads!, [pool.name]: (pool.after!.threads as number) - 1 };
      expect(meetsAt(model, 33600, fewer, result.slo)).toBe(false);
    }
    expect(result.headroom!.multiple).toBeGreaterThan(1);
    expect(result.plannedHeadroom!.multiple).toBeGreaterThanOrEqual(1);
  });

  it('closed workload: a throughput floor keeps the plan from trading throughput for threads', () => {
    const model = parseModel(
      JSON.stringify({
        name: 'closed',
        workload: { clients: 40, thinkTime: '10ms' },
        stages: [{ name: 'a', service: '1ms', threads: 4 }, { name: 'b', service: '4ms', threads: 16 }],
        slo: { p99: '100ms' },
      }),
    );
    const loose = plan(model);
    expect(loose.feasible).toBe(true);
    expect(loose.headroom).toBeNull();
    const now = loose.before.summary.throughput!;
    expect(loose.after!.summary.throughput!).toBeLessThan(now * 0.999);
    expect(loose.notes.join('\n')).toMatch(/closed workload: fewer threads also mean less throughput/);
    const kept = plan(model, { slo: { minThroughput: now * 0.98 } });
    expect(kept.after!.summary.throughput!).toBeGreaterThanOrEqual(now * 0.98);
    expect(kept.totals.threadsAfter!).toBeGreaterThan(loose.totals.threadsAfter!);
    for (const [pool, c] of Object.entries(kept.threads!)) {
      if (c === 1) continue;
      const edited = withThreads(model, pool, c - 1);
      const others = Object.entries(kept.threads!).filter(([p]) => p !== pool);
      const check = others.reduce((m, [p, n]) => withThreads(m, p, n), edited);
      expect(checkSlo(analyze(check), kept.slo).met).toBe(false);
    }
  });

  it('planAsync agrees with plan', async () => {
    const model = tandem(300, [{ service: 0.002, threads: 1 }, { service: 0.01, threads: 3 }]);
    const options = { slo: { p99Seconds: 0.08 } };
    const asyncResult = await planAsync(model, { ...options, evaluator: async (m, needs) => analyze(m, needs) });
    expect(asyncResult.threads).toEqual(plan(model, options).threads);
  });
});

const stageArb = fc.record({
  load: fc.double({ min: 0.2, max: 8, noNaN: true }),
  distribution: fc.constantFrom('exponential', 'deterministic', 'hyperexponential'),
});
// Deterministic service is left out of percentile bounds: the analytic p99 of a step-shaped transform is not
// monotone in threads (reported to the analytic owner), so no planner could match brute force on it.
const smoothStageArb = fc.record({
  load: fc.double({ min: 0.2, max: 8, noNaN: true }),
  distribution: fc.constantFrom('exponential', 'gamma', 'hyperexponential'),
});
const scvOf = (distribution: string) => (distribution === 'hyperexponential' ? { scv: 3 } : distribution === 'gamma' ? { scv: 0.5 } : {});

describe('plan: optimal against brute force on small models', () => {
  it('mean bound, fewest threads: meets the SLO, no single thread can go, and no sizing is smaller', () => {
    fc.assert(
      fc.property(
        fc.array(stageArb, { minLength: 1, maxLength: 3 }),
        fc.double({ min: 1.01, max: 1.6, noNaN: true }),
        (stages, slack) => {
          const rate = 100;
          const model = tandem(
            rate,
            stages.map((s) => ({ service: s.load / rate, threads: 1, distribution: s.distribution, ...scvOf(s.distribution) })),
          );
          const floor = stages.reduce((sum, s) => sum + s.load / rate, 0);
          const slo = { meanSeconds: floor * slack };
          const result = plan(model, { slo, headroom: false });
          expect(result.feasible).toBe(true);
          expect(meetsAt(model, rate, result.threads!, slo)).toBe(true);
          for (const [pool, c] of Object.entries(result.threads!)) {
            if (c > 1) expect(meetsAt(model, rate, { ...result.threads!, [pool]: c - 1 }, slo)).toBe(false);
          }
          expect(result.totals.threadsAfter).toBe(bruteForce(model, rate, slo, {}, 16));
        },
      ),
      { numRuns: 60, seed: 20261126 },
    );
  });

  it('p99 bound, least cost with unequal costs: matches brute force', () => {
    fc.assert(
      fc.property(
        fc.array(smoothStageArb, { minLength: 2, maxLength: 2 }),
        fc.double({ min: 1.02, max: 1.6, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 2 }),
        (stages, slack, costs) => {
          const rate = 100;
          const model = tandem(rate, stages.map((s) => ({ service: s.load / rate, threads: 1, distribution: s.distribution, ...scvOf(s.distribution) })));
          // A floor from the model itself: p99 with unlimited threads everywhere.
          const unlimited = model.pools.reduce((m, p) => withThreads(m, p.name, Infinity), model);
          const slo = { p99Seconds: analyze(unlimited).latency.p99! * slack };
          const costPerThread = { s0: costs[0]!, s1: costs[1]! };
          // The search against a brute force over the same (analytic) figures: analyze's confirmation, which may
          // add threads where a simulated figure misses, is checked in confirm.test.ts.
          const result = plan(model, { slo, objective: 'cost', costPerThread, headroom: false, evaluator: (m, needs) => analyze(m, { percentiles: needs.percentiles }) });
          expect(result.feasible).toBe(true);
          expect(meetsAt(model, rate, result.threads!, slo)).toBe(true);
          expect(result.totals.costAfter).toBe(bruteForce(model, rate, slo, costPerThread, 16));
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  });
});
