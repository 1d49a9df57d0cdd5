/**
 * sweep(model, options) → SweepResult: one or two parameters over a range, one Result summary per point.
 *
 *   axes (values or from/to/steps) ──cartesian product, first axis outer──▶ per point:
 *     key-path values ──resolveKeyPaths (re-parse the file with --set overrides)──▶ base model
 *     rate / clients / threads / service ──Model edits──▶ model ──evaluator──▶ Result ──summarize──▶ row
 *
 * Rows are flat (x, y, figures) so a row is one Vega-Lite datum and one CSV line.
 */
import { assertSweepInput } from '../model/guard-options.ts';
import { withArrivalRate, withClients, withServiceMean, withThreads } from '../model/edit.ts';
import type { Override } from '../model/overrides.ts';
import type { Result } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { analyticEvaluator, runAsync, runSync, type Evaluator, type Steps, type SyncEvaluator } from './evaluator.ts';
import { checkSlo, hasBounds, type SloTarget } from './slo.ts';
import { summarize, type ResultSummary } from './summary.ts';
import { checkSweepValue, parseSweepParameter, rangeValues, type SweepParameter, type SweepRange } from './sweep-parameter.ts';

export type SweepValue = number | string;

export interface SweepAxis {
  /** rate, clients, threads:<pool>, service:<stage>, or a model key path (stages.decrypt.threads). */
  readonly parameter: string;
  /** Explicit values; otherwise from/to/steps. */
  readonly values?: readonly SweepValue[];
  readonly from?: number;
  readonly to?: number;
  readonly steps?: number;
  readonly scale?: SweepRange['scale'];
}

export interface SweepOptions extends SweepAxis {
  readonly second?: SweepAxis;
  /** Bounds for the meetsSlo column, merged over the model's slo. */
  readonly slo?: SloTarget;
  /** Compute latency percentiles (default true); false is ~20× faster analytically. */
  readonly percentiles?: boolean;
  /**
   * The pure analytic figures at every point, never a simulation (fast: microseconds to milliseconds a point).
   * By default a point is what `reqpath analyze` prints: analytic within the measured bands, else analyze's
   * seeded simulation (~0.25 s a point on the build machine); every row's `accuracy` says which.
   */
  readonly analytic?: boolean;
  /**
   * A model with these --set assignments applied to the original file; required for key-path parameters,
   * which a normalised Model cannot take (the CLI re-parses the file).
   */
  readonly resolveKeyPaths?: (assignments: readonly Override[]) => Model;
}

export interface SweepRow extends ResultSummary {
  /** Value of the first parameter. */
  readonly x: SweepValue;
  /** Value of the second parameter, when there is one. */
  readonly y?: SweepValue;
  /** Every swept parameter by name. */
  readonly parameters: Readonly<Record<string, SweepValue>>;
  /** Whether the SLO holds here; null when neither the model nor the options give one. */
  readonly meetsSlo: boolean | null;
  /** Which evaluator produced the row (both appear when a sweep compares analysis with simulation). */
  readonly method: Result['method'];
}

export interface SweptParameter {
  readonly name: string;
  readonly kind: SweepParameter['kind'];
  /** Seconds for service, requests/s for rate, a count for threads and clients; null for key paths. */
  readonly unit: 'seconds' | 'perSecond' | 'count' | null;
  readonly values: readonly SweepValue[];
}

export interface SweepResult {
  readonly model: string;
  /** 'both' when rows of analysis and simulation are interleaved (compareSweeps). */
  readonly method: Result['method'] | 'both';
  readonly parameters: readonly SweptParameter[];
  /** The bounds meetsSlo checks (the model's slo with the options' over it), as plan's `slo`; null when none. */
  readonly slo: SloTarget | null;
  readonly rows: readonly SweepRow[];
}

const UNITS: Record<SweepParameter['kind'], SweptParameter['unit']> = {
  rate: 'perSecond',
  clients: 'count',
  threads: 'count',
  service: 'seconds',
  key: null,
};

