/**
 * Parametric models: `vars:` and expressions in any number, duration or rate, evaluated once, before
 * validation, into plain numbers (seconds, per second). Values the unit parser already reads ("2k/s",
 * "120us", 0.002) are left untouched, so they keep their exact meaning; only other strings are expressions.
 *
 *   raw doc ──vars (in order, each over the earlier ones)──▶ scope ──every numeric leaf, by schema──▶ doc of numbers
 */
import { z } from 'zod';
import { evaluateExpression, FUNCTIONS, UNIT_NAMES, type Dimension, type Quantity } from './expressions.ts';
import { formatPath, showValue, suggestSimilar, type ModelIssue } from './messages.ts';
import { modelFileSchema, valueKind } from './schema.ts';
import { parseDurationSeconds, parseRatePerSecond } from './units.ts';

type Kind = 'duration' | 'rate' | 'number';

const DIMENSION_OF: Record<Kind, Dimension> = { duration: 'time', rate: 'rate', number: 'number' };
const EXPECTED: Record<Kind, string> = {
  duration: 'a duration such as "120us", or an expression that comes out as a time such as "30us + bodyKB * 4us"',
  rate: 'a rate such as "2k/s", or an expression that comes out as a rate (1/time) such as "2k/s * growth"',
  number: 'a number, or an expression that comes out as a plain number such as "workers * 2"',
};

function isRecord(node: unknown): node is Record<string, unknown> {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

function describe(q: Quantity): string {
  if (q.dimension === 'time') return `a time (${q.value} s)`;
  if (q.dimension === 'rate') return `a rate (${q.value}/s)`;
  return `a plain number (${q.value})`;
}

/** True when the unit parser reads the value as it always has (no expression needed). */
function isLiteral(kind: Kind, text: string): boolean {
  if (kind === 'duration') return parseDurationSeconds(text).ok;
  if (kind === 'rate') return parseRatePerSecond(text).ok;
  return text === 'infinite';
}

function evaluateVars(file: string, raw: unknown, declared: readonly string[], issues: ModelIssue[]): Map<string, Quantity> {
  const scope = new Map<string, Quantity>();
  if (!isRecord(raw)) return scope; // the schema reports a vars that is not a map
  const reserved = new Set([...UNIT_NAMES, ...FUNCTIONS]);
  for (const [name, value] of Object.entries(raw)) {
    const path = `vars.${name}`;
    if (!declared.includes(name)) {
      const known = declared.length === 0 ? 'none' : declared.join(', ');
      const similar = suggestSimilar(name, declared);
      issues.push({
        file,
        path,
        expected: `a variable the model declares under vars (declared: ${known})`,
        got: showValue(name),
        ...(similar ? { hint: `Did you mean ${similar}?` } : {}),
      });
      continue;
    }
    if (reserved.has(name)) {
      issues.push({ file, path, expected: `a variable name that is not a unit or function (${[...reserved].join(', ')})`, got: showValue(name) });
      continue;
    }
    if (typeof value === 'number') {
      if (Number.isFinite(value)) scope.set(name, { value, dimension: 'number' });
      continue; // anything else is reported by the schema
    }
    if (typeof value !== 'string') continue;
    const evaluated = evaluateExpression(value, scope);
    if (evaluated.ok) scope.set(name, evaluated.quantity);
    else issues.push({ file, path, expected: 'a number or an expression with units over earlier variables', got: showValue(value), hint: capitalize(evaluated.reason) });
  }
  return scope;
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema;
  while (node instanceof z.ZodOptional) node = node.unwrap() as z.ZodType;
  return node;
}

/** The document with every expression replaced by its number; walks the schema to know what each leaf is. */
function evaluateLeaves(file: string, schema: z.ZodType, value: unknown, path: PropertyKey[], scope: ReadonlyMap<string, Quantity>, issues: ModelIssue[]): unknown {
  const node = unwrap(schema);
  const kind = valueKind(node);
  if (kind !== undefined) {
    if (typeof value !== 'string' || isLiteral(kind, value)) return value;
    // A model without vars keeps its old messages for a mistyped literal ("fast", "12 parsecs").
    if (scope.size === 0 && !/[-+*/^(),]/.test(value)) return value;
    const evaluated = evaluateExpression(value, scope);
    const at = { file, path: formatPath(path), expected: EXPECTED[kind], got: showValue(value) };
    if (!evaluated.ok) {
      issues.push({ ...at, hint: capitalize(evaluated.reason) });
      return value;
    }
    if (evaluated.quantity.dimension !== DIMENSION_OF[kind]) {
      issues.push({ ...at, hint: `It comes out as ${describe(evaluated.quantity)}.` });
      return value;
    }
    return evaluated.quantity.value;
  }
  if (node instanceof z.ZodObject && isRecord(value)) {
    const shape = node.shape as Record<string, z.ZodType>;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, shape[key] ? evaluateLeaves(file, shape[key], child, [...path, key], scope, issues) : child]),
    );
  }
  if (node instanceof z.ZodArray && Array.isArray(value)) {
    return value.map((child, i) => evaluateLeaves(file, node.element as z.ZodType, child, [...path, i], scope, issues));
  }
  if (node instanceof z.ZodRecord && isRecord(value)) {
    const inner = node._zod.def.valueType as z.ZodType;
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, evaluateLeaves(file, inner, child, [...path, key], scope, issues)]));
  }
  return value;
}

/**
 * Evaluates `vars` and every expression of a raw document. `declared` is the variables the file itself
 * declares: --var and --set may change them, not add new ones. A refused expression stays a string in
 * the returned doc (its issue is in `issues`), so validation can still report every other key at once.
 */
export function evaluateExpressions(
  doc: unknown,
  file: string,
  declared: readonly string[],
): { doc: unknown; issues: ModelIssue[]; varsRefused: boolean } {
  if (!isRecord(doc)) return { doc, issues: [], varsRefused: false };
  const issues: ModelIssue[] = [];
  const scope = evaluateVars(file, doc.vars, declared, issues);
  // Every use of a refused variable would fail too: report the variables alone.
  if (issues.length > 0) return { doc, issues, varsRefused: true };
  const { vars, ...rest } = doc;
  const evaluated = evaluateLeaves(file, modelFileSchema, rest, [], scope, issues) as Record<string, unknown>;
  return { doc: vars === undefined ? evaluated : { vars, ...evaluated }, issues, varsRefused: false };
}

/** Names declared under `vars` in a raw document (before any override). */
export function declaredVars(doc: unknown): string[] {
  return isRecord(doc) && isRecord(doc.vars) ? Object.keys(doc.vars) : [];
}
