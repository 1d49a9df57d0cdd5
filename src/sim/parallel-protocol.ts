/**
 * What crosses the worker-thread boundary. Structured clone copies data, not functions or prototypes: a
 * model's service distributions (objects with sample()) go over as name, mean and scv and are rebuilt with
 * makeServiceDist; a Tally comes back as a plain object and is turned back into a Tally (with its histogram).
 */
import { makeServiceDist } from '../model/distribution.ts';
import type { Model } from '../model/types.ts';
import { LogHistogram } from './histogram.ts';
import { Tally } from './tally.ts';
import type { EngineName } from './types.ts';

export interface WorkerSetup {
  readonly model: Model;
  readonly engine: EngineName;
  readonly seed: number;
  readonly requests: number;
  readonly warmup: number;
}

/** The model without functions (sample()), safe to post to a worker. */
export function cloneableModel(model: Model): Model {
  const patience = model.overload?.patience;
  return {
    ...model,
    stages: model.stages.map((s) => ({ ...s, service: { name: s.service.name, meanSeconds: s.service.meanSeconds, scv: s.service.scv } })),
    // SPEC §5 patience is a distribution too.
    ...(patience ? { overload: { ...model.overload, patience: { name: patience.name, meanSeconds: patience.meanSeconds, scv: patience.scv } } } : {}),
  } as unknown as Model;
}

export function reviveModel(model: Model): Model {
  const patience = model.overload?.patience;
  return {
    ...model,
    stages: model.stages.map((s) => ({ ...s, service: makeServiceDist(s.service.name, s.service.meanSeconds, s.service.scv) })),
    ...(patience ? { overload: { ...model.overload!, patience: makeServiceDist(patience.name, patience.meanSeconds, patience.scv) } } : {}),
  };
}

/** A Tally again from its structured clone. */
export function reviveTally(data: Tally): Tally {
  const tally = new Tally(data.stageServices.length, data.segArrivals.length);
  Object.assign(tally, { ...data, latency: tally.latency });
  const histogram: LogHistogram = tally.latency;
  histogram.counts.set(data.latency.counts);
  histogram.total = data.latency.total;
  histogram.min = data.latency.min;
  histogram.max = data.latency.max;
  return tally;
}
