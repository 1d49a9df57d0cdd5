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

const variants = new WeakMap<Model, (row: MeasurementRow) => Model>();

/** A raw model document (vars and expressions unevaluated) to a Model, or ModelError with every issue. */
export function modelFromDocument(doc: unknown, file: string, fallbackName: string): Model {
  const evaluated = evaluateExpressions(doc, file, declaredVars(doc));
  if (evaluated.issues.length > 0) throw new ModelError(evaluated.issues);
  const normalized = normalizeModel(evaluated.doc, file, fallbackName);
  if (!normalized.ok) throw new ModelError(normalized.issues);
  return normalized.model;
}

/** `model` (made from `doc`) answers per row at the row's values of the declared variables. Returns `model`. */
export function withRowVariables(doc: unknown, model: Model, file: string): Model {
  const names = declaredVars(doc);
  if (names.length === 0) return model;
  const cache = new Map<string, Model>();
  variants.set(model, (row) => {
    const values = names.filter((n) => row.covariates[n] !== undefined).map((n) => [n, row.covariates[n]!] as const);
    if (values.length === 0) return model;
    const key = JSON.stringify(values);
    let found = cache.get(key);
    if (!found) {
      const edited = structuredClone(doc) as Record<string, unknown>;
      edited['vars'] = { ...(edited['vars'] as Record<string, unknown>), ...Object.fromEntries(values) };
      try {
        found = modelFromDocument(edited, file, model.name);
      } catch (error) {
        if (!(error instanceof ModelError)) throw error;
        throw new ModelError(error.issues.map((issue) => ({ ...issue, path: `row ${row.row} (${values.map(([n, v]) => `${n}=${v}`).join(', ')}): ${issue.path}` })));
      }
      cache.set(key, found);
    }
    return found;
  });
  return model;
}

/** The model at the row's variable values (the model itself when it has no variables or the row none). */
export function modelAtRowVariables(model: Model, row: MeasurementRow): Model {
  return variants.get(model)?.(row) ?? model;
}
