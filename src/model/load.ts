/**
 * The only module that reads files. parseModel works on text (for notebooks, tests and the TUI);
 * loadModel reads a path. Both return every issue at once or a Model; they never throw on bad input
 * except through ModelError, which carries the issues as data.
 */
import { closeSync, fstatSync, openSync, readSync, statSync, constants as fsConstants } from 'node:fs';
import { basename, extname } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';
import { MAX_MODEL_BYTES } from './guard-limits.ts';
import { ModelError, messages, type ModelIssue } from './messages.ts';
import { normalizeModel } from './normalize.ts';
import { applyOverrides, attributeIssues, type Override } from './overrides.ts';
import type { Model } from './types.ts';
import { declaredVars, evaluateExpressions } from './vars.ts';

export interface LoadOptions {
  /** Name shown in messages; defaults to the path, or "<input>" for text. */
  readonly file?: string;
  readonly overrides?: readonly Override[];
}

export type ModelResult = { ok: true; model: Model; raw: unknown } | { ok: false; issues: ModelIssue[] };

/**
 * The first duplicate key, found with one Set per mapping: the parser's own uniqueKeys check compares every
 * pair of keys, 18 s for a 40 000-key mapping.
 */
function duplicateKey(document: Document, lines: LineCounter): string | undefined {
  let found: string | undefined;
  visit(document, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<unknown>();
      for (const item of map.items) {
        if (!isScalar(item.key)) continue;
        const key = item.key.value;
        if (seen.has(key)) {
          const at = item.key.range ? lines.linePos(item.key.range[0]) : undefined;
          found = `Map keys must be unique${at ? ` at line ${at.line}, column ${at.col}` : ''}: ${JSON.stringify(String(key)).slice(0, 60)}.`;
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

function parseText(text: string, file: string): { ok: true; doc: unknown } | { ok: false; issues: ModelIssue[] } {
  // YAML 1.2 is a superset of JSON, so one parser reads both; duplicate keys are errors there too.
  const lines = new LineCounter();
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter: lines });
  if (document.errors.length > 0) {
    // With prettyErrors the first line of the message already ends "at line L, column C:".
    const first = document.errors[0]!.message.split('\n')[0]!.replace(/:$/, '');
    return { ok: false, issues: [messages.syntax(file, `${first}.`)] };
  }
  const duplicate = duplicateKey(document, lines);
  if (duplicate !== undefined) return { ok: false, issues: [messages.syntax(file, duplicate)] };
  try {
    // toJS can still refuse: unresolved aliases, alias bombs past maxAliasCount.
    return { ok: true, doc: document.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return { ok: false, issues: [messages.syntax(file, `${(error as Error).message.split('\n')[0]}.`)] };
  }
}

export function tryParseModel(text: string, options: LoadOptions = {}): ModelResult {
  const file = options.file ?? '<input>';
  if (typeof text !== 'string') return { ok: false, issues: [messages.notAnObject(file, text)] };
  // Characters, not bytes, but the same order: the parser never sees more than a few MB.
  if (text.length > MAX_MODEL_BYTES) return { ok: false, issues: [messages.tooLarge(file, undefined)] };
  const parsed = parseText(text, file);
  if (!parsed.ok) return parsed;
  const edited = applyOverrides(parsed.doc, options.overrides ?? [], file);
  if (!edited.ok) return edited;
  const fallbackName = file === '<input>' ? 'model' : basename(file, extname(file));
  const evaluated = evaluateExpressions(edited.doc, file, declaredVars(parsed.doc));
  if (evaluated.varsRefused) return { ok: false, issues: attributeIssues(evaluated.issues, edited.placed) };
  const normalized = normalizeModel(evaluated.doc, file, fallbackName);
  if (evaluated.issues.length > 0) {
    // A refused expression is reported once, in its own words, not again by validation.
    const paths = new Set(evaluated.issues.map((issue) => issue.path));
    const others = normalized.ok ? [] : normalized.issues.filter((issue) => !paths.has(issue.path));
    return { ok: false, issues: attributeIssues([...evaluated.issues, ...others], edited.placed) };
  }
  return normalized.ok ? { ok: true, model: normalized.model, raw: edited.doc } : { ok: false, issues: attributeIssues(normalized.issues, edited.placed) };
}

/**
 * At most MAX_MODEL_BYTES + 1 bytes are read, whatever the file claims to be (/proc files say size 0), and
 * only regular files are opened: /dev/zero would never end and opening a FIFO waits for a writer.
 */
function readBounded(path: string): { ok: true; text: string } | { ok: false; reason: string; bytes?: number } {
  let fd: number | undefined;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { ok: false, reason: 'It is a directory.' };
    if (!stat.isFile()) return { ok: false, reason: 'It is not a regular file (a device, pipe or socket).' };
    if (stat.size > MAX_MODEL_BYTES) return { ok: false, reason: 'too large', bytes: stat.size };
    fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    if (!fstatSync(fd).isFile()) return { ok: false, reason: 'It is not a regular file (a device, pipe or socket).' };
    const buffer = Buffer.alloc(MAX_MODEL_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > MAX_MODEL_BYTES) return { ok: false, reason: 'too large' };
    }
    return { ok: true, text: buffer.toString('utf8', 0, length) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'No such file.' : code === 'EISDIR' ? 'It is a directory.' : code === 'EACCES' ? 'Permission denied.' : `Cannot read it (${code ?? 'error'}).`;
    return { ok: false, reason };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function tryLoadModel(path: string, options: LoadOptions = {}): ModelResult {
  const file = options.file ?? path;
  const read = readBounded(path);
  if (!read.ok) {
    const issue = read.reason === 'too large' ? messages.tooLarge(file, read.bytes) : messages.unreadable(file, read.reason);
    return { ok: false, issues: [issue] };
  }
  return tryParseModel(read.text, { ...options, file });
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
