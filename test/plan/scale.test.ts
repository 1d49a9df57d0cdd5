import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { erlangC } from '../../src/analytic/erlang.ts';
import { withArrivalRate, withThreads } from '../../src/model/edit.ts';
import { plan } from '../../src/plan/plan.ts';
import { checkSlo } from '../../src/plan/slo.ts';
import { tandem } from './models.ts';

/** M/M/c mean wait, Kleinrock, Queueing Systems I, eq. 3.40: C(c, a)·S/(c − a). */
const mmcWait = (c: number, a: number, service: number) => (c <= a ? Infinity : (erlangC(c, a) * service) / (c - a));

/**
 * Marginal allocation computed here from the closed form alone: one thread at a time to the pool whose mean
 * wait falls most, until Σ waits + Σ services meets the bound. For independent M/M/c stations under a mean
 * bound this is the optimal sizing (Dyer & Proll 1977; Fox 1966).
 */
function marginalAllocation(rate: number, services: number[], bound: number): number[] {
  const loads = services.map((s) => rate * s);
  const sizing = loads.map((a) => Math.floor(a) + 1);
  const total = () => sizing.reduce((sum, c, i) => sum + mmcWait(c, loads[i]!, services[i]!) + services[i]!, 0);
  while (total() > bound) {
    let best = 0;
    let bestGain = -Infinity;
    sizing.forEach((c, i) => {
      const gain = mmcWait(c, loads[i]!, services[i]!) - mmcWait(c + 1, loads[i]!, services[i]!);
      if (gain > bestGain) {
        best = i;
        bestGain = gain;
      }
    });
    sizing[best]! += 1;
  }
  return sizing;
}

describe('plan at scale', () => {
  it('40 M/M/c pools under a mean bound: the optimal marginal allocation, with a few dozen evaluations', () => {
    const services = Array.from({ length: 40 }, (_, i) => 0.001 * (1 + ((i * 7) % 9)));
    const rate = 3000;
    const bound = services.reduce((s, x) => s + x, 0) * 1.15;
    const model = tandem(rate, services.map((service) => ({ service, threads: 64 })));
    const result = plan(model, { slo: { meanSeconds: bound }, headroom: false });
    const expected = marginalAllocation(rate, services, bound);
    expect(result.feasible).toBe(true);
    expect(Object.values(result.threads!).reduce((s, c) => s + c, 0)).toBe(expected.reduce((s, c) => s + c, 0));
    // One full evaluation per candidate per step (the old greedy) would need thousands here.
    expect(result.evaluations).toBeLessThan(60);
  });

  it('one pool near 9,000 busy threads: the fewest threads meeting the mean bound, found without walking there', () => {
    const service = 0.01;
    const rate = 900_000;
    const model = tandem(rate, [{ service, threads: 10_000 }]);
    for (const bound of [0.0101, 0.01001]) {
      let expected = 9001;
      while (mmcWait(expected, rate * service, service) + service > bound) expected++;
      const result = plan(model, { slo: { meanSeconds: bound }, headroom: false, maxThreadsPerPool: 20_000 });
      expect(result.threads).toEqual({ s0: expected });
      expect(result.evaluations).toBeLessThan(40);
    }
  });

  it('a 96-stage pipeline under a p99 bound: the plan meets the bound in the figures analyze prints', () => {
    const stages = Array.from({ length: 96 }, (_, i) => ({ service: 20e-6 * (1 + (i % 10)), threads: 2 + (i % 5) }));
    const model = tandem(2000, stages, { p99: 0.2 });
    const result = plan(model, { targetRate: 6000 });
    expect(result.feasible).toBe(true);
    let planned = withArrivalRate(model, 6000);
    for (const [pool, threads] of Object.entries(result.threads!)) planned = withThreads(planned, pool, threads);
    expect(checkSlo(analyze(planned), { p99Seconds: 0.2 }).met).toBe(true);
    expect(result.evaluations).toBeLessThan(80);
  });

  it('a closed workload of 100,000 clients: searched with Bard–Schweitzer, confirmed by the exact solution', async () => {
    const { parseModel } = await import('../../src/model/load.ts');
    const model = parseModel(
      JSON.stringify({
        name: 'closed-100k',
        workload: { clients: 100000, thinkTime: '10s' },
        stages: Array.from({ length: 6 }, (_, i) => ({ name: `s${i}`, service: `${1 + i * 0.2}ms`, threads: 64 })),
        slo: { p99: '50ms' },
      }),
    );
    const result = plan(model, {});
    expect(result.feasible).toBe(true);
    let planned = model;
    for (const [pool, threads] of Object.entries(result.threads!)) planned = withThreads(planned, pool, threads);
    // analyze's default for a closed model is the exact solution, not the approximation the search used.
    expect(checkSlo(analyze(planned), { p99Seconds: 0.05 }).met).toBe(true);
    expect(result.evaluations).toBeLessThan(80);
  });
});
