/**
 * Cell text for the TUI. Every figure goes through here so no NaN or Infinity reaches the screen:
 * null (an infinite figure of an unstable model) and non-finite numbers print as "∞" or "—".
 */
import { formatDuration, formatRate } from '../model/units.ts';

/** Seconds as "120µs"; null or infinite → "∞"; below a nanosecond → "<1ns" (noise to a reader). */
export function time(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '∞';
  return seconds > 0 && seconds < 1e-9 ? '<1ns' : finiteOr(formatDuration(seconds), '∞');
}

/** formatDuration/formatRate round through toPrecision, which can overflow near ±1.8e308. */
function finiteOr(text: string, fallback: string): string {
  return /Infinity|NaN/.test(text) ? fallback : text;
}

/** Requests per second as "2.2k/s"; null or infinite → "—" (no rate, e.g. nothing saturates). */
export function rate(perSecond: number | null): string {
  return perSecond === null || !Number.isFinite(perSecond) ? '—' : finiteOr(formatRate(perSecond), '—');
}

/** A fraction as a percentage; tiny non-zero values keep three decimals so they do not read as 0. */
export function percent(fraction: number | null): string {
  const hundredths = fraction === null ? NaN : 100 * fraction; // 100 × 1e308 overflows to Infinity
  if (!Number.isFinite(hundredths)) return '—';
  return `${hundredths.toFixed(fraction! > 0 && fraction! < 0.001 ? 3 : 1)}%`;
}

/** Thread count, "∞" for a pure delay. */
export function threads(count: number | 'infinite'): string {
  return count === 'infinite' || !Number.isFinite(count) ? '∞' : String(count);
}

/** A utilisation bar of `width` cells in eighths: 0.5 → "████    "; null → all "·" (no figure). */
export function bar(fraction: number | null, width = 8): string {
  if (fraction === null || !Number.isFinite(fraction)) return '·'.repeat(width);
  const eighths = Math.round(Math.min(1, Math.max(0, fraction)) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = eighths % 8;
  const partialChar = partial === 0 ? '' : ' ▏▎▍▌▋▊▉'[partial]!;
  return ('█'.repeat(full) + partialChar).padEnd(width, ' ');
}

/** Pads or truncates to exactly `width` characters (with "…" when cut). */
export function fit(text: string, width: number, alignRight = false): string {
  const chars = [...text];
  if (chars.length > width) return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
  return alignRight ? text.padStart(width) : text.padEnd(width);
}

/** Signed change against the file, e.g. "+20%", "−10%", or "" when unchanged. */
export function change(loadPercent: number): string {
  const delta = Math.round(loadPercent - 100);
  if (delta === 0) return '';
  return delta > 0 ? `+${delta}%` : `−${-delta}%`;
}
