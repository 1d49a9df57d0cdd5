/**
 * Analysis and simulation agree on stability when impatience bounds a queue (SPEC §5: `stable` keeps its §3
 * meaning), and on what an unstable answer reports: the throughput that completes and the resource that binds.
 * One rule for both (model/capacity.ts stability, overloadOutcome; model/unstable-result.ts).
 */
import { describe, expect, it } from 'vitest';
import { analyze as analyzeAnalytic } from '../../src/analytic/analyze.ts';
import { capacity, stability } from '../../src/model/capacity.ts';
import { withArrivalRate } from '../../src/model/edit.ts';
import { parseModel } from '../../src/model/load.ts';
import { analyze } from '../../src/solve/analyze.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { formatResult } from '../../src/cli/format-result.ts';
import { lossAheadModel } from '../helpers/models.ts';

const yaml = (text: string) => parseModel(text);

/**
 * M/M/1+D (Baccelli & Hébuterne 1981), by hand for c = 1: the offered wait has an atom π0 at 0 and density
 * λπ0·e^{(λ−µ)x} below τ, λπ0·e^{λτ−µx} above; an arrival leaves iff it would wait τ or more. With d = λ − µ,
 * π0 = 1 / (1 + λ((e^{dτ} − 1)/d + e^{dτ}/µ)) and P(leave) = λπ0·e^{dτ}/µ. λ 1200, µ 1000, τ 5 ms: 0.223855.
 */
function mm1dLeave(lambda: number, mu: number, tau: number): number {
  const d = lambda - mu;
  const pi0 = 1 / (1 + lambda * (Math.expm1(d * tau) / d + Math.exp(d * tau) / mu));
  return (lambda * pi0 * Math.exp(d * tau)) / mu;
}

describe('a queue bounded by impatience is stable past capacity, in analysis and simulation', () => {
  const queueTimeout = yaml('workload: { arrivalRate: 1200 }\nstages: [ { name: s0, service: 1ms, threads: 1, queueTimeout: 5ms } ]\n');

  it('M/M/1 at ρ 1.2 with a 5 ms queue timeout: exact M/M/1+D, its leavers dropped; the simulation agrees', () => {
    expect(stability(queueTimeout, 1200).overloaded).toEqual([]);
    const a = analyzeAnalytic(queueTimeout);
    expect(a.stable).toBe(true);
    const leave = mm1dLeave(1200, 1000, 0.005);
    expect(leave).toBeCloseTo(0.223855, 5);
    expect(a.dropRate).toBeCloseTo(leave, 9);
    expect(a.abandonRate).toBe(0);
    expect(a.throughput).toBeCloseTo(1200 * (1 - leave), 6);
    expect(a.accuracy!.dropRate.kind).toBe('exact');
    expect(a.accuracy!.mean.kind).toBe('exact');
    const s = simulate(queueTimeout, { requests: 100_000, replications: 3, seed: 5 });
    expect(s.stable).toBe(true);
    expect(Math.abs(s.dropRate - leave)).toBeLessThan(0.01);
    expect(Math.abs(s.latency.mean! / a.latency.mean! - 1)).toBeLessThan(0.05);
    expect(Math.abs(s.latency.p99! / a.latency.p99! - 1)).toBeLessThan(0.05);
    // The stage and its pool drop what the timeout drops, in the analysis and in both engines (the simulator's
    // stage rows said 0: only full queues counted).
    expect(a.stages[0]!.dropRate).toBeCloseTo(leave, 9);
    const reference = simulate(queueTimeout, { requests: 30_000, replications: 2, seed: 5, engine: 'simjs' });
    for (const r of [s, reference]) {
      expect(Math.abs(r.stages[0]!.dropRate - leave)).toBeLessThan(0.015);
      expect(Math.abs(r.pools[0]!.dropRate - leave)).toBeLessThan(0.015);
    }
  });

  it('M/M/4 at ρ 1.5 with a 2 ms queue timeout: M/M/c+D with c > 1 (drops from the analysis = the simulation)', () => {
    const m = yaml('workload: { arrivalRate: 6000 }\nstages: [ { name: s0, service: 1ms, threads: 4, queueTimeout: 2ms } ]\n');
    const a = analyzeAnalytic(m);
    expect(a.stable).toBe(true);
    const s = simulate(m, { requests: 100_000, replications: 3, seed: 5 });
    expect(s.stable).toBe(true);
    expect(Math.abs(s.dropRate / a.dropRate - 1)).toBeLessThan(0.05);
    expect(Math.abs(s.latency.mean! / a.latency.mean! - 1)).toBeLessThan(0.05);
  });

  it('exponential patience and a queue timeout on one M/M/c: both kinds of leaver, exact (Erlang-A cut at the timeout)', () => {
    const m = yaml(
      'workload: { arrivalRate: 6000, patience: { mean: 3ms, distribution: exponential } }\nstages: [ { name: s0, service: 1ms, threads: 4, queueTimeout: 2ms } ]\n',
    );
    const a = analyzeAnalytic(m);
    expect(a.stable).toBe(true);
    expect(a.accuracy!.dropRate.kind).toBe('exact');
    const s = simulate(m, { requests: 100_000, replications: 3, seed: 5 });
    expect(Math.abs(s.abandonRate! / a.abandonRate! - 1)).toBeLessThan(0.03);
    expect(Math.abs(s.dropRate / a.dropRate - 1)).toBeLessThan(0.1);
    expect(Math.abs(s.latency.mean! / a.latency.mean! - 1)).toBeLessThan(0.05);
    expect(Math.abs(s.latency.p99! / a.latency.p99! - 1)).toBeLessThan(0.05);
  });

  it('retries on top of the queue timeout, patience on a tandem: stable by the one rule; the analysis says why it has no figures', () => {
    const retried = yaml('workload: { arrivalRate: 1200, retry: { attempts: 3, backoff: 10ms } }\nstages: [ { name: s0, service: 1ms, threads: 1, queueTimeout: 5ms } ]\n');
    const patient = yaml(
      'workload: { arrivalRate: 1200, patience: { mean: 5ms, distribution: exponential } }\nstages: [ { name: s0, service: 1ms, threads: 1 }, { name: s1, service: 0.2ms, threads: 1 } ]\n',
    );
    for (const m of [retried, patient]) {
      expect(stability(m, 1200)).toEqual({ overloaded: [], decidedBy: [] });
      const plain = analyzeAnalytic(m, { percentiles: false });
      // The plain method has no steady state past the threads; it says it is the method, not the model.
      expect(plain.notes.some((n) => n.startsWith('unstable in this method only: s0'))).toBe(true);
      expect(plain.notes.some((n) => n.startsWith('unstable: offered load'))).toBe(false);
      expect(simulate(m, { requests: 5000, replications: 1, seed: 2 }).stable).toBe(true);
    }
  });

  it('the public analyze answers the patient tandem from its simulation: stable, with the abandonment and what completes', () => {
    const patient = yaml(
      'workload: { arrivalRate: 1200, patience: { mean: 5ms, distribution: exponential } }\nstages: [ { name: s0, service: 1ms, threads: 1 }, { name: s1, service: 0.2ms, threads: 1 } ]\n',
    );
    const a = analyze(patient, { percentiles: false });
    expect(a.stable).toBe(true);
    // About 30 % abandon (s0 alone is Erlang-A at ρ 1.2, θ = 200/s: 0.305): what completes is 70 % of 1200/s,
    // not the offered rate.
    expect(a.abandonRate).toBeGreaterThan(0.25);
    expect(a.abandonRate).toBeLessThan(0.35);
    expect(Math.abs(a.throughput! / (1200 * (1 - a.abandonRate!)) - 1)).toBeLessThan(0.02);
    expect(a.goodput).toBe(a.throughput);
    expect(a.notes.some((n) => n.startsWith('unstable'))).toBe(false);
  });
});

