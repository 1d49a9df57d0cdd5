/**
 * Measurement rows (SPEC §4): CSV with a header line, or a JSON array of objects with the same keys, one row
 * per load level. Text in, typed rows or every issue out (file, row, column, what was expected); no file I/O.
 *
 * Units: a duration cell may carry its own unit ("4.2ms"); a bare number is seconds unless the column's header
 * carries a unit (`p99_ms`, `mean (us)`). Rates may be written as in a model file ("2k/s").
 */
import { ModelError, showValue, type ModelIssue } from '../model/messages.ts';
import { expectedWith, parseDurationSeconds, parseRatePerSecond } from '../model/units.ts';
import { PERCENTILE_KEYS, type PercentileKey } from '../model/result.ts';

export type LatencyKey = 'mean' | PercentileKey;
export const LATENCY_KEYS: readonly LatencyKey[] = ['mean', ...PERCENTILE_KEYS];

export interface MeasurementRow {
  /** 1-based data row (the header is not counted; a JSON array's element index + 1). */
  readonly row: number;
  /** Offered requests/s of an open load generator. */
  readonly rate?: number;
  /** Connections of a closed load generator, and their think time. */
  readonly clients?: number;
  readonly thinkSeconds?: number;
  /** Completed requests/s. */
  readonly throughput: number;
  /** Measured end-to-end latency, seconds (any subset). */
  readonly latency: Partial<Record<LatencyKey, number>>;
  /** CPU-seconds per second used by the server. */
  readonly cpu?: number;
  /** Busy fraction of a pool's threads, by pool name. */
  readonly busy: Readonly<Record<string, number>>;
  readonly durationSeconds?: number;
  readonly errors?: number;
  /** Any other numeric column, kept for fits that name it. */
  readonly covariates: Readonly<Record<string, number>>;
}

export interface Measurements {
  readonly file: string;
  readonly rows: readonly MeasurementRow[];
}

const HEADER_UNIT_SECONDS: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, ms: 1e-3, s: 1, sec: 1, min: 60 };
/** A header unit in words, for refusals: a bad cell of `p99_ms` is asked for milliseconds, not seconds. */
const UNIT_WORDS: Record<string, string> = { ns: 'nanoseconds', us: 'microseconds', 'µs': 'microseconds', 'μs': 'microseconds', ms: 'milliseconds', s: 'seconds', sec: 'seconds', min: 'minutes' };
const DURATION_KEYS = new Set<string>([...LATENCY_KEYS, 'thinkTime', 'duration']);

interface Column {
  readonly header: string;
  readonly key: string;
  /** Seconds per unit of a bare number, for duration columns whose header names a unit. */
  readonly scale: number;
  /** What a bare number in the column counts, in words ("milliseconds" for `p99_ms`). */
  readonly unitWords: string;
}

/** `p99_ms`, `p99 (ms)`, `p99[ms]` → key p99, scale 1e-3; anything else is its own key in seconds. */
function parseHeader(header: string): Column {
  const trimmed = header.trim();
  const match = /^(.+?)(?:_([a-zµμ]+)|\s*\(([a-zµμ]+)\)|\s*\[([a-zµμ]+)\])$/.exec(trimmed);
  if (match) {
    const unit = match[2] ?? match[3] ?? match[4] ?? '';
    const scale = HEADER_UNIT_SECONDS[unit];
    if (scale !== undefined && DURATION_KEYS.has(match[1]!)) return { header: trimmed, key: match[1]!, scale, unitWords: UNIT_WORDS[unit]! };
  }
  return { header: trimmed, key: trimmed, scale: 1, unitWords: 'seconds' };
}

/** RFC 4180 fields: commas, quotes doubled inside quoted fields, CRLF or LF line ends. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      if (record.some((f) => f.trim() !== '')) records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  record.push(field);
  if (record.some((f) => f.trim() !== '')) records.push(record);
  return records;
}

type Cell = string | number | null | undefined;

function isBlank(cell: Cell): boolean {
  return cell === undefined || cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** A bare number in the column's unit, or a string with its own unit. */
function readDuration(cell: Cell, column: Column): number | string {
  const unit = column.unitWords === 'seconds' ? 'seconds' : `${column.unitWords} as the header says`;
  const asNumber = typeof cell === 'number' ? cell : Number(String(cell).trim());
  if (typeof cell === 'number' || (String(cell).trim() !== '' && Number.isFinite(asNumber))) {
    return Number.isFinite(asNumber) && asNumber >= 0 ? asNumber * column.scale : `a non-negative duration in ${unit}`;
  }
  const parsed = parseDurationSeconds(String(cell));
  if (!parsed.ok) return expectedWith(`a duration such as "4.2ms" or a number in ${unit}`, parsed);
  return parsed.value >= 0 ? parsed.value : 'a non-negative duration';
}

function readNumber(cell: Cell, what: string, ok: (x: number) => boolean): number | string {
  const value = typeof cell === 'number' ? cell : Number(String(cell).trim());
  return Number.isFinite(value) && ok(value) ? value : what;
}

/** A fraction in [0, 1], or a percentage string "45%". */
function readFraction(cell: Cell): number | string {
  const text = typeof cell === 'number' ? null : String(cell).trim();
  const value = text !== null && text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text ?? cell);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 'a busy fraction in [0, 1] or a percentage such as "45%"';
}

