import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { parseModel } from '../../src/model/load.ts';
import { PERCENTILE_KEYS } from '../../src/model/result.ts';

const rel = (x: number | null | undefined, y: number) => Math.abs((x ?? NaN) / y - 1);
const closed = (workload: Record<string, unknown>, stages: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
  parseModel(JSON.stringify({ name: 'c', workload, stages, ...extra }));

describe('closed workloads through analyze()', () => {
  it('one client: no queueing, X = 1/(Z + ΣD), latency excludes think time', () => {
    const r = analyze(closed({ clients: 1, thinkTime: '10ms' }, [{ name: 'a', service: '2ms', threads: 4 }, { name: 'b', service: '3ms', threads: 1 }]));
    expect(rel(r.throughput, 1 / 0.015)).toBeLessThan(1e-12);
    expect(rel(r.latency.mean, 0.005)).toBeLessThan(1e-12);
    expect(r.stages.every((s) => s.meanWait === 0)).toBe(true);
    expect(r.offeredRate).toBeNull();
  });

  it('machine repairman M/M/1//N: X = (1 − p0)/S with p0 from the finite-source chain (Gross & Harris §2.8)', () => {
    const n = 5;
    const s = 0.1;
    const z = 0.4;
    let sum = 0;
    let term = 1;
    for (let k = 0; k <= n; k++) {
      if (k > 0) term *= (n - k + 1) * (s / z);
      sum += term;
    }
    const p0 = 1 / sum;
    const r = analyze(closed({ clients: n, thinkTime: z }, [{ name: 'repair', service: s, threads: 1 }]));
    expect(rel(r.throughput, (1 - p0) / s)).toBeLessThan(1e-12);
  });

  it('percentiles are ordered and finite; stage and pool figures obey Little’s law', () => {
    const r = analyze(
      closed({ clients: 60, thinkTime: '5ms' }, [
        { name: 'read', service: '100us', threads: 2 },
        { name: 'work', service: '2ms', threads: 8, distribution: 'gamma', scv: 0.5 },
        { name: 'db', service: '1ms', threads: 'infinite' },
      ]),
    );
    const values = PERCENTILE_KEYS.map((k) => r.latency[k]!);
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]!);
    expect(values[0]!).toBeGreaterThan(0);
    for (const s of r.stages) expect(rel(s.meanInSystem, s.throughput * s.meanResponse!)).toBeLessThan(1e-9);
    expect(r.notes.join(' ')).toMatch(/exponential service/);
  });

  it('per-thread pools in a closed loop wait longer than a shared pool', () => {
    const doc = (dispatch: string) => closed({ clients: 30, thinkTime: '4ms' }, [{ name: 'w', service: '1ms', threads: 8, dispatch }]);
    const pt = analyze(doc('per-thread'));
    const sh = analyze(doc('shared'));
    expect(pt.stages[0]!.meanWait!).toBeGreaterThan(sh.stages[0]!.meanWait!);
    expect(pt.throughput!).toBeLessThan(sh.throughput!);
  });

  it('large populations stay exact (Bard–Schweitzer only on request); a small queueCapacity is noted', () => {
    const model = closed({ clients: 20000, thinkTime: '1s' }, [{ name: 'w', service: '1ms', threads: 16, queueCapacity: 10 }]);
    expect(analyze(model, { closedMethod: 'schweitzer' }).notes.join(' ')).toMatch(/Bard–Schweitzer.*on request|as requested/);
    const r = analyze(model);
    expect(r.notes.join(' ')).toMatch(/closed workload.*exact/);
    expect(r.notes.join(' ')).not.toMatch(/approximate MVA/);
    expect(r.notes.join(' ')).toMatch(/queueCapacity/);
    expect(r.throughput!).toBeLessThanOrEqual(16000 * (1 + 1e-9));
    expect(r.throughput!).toBeGreaterThan(15000);
  });
});
