/**
 * The accuracy report as tables: errors of `analyze` against long simulations, grouped by model feature and
 * by analytic method. Pure functions of the JSON report, so the README section can be checked against the
 * committed JSON (test/bench/accuracy-readme.test.ts).
 */
import type { Errors } from './compare.ts';

export interface Entry {
  readonly id: string;
  readonly features: readonly string[];
  readonly rho: number;
  readonly methods: readonly string[];
  readonly errors: Errors | null;
  readonly holds: boolean;
  /** Holds once the reference simulation's own 95 % half-width is allowed (compare.ts holdsWithinNoise). */
  readonly holdsWithinNoise: boolean;
}

export interface GroupRow {
  readonly group: string;
  readonly models: number;
  readonly meanMedian: number | null;
  readonly meanWorst: number | null;
  readonly p99Median: number | null;
  readonly p99Worst: number | null;
  readonly dropModels: number;
  readonly dropMedian: number | null;
  readonly dropWorst: number | null;
  /** Models whose mean and p99 are both within 5 % (resp. 10 %). */
  readonly within5: number;
  readonly within10: number;
  /** Models meeting the whole bar (mean, p99 ≤ 5 %, drops ≤ 10 %). */
  readonly holds: number;
  /** Models meeting it once the reference's own noise is allowed. */
  readonly holdsWithinNoise: number;
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The signed error of largest magnitude. */
function worst(xs: number[]): number | null {
  let w: number | null = null;
  for (const x of xs) if (w === null || Math.abs(x) > Math.abs(w)) w = x;
  return w;
}

const SENTINEL = 10; // an analytic null against a simulated figure (unstable answer) counts as +1000 %

function values(entries: readonly Entry[], key: 'mean' | 'p99' | 'dropRate'): number[] {
  const out: number[] = [];
  for (const e of entries) {
    if (e.errors === null) continue;
    if (e.errors.stabilityMismatch) {
      if (key !== 'dropRate') out.push(SENTINEL);
      continue;
    }
    const x = e.errors[key];
    if (x !== null) out.push(x);
  }
  return out;
}

export function groupRow(group: string, entries: readonly Entry[]): GroupRow {
  const mean = values(entries, 'mean');
  const p99 = values(entries, 'p99');
  const drop = values(entries, 'dropRate');
  const within = (bound: number) =>
    entries.filter(
      (e) =>
        e.errors !== null &&
        !e.errors.stabilityMismatch &&
        e.errors.mean !== null &&
        e.errors.p99 !== null &&
        Math.abs(e.errors.mean) <= bound &&
        Math.abs(e.errors.p99) <= bound,
    ).length;
  const abs = (xs: number[]) => xs.map(Math.abs);
  return {
    group,
    models: entries.length,
    meanMedian: median(abs(mean)),
    meanWorst: worst(mean),
    p99Median: median(abs(p99)),
    p99Worst: worst(p99),
    dropModels: drop.length,
    dropMedian: median(abs(drop)),
    dropWorst: worst(drop),
    within5: within(0.05),
    within10: within(0.1),
    holds: entries.filter((e) => e.holds).length,
    holdsWithinNoise: entries.filter((e) => e.holdsWithinNoise).length,
  };
}

export function byFeature(entries: readonly Entry[]): GroupRow[] {
  const features = [...new Set(entries.flatMap((e) => e.features))].sort();
  return [groupRow('all models', entries), ...features.map((f) => groupRow(f, entries.filter((e) => e.features.includes(f))))];
}

export function byMethod(entries: readonly Entry[], minModels = 3): GroupRow[] {
  const methods = [...new Set(entries.flatMap((e) => e.methods))].sort();
  return methods
    .map((m) => groupRow(m, entries.filter((e) => e.methods.includes(m))))
    .filter((row) => row.models >= minModels);
}

export const pct = (x: number | null) => (x === null ? '—' : `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}%`);
const absPct = (x: number | null) => (x === null ? '—' : `${Math.abs(100 * x).toFixed(1)}%`);

const HEADER = ['group', 'models', 'mean: median', 'mean: worst', 'p99: median', 'p99: worst', 'drops: models', 'drops: median', 'drops: worst', '≤ 5 %', '≤ 10 %', 'holds', 'holds ± CI'];

function cells(row: GroupRow): string[] {
  return [
    row.group,
    String(row.models),
    absPct(row.meanMedian),
    pct(row.meanWorst),
    absPct(row.p99Median),
    pct(row.p99Worst),
    String(row.dropModels),
    absPct(row.dropMedian),
    pct(row.dropWorst),
    String(row.within5),
    String(row.within10),
    String(row.holds),
    String(row.holdsWithinNoise),
  ];
}

export function markdownTable(rows: readonly GroupRow[], first = 'feature'): string {
  const header = [first, ...HEADER.slice(1)];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const row of rows) lines.push(`| ${cells(row).map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  return lines.join('\n');
}

export function textTable(rows: readonly GroupRow[], first = 'feature'): string {
  const header = [first, 'n', 'mean med', 'mean worst', 'p99 med', 'p99 worst', 'drops n', 'drop med', 'drop worst', '≤5%', '≤10%', 'holds', '±CI'];
  const table = [header, ...rows.map(cells)];
  const widths = header.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const width0 = Math.min(widths[0]!, 60);
  return table
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? (cell.length > width0 ? `${cell.slice(0, width0 - 1)}…` : cell.padEnd(width0)) : cell.padStart(widths[c]!)))
        .join('  '),
    )
    .join('\n');
}