/** The parsed parameter and its values; throws RangeError on what the CLI should have refused. */
export function resolveAxis(model: Model, axis: SweepAxis): { parameter: SweepParameter; values: SweepValue[] } {
  const parsed = parseSweepParameter(model, axis.parameter);
  if (!parsed.ok) throw new RangeError(parsed.message);
  const parameter = parsed.value;
  let values: SweepValue[];
  if (axis.values !== undefined) values = [...axis.values];
  else if (axis.from !== undefined && axis.to !== undefined) {
    values = rangeValues(parameter, { from: axis.from, to: axis.to, steps: axis.steps ?? 10, scale: axis.scale });
  } else throw new RangeError(`${axis.parameter}: give values, or from and to`);
  if (values.length === 0) throw new RangeError(`${axis.parameter}: no values to sweep`);
  for (const value of values) {
    const problem = checkSweepValue(parameter, value);
    if (problem) throw new RangeError(problem);
  }
  return { parameter, values };
}

function applyEdit(model: Model, parameter: SweepParameter, value: SweepValue): Model {
  const n = Number(value);
  switch (parameter.kind) {
    case 'rate':
      return withArrivalRate(model, n);
    case 'clients':
      return withClients(model, n);
    case 'threads':
      return withThreads(model, parameter.pool, n);
    case 'service':
      return withServiceMean(model, parameter.stage, n);
    case 'key':
      return model;
  }
}

export function* sweepSteps(model: Model, options: SweepOptions): Steps<SweepResult> {
  assertSweepInput(model, [options, options.second]);
  const axes = [resolveAxis(model, options), ...(options.second ? [resolveAxis(model, options.second)] : [])];
  const slo: SloTarget = { ...(model.slo ?? {}), ...(options.slo ?? {}) };
  const needs = { percentiles: options.percentiles !== false, confirm: options.analytic !== true };
  const hasKeys = axes.some((a) => a.parameter.kind === 'key');
  if (hasKeys && !options.resolveKeyPaths) throw new RangeError('key-path parameters need resolveKeyPaths (re-parse the model file)');
  const points: SweepValue[][] = axes.length === 1 ? axes[0]!.values.map((x) => [x]) : axes[0]!.values.flatMap((x) => axes[1]!.values.map((y) => [x, y]));
  const rows: SweepRow[] = [];
  let method: Result['method'] = 'analytic';
  for (const point of points) {
    const assignments: Override[] = [];
    axes.forEach((axis, i) => {
      if (axis.parameter.kind === 'key') assignments.push({ key: axis.parameter.key, value: point[i] });
    });
    let pointModel = hasKeys ? options.resolveKeyPaths!(assignments) : model;
    axes.forEach((axis, i) => (pointModel = applyEdit(pointModel, axis.parameter, point[i]!)));
    const result = yield { model: pointModel, needs };
    method = result.method;
    // Infinity (threads: infinite) is spelled as the model file spells it, so JSON keeps it.
    const shown = point.map((v) => (v === Infinity ? 'infinite' : v));
    const parameters = Object.fromEntries(axes.map((axis, i) => [axis.parameter.name, shown[i]!]));
    rows.push({
      x: shown[0]!,
      ...(shown.length > 1 ? { y: shown[1]! } : {}),
      parameters,
      meetsSlo: hasBounds(slo) ? checkSlo(result, slo).met : null,
      method: result.method,
      ...summarize(result),
    });
  }
  return {
    model: model.name,
    method,
    parameters: axes.map((a) => ({
      name: a.parameter.name,
      kind: a.parameter.kind,
      unit: UNITS[a.parameter.kind],
      values: a.values.map((v) => (v === Infinity ? 'infinite' : v)),
    })),
    slo: hasBounds(slo) ? slo : null,
    rows,
  };
}

/** Sweeps with a synchronous evaluator (the analytic solver by default). */
export function sweep(model: Model, options: SweepOptions & { readonly evaluator?: SyncEvaluator }): SweepResult {
  return runSync(sweepSteps(model, options), options.evaluator ?? analyticEvaluator);
}

/** Sweeps with any evaluator. */
export function sweepAsync(model: Model, options: SweepOptions & { readonly evaluator?: Evaluator }): Promise<SweepResult> {
  return runAsync(sweepSteps(model, options), options.evaluator ?? analyticEvaluator);
}

/** Analysis and simulation of the same points, interleaved row by row (analytic first), to compare them. */
export function compareSweeps(analytic: SweepResult, simulated: SweepResult): SweepResult {
  return { ...analytic, method: 'both', rows: analytic.rows.flatMap((row, i) => [row, simulated.rows[i]!]) };
}
