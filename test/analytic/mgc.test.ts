import { mdOneWaitQuantile } from '../helpers/md1.ts';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { mmc } from '../../src/analytic/mmc.ts';
import { parseModel } from '../../src/model/load.ts';

const rel = (x: number | null | undefined, y: number) => Math.abs((x ?? NaN) / y - 1);

function oneStage(rate: number, stage: Record<string, unknown>, workload: Record<string, unknown> = {}) {
  return parseModel(JSON.stringify({ name: 'g', workload: { arrivalRate: rate, ...workload }, stages: [{ name: 's', ...stage }] }));
}

/**
 * Exact M/D/c mean wait (Crommelin 1932): with deterministic service D the number in system obeys
 * N(t + D) = max(N(t) − c, 0) + Poisson(λD) for every t, so the stationary law of that chain is the time-average
 * law, and Wq = E[(N − c)⁺]/λ (PASTA). Solved here by power iteration on a truncated chain.
 */
function exactMdcWait(servers: number, rho: number, serviceSeconds: number): number {
  const a = rho * servers;
  const size = 300;
  const poisson: number[] = [];
  let term = Math.exp(-a);
  for (let k = 0; k < size; k++) {
    poisson.push(term);
    term *= a / (k + 1);
  }
  let pi = new Float64Array(size);
  pi[0] = 1;
  for (let iteration = 0; iteration < 20000; iteration++) {
    const next = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      if (pi[i] === 0) continue;
      const base = Math.max(i - servers, 0);
      for (let k = 0; base + k < size; k++) next[base + k]! += pi[i]! * poisson[k]!;
    }
    let change = 0;
    for (let i = 0; i < size; i++) change = Math.max(change, Math.abs(next[i]! - pi[i]!));
    pi = next;
    if (change < 1e-15) break;
  }
  let lq = 0;
  for (let i = servers; i < size; i++) lq += (i - servers) * pi[i]!;
  return (lq / a) * serviceSeconds;
}

describe('M/G/1: Pollaczek–Khinchine (exact means)', () => {
  it('M/D/1: Wq = ρS/(2(1 − ρ)) (Gross & Harris §5.1.1)', () => {
    const r = analyze(oneStage(900, { service: 0.001, threads: 1, distribution: 'deterministic' }));
    const s = r.stages[0]!;
    expect(rel(s.meanWait, (0.9 * 0.001) / (2 * 0.1))).toBeLessThan(1e-12);
    expect(rel(s.meanQueueLength, 900 * 0.0045)).toBeLessThan(1e-12);
    expect(rel(r.latency.mean, 0.0045 + 0.001)).toBeLessThan(1e-12);
    expect(r.notes.join(' ')).not.toMatch(/approximate/);
  });

  it('M/E_k/1 and M/G/1 with any scv: Wq = (1 + cs²)/2 · ρS/(1 − ρ)', () => {
    for (const [stage, cs2] of [
      [{ distribution: 'erlang', k: 4 }, 0.25],
      [{ distribution: 'gamma', scv: 0.5 }, 0.5],
      [{ distribution: 'lognormal', scv: 3 }, 3],
      [{ distribution: 'hyperexponential', scv: 5 }, 5],
    ] as const) {
      const r = analyze(oneStage(70, { service: 0.01, threads: 1, ...stage }));
      expect(rel(r.stages[0]!.meanWait, ((1 + cs2) / 2) * ((0.7 * 0.01) / 0.3))).toBeLessThan(1e-12);
    }
  });

  it('M/D/1 textbook value: λ = 0.5, D = 1 gives Wq = 0.5, L = 0.75 (Kleinrock vol. 1 §5.7)', () => {
    const r = analyze(oneStage(0.5, { service: 1, threads: 1, distribution: 'deterministic' }));
    expect(rel(r.stages[0]!.meanWait, 0.5)).toBeLessThan(1e-12);
    expect(rel(r.stages[0]!.meanInSystem, 0.75)).toBeLessThan(1e-12);
  });
});