function readRate(cell: Cell): number | string {
  const parsed = parseRatePerSecond(typeof cell === 'number' ? cell : Number.isFinite(Number(String(cell).trim())) ? Number(String(cell).trim()) : String(cell));
  if (!parsed.ok) return expectedWith('a rate such as 2000, "2k/s" or "120/min"', parsed);
  return parsed.value >= 0 ? parsed.value : 'a non-negative rate';
}

function readRows(file: string, columns: readonly Column[], records: readonly (readonly Cell[])[]): Measurements {
  const issues: ModelIssue[] = [];
  const rows: MeasurementRow[] = [];
  records.forEach((cells, i) => {
    const row = i + 1;
    const issue = (column: Column, expected: string, got: Cell): void => {
      issues.push({ file, path: `row ${row}, column ${column.header}`, expected, got: showValue(got) });
    };
    const latency: Partial<Record<LatencyKey, number>> = {};
    const busy: Record<string, number> = {};
    const covariates: Record<string, number> = {};
    const fields: { rate?: number; clients?: number; thinkSeconds?: number; throughput?: number; cpu?: number; durationSeconds?: number; errors?: number } = {};
    columns.forEach((column, c) => {
      const cell = cells[c];
      if (isBlank(cell)) return;
      const take = (value: number | string, set: (x: number) => void): void => {
        if (typeof value === 'string') issue(column, value, cell);
        else set(value);
      };
      const key = column.key;
      if ((LATENCY_KEYS as readonly string[]).includes(key)) take(readDuration(cell, column), (x) => (latency[key as LatencyKey] = x));
      else if (key === 'thinkTime') take(readDuration(cell, column), (x) => (fields.thinkSeconds = x));
      else if (key === 'duration') take(readDuration(cell, column), (x) => (fields.durationSeconds = x));
      else if (key === 'rate') take(readRate(cell), (x) => (fields.rate = x));
      else if (key === 'throughput') take(readRate(cell), (x) => (fields.throughput = x));
      else if (key === 'clients') take(readNumber(cell, 'a positive whole number of clients', (x) => Number.isInteger(x) && x >= 1), (x) => (fields.clients = x));
      else if (key === 'cpu') take(readNumber(cell, 'CPU-seconds per second (a non-negative number)', (x) => x >= 0), (x) => (fields.cpu = x));
      else if (key === 'errors') take(readNumber(cell, 'a non-negative count of failed requests', (x) => x >= 0), (x) => (fields.errors = x));
      else if (key.startsWith('busy.') && key.length > 5) take(readFraction(cell), (x) => (busy[key.slice(5)] = x));
      else take(readNumber(cell, 'a number (an extra column is kept as a numeric covariate)', () => true), (x) => (covariates[key] = x));
    });
    if (fields.throughput === undefined) {
      issues.push({ file, path: `row ${row}, column throughput`, expected: 'completed requests/s (throughput is required in every row)', got: 'nothing' });
      return;
    }
    if (fields.rate !== undefined && fields.clients !== undefined) {
      issues.push({ file, path: `row ${row}, column clients`, expected: 'either rate (open load) or clients (closed load), not both', got: showValue(cells[columns.findIndex((c) => c.key === 'clients')]) });
      return;
    }
    rows.push({ row, throughput: fields.throughput, latency, busy, covariates, ...withoutUndefined(fields) });
  });
  if (issues.length === 0 && rows.length === 0) issues.push({ file, path: '', expected: 'at least one measurement row', got: 'none' });
  if (issues.length > 0) throw new ModelError(issues);
  return { file, rows };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function parseJsonRows(text: string, file: string): Measurements {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ModelError([{ file, path: '', expected: `valid JSON (${(error as Error).message})` }]);
  }
  if (!Array.isArray(doc)) throw new ModelError([{ file, path: '', expected: 'a JSON array of objects, one per load level', got: showValue(doc) }]);
  const headers: string[] = [];
  const issues: ModelIssue[] = [];
  doc.forEach((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      issues.push({ file, path: `row ${i + 1}`, expected: 'an object of column: value', got: showValue(item) });
      return;
    }
    for (const [key, value] of Object.entries(item)) {
      if (!headers.includes(key)) headers.push(key);
      if (value !== null && typeof value !== 'number' && typeof value !== 'string') {
        issues.push({ file, path: `row ${i + 1}, column ${key}`, expected: 'a number or a string with a unit', got: showValue(value) });
      }
    }
  });
  if (issues.length > 0) throw new ModelError(issues);
  const columns = headers.map(parseHeader);
  const records = (doc as Record<string, Cell>[]).map((item) => headers.map((h) => item[h]));
  return readRows(file, columns, records);
}

function parseCsvRows(text: string, file: string): Measurements {
  const [header, ...records] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) throw new ModelError([{ file, path: '', expected: 'a CSV header line and one row per load level', got: 'an empty file' }]);
  const columns = header.map(parseHeader);
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column.key)) throw new ModelError([{ file, path: `column ${column.header}`, expected: 'each column once', got: `${column.key} twice` }]);
    seen.add(column.key);
  }
  records.forEach((cells, i) => {
    if (cells.length > columns.length) {
      throw new ModelError([{ file, path: `row ${i + 1}`, expected: `${columns.length} cells as in the header`, got: `${cells.length}` }]);
    }
  });
  return readRows(file, columns, records);
}

/** Reads measurement text; JSON when it starts with `[`, CSV otherwise. Throws ModelError with every issue. */
export function parseMeasurements(text: string, file = '<input>'): Measurements {
  return text.trimStart().startsWith('[') ? parseJsonRows(text, file) : parseCsvRows(text, file);
}
