/**
 * A schedule by the pointwise-stationary approximation (src/analytic/pointwise-stationary.ts): each piece is the
 * stationary solution at its rate (checked against the M/M/c closed form and against a long simulation), and
 * the approximation is refused — with the reason, and the public analyze then simulates — when a piece is too
 * short against its settling time or unstable (a retry model past its trigger rate is).
 */
import { describe, expect, it } from 'vitest';
import { analyze as analyzeAnalytic } from '../../src/analytic/analyze.ts';
import { schedulePieces } from '../../src/analytic/pointwise-stationary.ts';
import { parseModel } from '../../src/model/load.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { analyze } from '../../src/solve/analyze.ts';
import { erlangC } from '../sim/helpers.ts';

const slow = parseModel(`workload: { arrivalRate: 200, schedule: [ { at: 600s, rate: 320 }, { at: 1200s, rate: 200 } ], horizon: 1800s }
stages: [ { name: s, service: 10ms, threads: 4 } ]`);

/** Mean number in M/M/c: λS + C(c, a)·a/(c − a) (Kleinrock 1975, Vol. 1, §3.5). */
const mmcInSystem = (lambda: number, s: number, c: number) => lambda * s + (erlangC(lambda * s, c) * lambda * s) / (c - lambda * s);

describe('pointwise-stationary approximation of a schedule', () => {
  it('cuts the schedule into its constant pieces up to the horizon', () => {
    expect(schedulePieces(slow)).toEqual([
      { start: 0, end: 600, rate: 200 },
      { start: 600, end: 1200, rate: 320 },
      { start: 1200, end: 1800, rate: 200 },
    ]);
  });

  it('slow pieces: each window is the stationary M/M/c at its rate; horizon figures are their time averages', () => {
    const r = analyzeAnalytic(slow);
    const t = r.timeline!;
    expect(t.map((w) => [w.start, w.end, w.offered])).toEqual([
      [0, 600, 200],
      [600, 1200, 320],
      [1200, 1800, 200],
    ]);
    t.forEach((w) => expect(w.inSystem).toBeCloseTo(mmcInSystem(w.offered, 0.01, 4), 9));
    expect(r.offeredRate).toBeCloseTo(240, 9);
    expect(r.throughput).toBeCloseTo(240, 9);
    expect(r.stages[0]!.utilization).toBeCloseTo((2 * 200 * 0.01) / 4 / 3 + (320 * 0.01) / 4 / 3, 9);
    expect(r.latency.p99!).toBeGreaterThan(t[0]!.p99!);
    expect(r.latency.p99!).toBeLessThan(t[1]!.p99!);
    expect(r.notes[0]).toContain('pointwise-stationary approximation');
    expect(r.goodput).toBeCloseTo(240, 9);
  });

  it('slow pieces: within 5% of a long simulation, window by window', () => {
    const shorter = parseModel(`workload: { arrivalRate: 200, schedule: [ { at: 300s, rate: 320 }, { at: 600s, rate: 200 } ], horizon: 900s }
stages: [ { name: s, service: 10ms, threads: 4 } ]`);
    const sim = simulate(shorter, { replications: 4, seed: 4, windowSeconds: 300 }).timeline!;
    const psa = analyzeAnalytic(shorter).timeline!;
    const errors = psa.flatMap((w, k) => [w.inSystem / sim[k]!.inSystem - 1, w.throughput / sim[k]!.throughput - 1, w.p99! / sim[k]!.p99! - 1]);
    for (const e of errors) expect(Math.abs(e), errors.map((x) => x.toFixed(3)).join(' ')).toBeLessThan(0.05);
  }, 60_000);

  it('Erlang-A pieces: past capacity in the spike, stable through abandonment', () => {
    const m = parseModel(`workload: { arrivalRate: 8, schedule: [ { at: 300s, rate: 14 }, { at: 600s, rate: 8 } ], horizon: 900s, patience: { mean: 2s } }
stages: [ { name: s, service: 1s, threads: 10 } ]`);
    const r = analyzeAnalytic(m);
    const spike = analyzeAnalytic(parseModel('workload: { arrivalRate: 14, patience: { mean: 2s } }\nstages: [ { name: s, service: 1s, threads: 10 } ]'));
    expect(r.timeline![1]!.goodput).toBeCloseTo(spike.goodput!, 12);
    expect(r.abandonRate).toBeGreaterThan(0.05);
  });

  it('refuses a fast spike, naming the piece and its settling time; the public analyze then simulates', () => {
    const m = parseModel(`workload: { arrivalRate: 10, schedule: [ { at: 300s, rate: 18 }, { at: 310s, rate: 10 } ], horizon: 400s }
stages: [ { name: s, service: 50ms, threads: 1 } ]`);
    const a = analyzeAnalytic(m);
    expect(a.timeline).toBeUndefined();
    expect(a.notes.join(' ')).toMatch(/pointwise-stationary approximation is refused: the piece \[300, 310\) s lasts 10\.0 s, under 10 × its settling time 19\.\d s/);
    const solved = analyze(m);
    expect(solved.method).toBe('simulation');
    expect(solved.timeline!.length).toBe(400);
    expect(solved.notes.some((n) => n.startsWith('simulated: every figure and the timeline from a seeded time-driven simulation'))).toBe(true);
    // The same pieces ten times longer are slow enough.
    const longer = parseModel(`workload: { arrivalRate: 10, schedule: [ { at: 3000s, rate: 18 }, { at: 3200s, rate: 10 } ], horizon: 4000s }
stages: [ { name: s, service: 50ms, threads: 1 } ]`);
    expect(analyzeAnalytic(longer).timeline).toHaveLength(3);
  });

  it('refuses an unstable piece (a retry model past its trigger rate too); a bistable piece gives its good point', () => {
    const unstable = parseModel(`workload: { arrivalRate: 10, schedule: [ { at: 300s, rate: 25 }, { at: 600s, rate: 10 } ], horizon: 900s }
stages: [ { name: s, service: 50ms, threads: 1 }]`);
    expect(analyzeAnalytic(unstable).notes.join(' ')).toContain('the piece [300, 600) s at 25.0/s is unstable');
    const retry = (spike: number) =>
      parseModel(`workload: { arrivalRate: 5, schedule: [ { at: 1000s, rate: ${spike} }, { at: 2000s, rate: 5 } ], horizon: 3000s, timeout: 2s, cancel: none, retry: { attempts: 3 } }
stages: [ { name: s, service: 1s, threads: 10 } ]`);
    expect(analyzeAnalytic(retry(9.5)).notes.join(' ')).toContain('the piece [1.00e+3, 2.00e+3) s at 9.50/s is unstable');
    const bistable = analyzeAnalytic(retry(5.5));
    expect(bistable.timeline).toHaveLength(3);
    expect(bistable.metastable!.points).toHaveLength(2);
    expect(bistable.notes.some((n) => n.startsWith('metastable:'))).toBe(true);
  });
});
