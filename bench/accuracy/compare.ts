/**
 * What `analyze` (the public one, whatever it routes to) prints for a model, set against the simulated
 * figures: errors are analytic / simulated − 1. Also which methods produced the figures, read from the
 * Result (pool `method`s, `notes` topics, and an `accuracy` field when the Result has one), so error bands
 * can be regenerated per method.
 */
import { analyze } from '../../src/index.ts';
import type { Model } from '../../src/model/types.ts';
import type { SimFigures } from './measure.ts';

/** Drops below this share are too rare to hold a relative error to (the "at least 0.1 %"). */
export const DROP_FLOOR = 0.001;

export interface AnalyticFigures {
  readonly stable: boolean;
  readonly method: string;
  readonly throughput: number | null;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly dropRate: number;
  /** Methods named by the Result, normalised (thread counts and stage names removed) so they group. */
  readonly methods: readonly string[];
  /** The Result's `accuracy` field, verbatim, when it has one. */
  readonly accuracy?: unknown;
  readonly micros: number;
  /** CPU time of the same call (process.cpuUsage: a loaded machine stretches `micros`, not this). */
  readonly cpuMicros: number;
}

export interface Errors {
  readonly mean: number | null;
  readonly p99: number | null;
  readonly p50: number | null;
  /** Null when the simulated drop rate is below DROP_FLOOR. */
  readonly dropRate: number | null;
  readonly throughput: number | null;
  /** Analysis says unstable while the simulation ran stable (or the reverse). */
  readonly stabilityMismatch: boolean;
}

function normaliseMethod(text: string): string {
  return text
    .replace(/^\d+ × /, 'c × ')
    .replace(/\(\d+ clients?, think [^)]*\)/, '(N clients)')
    .replace(/\d+ CPU-bound threads share \d+ cores?; the CPU is a \d+-core/, 'T CPU-bound threads share k cores; the CPU is a k-core')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Topics of the notes: the text before the first colon, unless that is a stage or pool name. */
function noteTopics(notes: readonly string[], names: ReadonlySet<string>): string[] {
  const topics: string[] = [];
  for (const note of notes) {
    const colon = note.indexOf(':');
    if (colon <= 0) continue;
    const head = note.slice(0, colon).trim();
    if (names.has(head)) continue;
    topics.push(`note: ${head.replace(/\s*\([^)]*\)/g, '').replace(/\d+/g, 'N')}`);
  }
  return topics;
}

export function analyseModel(model: Model): AnalyticFigures {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const r = analyze(model);
  const used = process.cpuUsage(cpu);
  const micros = (performance.now() - started) * 1000;
  const names = new Set([...model.stages.map((s) => s.name), ...model.pools.map((p) => p.name)]);
  const methods = new Set<string>();
  for (const p of r.pools) methods.add(normaliseMethod(p.method));
  for (const t of noteTopics(r.notes, names)) methods.add(t);
  const accuracy = (r as unknown as { accuracy?: unknown }).accuracy;
  return {
    stable: r.stable,
    method: r.method,
    throughput: r.throughput,
    mean: r.latency.mean,
    p50: r.latency.p50,
    p99: r.latency.p99,
    dropRate: r.dropRate,
    methods: [...methods].sort(),
    ...(accuracy !== undefined ? { accuracy } : {}),
    micros: Math.round(micros),
    cpuMicros: used.user + used.system,
  };
}

const err = (a: number | null, s: number | null) => (a === null || s === null || s === 0 ? null : a / s - 1);

export function errors(a: AnalyticFigures, s: SimFigures): Errors {
  const mismatch = a.stable !== s.stable;
  return {
    mean: err(a.mean, s.mean),
    p99: err(a.p99, s.p99),
    p50: err(a.p50, s.p50),
    dropRate: s.dropRate >= DROP_FLOOR ? err(a.dropRate, s.dropRate) : null,
    throughput: err(a.throughput, s.throughput),
    stabilityMismatch: mismatch,
  };
}

/** The bar: mean and p99 within 5 %, drop rate within 10 % where drops are at least 0.1 %. */
export function holds(e: Errors): boolean {
  if (e.stabilityMismatch) return false;
  const within = (x: number | null, bound: number) => x !== null && Math.abs(x) <= bound;
  return within(e.mean, 0.05) && within(e.p99, 0.05) && (e.dropRate === null || within(e.dropRate, 0.1));
}

/**
 * The bar again, with the reference's own noise allowed: an error counts as within 5 % when it is within 5 % plus
 * the simulation's 95 % half-width (relative). Near saturation even 3 M simulated requests leave p99 half-widths
 * of 5–13 %, so an exact method can miss the bare bar by chance; this count says which misses are real.
 */
export function holdsWithinNoise(e: Errors, s: SimFigures): boolean {
  if (e.stabilityMismatch) return false;
  const rel = (h: number | null, x: number | null) => (h === null || x === null || x === 0 ? 0 : Math.abs(h / x));
  const within = (x: number | null, bound: number, noise: number) => x !== null && Math.abs(x) <= bound + noise;
  return (
    within(e.mean, 0.05, rel(s.ci.mean, s.mean)) &&
    within(e.p99, 0.05, rel(s.ci.p99, s.p99)) &&
    (e.dropRate === null || within(e.dropRate, 0.1, rel(s.ci.dropRate, s.dropRate)))
  );
}
