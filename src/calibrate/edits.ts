/**
 * What calibration changes in BASE, as data: service means, service shapes and the overhead delay. The same
 * edits build the fitted Model (through normalizeModel, so pools and segments are resolved as for any file)
 * and the fitted YAML (fitted-yaml.ts), so the two cannot disagree.
 */
import type { DistributionName } from '../model/distribution.ts';
import type { Model } from '../model/types.ts';
import { modelFromDocument, withRowVariables } from './row-vars.ts';

export interface ServiceEdit {
  readonly meanSeconds: number;
  /** A new family and scv when percentiles or spans gave the shape; absent keeps BASE's. */
  readonly shape?: { readonly distribution: DistributionName; readonly scv: number };
  /**
   * service = intercept + variable × slope (seconds), written as an expression over a model variable
   * (covariate.ts); meanSeconds is its value at `at`, the variable's value in the fitted file.
   */
  readonly linear?: { readonly variable: string; readonly at: number; readonly interceptSeconds: number; readonly slopeSeconds: number };
}

/** "a + v * b" with a and b in seconds, as the model's expression language reads it (a negative a subtracted). */
export function linearExpression(linear: NonNullable<ServiceEdit['linear']>, format: (seconds: number) => string = (x) => `${x.toPrecision(8)}s`): string {
  const a = linear.interceptSeconds;
  const term = `${linear.variable} * ${format(linear.slopeSeconds)}`;
  if (a < 0) return `${term} - ${format(-a)}`;
  return `${format(a)} + ${term}`;
}

export interface OverheadEdit {
  readonly stage: string;
  /** True when BASE had no pure-delay stage and calibrate adds one as the first stage. */
  readonly added: boolean;
  readonly meanSeconds: number;
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
export function addedOverheadStage(name: string, serviceSeconds: number | string): RawStage {
  return { name, service: serviceSeconds, threads: 'infinite', distribution: 'deterministic' };
}

/** BASE's raw document with the edits applied (deep copy; the input is untouched). */
export function applyEditsToRaw(raw: unknown, edits: CalibrationEdits): Record<string, unknown> {
  const doc = structuredClone(raw) as Record<string, unknown>;
  const stages = doc['stages'] as RawStage[];
  for (const [name, edit] of edits.services) {
    const stage = stages.find((s) => s['name'] === name);
    if (!stage) continue;
    stage['service'] = edit.linear ? linearExpression(edit.linear) : Math.max(edit.meanSeconds, MIN_SERVICE_SECONDS);
    if (edit.linear) {
      const vars = (doc['vars'] ?? {}) as Record<string, unknown>;
      if (!(edit.linear.variable in vars)) doc['vars'] = { ...vars, [edit.linear.variable]: edit.linear.at };
    }
    if (edit.shape) {
      stage['distribution'] = edit.shape.distribution;
      stage['scv'] = edit.shape.scv;
      delete stage['k'];
    }
  }
  const overhead = edits.overhead;
  if (overhead) {
    const seconds = Math.max(overhead.meanSeconds, MIN_SERVICE_SECONDS);
    if (overhead.added) stages.unshift(addedOverheadStage(overhead.stage, seconds));
    else {
      const stage = stages.find((s) => s['name'] === overhead.stage);
      if (stage) stage['service'] = seconds;
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
  return withRowVariables(doc, modelFromDocument(doc, '<calibrated>', base.name), '<calibrated>');
}
