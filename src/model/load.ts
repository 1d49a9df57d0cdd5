/**
 * The only module that reads files. parseModel works on text (for notebooks, tests and the TUI);
 * loadModel reads a path. Both return every issue at once or a Model; they never throw on bad input
 * except through ModelError, which carries the issues as data.
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { parseDocument } from 'yaml';
import { ModelError, messages, type ModelIssue } from './messages.ts';
import { normalizeModel } from './normalize.ts';
import { applyOverrides, type Override } from './overrides.ts';
import type { Model } from './types.ts';

export interface LoadOptions {
  /** Name shown in messages; defaults to the path, or "<input>" for text. */
  readonly file?: string;
  readonly overrides?: readonly Override[];
}

export type ModelResult = { ok: true; model: Model; raw: unknown } | { ok: false; issues: ModelIssue[] };

function parseText(text: string, file: string): { ok: true; doc: unknown } | { ok: false; issues: ModelIssue[] } {
  // YAML 1.2 is a superset of JSON, so one parser reads both; duplicate keys are errors there too.
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    // With prettyErrors the first line of the message already ends "at line L, column C:".
    const first = document.errors[0]!.message.split('\n')[0]!.replace(/:$/, '');
    return { ok: false, issues: [messages.syntax(file, `${first}.`)] };
  }
  try {
    // toJS can still refuse: unresolved aliases, alias bombs past maxAliasCount.
    return { ok: true, doc: document.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return { ok: false, issues: [messages.syntax(file, `${(error as Error).message.split('\n')[0]}.`)] };
  }
}

export function tryParseModel(text: string, options: LoadOptions = {}): ModelResult {
  const file = options.file ?? '<input>';
  const parsed = parseText(text, file);
  if (!parsed.ok) return parsed;
  const edited = applyOverrides(parsed.doc, options.overrides ?? [], file);
  if (!edited.ok) return edited;
  const fallbackName = file === '<input>' ? 'model' : basename(file, extname(file));
  const normalized = normalizeModel(edited.doc, file, fallbackName);
  return normalized.ok ? { ok: true, model: normalized.model, raw: edited.doc } : normalized;
}

export function tryLoadModel(path: string, options: LoadOptions = {}): ModelResult {
  const file = options.file ?? path;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'No such file.' : code === 'EISDIR' ? 'It is a directory.' : `Cannot read it (${code ?? 'error'}).`;
    return { ok: false, issues: [messages.unreadable(file, reason)] };
  }
  return tryParseModel(text, { ...options, file });
}

/** Parse model text; throws ModelError (issues as data) when the model is refused. */
export function parseModel(text: string, options: LoadOptions = {}): Model {
  const result = tryParseModel(text, options);
  if (!result.ok) throw new ModelError(result.issues);
  return result.model;
}

/** Read and parse a model file; throws ModelError (issues as data) when the model is refused. */
export function loadModel(path: string, options: LoadOptions = {}): Model {
  const result = tryLoadModel(path, options);
  if (!result.ok) throw new ModelError(result.issues);
  return result.model;
}
