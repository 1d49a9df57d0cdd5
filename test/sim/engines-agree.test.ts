/**
 * The fast engine and the reference engine (simjs scheduler, own random streams, samplers, routing and
 * tallies) must agree statistically on random models spread over the model space. Nothing is shared but the
 * model: each side runs independent replications, per-replication figures are computed here from each
 * engine's own tallies (the fast engine's Tally, the reference's ReferenceStats with exact sample quantiles),
 * and every figure is compared by Welch's t statistic.
 *
 * Multiple testing: with M ≈ 400 comparisons, a family-wise 1 % level puts the per-comparison bound at
 * t_{1 − 0.01/(2M)} ≈ 5.4 for Welch's ~18 degrees of freedom (4.4 for the normal); 5.5 is used. A bias too small
 * for that bound shows in the share of |t| above t_{0.975} (2.1): about 5 % under agreement; the bound 12 %
 * leaves room for the correlation between figures of one model. Seeds are fixed, so the verdict is
 * reproducible; the last test checks the comparison has power (a 10 % slower stage on one side is caught).
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/model/types.ts';
import { drive, fastReplication } from '../../src/sim/fast-engine.ts';
import { buildNetwork } from '../../src/sim/network.ts';
import { Xoshiro128 } from '../../src/sim/rng.ts';
import { referenceReplication } from '../../src/sim/simjs-engine.ts';
import { withServiceMean } from '../../src/model/edit.ts';
import { randomModels, type RandomModel } from '../helpers/random-models.ts';

const REPLICATIONS = 10;
const REQUESTS = 1000;
const WARMUP = 200;
const BONFERRONI_T = 5.5;
const T975 = 2.1;
const MAX_SHARE_ABOVE_T975 = 0.12;

/** The raw sums one replication of either engine yields, read from that engine's own tallies. */
interface Sums {
  window: number;
  requests: number;
  completed: number;
  dropped: number;
  meanLatency: number | null;
  p50: number | null;
  p99: number | null;
  stageBusy: number[];
  stageServices: number[];
  segArrivals: number[];
  segDrops: number[];
  segQueued: number[];
  segWait: number[];
}

function fastSums(model: Model, stream: number): Sums {
  const t = drive(fastReplication(buildNetwork(model), new Xoshiro128(101, stream), { requests: REQUESTS, warmup: WARMUP }));
  return {
    window: t.windowSeconds,
    requests: t.requests,
    completed: t.completed,
    dropped: t.dropped,
    meanLatency: t.completed > 0 ? t.latencySum / t.completed : null,
    p50: t.latency.quantile(0.5),
    p99: t.latency.quantile(0.99),
    stageBusy: [...t.stageBusySeconds],
    stageServices: [...t.stageServices],
    segArrivals: [...t.segArrivals],
    segDrops: [...t.segDrops],
    segQueued: [...t.segQueued],
    segWait: [...t.segWaitSeconds],
  };
}

function referenceSums(model: Model, stream: number): Sums {
  const s = drive(referenceReplication(model, 202, stream, { requests: REQUESTS, warmup: WARMUP }));
  return {
    window: s.windowSeconds,
    requests: s.requests,
    completed: s.completed,
    dropped: s.dropped,
    meanLatency: s.meanLatency(),
    p50: s.quantile(0.5),
    p99: s.quantile(0.99),
    stageBusy: s.stages.map((x) => x.busySeconds),
    stageServices: s.stages.map((x) => x.services),
    segArrivals: s.segments.map((x) => x.arrivals),
    segDrops: s.segments.map((x) => x.drops),
    segQueued: s.segments.map((x) => x.queued),
    segWait: s.segments.map((x) => x.waitSeconds),
  };
}

/** Figures per replication, by name. */
function figures(model: Model, s: Sums): Map<string, number | null> {
  const f = new Map<string, number | null>();
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  f.set('mean', s.meanLatency);
  f.set('p50', s.p50);
  f.set('p99', s.p99);
  f.set('throughput', ratio(s.completed, s.window));
  f.set('dropRate', ratio(s.dropped, s.requests));
  for (const stage of model.stages) {
    const pool = model.pools.find((p) => p.name === stage.pool)!;
    if (pool.threads !== Infinity) f.set(`${stage.name}.utilization`, ratio(s.stageBusy[stage.index]!, pool.threads * s.window));
    // Visits per request and time per service: the most direct checks of routing and of service sampling.
    f.set(`${stage.name}.visits`, ratio(s.stageServices[stage.index]!, s.requests));
    if (model.cores === undefined) f.set(`${stage.name}.service`, ratio(s.stageBusy[stage.index]!, s.stageServices[stage.index]!));
  }
  for (const g of model.segments) {
    const admitted = s.segArrivals[g.index]! - s.segDrops[g.index]!;
    f.set(`segment ${g.index}.meanWait`, ratio(s.segWait[g.index]!, admitted));
    f.set(`segment ${g.index}.probWait`, ratio(s.segQueued[g.index]!, admitted));
    f.set(`segment ${g.index}.dropShare`, ratio(s.segDrops[g.index]!, s.segArrivals[g.index]!));
  }
  return f;
}

