import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze } from '../../src/analytic/analyze.ts';
import { withArrivalRate, withThreads } from '../../src/model/edit.ts';
import type { Model } from '../../src/model/types.ts';
import { analyticEvaluator, runSync } from '../../src/plan/evaluator.ts';
import { headroomSteps } from '../../src/plan/headroom.ts';
import { plan } from '../../src/plan/plan.ts';
import { checkSlo, type SloTarget } from '../../src/plan/slo.ts';
import { tandem } from './models.ts';

const headroom = (model: Model, rate: number, slo: SloTarget, tolerance = 1e-6) =>
  runSync(headroomSteps(model, rate, slo, { tolerance }), analyticEvaluator);
const meets = (model: Model, rate: number, slo: SloTarget) => checkSlo(analyze(withArrivalRate(model, rate)), slo).met;

describe('headroom: closed forms', () => {
  it('M/M/1 mean bound: λmax = µ − 1/T (mean response 1/(µ − λ), Kleinrock eq. 3.26)', () => {
    const model = tandem(40, [{ service: 0.01, threads: 1 }]);
    const h = headroom(model, 40, { meanSeconds: 0.05 });
    expect(h.ratePerSecond).toBeCloseTo(80, 3);
    expect(h.multiple).toBeCloseTo(2, 4);
    expect(h.limitedBy).toEqual(['mean']);
  });

  it('M/M/1 p99 bound: response is Exp(µ − λ), so λmax = µ − ln(100)/T', () => {
    const model = tandem(20, [{ service: 0.01, threads: 1 }]);
    const h = headroom(model, 20, { p99Seconds: 0.1 });
    expect(h.ratePerSecond).toBeCloseTo(100 - Math.log(100) / 0.1, 2);
    expect(h.limitedBy).toEqual(['p99']);
  });

  it('stops at saturation when a finite queue keeps every bound met (M/M/2/K response ≤ (K/c + 1)·S)', () => {
    const model = tandem(20, [{ service: 0.01, threads: 2, queueCapacity: 3 }]);
    const h = headroom(model, 20, { meanSeconds: 1 });
    expect(h.ratePerSecond).toBeLessThan(200);
    expect(h.ratePerSecond).toBeGreaterThan(200 * (1 - 1e-5));
    expect(h.limitedBy).toEqual(['saturation']);
    // With a drop bound the blocking probability limits it instead, well below saturation.
    const withDrops = headroom(model, 20, { meanSeconds: 1, maxDropRate: 0.01 });
    expect(withDrops.limitedBy).toEqual(['dropRate']);
    expect(withDrops.ratePerSecond).toBeLessThan(150);
  });

  it('is zero when no rate meets the SLO, and counts down from a missed reference rate', () => {
    const model = tandem(20, [{ service: 0.01, threads: 2 }]);
    expect(headroom(model, 20, { meanSeconds: 0.005 }).ratePerSecond).toBe(0);
    const h = headroom(model, 190, { meanSeconds: 0.02 });
    expect(h.multiple).toBeLessThan(1);
    expect(meets(model, h.ratePerSecond, { meanSeconds: 0.02 })).toBe(true);
  });
});

describe('headroom: bisection bounds', () => {
  const specArb = fc.record({
    loads: fc.array(fc.double({ min: 0.1, max: 0.9, noNaN: true }), { minLength: 1, maxLength: 4 }),
    threads: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 4, maxLength: 4 }),
    slack: fc.double({ min: 1.2, max: 4, noNaN: true }),
    percentile: fc.boolean(),
  });

  it('meets the SLO at the headroom rate and misses it within the tolerance above; more threads never lower it', () => {
    fc.assert(
      fc.property(specArb, ({ loads, threads, slack, percentile }) => {
        const rate = 100;
        const model = tandem(rate, loads.map((u, i) => ({ service: (u * threads[i]!) / rate, threads: threads[i]! })));
        const floorMean = loads.reduce((s, u, i) => s + (u * threads[i]!) / rate, 0);
        const slo: SloTarget = percentile ? { p99Seconds: floorMean * 3 * slack } : { meanSeconds: floorMean * slack };
        const h = headroom(model, rate, slo, 1e-4);
        expect(h.multiple).toBeCloseTo(h.ratePerSecond / rate, 12);
        if (h.ratePerSecond > 0) expect(meets(model, h.ratePerSecond, slo)).toBe(true);
        expect(h.missedAtRatePerSecond).not.toBeNull();
        expect(meets(model, h.missedAtRatePerSecond!, slo)).toBe(false);
        if (h.ratePerSecond > 0) expect(h.missedAtRatePerSecond! - h.ratePerSecond).toBeLessThanOrEqual(1e-4 * h.missedAtRatePerSecond!);
        const bigger = withThreads(model, 's0', threads[0]! + 1);
        expect(headroom(bigger, rate, slo, 1e-4).ratePerSecond).toBeGreaterThanOrEqual(h.ratePerSecond * (1 - 1e-4));
      }),
      { numRuns: 40, seed: 42 },
    );
  });

  it('plan reports the headroom of the current sizing against the current rate', () => {
    const model = tandem(40, [{ service: 0.01, threads: 1 }], { mean: '50ms' });
    const result = plan(model, { targetRate: 60 });
    expect(result.headroom!.ratePerSecond).toBeCloseTo(80, 1);
    expect(result.headroom!.multiple).toBeCloseTo(2, 3);
    expect(result.plannedHeadroom!.referenceRatePerSecond).toBe(60);
  });
});

describe('headroom(model)', () => {
  it('uses the model rate and slo; refuses a closed workload', async () => {
    const { headroom: headroomOf } = await import('../../src/plan/headroom.ts');
    const model = tandem(40, [{ service: 0.01, threads: 1 }], { mean: '50ms' });
    expect(headroomOf(model).ratePerSecond).toBeCloseTo(80, 1);
    expect(headroomOf(model, { slo: { meanSeconds: 0.02 } }).ratePerSecond).toBeCloseTo(50, 1);
  });
});

describe('headroom with a goodput floor given as a rate (not monotone in the rate)', () => {
  it('M/M/1 at 80/s missing p99 ≤ 100 ms, floor 45/s: the SLO holds on [45, µ − ln(100)/T], headroom its top', () => {
    // Halving from 80/s used to probe 40/s (below the floor: goodput ≤ 40) and report no headroom, "goodput".
    const model = tandem(80, [{ service: 0.01, threads: 1 }]);
    const h = headroom(model, 80, { p99Seconds: 0.1, minGoodputPerSecond: 45 });
    expect(h.ratePerSecond).toBeCloseTo(100 - Math.log(100) / 0.1, 2);
    expect(h.limitedBy).toEqual(['p99']);
    expect(h.searchedFromPerSecond).toBe(45);
  });
});
