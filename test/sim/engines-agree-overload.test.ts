/**
 * SPEC §5 in both engines: the fast engine and the reference engine (simjs scheduler, own random streams, own
 * timers, retries, budget, schedule arrivals and per-attempt tallies: src/sim/reference-overload.ts) must agree
 * statistically on overload models, figure by figure (Welch's t, the bounds of test/helpers/welch.ts): latency,
 * throughput, drops, every stage and segment figure, goodput, timeout, abandonment, retry and failure rates,
 * wasted work, and for the spike every timeline window's offered rate, throughput, goodput and requests in the
 * system. Then the reference alone against the exact M/M/c+M and M/M/c+D figures (impatient-pool.ts), inside
 * its 95% CI.
 */
import { describe, expect, it } from 'vitest';
import { impatientPool } from '../../src/analytic/impatient-pool.ts';
import type { RunControl } from '../../src/sim/fast-engine.ts';
import { simulate } from '../../src/sim/simulate.ts';
import type { Model } from '../../src/model/types.ts';
import { fastSums, figures, referenceSums } from '../helpers/engine-figures.ts';
import { BONFERRONI_T, compareFigures, MAX_SHARE_ABOVE_T975, verdict, type Comparison } from '../helpers/welch.ts';
import { model } from './helpers.ts';

const REPLICATIONS = 10;
const BY_COUNT: RunControl = { requests: 3000, warmup: 300 };

interface Case {
  readonly name: string;
  readonly yaml: string;
  readonly control?: RunControl;
}

const CASES: readonly Case[] = [
  {
    name: 'Erlang-A past capacity (M/M/5+M, λ = 1.2 cµ)',
    yaml: `workload: { arrivalRate: 6, patience: { mean: 500ms } }
stages: [ { name: s, service: 1s, threads: 5 } ]`,
  },
  {
    name: 'deterministic patience (M/M/2+D)',
    yaml: `workload: { arrivalRate: 2.2, patience: { mean: 1s, distribution: deterministic } }
stages: [ { name: s, service: 1s, threads: 2 } ]`,
  },
  {
    name: 'timeouts, 4 attempts, backoff ×3 with equal jitter, 30% budget, cancel queued',
    yaml: `workload: { arrivalRate: 1.7, timeout: 3s, retry: { attempts: 4, backoff: 1s, multiplier: 3, jitter: equal, budget: 0.3 } }
stages: [ { name: s, service: 1s, threads: 2 } ]`,
  },
  {
    // Below the bistable band (3λ < cµ): a run by request count must drain to measure stage figures.
    name: 'timeouts, 3 attempts, full jitter, cancel none (wasted work)',
    yaml: `workload: { arrivalRate: 0.3, timeout: 2s, cancel: none, retry: { attempts: 3, backoff: 500ms, multiplier: 2, jitter: full } }
stages: [ { name: s, service: 1s, threads: 1 } ]`,
  },
  {
    name: 'queueTimeout on the second stage, retried without jitter',
    yaml: `workload: { arrivalRate: 0.9, retry: { attempts: 3, backoff: 200ms, jitter: none } }
stages:
  - { name: a, service: 400ms, threads: 2 }
  - { name: b, service: 900ms, threads: 1, distribution: lognormal, scv: 2, queueTimeout: 1500ms }`,
  },
  {
    name: 'patience summed over two queues, timeout cancels at the next queue, per-thread pool, visits',
    yaml: `workload: { arrivalRate: 1.6, requestsPerConnection: 4, timeout: 4s, patience: { mean: 2s, distribution: gamma, scv: 0.5 } }
pools: { io: { threads: 2, dispatch: per-thread } }
stages:
  - { name: accept, service: 100ms, threads: 1, perConnection: true }
  - { name: a, service: 500ms, threads: 1 }
  - { name: b, service: 400ms, pool: io, visits: 1.5 }
  - { name: rpc, service: 300ms, threads: infinite }`,
  },
  {
    name: 'closed loop with timeouts and retries',
    yaml: `workload: { clients: 20, thinkTime: 1s, timeout: 1s, retry: { attempts: 2, backoff: 100ms } }
stages: [ { name: s, service: 200ms, threads: 2 } ]`,
  },
  {
    name: 'a spike to 2.5× with retries and a budget (time-driven, 2 s windows)',
    yaml: `workload: { arrivalRate: 100, schedule: [ { at: 10s, rate: 250 }, { at: 15s, rate: 100 } ], horizon: 30s, timeout: 300ms, cancel: none, retry: { attempts: 3, backoff: 50ms, budget: 0.2 } }
stages: [ { name: s, service: 8ms, threads: 1 } ]`,
    control: { requests: 0, warmup: 0, windowSeconds: 2 },
  },
  {
    name: 'a warm start of 300 requests draining under a timeout (time-driven)',
    yaml: `workload: { arrivalRate: 40, horizon: 20s, timeout: 2s, retry: { attempts: 2, backoff: 100ms } }
stages: [ { name: s, service: 20ms, threads: 1 }, { name: t, service: 5ms, threads: 2, queueCapacity: 3 } ]`,
    control: { requests: 0, warmup: 0, windowSeconds: 2, initialInSystem: 300 },
  },
];

