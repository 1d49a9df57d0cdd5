import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { exactClosed } from '../../src/analytic/closed-exact.ts';
import { parseModel } from '../../src/model/load.ts';
import { Q } from '../helpers/rational.ts';

const rel = (x: number | null | undefined, y: number) => Math.abs((x ?? NaN) / y - 1);
const closed = (workload: Record<string, unknown>, stages: Array<Record<string, unknown>>) =>
  parseModel(JSON.stringify({ name: 'c', workload, stages }));

/**
 * Binary floating point with a 160-bit BigInt mantissa: m·2^e. Independent of the solver (no logarithms, no
 * windows, no ratios): the normalising constant summed term by term, every rounding 2^−160 relative.
 */
const BITS = 160n;
class Big {
  constructor(
    readonly m: bigint,
    readonly e: number,
  ) {}
  static of(x: number): Big {
    // A double is an exact binary fraction: 53-bit integer times a power of two.
    if (x === 0) return new Big(0n, 0);
    const e = Math.floor(Math.log2(x)) - 52;
    return Big.norm(BigInt(Math.round(x / 2 ** e)), e);
  }
  static norm(m: bigint, e: number): Big {
    if (m === 0n) return new Big(0n, 0);
    const len = BigInt(m.toString(2).length);
    if (len > BITS) return new Big(m >> (len - BITS), e + Number(len - BITS));
    return new Big(m << (BITS - len), e - Number(BITS - len));
  }
  mul(o: Big): Big {
    return Big.norm(this.m * o.m, this.e + o.e);
  }
  divInt(k: number): Big {
    return Big.norm((this.m << 64n) / BigInt(k), this.e - 64);
  }
  add(o: Big): Big {
    if (this.m === 0n) return o;
    if (o.m === 0n) return this;
    const [hi, lo] = this.e >= o.e ? [this, o] : [o, this];
    const shift = hi.e - lo.e;
    if (shift > 400) return hi;
    return Big.norm((hi.m << BigInt(shift)) + lo.m, lo.e);
  }
  /** log of the value, as a double. */
  log(): number {
    const top = Number(this.m >> (BITS - 60n));
    return Math.log(top) + (this.e + Number(BITS - 60n)) * Math.LN2;
  }
}

/**
 * Think time Z, single servers D_i and one c-server station D_m: G_rest = e^{Zz}·Π 1/(1 − D_i z) by the O(N)
 * recursions, then G(N) = Σ_j f_m(j)·G_rest(N − j) and the c-server station's mean queue Σ_j j·f_m(j)·G_rest(N − j)/G(N).
 */
function bigReference(n: number, think: number, singles: number[], multi: { demand: number; servers: number }) {
  let g: Big[] = new Array(n + 1);
  g[0] = Big.of(1);
  const z = Big.of(think);
  for (let k = 1; k <= n; k++) g[k] = g[k - 1]!.mul(z).divInt(k);
  for (const d of singles) {
    const bd = Big.of(d);
    const next: Big[] = new Array(n + 1);
    next[0] = g[0]!;
    for (let k = 1; k <= n; k++) next[k] = g[k]!.add(bd.mul(next[k - 1]!));
    g = next;
  }
  const bd = Big.of(multi.demand);
  const sum = (pop: number) => {
    let f = Big.of(1);
    let total = new Big(0n, 0);
    let weighted = new Big(0n, 0);
    for (let j = 0; j <= pop; j++) {
      if (j > 0) f = f.mul(bd).divInt(Math.min(j, multi.servers));
      const term = f.mul(g[pop - j]!);
      total = total.add(term);
      if (j > 0) weighted = weighted.add(term.mul(Big.of(j)));
    }
    return { total, weighted };
  };
  const top = sum(n);
  const below = sum(n - 1);
  const throughput = Math.exp(below.total.log() - top.total.log());
  return { throughput, multiQueue: Math.exp(top.weighted.log() - top.total.log()) };
}

