/**
 * The public API's edge: a Model built or edited in code (withArrivalRate(model, NaN), a literal object) and
 * the option objects of simulate, plan and sweep are checked here with the rules and the ModelError the model
 * files get, so no NaN, hang or TypeError comes back from a bad number. Paths name the Model's own fields
 * (workload.arrivalRatePerSecond, pools[2].threads); the file is "<model>" or "<options>".
 */
import { MAX_CLIENTS, MAX_STAGES, MAX_THREADS, MIN_RATE_PER_SECOND, MIN_SERVICE_SECONDS } from './guard-limits.ts';
import { ModelError, showValue, type ModelIssue } from './messages.ts';
import type { Model } from './types.ts';

export const MODEL_SOURCE = '<model>';
export const OPTIONS_SOURCE = '<options>';

export type NumberRule = 'positive' | 'nonNegative' | 'count' | 'countOrZero' | 'probability' | 'fraction' | 'threads' | 'seed';

const EXPECTED: Record<NumberRule, string> = {
  positive: 'a finite number > 0',
  nonNegative: 'a finite number ≥ 0',
  count: 'a whole number ≥ 1',
  countOrZero: 'a whole number ≥ 0',
  probability: 'a probability in [0, 1]',
  fraction: 'a number strictly between 0 and 1',
  threads: `a whole number of threads from 1 to ${MAX_THREADS}, or Infinity (a pure delay)`,
  seed: 'a whole number from 0 to 4294967295 (2³² − 1)',
};

export function meetsRule(value: unknown, rule: NumberRule): boolean {
  if (rule === 'threads' && value === Infinity) return true;
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  switch (rule) {
    case 'positive':
      return value > 0;
    case 'nonNegative':
      return value >= 0;
    case 'count':
      return Number.isInteger(value) && value >= 1;
    case 'countOrZero':
      return Number.isInteger(value) && value >= 0;
    case 'probability':
      return value >= 0 && value <= 1;
    case 'fraction':
      return value > 0 && value < 1;
    case 'threads':
      return Number.isInteger(value) && value >= 1 && value <= MAX_THREADS;
    case 'seed':
      return Number.isInteger(value) && value >= 0 && value <= 0xffffffff;
  }
}

/** Collects issues for one object; `optional` skips undefined. */
export class IssueList {
  readonly issues: ModelIssue[] = [];
  constructor(readonly source: string) {}

  number(path: string, value: unknown, rule: NumberRule, optional = false, extra = ''): void {
    if (optional && value === undefined) return;
    if (!meetsRule(value, rule)) this.add(path, `${EXPECTED[rule]}${extra}`, value);
  }

