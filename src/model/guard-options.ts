/**
 * Option objects of the public API (simulate, plan, sweep) checked at the entry, with the same ModelError as
 * a refused model file: a NaN rate or seed is refused at once instead of looping forever or being silently
 * rounded. The model itself goes through assertValidModel.
 */
import { MAX_CLIENTS, MAX_SIMULATED_CLIENTS, MAX_THREADS } from './guard-limits.ts';
import { assertValidModel, IssueList, MODEL_SOURCE, OPTIONS_SOURCE } from './guard-model.ts';
import { ModelError, type ModelIssue } from './messages.ts';
import type { Model } from './types.ts';

/** Replications beyond this are refused: the half-widths have long stopped moving (t quantile ≈ z). */
export const MAX_REPLICATIONS_OPTION = 10_000;

interface SimulateNumbers {
  readonly requests?: number;
  readonly replications?: number;
  readonly seed?: number;
  readonly warmup?: number | 'auto';
  readonly precision?: number;
  readonly workers?: number;
}

/** What a valid model asks beyond the simulator's limits (guard-limits.ts); [] when it can be simulated. */
export function simulationIssues(model: Model, source = MODEL_SOURCE): ModelIssue[] {
  const list = new IssueList(source);
  const w = model.workload;
  if (w.kind === 'closed' && w.clients > MAX_SIMULATED_CLIENTS) {
    list.add('workload.clients', `at most ${MAX_SIMULATED_CLIENTS} clients to simulate (reqpath's limit; analyze answers up to ${MAX_CLIENTS} exactly)`, w.clients);
  }
  return list.issues;
}

export function assertSimulateInput(model: Model, options: SimulateNumbers): void {
  assertValidModel(model);
  const limits = simulationIssues(model);
  if (limits.length > 0) throw new ModelError(limits);
  const list = new IssueList(OPTIONS_SOURCE);
  list.number('requests', options.requests, 'count', true);
  list.number('replications', options.replications, 'count', true);
  if (typeof options.replications === 'number' && options.replications > MAX_REPLICATIONS_OPTION) {
    list.add('replications', `at most ${MAX_REPLICATIONS_OPTION} replications`, options.replications);
  }
  // Seeds were once taken modulo 2³²: two different seeds gave the same run without a word.
  list.number('seed', options.seed, 'seed', true);
  if (options.warmup !== 'auto') list.number('warmup', options.warmup, 'countOrZero', true, ' or "auto"');
  list.number('precision', options.precision, 'fraction', true);
  list.number('workers', options.workers, 'count', true);
  list.throwIfAny();
}

interface PlanNumbers {
  readonly targetRate?: number;
  readonly maxThreadsPerPool?: number | Readonly<Record<string, number>>;
  readonly costPerThread?: Readonly<Record<string, number>>;
  readonly startFrom?: Readonly<Record<string, number>>;
  readonly slo?: object;
}

export function assertPlanInput(model: Model, options: PlanNumbers): void {
  assertValidModel(model);
  const list = new IssueList(OPTIONS_SOURCE);
  list.number('targetRate', options.targetRate, 'positive', true);
  const perPool = (key: string, value: unknown, check: (path: string, v: unknown) => void) => {
    if (value === undefined) return;
    if (value !== null && typeof value === 'object') for (const [pool, v] of Object.entries(value)) check(`${key}.${pool}`, v);
    else check(key, value);
  };
  perPool('maxThreadsPerPool', options.maxThreadsPerPool, (path, v) => list.number(path, v, 'threads'));
  if (typeof options.maxThreadsPerPool === 'number' && options.maxThreadsPerPool === Infinity) {
    list.add('maxThreadsPerPool', `a whole number of threads from 1 to ${MAX_THREADS}`, options.maxThreadsPerPool);
  }
  perPool('costPerThread', options.costPerThread, (path, v) => list.number(path, v, 'nonNegative'));
  perPool('startFrom', options.startFrom, (path, v) => list.number(path, v, 'threads'));
  const slo = options.slo as Record<string, unknown> | undefined;
  if (slo !== undefined && slo !== null && typeof slo === 'object') {
    for (const [key, value] of Object.entries(slo)) {
      if (value === undefined) continue;
      if (key === 'avoidMetastable') {
        if (typeof value !== 'boolean') list.add(`slo.${key}`, 'true or false', value);
        continue;
      }
      const rule = key === 'maxDropRate' || key === 'dropRate' || key === 'minGoodputShare' ? 'probability' : key === 'maxTimeoutRate' ? 'nonNegative' : 'positive';
      list.number(`slo.${key}`, value, rule);
    }
  }
  list.throwIfAny();
}

interface AxisNumbers {
  readonly parameter?: unknown;
  readonly values?: readonly unknown[];
  readonly from?: number;
  readonly to?: number;
  readonly steps?: number;
}

/** Axis points of a sweep: at most this many per axis (a 2-D sweep squares it). */
export const MAX_SWEEP_STEPS = 10_000;

export function assertSweepInput(model: Model, axes: readonly (AxisNumbers | undefined)[]): void {
  assertValidModel(model);
  const list = new IssueList(OPTIONS_SOURCE);
  axes.forEach((axis, i) => {
    if (axis === undefined) return;
    const prefix = i === 0 ? '' : 'second.';
    list.number(`${prefix}from`, axis.from, 'nonNegative', true);
    list.number(`${prefix}to`, axis.to, 'nonNegative', true);
    list.number(`${prefix}steps`, axis.steps, 'count', true);
    if (typeof axis.steps === 'number' && axis.steps > MAX_SWEEP_STEPS) list.add(`${prefix}steps`, `at most ${MAX_SWEEP_STEPS} points`, axis.steps);
    if (axis.values !== undefined && axis.values.length > MAX_SWEEP_STEPS) list.add(`${prefix}values`, `at most ${MAX_SWEEP_STEPS} values`, `${axis.values.length} values`);
    axis.values?.forEach((v, k) => {
      if (typeof v === 'number' && Number.isNaN(v)) list.add(`${prefix}values[${k}]`, 'a number', v);
    });
  });
  list.throwIfAny();
}