describe('exact closed networks at any population', () => {
  it.each([
    [10_000, 10],
    [100_000, 100],
  ])('N = %i, think %i s, ρ 0.7: throughput, response and queue against a 160-bit normalising constant', (n, think) => {
    const singles = [2e-4, 5e-4];
    const multi = { demand: 5.6e-3, servers: 8 };
    const ref = bigReference(n, think, singles, multi);
    const solution = exactClosed(
      [{ demandSeconds: singles[0]!, servers: 1 }, { demandSeconds: multi.demand, servers: multi.servers }, { demandSeconds: singles[1]!, servers: 1 }],
      n,
      think,
    );
    expect(rel(solution.throughput, ref.throughput)).toBeLessThan(1e-9);
    expect(rel(n / solution.throughput - think, n / ref.throughput - think)).toBeLessThan(1e-7);
    expect(rel(solution.stations[1]!.meanInSystem, ref.multiQueue)).toBeLessThan(1e-8);
    expect(solution.stations[1]!.utilization).toBeGreaterThan(0.6);
  });

  it('per-thread copies and pure delays against exact rational MVA (each copy a station of its own)', () => {
    // 3 per-thread copies of D = 1/10, a 2-server station of 3/10, a delay of 1/5, think 1/2, N = 9.
    const copies = 3;
    const stations = [
      ...Array.from({ length: copies }, () => ({ demand: Q.of(1, 10), servers: 1 })),
      { demand: Q.of(3, 10), servers: 2 },
      { demand: Q.of(1, 5), servers: 1000 },
    ];
    const n = 9;
    const think = Q.of(1, 2);
    // Load-dependent MVA in exact rationals (Reiser & Lavenberg 1980).
    const p: Q[][] = stations.map(() => [Q.of(1)]);
    let x = Q.of(0);
    let q: Q[] = [];
    for (let m = 1; m <= n; m++) {
      const resid = stations.map((s, i) => {
        let r = Q.of(0);
        for (let j = 1; j <= m; j++) r = r.add(Q.of(j).div(Q.of(Math.min(j, s.servers))).mul(s.demand).mul(p[i]![j - 1] ?? Q.of(0)));
        return r;
      });
      x = Q.of(m).div(resid.reduce((a, b) => a.add(b), think));
      q = resid.map((r) => x.mul(r));
      stations.forEach((s, i) => {
        const next: Q[] = [Q.of(0)];
        let rest = Q.of(0);
        for (let j = 1; j <= m; j++) {
          next[j] = x.mul(s.demand).div(Q.of(Math.min(j, s.servers))).mul(p[i]![j - 1] ?? Q.of(0));
          rest = rest.add(next[j]!);
        }
        next[0] = Q.of(1).sub(rest);
        p[i] = next;
      });
    }
    const solution = exactClosed(
      [
        { demandSeconds: 0.1, servers: 1, copies },
        { demandSeconds: 0.3, servers: 2 },
        { demandSeconds: 0.2, servers: Infinity },
      ],
      n,
      0.5,
    );
    expect(rel(solution.throughput, x.toNumber())).toBeLessThan(1e-12);
    expect(rel(solution.stations[0]!.meanInSystem, q[0]!.toNumber())).toBeLessThan(1e-11);
    expect(rel(solution.stations[1]!.meanInSystem, q[copies]!.toNumber())).toBeLessThan(1e-11);
    expect(rel(solution.stations[2]!.meanInSystem, q[copies + 1]!.toNumber())).toBeLessThan(1e-11);
  });

  it('saturated stations overflow the window and fall back to full sequences: Little over the loop holds', () => {
    // No think time, 30,000 clients: the bottleneck's queue spans almost all of N (no window covers it).
    for (const think of [0, 1]) {
      const stations = [
        { demandSeconds: 0.001, servers: 1 },
        { demandSeconds: 0.004, servers: 4 },
        { demandSeconds: 0.0005, servers: 1, copies: 4 },
        { demandSeconds: 0.002, servers: Infinity },
      ];
      const s = exactClosed(stations, 30_000, think);
      const inLoop = s.stations.reduce((a, st, i) => a + st.meanInSystem * (stations[i]!.copies ?? 1), 0) + s.throughput * think;
      expect(rel(inLoop, 30_000)).toBeLessThan(1e-8);
      expect(s.throughput).toBeLessThanOrEqual(1000 * (1 + 1e-12));
    }
  });

  it('one client, a station alone, zero and tiny think times are well defined', () => {
    const one = exactClosed([{ demandSeconds: 0.01, servers: 4 }], 1, 0);
    expect(one.throughput).toBeCloseTo(100, 10);
    const alone = exactClosed([{ demandSeconds: 0.01, servers: 4 }], 50, 0);
    expect(rel(alone.throughput, 400)).toBeLessThan(1e-12);
    expect(alone.stations[0]!.probWait).toBe(1);
    const tiny = exactClosed([{ demandSeconds: 0.001, servers: 2 }, { demandSeconds: 0.001, servers: 2 }], 1, 5e-324);
    expect(Number.isFinite(tiny.throughput)).toBe(true);
    expect(rel(tiny.throughput, 500)).toBeLessThan(1e-12);
  });
});

/** P(Poisson(λ) ≤ k) by direct summation (small λ, k only). */
function poissonCdf(lambda: number, k: number): number {
  let term = Math.exp(-lambda);
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= lambda / i;
    sum += term;
  }
  return sum;
}

