/**
 * Plain-text tables for the what-if scripts and notebooks: columns padded to their widest cell, numbers
 * right-aligned. Formatting only; the figures come from reqpath's public API.
 */
import { formatDuration, formatRate } from '../../src/index.ts';

export type Cell = string | number;

/** Header, a rule, then one line per row; a column whose cells are all numeric-looking is right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((row) => row.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const right = header.map((_, i) => text.every((row) => /^[-+<≈~]?[\d.]|^—$|^∞$/.test(row[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...text.map(line)].join('\n');
}

/** A duration for people (1.23ms, 45.6µs); "∞" where reqpath reports null (an unstable model). */
export function time(seconds: number | null): string {
  if (seconds === null) return '∞';
  // Below a nanosecond a figure is rounding noise to a reader (and may come out as −0.002ns).
  return seconds !== 0 && Math.abs(seconds) < 1e-9 ? '<1ns' : formatDuration(seconds);
}

/** A fraction as a percentage with one decimal; "—" for null. */
export function percent(fraction: number | null): string {
  if (fraction === null) return '—';
  return `${(Math.abs(fraction) < 0.0005 ? 0 : 100 * fraction).toFixed(1)}%`;
}

/** Requests per second with a k/M suffix; "—" for null. */
export function rate(perSecond: number | null): string {
  return perSecond === null ? '—' : formatRate(perSecond);
}
