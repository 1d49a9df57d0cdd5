/**
 * What-if edits on a normalised Model, for planners, sweeps, charts and the TUI: each returns a new Model
 * and leaves the input untouched. They skip re-validation, so callers pass values already known good
 * (positive rates, thread counts ≥ 1 or Infinity); user input goes through parseModel/--set instead.
 */
import { makeServiceDist } from './distribution.ts';
import { scaledSchedule, scheduledMeanRate } from './schedule-rate.ts';
import type { Model, Pool } from './types.ts';

/**
 * An open model offered another rate (requests/s); a closed model becomes open. With a schedule the rate is its
 * time average (the result's offeredRate): the schedule is scaled to it, shape kept. Setting the base rate
 * alone would change nothing after a first step at 0 s.
 */
export function withArrivalRate(model: Model, ratePerSecond: number): Model {
  const w = model.workload;
  const arrivalScv = w.kind === 'open' ? w.arrivalScv : 1;
  const scheduled = scheduledMeanRate(model);
  const factor = scheduled === null || scheduled <= 0 ? null : ratePerSecond / scheduled;
  const base = factor === null || w.kind !== 'open' ? ratePerSecond : w.arrivalRatePerSecond * factor;
  const edited: Model = {
    ...model,
    workload: { kind: 'open', arrivalRatePerSecond: base, arrivalScv, requestsPerConnection: w.requestsPerConnection },
  };
  const o = model.overload;
  return factor === null || o?.schedule == null ? edited : { ...edited, overload: { ...o, schedule: scaledSchedule(o.schedule, factor) } };
}

/** A closed model with another client population. */
export function withClients(model: Model, clients: number, thinkSeconds?: number): Model {
  const w = model.workload;
  return {
    ...model,
    workload: {
      kind: 'closed',
      clients,
      thinkSeconds: thinkSeconds ?? (w.kind === 'closed' ? w.thinkSeconds : 0),
      requestsPerConnection: w.requestsPerConnection,
    },
  };
}

/** Another thread count (or Infinity) for a pool; a stage with its own threads is the pool of its name. */
export function withThreads(model: Model, poolName: string, threads: number): Model {
  return withPool(model, poolName, { threads });
}

/** Other settings for one pool. */
export function withPool(model: Model, poolName: string, change: Partial<Omit<Pool, 'name' | 'declared'>>): Model {
  if (!model.pools.some((p) => p.name === poolName)) throw new RangeError(`no pool named ${poolName}`);
  return { ...model, pools: model.pools.map((p) => (p.name === poolName ? { ...p, ...change } : p)) };
}

/** Another mean service time for a stage (its distribution family and scv kept). */
export function withServiceMean(model: Model, stageName: string, meanSeconds: number): Model {
  if (!model.stages.some((s) => s.name === stageName)) throw new RangeError(`no stage named ${stageName}`);
  return {
    ...model,
    stages: model.stages.map((s) =>
      s.name === stageName ? { ...s, service: makeServiceDist(s.distribution, meanSeconds, s.service.scv) } : s,
    ),
  };
}

/** Thread counts of every pool, by pool name (Infinity for delays). */
export function threadsByPool(model: Model): Record<string, number> {
  return Object.fromEntries(model.pools.map((p) => [p.name, p.threads]));
}

/** The model in steady state: a SPEC §5 schedule and horizon dropped (the rate is `arrivalRate` throughout). */
export function withoutSchedule(model: Model): Model {
  const o = model.overload;
  if (o === undefined || (o.schedule === null && o.horizonSeconds === null)) return model;
  return { ...model, overload: { ...o, schedule: null, horizonSeconds: null } };
}
