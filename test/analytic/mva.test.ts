import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze } from '../../src/analytic/analyze.ts';
import { approximateMva, exactMva, solveMva, type MvaStation } from '../../src/analytic/mva.ts';
import { parseModel } from '../../src/model/load.ts';
import { Q } from '../helpers/rational.ts';

const rel = (x: number | null | undefined, y: number) => Math.abs((x ?? NaN) / y - 1);

function closedModel(clients: number, think: number, stages: Array<Record<string, unknown>>) {
  return parseModel(JSON.stringify({ name: 'closed', workload: { clients, thinkTime: think }, stages }));
}

/**
 * Textbook load-dependent MVA (Reiser & Lavenberg 1980; Bolch et al. 2006 §8.2.1, eq. 8.31–8.34) in exact rational
 * arithmetic: there p(0|n) = 1 − Σ p(j|n) loses nothing, so it is the reference the float code must match.
 */
function rationalMva(stations: Array<{ demand: Q; servers: number }>, n: number, think: Q) {
  const k = stations.length;
  const p: Q[][] = stations.map(() => [Q.of(1)]); // p[k][j] at the current population
  const q: Q[] = stations.map(() => Q.of(0));
  let x = Q.of(0);
  let resid: Q[] = [];
  for (let m = 1; m <= n; m++) {
    resid = stations.map((s, i) => {
      // R = Σ_{j=1..m} j/α(j) · D · p(j−1 | m−1)
      let r = Q.of(0);
      for (let j = 1; j <= m; j++) {
        const prev = p[i]![j - 1] ?? Q.of(0);
        r = r.add(Q.of(j).div(Q.of(Math.min(j, s.servers))).mul(s.demand).mul(prev));
      }
      return r;
    });
    x = Q.of(m).div(resid.reduce((a, b) => a.add(b), think));
    for (let i = 0; i < k; i++) {
      q[i] = x.mul(resid[i]!);
      const next: Q[] = [Q.of(0)];
      let rest = Q.of(0);
      for (let j = 1; j <= m; j++) {
        next[j] = x.mul(stations[i]!.demand).div(Q.of(Math.min(j, stations[i]!.servers))).mul(p[i]![j - 1] ?? Q.of(0));
        rest = rest.add(next[j]!);
      }
      next[0] = Q.of(1).sub(rest);
      p[i] = next;
    }
  }
  return { x, q };
}

