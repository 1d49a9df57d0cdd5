/**
 * The fast engine and the reference engine (simjs scheduler, own random streams, samplers, routing and
 * tallies) must agree statistically on random models spread over the model space. Nothing is shared but the
 * model: each side runs independent replications, per-replication figures are computed here from each
 * engine's own tallies (the fast engine's Tally, the reference's ReferenceStats with exact sample quantiles),
 * and every figure is compared by Welch's t statistic (the bounds: test/helpers/welch.ts). Seeds are fixed, so the
 * verdict is reproducible; the last test checks the comparison has power (a 10 % slower stage on one side is caught).
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../src/model/types.ts';
import { withServiceMean } from '../../src/model/edit.ts';
import { randomModels, type RandomModel } from '../helpers/random-models.ts';
import { fastSums, figures, referenceSums } from '../helpers/engine-figures.ts';
import { BONFERRONI_T, compareFigures, MAX_SHARE_ABOVE_T975, verdict, type Comparison } from '../helpers/welch.ts';

const REPLICATIONS = 10;
const REQUESTS = 1000;
const WARMUP = 200;

function compare(name: string, fastModel: Model, referenceModel: Model): Comparison[] {
  const control = { requests: REQUESTS, warmup: WARMUP };
  const fast = Array.from({ length: REPLICATIONS }, (_, k) => figures(fastModel, fastSums(fastModel, k, control)));
  const ref = Array.from({ length: REPLICATIONS }, (_, k) => figures(fastModel, referenceSums(referenceModel, k, control)));
  return compareFigures(name, fast, ref);
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
