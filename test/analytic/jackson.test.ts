import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { parseModel } from '../../src/model/load.ts';
import { openModel } from '../helpers/models.ts';

const rel = (x: number | null, y: number) => Math.abs((x ?? NaN) / y - 1);

/** Solve g(t) = target for increasing g by bisection, to full precision. */
function solve(g: (t: number) => number, target: number, hi: number): number {
  let lo = 0;
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    if (g(mid) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

describe('Jackson networks', () => {
  it('tandem of M/M/1: mean response is Σ 1/(µ_i − λ) (Jackson 1957)', () => {
    const r = analyze(
      openModel([
        { rate: 50, service: 1 / 100, threads: 1 },
        { rate: 50, service: 1 / 80, threads: 1 },
        { rate: 50, service: 1 / 60, threads: 1 },
      ]),
    );
    expect(rel(r.latency.mean, 1 / 50 + 1 / 30 + 1 / 10)).toBeLessThan(1e-12);
    expect(r.bottleneck).toBe('s2');
    expect(rel(r.maxThroughput, 60)).toBeLessThan(1e-12);
  });

  it('tandem of M/M/1 percentiles are exact: the sum of independent Exp(µ_i − λ) sojourns (Reich 1957)', () => {
    // Distinct rates θ1 = 50, θ2 = 20: hypoexponential CDF 1 − (θ2 e^{−θ1 t} − θ1 e^{−θ2 t})/(θ2 − θ1).
    const r = analyze(
      openModel([
        { rate: 50, service: 1 / 100, threads: 1 },
        { rate: 50, service: 1 / 70, threads: 1 },
      ]),
    );
    const cdf = (t: number) => 1 - (20 * Math.exp(-50 * t) - 50 * Math.exp(-20 * t)) / (20 - 50);
    for (const [key, p] of [['p50', 0.5], ['p90', 0.9], ['p95', 0.95], ['p99', 0.99], ['p999', 0.999]] as const) {
      const exact = solve(cdf, p, 10);
      // Euler inversion with M = 18 gives ~1e-9 absolute in the CDF.
      expect(rel(r.latency[key], exact)).toBeLessThan(1e-6);
    }
  });

  it('equal-rate tandem percentiles match Erlang-k quantiles', () => {
    // Three identical M/M/1 stages with θ = 40: the sojourn is Erlang(3, 40).
    const r = analyze(
      openModel([
        { rate: 60, service: 0.01, threads: 1 },
        { rate: 60, service: 0.01, threads: 1 },
        { rate: 60, service: 0.01, threads: 1 },
      ]),
    );
    const theta = 40;
    const cdf = (t: number) => 1 - Math.exp(-theta * t) * (1 + theta * t + (theta * t) ** 2 / 2);
    for (const [key, p] of [['p50', 0.5], ['p99', 0.99], ['p999', 0.999]] as const) {
      expect(rel(r.latency[key], solve(cdf, p, 10))).toBeLessThan(1e-6);
    }
  });

  it('visits > 1 (feedback) multiply the arrival rate: λ_eff = λ·v, W = v/(µ − λv)', () => {
    // M/M/1 with Bernoulli feedback p = 0.5 (v = 2): Kleinrock Vol. 1 §4.8 / Jackson's traffic equations.
    const r = analyze(openModel([{ rate: 20, service: 0.01, threads: 1, visits: 2 }]));
    const s = r.stages[0]!;
    expect(rel(s.utilization, 0.4)).toBeLessThan(1e-12);
    expect(rel(s.throughput, 40)).toBeLessThan(1e-12);
    expect(rel(s.meanResponse, 1 / (100 - 40))).toBeLessThan(1e-12);
    expect(rel(r.latency.mean, 2 / (100 - 40))).toBeLessThan(1e-12);
    expect(r.latency.p50! < r.latency.p99!).toBe(true);
  });

  it('perConnection stages run once per connection: visits = 1/requestsPerConnection', () => {
    const model = parseModel(`
workload: { arrivalRate: 1000, requestsPerConnection: 4 }
stages:
  - { name: accept, service: 100us, threads: 1, perConnection: true }
  - { name: work, service: 1ms, threads: 2 }
`);
    const r = analyze(model);
    const accept = r.stages[0]!;
    expect(accept.visits).toBe(0.25);
    expect(rel(accept.throughput, 250)).toBeLessThan(1e-12);
    expect(rel(accept.utilization, 0.025)).toBeLessThan(1e-12);
    // End-to-end mean: 0.25·(accept response) + work response.
    const work = r.stages[1]!;
    expect(rel(r.latency.mean, 0.25 * accept.meanResponse! + work.meanResponse!)).toBeLessThan(1e-12);
  });

  it('a full waiting room upstream thins the flow downstream', () => {
    const r = analyze(
      openModel([
        { rate: 10, service: 0.1, threads: 1, queueCapacity: 4 },
        { rate: 10, service: 0.05, threads: 1 },
      ]),
    );
    const first = r.stages[0]!;
    const second = r.stages[1]!;
    // M/M/1/5 at ρ = 1: blocking 1/6.
    expect(rel(first.dropRate, 1 / 6)).toBeLessThan(1e-12);
    expect(rel(second.throughput, 10 * (5 / 6))).toBeLessThan(1e-12);
    expect(rel(second.utilization, (10 * 5) / 6 * 0.05)).toBeLessThan(1e-12);
    expect(rel(r.throughput, (10 * 5) / 6)).toBeLessThan(1e-12);
  });

  it('saturation counts demand per completed request, not flows thinned by drops upstream', () => {
    // a: M/M/2/12 offered 10 Erlangs drops ~80 %, passing ~2000/s to b, whose one thread serves 500/s.
    const r = analyze(
      openModel([
        { rate: 10000, service: 0.001, threads: 2, queueCapacity: 10 },
        { rate: 10000, service: 0.002, threads: 1 },
      ]),
    );
    expect(r.stable).toBe(false);
    expect(r.bottleneck).toBe('s1');
    expect(rel(r.maxThroughput, 500)).toBeLessThan(1e-12);
    expect(r.throughput).toBe(r.maxThroughput);
    expect(rel(r.dropRate, r.stages[0]!.dropRate)).toBeLessThan(1e-12);
    expect(r.dropRate).toBeGreaterThan(0.79);
  });

  it('a re-entered stage with a finite queue refuses only first entries (exact: M/M/1/K with service v·S)', () => {
    // One thread, S = 1 ms, v = 2, 3 waiting places, λ = 300/s. A re-entry requeues as it frees its place, so
    // the number present is birth–death with births λ and deaths µ/v: M/M/1/4 at ρ = λ·v·S = 0.6.
    const r = analyze(
      openModel([
        { rate: 300, service: 0.001, threads: 1, visits: 2, queueCapacity: 3 },
        { rate: 300, service: 0.002, threads: 2 },
      ]),
    );
    const rho = 0.6;
    const p = (n: number) => ((1 - rho) * rho ** n) / (1 - rho ** 5);
    const lq = p(2) + 2 * p(3) + 3 * p(4);
    expect(rel(r.dropRate, p(4))).toBeLessThan(1e-12);
    expect(rel(r.throughput, 300 * (1 - p(4)))).toBeLessThan(1e-12);
    const a = r.stages[0]!;
    expect(rel(a.throughput, 600 * (1 - p(4)))).toBeLessThan(1e-12);
    expect(rel(a.meanQueueLength, lq)).toBeLessThan(1e-12);
    expect(rel(a.utilization, 1 - p(0))).toBeLessThan(1e-12);
    // Refused visits over arriving visits: first entries λ·p4 out of λ(1 + (1 − p4)(v − 1)).
    expect(rel(a.dropRate, p(4) / (2 - p(4)))).toBeLessThan(1e-12);
  });
});