describe('exact MVA', () => {
  it('matches exact rational load-dependent MVA digit for digit (2-, 3-server and single stations, think time)', () => {
    const stations = [
      { demand: Q.of(3, 10), servers: 3 },
      { demand: Q.of(1, 8), servers: 1 },
      { demand: Q.of(2, 5), servers: 2 },
    ];
    const n = 12;
    const think = Q.of(1, 2);
    const exact = rationalMva(stations, n, think);
    const float = exactMva(
      stations.map((s) => ({ demandSeconds: s.demand.toNumber(), servers: s.servers })),
      n,
      0.5,
    );
    expect(rel(float.throughput, exact.x.toNumber())).toBeLessThan(1e-12);
    float.stations.forEach((s, i) => expect(rel(s.meanInSystem, exact.q[i]!.toNumber())).toBeLessThan(1e-11));
  });

  it('Bolch et al. (2006) Example 8.4: 2-server, two single servers, a delay, N = 3', () => {
    // Published: Q = 0.624, 0.473, 0.686, 1.217 and X = 1.218 (Bolch, Greiner, de Meer, Trivedi, p. 333).
    const r = analyze(
      closedModel(3, 0, [
        { name: 's1', service: 0.5, threads: 2 },
        { name: 's2', service: 0.6, threads: 1, visits: 0.5 },
        { name: 's3', service: 0.8, threads: 1, visits: 0.5 },
        { name: 's4', service: 1, threads: 'infinite' },
      ]),
    );
    expect(Math.abs(r.throughput! - 1.218)).toBeLessThan(1e-3);
    const inSystem = r.stages.map((s) => s.meanInSystem!);
    [0.624, 0.473, 0.686, 1.217].forEach((q, i) => expect(Math.abs(inSystem[i]! - q)).toBeLessThan(1e-3));
    expect(r.offeredRate).toBeNull();
  });

  it('Bolch et al. (2006) Example 8.3: four single servers, N = 6', () => {
    // Published: U = 0.198, 0.794, 0.794, 0.595; R per visit = 0.025, 0.570, 1.140, 1.244.
    const r = analyze(
      closedModel(6, 0, [
        { name: 'a', service: 0.02, threads: 1 },
        { name: 'b', service: 0.2, threads: 1, visits: 0.4 },
        { name: 'c', service: 0.4, threads: 1, visits: 0.2 },
        { name: 'd', service: 0.6, threads: 1, visits: 0.1 },
      ]),
    );
    [0.198, 0.794, 0.794, 0.595].forEach((u, i) => expect(r.stages[i]!.utilization).toBeCloseTo(u, 3));
    [0.025, 0.57, 1.14, 1.244].forEach((t, i) => expect(r.stages[i]!.meanResponse).toBeCloseTo(t, 3));
    expect(r.throughput).toBeCloseTo(9.92, 2);
  });

  it('Jain (1991) p. 577: timesharing system, 20 terminals, think 4 s', () => {
    // Published per-visit response times 0.373, 4.854, 0.300 s (The Art of Computer Systems Performance Analysis).
    const r = analyze(
      closedModel(20, 4, [
        { name: 'cpu', service: 0.125, threads: 1, visits: 16 },
        { name: 'disk-a', service: 0.3, threads: 1, visits: 10 },
        { name: 'disk-b', service: 0.2, threads: 1, visits: 5 },
      ]),
    );
    [0.373, 4.854, 0.3].forEach((t, i) => expect(r.stages[i]!.meanResponse).toBeCloseTo(t, 3));
    [1.991, 16.177, 0.5].forEach((q, i) => expect(r.stages[i]!.meanInSystem).toBeCloseTo(q, 3));
    // Response time law: R = N/X − Z.
    expect(rel(r.latency.mean, 20 / r.throughput! - 4)).toBeLessThan(1e-12);
  });

  it('stays exact at high load with many servers: machine-repairman M/M/c//N against its birth–death chain', () => {
    // One c-server station and think time: p(n) ∝ (Z^{N−n}/(N−n)!)·D^n/Π min(i, c). Summed in log space.
    const c = 64;
    const n = 1500;
    const demand = 0.1; // capacity c/D = 640/s
    const think = 0.5; // N/Z = 3000/s offered: the station is saturated, p(j < c) ~ 1e-300
    let max = -Infinity;
    const logp: number[] = [];
    let logf = 0;
    let lgThinkFact = 0;
    for (let k = 1; k <= n; k++) lgThinkFact += Math.log(k);
    let lgRest = lgThinkFact; // log (N − j)!
    for (let j = 0; j <= n; j++) {
      if (j > 0) {
        logf += Math.log(demand) - Math.log(Math.min(j, c));
        lgRest -= Math.log(n - j + 1);
      }
      const v = logf + (n - j) * Math.log(think) - lgRest;
      logp.push(v);
      if (v > max) max = v;
    }
    const w = logp.map((v) => Math.exp(v - max));
    const total = w.reduce((a, b) => a + b, 0);
    const meanInStation = w.reduce((a, b, j) => a + j * b, 0) / total;
    const solution = exactMva([{ demandSeconds: demand, servers: c }], n, think);
    const thinking = n - meanInStation;
    // 1e−9: the windowed solver multiplies up to a few hundred neighbour ratios per sum (the target is 1e−6).
    expect(rel(solution.throughput, thinking / think)).toBeLessThan(1e-9);
    expect(rel(solution.stations[0]!.meanInSystem, meanInStation)).toBeLessThan(1e-9);
    expect(solution.stations[0]!.utilization).toBeLessThanOrEqual(1);
    expect(solution.stations[0]!.probWait).toBeGreaterThan(0.999);
  });

  it('obeys the asymptotic bounds and is non-decreasing in N (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ demand: fc.double({ min: 0.001, max: 1, noNaN: true }), servers: fc.integer({ min: 1, max: 6 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (raw, n, think) => {
          const stations: MvaStation[] = raw.map((s) => ({ demandSeconds: s.demand, servers: s.servers }));
          const a = exactMva(stations, n, think);
          const b = exactMva(stations, n + 1, think);
          const total = raw.reduce((s, r) => s + r.demand, 0);
          const cap = Math.min(...raw.map((r) => r.servers / r.demand));
          expect(a.throughput).toBeLessThanOrEqual(cap * (1 + 1e-9));
          expect(a.throughput).toBeLessThanOrEqual((n / (total + think)) * (1 + 1e-9));
          expect(b.throughput).toBeGreaterThanOrEqual(a.throughput * (1 - 1e-12));
          // Little's law over the whole loop: Σ Q + X·Z = N.
          const inStations = a.stations.reduce((s, st) => s + st.meanInSystem, 0);
          expect(Math.abs(inStations + a.throughput * think - n)).toBeLessThan(1e-8 * n);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('approximate MVA (Bard–Schweitzer with Seidmann multi-server)', () => {
  it('is within a few per cent of exact MVA on a mixed network, and is used only on request', () => {
    const stations: MvaStation[] = [
      { demandSeconds: 0.002, servers: 4 },
      { demandSeconds: 0.0008, servers: 1 },
      { demandSeconds: 0.003, servers: 8 },
    ];
    for (const n of [5, 20, 100]) {
      const exact = exactMva(stations, n, 0.01);
      const approx = approximateMva(stations, n, 0.01);
      expect(rel(approx.throughput, exact.throughput)).toBeLessThan(0.06);
    }
    expect(solveMva(stations, 100, 0.01).exact).toBe(true);
    expect(solveMva(stations, 50_000, 0.01).exact).toBe(true);
    expect(solveMva(stations, 50_000, 0.01, 'schweitzer').exact).toBe(false);
  });
});
