/**
 * Overload keys the analysis has no method for are never passed off as solved: the figures of the steady state
 * without them are labelled unmeasured approximations. Retries that can never fire (nothing fails) are solved:
 * the model is its plain self.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { parseModel } from '../../src/model/load.ts';
import { analyze as solveAnalyze } from '../../src/solve/analyze.ts';

const model = (stage: string) =>
  parseModel(`workload: { arrivalRate: 500, retry: { attempts: 3, backoff: 100ms } }
stages: [ ${stage} ]
`);

describe('overload keys without an analytic method', () => {
  it('retries with no timeout and no finite queue never fire: exact plain figures, goodput = throughput', () => {
    const a = analyze(model('{ name: api, service: 20ms, threads: 16 }'));
    expect(a.goodput).toBe(a.throughput);
    expect([a.timeoutRate, a.abandonRate, a.retryRate, a.wastedWork]).toEqual([0, 0, 0, 0]);
    expect(a.accuracy!.mean.kind).toBe('exact');
    expect(a.notes.join(' ')).toContain('retry never fires');
  });

  it('retries of drops at a finite queue: no method, and the plain M/M/c/K figures are not called exact', () => {
    const a = analyze(model('{ name: api, service: 20ms, threads: 16, queueCapacity: 5 }'));
    expect(a.goodput).toBe(null);
    for (const figure of ['mean', 'percentiles', 'dropRate'] as const) {
      expect(a.accuracy![figure].kind).toBe('approximation');
      expect(a.accuracy![figure].errorBand).toBe(null);
    }
    expect(a.notes.join(' ')).toContain('no analytic method for retry');
  });

  it('a queue timeout past capacity: the steady state without it has no latency, and its accuracy claims none', () => {
    // M/M/1 at ρ 1.2 with a 5 ms queue timeout ahead of a second stage: analysed without the timeout it has no
    // steady state (mean null), yet its mean and percentiles were labelled approximations "without queueTimeout".
    // (Alone, the stage is M/M/1+D, solved exactly: test/model/impatience-stability.test.ts.)
    const a = analyze(
      parseModel('workload: { arrivalRate: 1200 }\nstages: [ { name: s0, service: 1ms, threads: 1, queueTimeout: 5ms }, { name: s1, service: 0.1ms, threads: 1 } ]\n'),
    );
    expect(a.latency.mean).toBe(null);
    expect(a.accuracy!.mean.kind).toBe('none');
    expect(a.accuracy!.percentiles.kind).toBe('none');
    expect(a.accuracy!.dropRate.method).toContain('without stages.s0.queueTimeout');
  });
});

describe('overload figures the analysis has no method for, when the fallback simulation ran anyway', () => {
  it('a closed loop with a client timeout takes goodput and timeoutRate from that simulation, and says so', () => {
    const model = parseModel('workload: {clients: 40, thinkTime: 10ms, timeout: 50ms}\nstages: [{name: s, service: 2ms, threads: 2, distribution: lognormal, scv: 2}]\n');
    const r = solveAnalyze(model);
    expect(r.accuracy!.mean.kind).toBe('simulated');
    // Simulated alone (simulate, seed 1): goodput 987/s, 1.7 % timed out; the analysis had null for both.
    expect(r.goodput).toBeGreaterThan(950);
    expect(r.goodput).toBeLessThan(1000);
    expect(r.timeoutRate).toBeGreaterThan(0.005);
    expect(r.timeoutRate).toBeLessThan(0.04);
    expect(r.notes.some((n) => /^simulated: goodput, timeoutRate, .* from the same seeded simulation/.test(n))).toBe(true);
    expect(r.notes.some((n) => n.includes('missing (null): simulate gives them'))).toBe(false);
  });
});