describe('what an unstable answer reports', () => {
  it('a loss pool most requests skip has the smallest capacity, the pool behind it binds: its capacity completes', () => {
    // front: 1/(0.3 · 5 ms) = 667/s; back 1/1.35 ms = 741/s is offered 1000 − 300·B(1.5) = 820/s: overloaded.
    const m = lossAheadModel('1.35ms');
    expect(capacity(m)).toMatchObject({ bottleneck: 'front' });
    const a = analyzeAnalytic(m, { percentiles: false });
    const s = simulate(m, { requests: 1000 });
    for (const r of [a, s]) {
      expect(r.stable).toBe(false);
      expect(r.throughput).toBeCloseTo(1000 / 1.35, 6);
      expect(r.bottleneck).toBe('back');
      expect(r.notes.some((n) => n.startsWith('unstable: offered load reaches or exceeds the capacity of back'))).toBe(true);
      // The loss stage refuses B(1, 1.5) = 0.6 of its visits in both answers (the simulator's said 0).
      expect(r.stages[0]!.dropRate).toBeCloseTo(0.6, 12);
      expect(r.pools[0]!.dropRate).toBeCloseTo(0.6, 12);
    }
    // The table says what binds, beside the smallest capacity (it said "saturates at 666.7/s (bottleneck: front)").
    expect(formatResult(m, a)).toContain('throughput 740.7/s, bound by back   smallest capacity 666.7/s (front: it sheds');
  });

  it('without a finite queue SPEC §3 holds: throughput = maxThroughput at the bottleneck', () => {
    const m = parseModel(
      JSON.stringify({
        name: 'open',
        workload: { arrivalRate: 1000 },
        stages: [
          { name: 'front', service: '5ms', threads: 1, visits: 0.3 },
          { name: 'back', service: '1.35ms', threads: 1 },
        ],
      }),
    );
    const a = analyzeAnalytic(m, { percentiles: false });
    expect(a.stable).toBe(false);
    expect(a.throughput).toBe(a.maxThroughput);
    expect(a.bottleneck).toBe(capacity(m).bottleneck);
  });

  it('8 threads on 2 cores at 1500/s: the note names the cores, and the threads show all busy', () => {
    const m = withArrivalRate(
      parseModel(JSON.stringify({ name: 'c', workload: { arrivalRate: 1000 }, cores: 2, stages: [{ name: 's0', service: '1.6ms', threads: 8 }] })),
      1500,
    );
    const a = analyzeAnalytic(m);
    const s = simulate(m, { requests: 1000 });
    for (const r of [a, s]) {
      expect(r.stable).toBe(false);
      expect(r.bottleneck).toBe('cores');
      const note = r.notes.find((n) => n.startsWith('unstable'))!;
      expect(note).toContain('capacity of the 2 cores');
      expect(note).not.toContain('capacity of s0');
      // Each thread holds a request while it waits for a core: a queue that keeps growing keeps them all busy.
      expect(r.stages[0]!.utilization).toBe(1);
      expect(r.pools[0]!.utilization).toBe(1);
    }
  });
});
