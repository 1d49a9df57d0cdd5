/**
 * A measurement row may carry a column named like one of the model's variables (`bodyKB`): that row was measured
 * at that value, so the model it is held against is the model file evaluated with the row's value, as
 * `--var bodyKB=…` would give. The per-row models are kept beside the Model (a WeakMap, so Model stays plain
 * data) and made once per distinct set of values.
 */
import { ModelError } from '../model/messages.ts';
import { normalizeModel } from '../model/normalize.ts';
import type { Model } from '../model/types.ts';
import { declaredVars, evaluateExpressions } from '../model/vars.ts';
import type { MeasurementRow } from './measurements.ts';

interface Variant {
  readonly names: readonly string[];
  readonly at: (values: readonly (readonly [string, number])[]) => Model;
}

const variants = new WeakMap<Model, Variant>();

/**
 * A model variable of this name is the operating point: the throughput at which a load-dependent service is
 * evaluated (load-dependence.ts). predict.ts iterates it to the model's own throughput for every row.
 */
export const OPERATING_POINT_VARIABLE = 'throughput';

/** A raw model document (vars and expressions unevaluated) to a Model, or ModelError with every issue. */
export function modelFromDocument(doc: unknown, file: string, fallbackName: string): Model {
  const evaluated = evaluateExpressions(doc, file, declaredVars(doc));
  if (evaluated.issues.length > 0) throw new ModelError(evaluated.issues);
  const normalized = normalizeModel(evaluated.doc, file, fallbackName);
  if (!normalized.ok) throw new ModelError(normalized.issues);
  return normalized.model;
}

/**
 * `model` (made from `doc`) answers per row at the row's values of the declared variables. Returns `model`.
 * `shortcut` may answer without evaluating the document again (null: evaluate): calibrate's fits ask for
 * thousands of operating points, and a linear service it wrote itself needs no expression parser.
 */
export function withRowVariables(
  doc: unknown,
  model: Model,
  file: string,
  shortcut?: (values: readonly (readonly [string, number])[]) => Model | null,
): Model {
  const names = declaredVars(doc);
  if (names.length === 0) return model;
  const cache = new Map<string, Model>();
  const at = (values: readonly (readonly [string, number])[]): Model => {
    if (values.length === 0) return model;
    const key = JSON.stringify(values);
    let found = cache.get(key) ?? shortcut?.(values) ?? undefined;
    if (!found) {
      const edited = structuredClone(doc) as Record<string, unknown>;
      edited['vars'] = { ...(edited['vars'] as Record<string, unknown>), ...Object.fromEntries(values) };
      found = modelFromDocument(edited, file, model.name);
      cache.set(key, found);
    }
    return found;
  };
  variants.set(model, { names, at });
  return model;
}

/** Whether the model's expressions take the operating point (a load-dependent service). */
export function hasOperatingPoint(model: Model): boolean {
  return variants.get(model)?.names.includes(OPERATING_POINT_VARIABLE) ?? false;
}

/**
 * The model at the row's variable values (the model itself when it has no variables or the row none), and at
 * `throughput` when given (rounded to 5 digits: the iteration settles on one cached model).
 */
export function modelAtRowVariables(model: Model, row: MeasurementRow, throughput?: number): Model {
  const variant = variants.get(model);
  if (!variant) return model;
  const values: (readonly [string, number])[] = variant.names
    .filter((n) => n !== OPERATING_POINT_VARIABLE && row.covariates[n] !== undefined)
    .map((n) => [n, row.covariates[n]!] as const);
  if (throughput !== undefined && variant.names.includes(OPERATING_POINT_VARIABLE)) values.push([OPERATING_POINT_VARIABLE, Number(throughput.toPrecision(5))]);
  try {
    return variant.at(values);
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
    const where = `row ${row.row} (${values.map(([n, v]) => `${n}=${v}`).join(', ')})`;
    throw new ModelError(error.issues.map((issue) => ({ ...issue, path: `${where}: ${issue.path}` })));
  }
}