function compare(name: string, fastModel: Model, referenceModel: Model, control: RunControl): Comparison[] {
  const fast = Array.from({ length: REPLICATIONS }, (_, k) => figures(fastModel, fastSums(fastModel, k, control)));
  const ref = Array.from({ length: REPLICATIONS }, (_, k) => figures(fastModel, referenceSums(referenceModel, k, control)));
  return compareFigures(name, fast, ref);
}

describe('fast and reference engines agree on overload models', () => {
  it('every figure within the Bonferroni bound, few beyond t 0.975', () => {
    const comparisons = CASES.flatMap((c) => {
      const m = model(c.yaml);
      return compare(c.name, m, m, c.control ?? BY_COUNT);
    });
    const v = verdict(comparisons);
    if (process.env.ENGINES_AGREE_VERBOSE) console.log(comparisons.length, v, comparisons.filter((c) => Math.abs(c.t) > 2.1));
    expect(comparisons.length).toBeGreaterThan(150);
    expect(Math.abs(v.worst.t), `${v.worst.model} ${v.worst.figure}`).toBeLessThanOrEqual(BONFERRONI_T);
    expect(v.share).toBeLessThanOrEqual(MAX_SHARE_ABOVE_T975);
  }, 120_000);

  it('has power: a backoff multiplier ignored by one engine is caught', () => {
    const c = CASES[2]!;
    const comparisons = compare(c.name, model(c.yaml), model(c.yaml.replace('multiplier: 3', 'multiplier: 1')), BY_COUNT);
    if (process.env.ENGINES_AGREE_VERBOSE) console.log(verdict(comparisons));
    expect(verdict(comparisons).agree).toBe(false);
  }, 60_000);
});

describe('the reference engine against exact Erlang-A and M/M/c+D', () => {
  for (const [c, lambda, kind, patience] of [
    [2, 1.8, 'exponential', 2],
    [5, 6, 'exponential', 0.5],
    [3, 3.3, 'deterministic', 1],
  ] as const) {
    it(`M/M/${c}+${kind === 'exponential' ? 'M' : 'D'}: λ = ${lambda}, µ = 1, mean patience ${patience} s`, () => {
      const r = simulate(
        model(`workload: { arrivalRate: ${lambda}, patience: { mean: ${patience}s, distribution: ${kind} } }
stages: [ { name: s, service: 1s, threads: ${c} } ]`),
        { engine: 'simjs', requests: 20_000, replications: 10, seed: 11 },
      );
      const exact = impatientPool(lambda, 1, c, kind, patience);
      // The t-interval's own width is noisy, so 1.5× it (as test/sim/overload.test.ts does).
      const within = (value: number | null | undefined, expected: number, halfWidth: number | null | undefined) => {
        expect(halfWidth).not.toBe(null);
        expect(Math.abs(value! - expected)).toBeLessThanOrEqual(1.5 * halfWidth! + 1e-12);
      };
      expect(r.engine).toBe('simjs');
      within(r.abandonRate, exact.probAbandon, r.ci.abandonRate);
      within(r.stages[0]!.probWait, exact.probWait, r.ci.stages[0]!.probWait);
      within(r.stages[0]!.meanWait, exact.meanWait, r.ci.stages[0]!.meanWait);
      within(r.latency.mean, exact.meanWaitServed + 1, r.ci.mean);
      within(r.goodput, lambda * (1 - exact.probAbandon), r.ci.goodput);
    }, 60_000);
  }
});
