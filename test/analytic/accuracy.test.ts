/**
 * Never silent: every figure of analyze says how it was obtained, and a figure whose method is measured beyond
 * the target comes from a seeded simulation instead (src/solve/analyze.ts).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/solve/analyze.ts';
import { analyze as analyzeAnalytic } from '../../src/analytic/analyze.ts';
import { accuracyRoutes } from '../../src/analytic/routes.ts';
import { ACCURACY_BANDS, METHODS } from '../../src/analytic/accuracy-bands.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { loadModel, parseModel } from '../../src/model/load.ts';

const model = (doc: object) => parseModel(JSON.stringify({ name: 'acc', ...doc }));
// M/M/2 in disguise (issue 12): 8 threads on 2 cores, exponential work; exact mean 1/(µ(1 − ρ²)) = 4.444 ms.
const mm2 = () => model({ workload: { arrivalRate: 1000 }, cores: 2, stages: [{ name: 's0', service: '1.6ms', threads: 8 }] });

describe('accuracy: each figure names its method and band', () => {
  it('an M/M/c model is exact throughout and never simulated', () => {
    const r = analyze(model({ workload: { arrivalRate: 900 }, stages: [{ name: 's0', service: '1ms', threads: 1 }] }));
    expect(r.accuracy?.mean.kind).toBe('exact');
    expect(r.accuracy?.percentiles.kind).toBe('exact');
    expect(r.accuracy?.dropRate.kind).toBe('exact');
    expect(r.notes.some((n) => n.startsWith('simulated'))).toBe(false);
  });

  it('the default model is answered analytically, with measured bands within the target', () => {
    const m = loadModel('models/seda-https-json.yaml');
    const r = analyze(m);
    expect(r).toEqual(analyzeAnalytic(m));
    const a = r.accuracy!;
    expect(a.mean.kind).toBe('approximation');
    expect(a.mean.errorBand).toBeLessThanOrEqual(0.05);
    expect(a.percentiles.errorBand).toBeLessThanOrEqual(0.05);
    // decode (lognormal, 8 threads) is the one approximate part; its share of the latency is small.
    const decode = a.parts.find((p) => p.part === 'decode');
    expect(decode?.method).toBe('mgc-lee-longton');
    expect(decode!.share).toBeGreaterThan(0);
    expect(decode!.share).toBeLessThan(0.2);
  });

  it('a method beyond the target is replaced by a seeded simulation, said in accuracy and notes', () => {
    const m = mm2();
    const routes = accuracyRoutes(m);
    expect(routes.analytic.mean && routes.analytic.percentiles).toBe(false);
    const r = analyze(m);
    const simulatedFigure = [r.accuracy!.mean, r.accuracy!.percentiles].find((f) => f.kind === 'simulated');
    expect(simulatedFigure?.ci).toBeGreaterThan(0);
    expect(r.notes.some((n) => n.startsWith('simulated:'))).toBe(true);
    expect(Math.abs(r.latency.mean! / (1 / (625 * (1 - 0.8 ** 2))) - 1)).toBeLessThan(0.05);
    // Deterministic: the same model gives the same answer.
    expect(analyze(m)).toEqual(r);
    // The pure analytic answer stays available (what planners search with).
    expect(analyze(m, { method: 'analytic' }).notes.some((n) => n.startsWith('simulated'))).toBe(false);
  });

  it('simulate labels every figure as simulated', () => {
    const s = simulate(model({ workload: { arrivalRate: 500 }, stages: [{ name: 's0', service: '1ms', threads: 1 }] }), {
      requests: 2000,
      replications: 2,
    });
    expect(s.accuracy?.mean.kind).toBe('simulated');
    expect(s.accuracy?.percentiles.kind).toBe('simulated');
  });

  it('the band table names only known methods, in increasing load, with exact figures at 0', () => {
    let last = new Map<string, number>();
    for (const row of ACCURACY_BANDS) {
      const info = METHODS[row.method];
      expect(info, row.method).toBeDefined();
      expect(row.upTo).toBeGreaterThan(last.get(row.method) ?? -Infinity);
      last.set(row.method, row.upTo);
      for (const figure of info!.exact ?? []) expect(row[figure], `${row.method} ${figure}`).toBe(0);
    }
    last = new Map();
  });
});
