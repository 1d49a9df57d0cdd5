import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { erlangC } from '../../src/analytic/erlang.ts';
import { loadModel, parseModel } from '../../src/model/load.ts';

const rel = (x: number | null | undefined, y: number) => Math.abs((x ?? NaN) / y - 1);
const model = (doc: Record<string, unknown>) => parseModel(JSON.stringify({ name: 'p', ...doc }));

describe('shared pools', () => {
  it('a pool left and re-entered is one M/M/c station fed twice (Jackson: exact for exponential service)', () => {
    const lambda = 300;
    const s = 0.002;
    const r = analyze(
      model({
        workload: { arrivalRate: lambda },
        pools: { io: { threads: 2 } },
        stages: [
          { name: 'a', service: s, pool: 'io' },
          { name: 'remote', service: 0.01, threads: 'infinite' },
          { name: 'c', service: s, pool: 'io' },
        ],
      }),
    );
    const io = r.pools.find((p) => p.name === 'io')!;
    const arrivals = 2 * lambda;
    const a = arrivals * s;
    const wait = erlangC(2, a) / (2 / s - arrivals);
    expect(rel(io.arrivalRate, arrivals)).toBeLessThan(1e-12);
    expect(rel(io.utilization, a / 2)).toBeLessThan(1e-12);
    expect(rel(r.stages[0]!.meanWait, wait)).toBeLessThan(1e-9);
    expect(rel(r.stages[2]!.meanWait, wait)).toBeLessThan(1e-9);
    expect(rel(r.latency.mean, 2 * (wait + s) + 0.01)).toBeLessThan(1e-9);
    expect(io.method).toMatch(/exact/);
  });

  it('re-entries with different service means mix into one station (mean and scv of the mixture)', () => {
    const r = analyze(
      model({
        workload: { arrivalRate: 100 },
        pools: { io: { threads: 1 } },
        stages: [
          { name: 'a', service: 0.001, pool: 'io' },
          { name: 'remote', service: 0.01, threads: 'infinite' },
          { name: 'c', service: 0.005, pool: 'io' },
        ],
      }),
    );
    const io = r.pools.find((p) => p.name === 'io')!;
    expect(rel(io.utilization, 100 * 0.006)).toBeLessThan(1e-12);
    // A 50/50 mixture of Exp(1 ms) and Exp(5 ms) has scv = 2·(1 + 25)/2/9 − 1 = 17/9 > 1: not M/M.
    expect(io.method).not.toMatch(/^M\/M/);
    expect(r.notes.join(' ')).toMatch(/shared pools/);
  });

  it('consecutive stages on one pool run to completion: one visit of their summed time (P-K for c = 1)', () => {
    const lambda = 100;
    const [s1, s2] = [0.002, 0.005];
    const r = analyze(
      model({
        workload: { arrivalRate: lambda },
        pools: { loop: { threads: 1 } },
        stages: [
          { name: 'x', service: s1, pool: 'loop' },
          { name: 'y', service: s2, pool: 'loop' },
        ],
      }),
    );
    const mean = s1 + s2;
    const second = 2 * s1 * s1 + 2 * s2 * s2 + 2 * s1 * s2; // E[(X + Y)²] for independent exponentials
    const rho = lambda * mean;
    const wait = (lambda * second) / (2 * (1 - rho));
    expect(rel(r.pools[0]!.arrivalRate, lambda)).toBeLessThan(1e-12);
    expect(rel(r.stages[0]!.meanWait, wait)).toBeLessThan(1e-12);
    expect(r.stages[1]!.meanWait).toBe(0);
    expect(rel(r.latency.mean, wait + mean)).toBeLessThan(1e-12);
  });
});

describe('dispatch: per-thread (SO_REUSEPORT) against shared accept queue', () => {
  it('nginx models: per-thread queues wait longer and have a longer tail than one shared queue', () => {
    const perThread = analyze(loadModel('models/nginx-reuseport.yaml'));
    const shared = analyze(loadModel('models/nginx-shared-accept.yaml'));
    expect(perThread.throughput).toBeCloseTo(shared.throughput!, 9);
    expect(perThread.stages[0]!.meanWait!).toBeGreaterThan(2 * shared.stages[0]!.meanWait!);
    expect(perThread.latency.p99!).toBeGreaterThan(shared.latency.p99!);
    expect(perThread.latency.mean!).toBeGreaterThan(shared.latency.mean!);
  });

  it('c per-thread M/M/1 queues at λ/c each, against M/M/c, exactly', () => {
    const doc = (dispatch: string) =>
      model({ workload: { arrivalRate: 600 }, stages: [{ name: 'w', service: 0.01, threads: 8, dispatch }] });
    const pt = analyze(doc('per-thread')).stages[0]!;
    const sh = analyze(doc('shared')).stages[0]!;
    const rho = 600 * 0.01 / 8;
    expect(rel(pt.meanWait, (rho * 0.01) / (1 - rho))).toBeLessThan(1e-12);
    expect(rel(sh.meanWait, erlangC(8, 6) / (800 - 600))).toBeLessThan(1e-12);
    expect(rel(pt.probWait, rho)).toBeLessThan(1e-12);
  });
});
