import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tryParseModel } from '../../src/model/load.ts';
import type { Override } from '../../src/model/overrides.ts';
import { rangeValues } from '../../src/plan/sweep-parameter.ts';
import { sweep, sweepAsync } from '../../src/plan/sweep.ts';
import { analyze } from '../../src/analytic/analyze.ts';
import { tandem } from './models.ts';

const smooth = fc.constantFrom('exponential', 'gamma', 'hyperexponential');
const scvOf = (d: string) => (d === 'hyperexponential' ? { scv: 3 } : d === 'gamma' ? { scv: 0.5 } : {});

describe('sweep', () => {
  it('rate over an M/M/1: mean response 1/(µ − λ) at every point, unstable past µ with nulls', () => {
    const model = tandem(10, [{ service: 0.01, threads: 1 }]);
    const result = sweep(model, { parameter: 'rate', from: 10, to: 100, steps: 10 });
    expect(result.parameters[0]).toMatchObject({ name: 'rate', unit: 'perSecond' });
    expect(result.rows.map((r) => r.x)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    for (const row of result.rows.slice(0, 9)) expect(row.mean!).toBeCloseTo(1 / (100 - (row.x as number)), 10);
    const last = result.rows[9]!;
    expect(last).toMatchObject({ stable: false, mean: null, p99: null, meetsSlo: null, bottleneck: 's0' });
  });

  it('p99 is non-decreasing in rate and non-increasing in threads', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ load: fc.double({ min: 0.05, max: 0.9, noNaN: true }), distribution: smooth }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 8 }),
        (stages, threads) => {
          const model = tandem(100, stages.map((s) => ({ service: (s.load * threads) / 100, threads, distribution: s.distribution, ...scvOf(s.distribution) })));
          // A property of the analytic figures: analyze's simulated points (beyond the bands) carry noise.
          const byRate = sweep(model, { parameter: 'rate', from: 10, to: 100, steps: 8, analytic: true }).rows.map((r) => r.p99!);
          byRate.slice(1).forEach((p, i) => expect(p).toBeGreaterThanOrEqual(byRate[i]! * (1 - 1e-6)));
          const byThreads = sweep(model, { parameter: 'threads:s0', values: [threads, threads + 1, threads + 2, threads * 4], analytic: true }).rows.map((r) => r.p99!);
          // Only for cs² ≥ 1 upstream: QNA's departure scv cd² = 1 + (1 − ρ²)(ca² − 1) + ρ²(cs² − 1)/√c rises with c
          // when cs² < 1, so more threads in a regular stage feed the next pool burstier arrivals and its p99 can
          // rise by ~1e-4 (Whitt 1983, eq. 39): a property of the approximation, not of the sweep.
          if (stages[0]!.distribution === 'gamma') return;
          byThreads.slice(1).forEach((p, i) => expect(p).toBeLessThanOrEqual(byThreads[i]! * (1 + 1e-6)));
        },
      ),
      { numRuns: 30, seed: 3 },
    );
  });

  it('two parameters make a grid, first parameter outer, with per-pool utilisation and the SLO verdict', () => {
    const model = tandem(100, [{ service: 0.001, threads: 1 }, { service: 0.02, threads: 4 }], { p99: '100ms' });
    const result = sweep(model, { parameter: 'rate', values: [50, 150], second: { parameter: 'threads:s1', values: [2, 4, 8] } });
    expect(result.rows.map((r) => [r.x, r.y])).toEqual([[50, 2], [50, 4], [50, 8], [150, 2], [150, 4], [150, 8]]);
    expect(result.rows[0]!.parameters).toEqual({ rate: 50, 'threads:s1': 2 });
    expect(result.rows[0]!.utilization.s1).toBeCloseTo(0.5, 12);
    expect(result.rows[3]).toMatchObject({ stable: false, meetsSlo: false });
    expect(result.rows[5]!.meetsSlo).toBe(true);
  });

  it('service:<stage> and a --set key path give the same figures as a model edit', async () => {
    const text = JSON.stringify({ name: 'k', workload: { arrivalRate: 100 }, stages: [{ name: 'a', service: '5ms', threads: 1 }] });
    const resolveKeyPaths = (assignments: readonly Override[]) => {
      const parsed = tryParseModel(text, { overrides: assignments });
      if (!parsed.ok) throw new Error('refused');
      return parsed.model;
    };
    const base = resolveKeyPaths([]);
    const byKey = sweep(base, { parameter: 'stages.a.threads', values: [1, 2, 3], resolveKeyPaths });
    const byEdit = await sweepAsync(base, { parameter: 'threads:a', values: [1, 2, 3], evaluator: async (m, n) => analyze(m, n) });
    expect(byKey.rows.map((r) => r.p99)).toEqual(byEdit.rows.map((r) => r.p99));
    const byService = sweep(base, { parameter: 'service:a', values: [0.002, 0.008] });
    expect(byService.rows.map((r) => r.mean)).toEqual([1 / (500 - 100), 1 / (125 - 100)].map((m) => expect.closeTo(m, 12)));
    expect(() => sweep(base, { parameter: 'stages.a.threads', values: [1] })).toThrow(/resolveKeyPaths/);
    expect(() => sweep(base, { parameter: 'threads:nope', values: [1] })).toThrow(/no pool named "nope" \(have a\)/);
    expect(() => sweep(base, { parameter: 'threads:a', values: [0] })).toThrow(/whole number of threads/);
  });

  it('ranges: endpoints exact, log spacing geometric, whole numbers deduplicated for threads', () => {
    const rate = { kind: 'rate', name: 'rate' } as const;
    expect(rangeValues(rate, { from: 1, to: 1000, steps: 4, scale: 'log' }).map((v) => Number(v.toPrecision(12)))).toEqual([1, 10, 100, 1000]);
    expect(rangeValues(rate, { from: 0.1, to: 0.3, steps: 3 })[2]).toBe(0.3);
    expect(rangeValues({ kind: 'threads', name: 'threads:a', pool: 'a' }, { from: 1, to: 3, steps: 9 })).toEqual([1, 2, 3]);
  });
});
