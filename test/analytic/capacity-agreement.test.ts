/**
 * One fact, one place: analysis and simulation take capacity, bottleneck and stability from model/capacity.ts,
 * so on any model they report the same ones. Random seeded models with every feature that moves capacity:
 * visits, perConnection, shared pools, per-thread dispatch, finite queues, delays, `cores` with CPU-bound and
 * blocking stages, loads on both sides of saturation. And (issue 12) a finite queue ahead of a pool that the
 * offered rate would overload: stability is then decided after the refusals, exactly where the model knows them
 * (both paths must agree), else by each path's estimate (analysis: its blocking; simulation: measured), which
 * agree away from the boundary and, near it, analysis says so (and the public analyze simulates).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze } from '../../src/analytic/analyze.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { capacity, carriedRates, stability } from '../../src/model/capacity.ts';
import { refusalsOf } from '../../src/model/refusals.ts';
import { erlangB, mmckBlocking } from '../../src/model/loss-probability.ts';
import { mg1k } from '../../src/analytic/mg1k.ts';
import { loadModel, parseModel } from '../../src/model/load.ts';
import { withArrivalRate } from '../../src/model/edit.ts';

const stageArb = fc.record({
  service: fc.double({ min: 0.0001, max: 0.003, noNaN: true }),
  threads: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant('infinite' as const)),
  shared: fc.boolean(),
  visits: fc.oneof(fc.constant(1), fc.double({ min: 0.2, max: 2.5, noNaN: true })),
  perConnection: fc.boolean(),
  queueCapacity: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  cpuBound: fc.boolean(),
});

const modelArb = fc.record({
  stages: fc.array(stageArb, { minLength: 1, maxLength: 5 }),
  cores: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
  sharedThreads: fc.integer({ min: 1, max: 10 }),
  perThread: fc.boolean(),
  load: fc.double({ min: 0.2, max: 1.4, noNaN: true }),
});

type Spec = typeof modelArb extends fc.Arbitrary<infer T> ? T : never;

function build(spec: Spec) {
  const usesShared = spec.stages.some((s) => s.shared && s.threads !== 'infinite');
  const doc = {
    name: 'random',
    workload: { arrivalRate: 1000, requestsPerConnection: 4 },
    ...(spec.cores !== undefined ? { cores: spec.cores } : {}),
    ...(usesShared ? { pools: { shared: { threads: spec.sharedThreads, dispatch: spec.perThread ? 'per-thread' : 'shared' } } } : {}),
    stages: spec.stages.map((s, i) => ({
      name: `s${i}`,
      service: s.service,
      ...(s.shared && s.threads !== 'infinite' ? { pool: 'shared' } : { threads: s.threads }),
      ...(s.perConnection ? { perConnection: true } : s.visits !== 1 ? { visits: s.visits } : {}),
      ...(s.queueCapacity !== undefined && !s.shared && s.threads !== 'infinite' ? { queueCapacity: s.queueCapacity } : {}),
      ...(s.cpuBound ? {} : { cpuBound: false }),
    })),
  };
  const model = parseModel(JSON.stringify(doc));
  const max = capacity(model).maxThroughput;
  return max === null ? model : withArrivalRate(model, spec.load * max);
}

const lossArb = fc.record({
  lead: fc.constantFrom('none', 'delay', 'mmc'),
  threads: fc.integer({ min: 1, max: 6 }),
  queue: fc.integer({ min: 0, max: 5 }),
  dist: fc.constantFrom('exponential', 'exponential', 'deterministic', 'lognormal', 'hyperexponential'),
  perThread: fc.boolean(),
  visits: fc.constantFrom('once', 'bernoulli', 'connection'),
  arrivalScv: fc.constantFrom(1, 1, 1, 0.5, 2),
  frontLoad: fc.double({ min: 0.5, max: 3, noNaN: true }),
  backThreads: fc.integer({ min: 1, max: 8 }),
  backLoad: fc.double({ min: 1.02, max: 2.5, noNaN: true }),
});
type LossSpec = typeof lossArb extends fc.Arbitrary<infer T> ? T : never;

function buildLoss(spec: LossSpec) {
  const rate = 1000;
  const v = spec.visits === 'once' ? 1 : spec.visits === 'bernoulli' ? 0.6 : 0.5;
  const frontService = (spec.frontLoad * spec.threads) / (rate * v);
  const backService = (spec.backLoad * spec.backThreads) / rate;
  const lead = spec.lead === 'none' ? [] : [{ name: 'lead', service: spec.lead === 'delay' ? 0.002 : 0.0005, threads: spec.lead === 'delay' ? 'infinite' : 1 }];
  const doc = {
    name: 'loss-ahead',
    workload: { arrivalRate: rate, arrivalScv: spec.arrivalScv, requestsPerConnection: 2 },
    pools: { front: { threads: spec.threads, queueCapacity: spec.queue, dispatch: spec.perThread ? 'per-thread' : 'shared' } },
    stages: [
      ...lead,
      {
        name: 'front', pool: 'front', service: frontService,
        ...(spec.dist === 'exponential' ? {} : { distribution: spec.dist, ...(spec.dist === 'deterministic' ? {} : { scv: 3 }) }),
        ...(spec.visits === 'connection' ? { perConnection: true } : spec.visits === 'bernoulli' ? { visits: v } : {}),
      },
      { name: 'back', service: backService, threads: spec.backThreads },
    ],
  };
  return parseModel(JSON.stringify(doc));
}

describe('capacity: analysis and simulation agree on capacity, bottleneck and stability', () => {
  it('on random models', () => {
    fc.assert(
      fc.property(modelArb, (spec) => {
        const model = build(spec);
        const a = analyze(model, { percentiles: false });
        const s = simulate(model, { requests: 300, replications: 1, warmup: 0 });
        expect(s.maxThroughput).toBe(a.maxThroughput);
        expect(s.bottleneck).toBe(a.bottleneck);
        expect(s.stable).toBe(a.stable);
        if (!a.stable) expect(s.throughput).toBe(a.throughput);
      }),
      { numRuns: 150, seed: 12 },
    );
  });

  it('with refusals upstream of a pool the offered rate would overload (issue 12)', () => {
    fc.assert(
      fc.property(lossArb, (spec) => {
        const model = buildLoss(spec);
        const certain = stability(model, 1000).decidedBy.length === 0;
        const a = analyze(model, { percentiles: false });
        const s = simulate(model, { requests: 2000, replications: 1, seed: 2 });
        const back = model.stages.at(-1)!;
        const { reach } = carriedRates(model, 1000, refusalsOf(a.stages));
        const load = (reach[back.index]! * back.service.meanSeconds) / spec.backThreads;
        if (certain) {
          // Independently: Poisson into the front pool (per thread with per-thread dispatch), Erlang B, p_K or M/G/1/K.
          // (Certain without Poisson means overloaded whatever front refuses, which this agrees with too.)
          const v = spec.visits === 'once' ? 1 : spec.visits === 'bernoulli' ? 0.6 : 0.5;
          const queues = spec.perThread ? spec.threads : 1;
          const offered = (1000 * v * model.stages.find((st) => st.name === 'front')!.service.meanSeconds) / queues;
          const servers = spec.threads / queues;
          const front = model.stages.find((st) => st.name === 'front')!;
          const blocking =
            spec.queue === 0
              ? erlangB(servers, offered)
              : spec.dist === 'exponential'
                ? mmckBlocking(offered, servers, spec.queue)
                : mg1k((1000 * v) / queues, front.service, spec.queue)!.blocking; // one thread: the embedded chain
          const truth = (1000 * (1 - v * blocking) * back.service.meanSeconds) / spec.backThreads;
          // (At the boundary itself rounding decides: the shrinker finds load 1 ± 1e-16.)
          if (Math.abs(truth - 1) > 1e-9) expect(a.stable).toBe(truth < 1);
        }
        if (certain || Math.abs(load - 1) >= 0.1) {
          expect(s.stable).toBe(a.stable);
          if (!a.stable) expect(s.throughput).toBe(a.throughput);
        }
        if (!certain) {
          // A stable answer that only the estimated refusals give says so (the public analyze then simulates).
          if (a.stable) expect(a.notes.some((n) => n.startsWith('stability decided by the approximate refusals at front'))).toBe(true);
          expect(s.notes.some((n) => n.startsWith('stability decided by the measured refusals at front'))).toBe(true);
        }
      }),
      { numRuns: 150, seed: 12 },
    );
  });

  it('the cores bind where the CPU work, not the threads, runs out (issue 12: 8 threads on 2 cores)', () => {
    const m = parseModel(
      JSON.stringify({ name: 'c', workload: { arrivalRate: 1000 }, cores: 2, stages: [{ name: 's0', service: '1.6ms', threads: 8 }] }),
    );
    expect(capacity(m).maxThroughput).toBeCloseTo(1250, 9);
    expect(capacity(m).bottleneck).toBe('cores');
    const stable = analyze(m);
    expect(stable.maxThroughput).toBeCloseTo(1250, 9);
    const over = withArrivalRate(m, 1500);
    const a = analyze(over);
    const s = simulate(over, { requests: 1000 });
    expect(a.stable).toBe(false);
    expect(s.stable).toBe(false);
    // Unstable: throughput is the capacity, never more than what is offered.
    expect(a.throughput).toBeCloseTo(1250, 9);
    expect(s.throughput).toBeCloseTo(1250, 9);
  });

  it('shipped models with cores: one capacity for both methods', () => {
    for (const file of ['tls-terminating-proxy', 'acceptor-workers']) {
      const m = loadModel(`models/${file}.yaml`);
      const a = analyze(m, { percentiles: false });
      const s = simulate(m, { requests: 500, replications: 1 });
      expect(s.maxThroughput).toBe(a.maxThroughput);
      expect(a.bottleneck).toBe('cores');
    }
  });
});
