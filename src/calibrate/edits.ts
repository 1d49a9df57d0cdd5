/**
 * What calibration changes in BASE, as data: service means, service shapes and the overhead delay. The same
 * edits build the fitted Model (through normalizeModel, so pools and segments are resolved as for any file)
 * and the fitted YAML (fitted-yaml.ts), so the two cannot disagree.
 */
import type { DistributionName } from '../model/distribution.ts';
import { withServiceMean } from '../model/edit.ts';
import type { Model } from '../model/types.ts';
import { modelFromDocument, withRowVariables } from './row-vars.ts';

/** A stage's service distribution as calibrate writes it: a family and its scv. */
export interface Shape {
  readonly distribution: DistributionName;
  readonly scv: number;
}

export interface ServiceEdit {
  readonly meanSeconds: number;
  /** A new family and scv when percentiles or spans gave the shape; absent keeps BASE's. */
  readonly shape?: Shape;
  /**
   * service = intercept + variable × slope (seconds), written as an expression over a model variable
   * (covariate.ts); meanSeconds is its value at `at`, the variable's value in the fitted file.
   */
  readonly linear?: { readonly variable: string; readonly at: number; readonly interceptSeconds: number; readonly slopeSeconds: number };
}

/** "a + v * b" with a and b in seconds, as the model's expression language reads it (negative parts subtracted). */
export function linearExpression(linear: NonNullable<ServiceEdit['linear']>, format: (seconds: number) => string = (x) => `${x.toPrecision(8)}s`): string {
  const a = linear.interceptSeconds;
  const b = linear.slopeSeconds;
  const term = `${linear.variable} * ${format(Math.abs(b))}`;
  if (a < 0) return b < 0 ? `-${term} - ${format(-a)}` : `${term} - ${format(-a)}`;
  return `${format(a)} ${b < 0 ? '-' : '+'} ${term}`;
}

export interface OverheadEdit {
  readonly stage: string;
  /** True when BASE had no pure-delay stage and calibrate adds one as the first stage. */
  readonly added: boolean;
  readonly meanSeconds: number;
  /** The delay's spread when percentiles showed one (shape.ts); absent: deterministic, or BASE's stage as it was. */
  readonly shape?: Shape;
}

export interface CalibrationEdits {
  readonly services: ReadonlyMap<string, ServiceEdit>;
  readonly overhead: OverheadEdit | null;
}

/** The schema wants a positive duration; a fitted overhead of zero is written as this. */
export const MIN_SERVICE_SECONDS = 1e-9;

/** The pure-delay stage calibrate fits: BASE's first `threads: infinite` stage, else a new first stage. */
export function overheadStageName(model: Model): { stage: string; added: boolean } {
  const delay = model.stages.find((s) => model.pools.find((p) => p.name === s.pool)?.threads === Infinity);
  if (delay) return { stage: delay.name, added: false };
  let name = 'overhead';
  for (let i = 2; model.stages.some((s) => s.name === name) || model.pools.some((p) => p.name === name); i++) name = `overhead${i}`;
  return { stage: name, added: true };
}

type RawStage = Record<string, unknown>;

/** The stage object an added overhead gets (one place: the Model and the YAML both use it). */
export function addedOverheadStage(name: string, serviceSeconds: number | string, shape?: Shape): RawStage {
  return { name, service: serviceSeconds, threads: 'infinite', ...shapeFields(shape ?? { distribution: 'deterministic', scv: 0 }) };
}

/** A stage's distribution keys for a fitted shape (a deterministic one carries no scv). */
export function shapeFields(shape: Shape): RawStage {
  return shape.distribution === 'deterministic' ? { distribution: 'deterministic' } : { distribution: shape.distribution, scv: shape.scv };
}

function setShape(stage: RawStage, shape: Shape): void {
  delete stage['k'];
  delete stage['scv'];
  Object.assign(stage, shapeFields(shape));
}

/** BASE's raw document with the edits applied (deep copy; the input is untouched). */
export function applyEditsToRaw(raw: unknown, edits: CalibrationEdits, expressions = true): Record<string, unknown> {
  const doc = structuredClone(raw) as Record<string, unknown>;
  const stages = doc['stages'] as RawStage[];
  for (const [name, edit] of edits.services) {
    const stage = stages.find((s) => s['name'] === name);
    if (!stage) continue;
    stage['service'] = edit.linear && expressions ? linearExpression(edit.linear) : Math.max(edit.meanSeconds, MIN_SERVICE_SECONDS);
    if (edit.linear) {
      const vars = (doc['vars'] ?? {}) as Record<string, unknown>;
      if (!(edit.linear.variable in vars)) doc['vars'] = { ...vars, [edit.linear.variable]: edit.linear.at };
    }
    if (edit.shape) setShape(stage, edit.shape);
  }
  const overhead = edits.overhead;
  if (overhead) {
    const seconds = Math.max(overhead.meanSeconds, MIN_SERVICE_SECONDS);
    if (overhead.added) stages.unshift(addedOverheadStage(overhead.stage, seconds, overhead.shape));
    else {
      const stage = stages.find((s) => s['name'] === overhead.stage);
      if (stage) {
        stage['service'] = seconds;
        if (overhead.shape) setShape(stage, overhead.shape);
      }
    }
  }
  return doc;
}

/**
 * The fitted Model, its expressions evaluated as a model file's are, answering each measurement row at the
 * row's own values of its variables (row-vars.ts). The edits keep every value in range, so a refusal here is a
 * bug or a linear fit that goes negative at some row's value (the message names the row).
 */
export function applyEdits(raw: unknown, base: Model, edits: CalibrationEdits): Model {
  const doc = applyEditsToRaw(raw, edits);
  // The fitted lines at their written value as plain numbers: no expression to parse for each of the fits' many
  // trial models (the document with the expressions is what other values of the variables evaluate).
  const model = modelFromDocument(applyEditsToRaw(raw, edits, false), '<calibrated>', base.name);
  return withRowVariables(doc, model, '<calibrated>', linearShortcut(doc, model, edits));
}

/**
 * Values of variables that only the fitted lines use (nothing else in the document names them) change nothing
 * but those stages' service means: set them directly. Any other variable: null, evaluate the document.
 */
function linearShortcut(doc: Record<string, unknown>, model: Model, edits: CalibrationEdits): ((values: readonly (readonly [string, number])[]) => Model | null) | undefined {
  const lines = [...edits.services].filter(([, e]) => e.linear !== undefined).map(([name, e]) => [name, e.linear!] as const);
  if (lines.length === 0) return undefined;
  const rest = structuredClone(doc);
  delete rest['vars'];
  for (const stage of rest['stages'] as RawStage[]) if (lines.some(([name]) => name === stage['name'])) delete stage['service'];
  const text = JSON.stringify(rest);
  const own = new Set(lines.map(([, l]) => l.variable).filter((v) => !new RegExp(`(?<![A-Za-z0-9_])${v}(?![A-Za-z0-9_])`).test(text)));
  return (values) => {
    if (!values.every(([name]) => own.has(name))) return null;
    const value = new Map(values);
    return lines.reduce((m, [stage, l]) => {
      const v = value.get(l.variable) ?? l.at;
      return withServiceMean(m, stage, Math.max(l.interceptSeconds + v * l.slopeSeconds, MIN_SERVICE_SECONDS));
    }, model);
  };
}