interface Comparison {
  readonly model: string;
  readonly figure: string;
  readonly t: number;
}

function welch(a: readonly number[], b: readonly number[]): number {
  const mean = (xs: readonly number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  const variance = (xs: readonly number[], m: number) => xs.reduce((x, y) => x + (y - m) ** 2, 0) / (xs.length - 1);
  const ma = mean(a);
  const mb = mean(b);
  const se = Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
  if (se === 0) return ma === mb ? 0 : Infinity;
  return (ma - mb) / se;
}

function compare(name: string, fastModel: Model, referenceModel: Model): Comparison[] {
  const fast = Array.from({ length: REPLICATIONS }, (_, k) => figures(fastModel, fastSums(fastModel, k)));
  const ref = Array.from({ length: REPLICATIONS }, (_, k) => figures(fastModel, referenceSums(referenceModel, k)));
  const out: Comparison[] = [];
  for (const figure of fast[0]!.keys()) {
    const a = fast.map((f) => f.get(figure)).filter((x): x is number => x !== null && x !== undefined);
    const b = ref.map((f) => f.get(figure)).filter((x): x is number => x !== null && x !== undefined);
    if (a.length < 3 || b.length < 3) continue;
    out.push({ model: name, figure, t: welch(a, b) });
  }
  return out;
}

function verdict(comparisons: readonly Comparison[]) {
  const worst = comparisons.reduce((w, c) => (Math.abs(c.t) > Math.abs(w.t) ? c : w));
  const share = comparisons.filter((c) => Math.abs(c.t) > T975).length / comparisons.length;
  return { worst, share, agree: Math.abs(worst.t) <= BONFERRONI_T && share <= MAX_SHARE_ABOVE_T975 };
}

describe('fast and reference engines agree statistically', () => {
  // Models of the generator's seed 3 with at most 6 stages, picked greedily so every feature occurs (checked below).
  const candidates = randomModels(80, 3).filter((m) => m.model.stages.length <= 6);
  const models: RandomModel[] = [];
  const seen = new Set<string>();
  for (const m of candidates) {
    if (models.length < 14 && m.features.some((f) => !seen.has(f))) {
      models.push(m);
      for (const f of m.features) seen.add(f);
    }
  }
  for (const m of candidates) if (models.length < 14 && !models.includes(m)) models.push(m);

  it('the random models cover every feature', () => {
    const features = new Set(models.flatMap((m) => m.features));
    for (const f of ['closed', 'cores', 'delay', 'finite-queue', 'per-thread', 'perConnection', 'run-to-completion', 'pool-reentered', 'visits<1', 'visits>1', 'arrivals:bursty', 'arrivals:smooth']) {
      expect(features.has(f), f).toBe(true);
    }
    for (const d of ['deterministic', 'erlang', 'gamma', 'lognormal', 'hyperexponential', 'uniform']) expect(features.has(`dist:${d}`), d).toBe(true);
  });

  it('on random models: every figure within the Bonferroni bound, few beyond t 0.975', () => {
    const comparisons = models.flatMap((m) => compare(m.id, m.model, m.model));
    const v = verdict(comparisons);
    if (process.env.ENGINES_AGREE_VERBOSE) console.log(comparisons.length, v);
    expect(comparisons.length).toBeGreaterThan(200);
    expect(Math.abs(v.worst.t), `${v.worst.model} ${v.worst.figure}`).toBeLessThanOrEqual(BONFERRONI_T);
    expect(v.share).toBeLessThanOrEqual(MAX_SHARE_ABOVE_T975);
  });

  it('has power: a stage 10 % slower in one engine is caught', () => {
    const queued = (m: Model) => m.stages.find((s) => m.pools.find((p) => p.name === s.pool)!.threads !== Infinity);
    const comparisons = models
      .filter((m) => queued(m.model) !== undefined)
      .slice(0, 4)
      .flatMap((m) => {
        const stage = queued(m.model)!;
        return compare(m.id, m.model, withServiceMean(m.model, stage.name, 1.1 * stage.service.meanSeconds));
      });
    if (process.env.ENGINES_AGREE_VERBOSE) console.log(verdict(comparisons));
    expect(verdict(comparisons).agree).toBe(false);
  });
});
