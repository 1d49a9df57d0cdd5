/**
 * The only place that turns human durations and rates ("120us", "2k/s") into numbers.
 * Everything past normalizeModel works in seconds and requests per second.
 */

const DURATION_UNIT_SECONDS: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, {
  ns: 1e-9,
  us: 1e-6,
  'µs': 1e-6,
  'μs': 1e-6,
  ms: 1e-3,
  s: 1,
  sec: 1,
  min: 60,
  m: 60,
  h: 3600,
});

// Null prototypes: a unit spelled "constructor" is unknown, not Object.prototype.constructor.
const RATE_PERIOD_SECONDS: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, { s: 1, sec: 1, min: 60, m: 60, h: 3600 });

const MAGNITUDE: Readonly<Record<string, number>> = Object.assign(Object.create(null) as Record<string, number>, { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9 });

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const DURATION_RE = new RegExp(`^\\s*(${NUMBER})\\s*([a-zµμ]*)\\s*$`);
const RATE_RE = new RegExp(`^\\s*(${NUMBER})\\s*([kKMG]?)\\s*(?:(?:/|per\\s*)([a-z]+))?\\s*$`);

/**
 * A refusal's reason; `form`: the input is not of the accepted form at all, and the reason only restates the
 * forms (a caller that already says what it expects adds nothing by repeating them: `expected`).
 */
export type Parsed = { ok: true; value: number } | { ok: false; reason: string; form?: true };

/** What a caller expects, with the parser's reason only where it adds something ("a known time unit ..."). */
export function expectedWith(what: string, refusal: { readonly reason: string; readonly form?: true }): string {
  return refusal.form ? what : `${what} (${refusal.reason})`;
}

/** A number is seconds; a string carries a unit (ns, us, µs, ms, s, min, h). */
export function parseDurationSeconds(input: unknown): Parsed {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, reason: 'a finite number' };
  }
  if (typeof input !== 'string') return { ok: false, reason: 'a number of seconds or a string such as "120us"', form: true };
  const match = DURATION_RE.exec(input);
  if (!match) return { ok: false, reason: 'a duration such as "120us", "2ms" or 0.5 (seconds)', form: true };
  const unit = match[2] ?? '';
  const scale = unit === '' ? 1 : DURATION_UNIT_SECONDS[unit];
  if (scale === undefined) return { ok: false, reason: `a known time unit (ns, us, µs, ms, s, min, h), not "${unit}"` };
  return finite(Number(match[1]) * scale);
}

/** A number is per second; "2k/s", "120/min", "3.5M/h" are accepted. */
export function parseRatePerSecond(input: unknown): Parsed {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, reason: 'a finite number' };
  }
  if (typeof input !== 'string') return { ok: false, reason: 'a number per second or a string such as "2k/s"', form: true };
  const match = RATE_RE.exec(input);
  if (!match) return { ok: false, reason: 'a rate such as 2000, "2k/s" or "120/min"', form: true };
  const magnitude = MAGNITUDE[match[2] ?? ''] ?? 1;
  const period = match[3] === undefined ? 1 : RATE_PERIOD_SECONDS[match[3]];
  if (period === undefined) return { ok: false, reason: `a known period (/s, /min, /h), not "/${match[3]}"` };
  return finite((Number(match[1]) * magnitude) / period);
}

/** "1e400ms" matches the pattern but is no number a model can use. */
function finite(value: number): Parsed {
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: 'a finite number' };
}

/**
 * `digits` significant digits without trailing zeros. Rounding can carry past the largest double
 * (1.797e308 → 1.80e308), so the rounded number is used only when it stays finite.
 */
function compact(x: number, digits: number): string {
  const rounded = Number(x.toPrecision(digits));
  return Number.isFinite(rounded) ? String(rounded) : x.toPrecision(digits);
}

/** Shortest readable form with a unit, for tables: 0.00012 -> "120µs". */
export function formatDuration(seconds: number, digits = 3): string {
  if (Number.isNaN(seconds)) return '—';
  if (!Number.isFinite(seconds)) return seconds > 0 ? '∞' : '-∞';
  const abs = Math.abs(seconds);
  const [scale, unit] =
    abs === 0 ? [1, 's'] : abs < 1e-6 ? [1e-9, 'ns'] : abs < 1e-3 ? [1e-6, 'µs'] : abs < 1 ? [1e-3, 'ms'] : [1, 's'];
  return `${compact(seconds / scale, digits)}${unit}`;
}

/** Rate with k/M suffix: 2000 -> "2k/s". */
export function formatRate(perSecond: number, digits = 4): string {
  if (Number.isNaN(perSecond)) return '—';
  if (!Number.isFinite(perSecond)) return perSecond > 0 ? '∞' : '-∞';
  const abs = Math.abs(perSecond);
  const [scale, suffix] = abs >= 1e6 ? [1e6, 'M'] : abs >= 1e3 ? [1e3, 'k'] : [1, ''];
  return `${compact(perSecond / scale, digits)}${suffix}/s`;
}