describe('M/D/c by Cosmetatos (1975)', () => {
  it('is within 1% of the exact M/D/c wait (Crommelin chain), where Allen–Cunneen errs by up to 16%', () => {
    for (const [c, rho] of [
      [2, 0.8],
      [4, 0.8],
      [8, 0.9],
      [4, 0.5],
      [16, 0.7],
    ] as const) {
      const service = 0.002;
      const r = analyze(oneStage((rho * c) / service, { service, threads: c, distribution: 'deterministic' }));
      const exact = exactMdcWait(c, rho, service);
      expect(rel(r.stages[0]!.meanWait, exact)).toBeLessThan(0.01);
      expect(r.notes.join(' ')).toMatch(/Cosmetatos/);
    }
  });
});

describe('M/G/c', () => {
  it('Kimura (1994) lies between M/D/c and M/M/c for 0 < cs² < 1 and is P-K exact at c = 1', () => {
    const c = 4;
    const service = 0.01;
    const rate = (0.85 * c) / service;
    const wait = (stage: Record<string, unknown>) => analyze(oneStage(rate, { service, threads: c, ...stage })).stages[0]!.meanWait!;
    const md = wait({ distribution: 'deterministic' });
    const me2 = wait({ distribution: 'erlang', k: 2 });
    const mm = wait({});
    expect(md).toBeLessThan(me2);
    expect(me2).toBeLessThan(mm);
    expect(rel(mm, mmc(rate, service, c).meanWait)).toBeLessThan(1e-12);
  });

  it('Lee–Longton above cs² = 1: Wq = (1 + cs²)/2 · Wq(M/M/c)', () => {
    const r = analyze(oneStage(300, { service: 0.01, threads: 4, distribution: 'lognormal', scv: 2 }));
    expect(rel(r.stages[0]!.meanWait, 1.5 * mmc(300, 0.01, 4).meanWait)).toBeLessThan(1e-12);
    expect(r.notes.join(' ')).toMatch(/Lee–Longton/);
  });
});

describe('G/G/c by Allen–Cunneen', () => {
  it('G/G/1 reduces to Kingman: Wq = (ca² + cs²)/2 · ρS/(1 − ρ)', () => {
    const r = analyze(oneStage(80, { service: 0.01, threads: 1, distribution: 'gamma', scv: 0.5 }, { arrivalScv: 2 }));
    expect(rel(r.stages[0]!.meanWait, ((2 + 0.5) / 2) * ((0.8 * 0.01) / 0.2))).toBeLessThan(1e-12);
  });

  it('G/G/c: Wq = C(c, a)·(ca² + cs²)/2 · S/(c − a) (Allen 1990, eq. 6.21)', () => {
    const r = analyze(oneStage(270, { service: 0.01, threads: 3, distribution: 'erlang', k: 4 }, { arrivalScv: 0.5 }));
    expect(rel(r.stages[0]!.meanWait, ((0.5 + 0.25) / 2) * mmc(270, 0.01, 3).meanWait)).toBeLessThan(1e-12);
    expect(r.notes.join(' ')).toMatch(/Allen–Cunneen/);
  });
});

describe('M/G/1 percentiles: Pollaczek–Khinchine wait transform', () => {
  it('M/D/1 end-to-end percentiles are within 0.1% of Erlang’s exact waiting-time distribution (exact P-K transform)', () => {
    // Erlang (1909): P(W ≤ t) = (1 − ρ) Σ_{k=0}^{⌊t/D⌋} (λ(kD − t))^k / k! · e^{−λ(kD − t)}.
    const lambda = 0.7;
    const d = 1;
    const quantile = (p: number) => mdOneWaitQuantile(lambda, d, p) + d;
    const r = analyze(oneStage(lambda, { service: d, threads: 1, distribution: 'deterministic' }));
    for (const [key, p] of [['p90', 0.9], ['p99', 0.99], ['p999', 0.999]] as const) {
      expect(rel(r.latency[key], quantile(p))).toBeLessThan(1e-3);
    }
    expect(r.notes.join(' ')).toMatch(/Pollaczek–Khinchine/);
  });
});
