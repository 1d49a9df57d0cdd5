/**
 * The analytic CDF rebuilt from a Result. M/M/1: the FCFS response time is exponential with rate µ − λ
 * (Kleinrock, Queueing Systems Vol. 1, 1975, ch. 3); two M/M/1 in tandem: independent
 * sojourns (Reich 1957, "Waiting times when queues are in tandem"), so T is hypoexponential.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { loadModel } from '../../src/model/load.ts';
import { latencyCdf } from '../../src/charts/latency-cdf-data.ts';
import { openModel } from '../helpers/models.ts';

function at(points: readonly { seconds: number; probability: number }[], seconds: number): number {
  const p = points.find((q) => Math.abs(q.seconds - seconds) < 1e-15);
  if (!p) throw new Error(`no point at ${seconds}`);
  return p.probability;
}

describe('latencyCdf', () => {
  it('M/M/1 (λ = 80/s, µ = 100/s): P(T ≤ t) = 1 − e^{−20t}', () => {
    const model = openModel([{ rate: 80, service: 0.01, threads: 1 }]);
    const points = latencyCdf(model, analyze(model), 50, 0.25);
    expect(points).toHaveLength(51);
    for (const t of [0.005, 0.05, 0.1, 0.25]) expect(at(points, t)).toBeCloseTo(1 - Math.exp(-20 * t), 8);
  });

  it('two M/M/1 in tandem (λ = 50, µ1 = 100, µ2 = 200): hypoexponential with rates 50 and 150', () => {
    const model = openModel([
      { rate: 50, service: 0.01, threads: 1 },
      { rate: 50, service: 0.005, threads: 1 },
    ]);
    const a = 50;
    const b = 150;
    const cdf = (t: number) => 1 - (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);
    const points = latencyCdf(model, analyze(model), 40, 0.2);
    for (const t of [0.01, 0.05, 0.1, 0.2]) expect(at(points, t)).toBeCloseTo(cdf(t), 8);
  });

  it('default model: agrees with analyze’s own p50 and p99 (same transform, different inversion)', () => {
    const model = loadModel('models/seda-https-json.yaml');
    const result = analyze(model);
    for (const [key, level] of [['p50', 0.5], ['p99', 0.99]] as const) {
      const t = result.latency[key]!;
      const [, point] = latencyCdf(model, result, 1, t);
      expect(point!.probability).toBeCloseTo(level, 3);
    }
  });

  it('is non-decreasing, starts at 0 and stays in [0, 1]', () => {
    const model = loadModel('models/seda-https-json.yaml');
    const points = latencyCdf(model, analyze(model));
    expect(points[0]).toEqual({ seconds: 0, probability: 0 });
    for (let i = 1; i < points.length; i++) {
      expect(points[i]!.probability).toBeGreaterThanOrEqual(points[i - 1]!.probability);
      expect(points[i]!.probability).toBeLessThanOrEqual(1);
    }
    expect(points.at(-1)!.probability).toBeGreaterThan(0.999);
  });

  it('is empty for an unstable model', () => {
    const model = openModel([{ rate: 120, service: 0.01, threads: 1 }]);
    expect(latencyCdf(model, analyze(model))).toEqual([]);
  });
});