  add(path: string, expected: string, value?: unknown): void {
    this.issues.push({ file: this.source, path, expected, ...(value === undefined ? {} : { got: showValue(value) }) });
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new ModelError(this.issues.slice(0, 20));
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** Every problem of a Model object; [] when it is one analyze and simulate can answer. */
export function modelIssues(model: Model, source = MODEL_SOURCE): ModelIssue[] {
  const list = new IssueList(source);
  if (!isObject(model)) {
    list.add('', 'a Model (from loadModel or parseModel)', model);
    return list.issues;
  }
  const w = model.workload as unknown;
  if (!isObject(w)) list.add('workload', 'an open or closed workload', w);
  else if (w.kind === 'open') {
    list.number('workload.arrivalRatePerSecond', w.arrivalRatePerSecond, 'positive');
    if (typeof w.arrivalRatePerSecond === 'number' && w.arrivalRatePerSecond > 0 && w.arrivalRatePerSecond < MIN_RATE_PER_SECOND) {
      list.add('workload.arrivalRatePerSecond', `at least ${MIN_RATE_PER_SECOND} requests/s (reqpath's limit)`, w.arrivalRatePerSecond);
    }
    list.number('workload.arrivalScv', w.arrivalScv, 'nonNegative');
  } else if (w.kind === 'closed') {
    if (!meetsRule(w.clients, 'count')) list.add('workload.clients', EXPECTED.count, w.clients);
    else if ((w.clients as number) > MAX_CLIENTS) list.add('workload.clients', `at most ${MAX_CLIENTS} clients (reqpath's limit)`, w.clients);
    list.number('workload.thinkSeconds', w.thinkSeconds, 'nonNegative');
  } else list.add('workload.kind', '"open" or "closed"', w.kind);
  if (isObject(w) && !(typeof w.requestsPerConnection === 'number' && w.requestsPerConnection >= 1 && Number.isFinite(w.requestsPerConnection))) {
    list.add('workload.requestsPerConnection', 'a finite number ≥ 1', w.requestsPerConnection);
  }

  const pools = model.pools as unknown;
  const poolNames = new Set<string>();
  if (!Array.isArray(pools)) list.add('pools', 'a list of pools', pools);
  else {
    pools.forEach((pool: unknown, i) => {
      if (!isObject(pool)) return list.add(`pools[${i}]`, 'a pool', pool);
      poolNames.add(String(pool.name));
      list.number(`pools[${i}].threads`, pool.threads, 'threads');
      if (pool.queueCapacity !== Infinity) list.number(`pools[${i}].queueCapacity`, pool.queueCapacity, 'countOrZero', false, ' or Infinity');
    });
  }
  const stages = model.stages as unknown;
  if (!Array.isArray(stages) || stages.length === 0) list.add('stages', 'a list of at least one stage', stages);
  else if (stages.length > MAX_STAGES) list.add('stages', `at most ${MAX_STAGES} stages (reqpath's limit)`, `${stages.length} stages`);
  else {
    stages.forEach((stage: unknown, i) => {
      if (!isObject(stage)) return list.add(`stages[${i}]`, 'a stage', stage);
      const service = stage.service as unknown;
      if (!isObject(service)) list.add(`stages[${i}].service`, 'a service distribution (makeServiceDist)', service);
      else {
        list.number(`stages[${i}].service.meanSeconds`, service.meanSeconds, 'positive');
        if (typeof service.meanSeconds === 'number' && service.meanSeconds > 0 && service.meanSeconds < MIN_SERVICE_SECONDS) {
          list.add(`stages[${i}].service.meanSeconds`, `at least ${MIN_SERVICE_SECONDS} s (1 ps: reqpath's limit)`, service.meanSeconds);
        }
        list.number(`stages[${i}].service.scv`, service.scv, 'nonNegative');
      }
      list.number(`stages[${i}].visits`, stage.visits, 'positive');
      if (!poolNames.has(String(stage.pool))) list.add(`stages[${i}].pool`, 'the name of one of the model\'s pools', stage.pool);
    });
  }
  if (model.cores !== undefined) list.number('cores', model.cores, 'count');
  const slo = model.slo as unknown;
  if (isObject(slo)) {
    for (const key of ['meanSeconds', 'p50Seconds', 'p90Seconds', 'p95Seconds', 'p99Seconds', 'p999Seconds']) list.number(`slo.${key}`, slo[key], 'positive', true);
    list.number('slo.maxDropRate', slo.maxDropRate, 'probability', true);
    list.number('slo.minGoodputPerSecond', slo.minGoodputPerSecond, 'positive', true);
    if (slo.minGoodputShare !== undefined && !(meetsRule(slo.minGoodputShare, 'probability') && slo.minGoodputShare !== 0)) {
      list.add('slo.minGoodputShare', 'a share of the offered rate in (0, 1]', slo.minGoodputShare);
    }
    list.number('slo.maxTimeoutRate', slo.maxTimeoutRate, 'nonNegative', true);
  }
  return list.issues;
}

// A Model is immutable by contract, so one that passed is not checked again (the planner analyses the same
// objects many times).
const checked = new WeakSet<object>();

/** Throws ModelError (issues as data, as for a refused file) unless the Model can be analysed. */
export function assertValidModel(model: Model): void {
  if (isObject(model) && checked.has(model)) return;
  const issues = modelIssues(model);
  if (issues.length > 0) throw new ModelError(issues.slice(0, 20));
  checked.add(model);
}
