/**
 * `--set KEY=VALUE` and `--rate R`: edits applied to the raw document before validation, so an override is
 * checked exactly like the file itself. Stages are addressed by name or index: stages.decrypt.threads=8.
 */
import { parse as parseYamlScalar } from 'yaml';
import { formatPath, messages, type ModelIssue } from './messages.ts';

export interface Override {
  /** Dotted key path, e.g. "stages.decrypt.threads" or "workload.arrivalRate". */
  readonly key: string;
  /** Raw value; strings are read as YAML scalars ("8" → 8, "120us" stays a string). */
  readonly value: unknown;
  /**
   * Where the value was typed (e.g. "--rate"): a refusal of it names that, not the file, which does not hold it
   * (`--rate fast` was reported as the model file's workload.arrivalRate).
   */
  readonly origin?: string;
}

/** An override's value as it landed in the document: its key path there (stages by index), and where it came from. */
export interface PlacedOverride {
  readonly path: string;
  readonly origin: string;
}

export function parseAssignment(assignment: string): Override | undefined {
  const eq = assignment.indexOf('=');
  if (eq <= 0) return undefined;
  const key = assignment.slice(0, eq).trim();
  const text = assignment.slice(eq + 1).trim();
  let value: unknown;
  try {
    value = text === '' ? '' : parseYamlScalar(text);
  } catch {
    value = text;
  }
  return { key, value };
}

type Doc = Record<string, unknown>;

function isRecord(node: unknown): node is Doc {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

/**
 * Own keys only, and written as own data properties: `--set __proto__.x=1` must edit a key of the document
 * named "__proto__" (which validation then refuses), never Object.prototype.
 */
function ownChild(node: Doc, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

function setOwn(node: Doc, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Returns a deep-copied document with the overrides applied, or the issues that stopped it. */
export function applyOverrides(
  raw: unknown,
  overrides: readonly Override[],
  file: string,
): { ok: true; doc: unknown; placed: PlacedOverride[] } | { ok: false; issues: ModelIssue[] } {
  if (overrides.length === 0) return { ok: true, doc: raw, placed: [] };
  const doc: unknown = structuredClone(raw);
  const issues: ModelIssue[] = [];
  const placed: PlacedOverride[] = [];
  for (const { key, value, origin } of overrides) {
    const parts = key.split('.').filter((p) => p !== '');
    const assignment = `--set ${key}`;
    if (parts.length === 0 || !isRecord(doc)) {
      issues.push(messages.badOverride(file, assignment, 'The key is empty.'));
      continue;
    }
    let node: unknown = doc;
    let failed = false;
    const path: (string | number)[] = [];
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i]!;
      let next: unknown;
      if (Array.isArray(node)) {
        const byIndex = /^\d+$/.test(part) && Object.hasOwn(node, part) ? node[Number(part)] : undefined;
        next = byIndex ?? node.find((item) => isRecord(item) && item.name === part);
        if (next === undefined) {
          const names = node.map((item) => (isRecord(item) ? String(item.name) : '?')).join(', ');
          issues.push(messages.badOverride(file, assignment, `No entry "${part}" under ${parts.slice(0, i).join('.')} (have ${names}).`));
          failed = true;
          break;
        }
      } else if (isRecord(node)) {
        if (ownChild(node, part) === undefined) setOwn(node, part, {});
        next = ownChild(node, part);
      }
      path.push(Array.isArray(node) ? node.indexOf(next) : part);
      if (!isRecord(next) && !Array.isArray(next)) {
        issues.push(messages.badOverride(file, assignment, `${parts.slice(0, i + 1).join('.')} is not a mapping or list.`));
        failed = true;
        break;
      }
      node = next;
    }
    if (failed) continue;
    const last = parts[parts.length - 1]!;
    if (Array.isArray(node)) {
      issues.push(messages.badOverride(file, assignment, 'Name one entry of the list and one of its keys.'));
    } else if (isRecord(node)) {
      setOwn(node, last, value);
      if (origin !== undefined) placed.push({ path: formatPath([...path, last]), origin });
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, doc, placed };
}

/** A refusal of a value typed on the command line names the option it was typed as, not the model file. */
export function attributeIssues(issues: readonly ModelIssue[], placed: readonly PlacedOverride[]): ModelIssue[] {
  if (placed.length === 0) return [...issues];
  return issues.map((issue) => {
    // The last override of a key is the value validated.
    const from = [...placed].reverse().find((p) => p.path === issue.path);
    return from === undefined ? issue : { ...issue, file: from.origin, path: '' };
  });
}

/** `--rate R` replaces the open arrival rate (or switches a closed model to open). */
export function rateOverride(rate: unknown): Override[] {
  return [{ key: 'workload.arrivalRate', value: rate, origin: '--rate' }];
}