function bisect(ccdf: (t: number) => number, target: number, hi: number): number {
  let lo = 0;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (ccdf(mid) > target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** Finite-source M/M/c//N (Gross, Shortle, Thompson & Harris §2.7): p_n by the birth–death chain, q_n = (N−n)·p_n/(N−L). */
function finiteSource(n: number, c: number, service: number, think: number) {
  const w: number[] = [1];
  for (let k = 1; k <= n; k++) w.push((w[k - 1]! * ((n - k + 1) / think)) / (Math.min(k, c) / service));
  const total = w.reduce((a, b) => a + b, 0);
  const p = w.map((v) => v / total);
  const l = p.reduce((a, v, k) => a + k * v, 0);
  const q = p.map((v, k) => ((n - k) * v) / (n - l));
  return { p, q, l };
}

describe('closed percentiles: exact for one station (arrival theorem)', () => {
  it('64 clients, no think time, one thread of 10 ms: Erlang(64, 10 ms), p50 636.7 ms, p99 840.7 ms', () => {
    const r = analyze(closed({ clients: 64, thinkTime: 0 }, [{ name: 's0', service: '10ms', threads: 1 }]));
    const ccdf = (t: number) => poissonCdf(t / 0.01, 63);
    for (const [key, level] of [['p50', 0.5], ['p90', 0.9], ['p99', 0.99], ['p999', 0.999]] as const) {
      expect(rel(r.latency[key], bisect(ccdf, 1 - level, 5))).toBeLessThan(1e-8);
    }
    expect(r.latency.p50! * 1000).toBeCloseTo(636.7, 1);
    expect(r.latency.p99! * 1000).toBeCloseTo(840.7, 1);
  });

  it('machine repairman M/M/1//N with think time: P(T > t) = Σ q_n·P(Poisson(t/S) ≤ n)', () => {
    const n = 30;
    const s = 0.01;
    const z = 0.2;
    const { q } = finiteSource(n, 1, s, z);
    const ccdf = (t: number) => q.reduce((a, qn, k) => (k < n ? a + qn * poissonCdf(t / s, k) : a), 0);
    const r = analyze(closed({ clients: n, thinkTime: z }, [{ name: 'repair', service: s, threads: 1 }]));
    for (const [key, level] of [['p50', 0.5], ['p90', 0.9], ['p99', 0.99], ['p999', 0.999]] as const) {
      expect(rel(r.latency[key], bisect(ccdf, 1 - level, 2))).toBeLessThan(1e-7);
    }
  });

  it('M/M/c//N with think time: the textbook wait W_q(t) convolved with the service by quadrature', () => {
    const n = 40;
    const c = 4;
    const s = 0.02;
    const z = 0.1;
    const { q } = finiteSource(n, c, s, z);
    const a = c / s;
    const noWait = q.slice(0, c).reduce((x, y) => x + y, 0);
    // Density of the wait for w > 0: Σ_{n≥c} q_n · a·pois(n − c; a·w).
    const waitPdf = (w: number) => {
      let f = 0;
      let term = Math.exp(-a * w);
      for (let k = c; k < n; k++) {
        if (k > c) term *= (a * w) / (k - c);
        f += q[k]! * a * term;
      }
      return f;
    };
    const waitCcdf = (t: number) => q.reduce((acc, qn, k) => (k >= c && k < n ? acc + qn * poissonCdf(a * t, k - c) : acc), 0);
    const ccdf = (t: number) => {
      // P(T > t) = P(W = 0)·e^{−t/S} + ∫_0^t f_W(w)·e^{−(t−w)/S} dw + P(W > t), Simpson on 4000 panels.
      const panels = 4000;
      const h = t / panels;
      let integral = 0;
      for (let i = 0; i <= panels; i++) {
        const w = i * h;
        const weight = i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2;
        integral += weight * waitPdf(w) * Math.exp(-(t - w) / s);
      }
      return noWait * Math.exp(-t / s) + (integral * h) / 3 + waitCcdf(t);
    };
    const r = analyze(closed({ clients: n, thinkTime: z }, [{ name: 'pool', service: s, threads: c }]));
    for (const [key, level] of [['p50', 0.5], ['p99', 0.99]] as const) {
      expect(rel(r.latency[key], bisect(ccdf, 1 - level, 2))).toBeLessThan(1e-6);
    }
    expect(r.notes.join(' ')).toMatch(/exact for this one exponential FCFS station/);
  });

  it('a huge population stays exact and fast: 100,000 clients on 16 threads (Erlang shapes ~20,000)', () => {
    const r = analyze(closed({ clients: 100_000, thinkTime: '5s' }, [{ name: 's', service: '1ms', threads: 16 }]));
    const values = [r.latency.p50!, r.latency.p90!, r.latency.p99!, r.latency.p999!];
    for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThan(values[i - 1]!);
    expect(Math.abs(r.latency.p50! - r.latency.mean!) / r.latency.mean!).toBeLessThan(0.01);
    expect(r.latency.p999!).toBeLessThan(1.1 * r.latency.mean!);
  });
});
