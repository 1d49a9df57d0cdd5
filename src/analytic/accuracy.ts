/**
 * Never silent: how good each figure of an analytic Result is. Every solver names, per part of the model (a
 * pool, the cores, a closed loop), the method it used and that part's load; the band table
 * (accuracy-bands.ts) says how far that method was measured to stray. A figure's band is the latency-share-
 * weighted sum of its parts' bands (an error in a part that holds 10% of the latency moves the end-to-end mean
 * by a tenth of it); the drop rate's is the worst band among parts with a finite queue.
 *
 * routeAccuracy(result) says which figures are within the target (5% for the mean and percentiles, 10% for
 * the drop rate where drops are at least 0.1%); src/solve/analyze.ts answers the others from a simulation.
 */
import type { FigureAccuracy, PartAccuracy, Result, ResultAccuracy } from '../model/result.ts';
import { ACCURACY_BANDS, HARNESS_BANDS, METHODS, TANDEM_BANDS, type BandRow } from './accuracy-bands.ts';

/** The errors analyze accepts from a method before it answers from a simulation instead. */
export const ACCURACY_TARGET = { mean: 0.05, percentiles: 0.05, dropRate: 0.1 } as const;
/** Below this drop rate the drop-rate target does not apply (a 10% error on 1e-5 misleads nobody). */
export const DROP_RATE_FLOOR = 0.001;

export interface PartUse {
  readonly part: string;
  readonly method: string;
  /** The method's load figure (ρ for a queue). */
  readonly x: number;
  /** Share of the mean end-to-end latency spent in this part, in [0, 1]. */
  readonly share: number;
  /** The part can refuse requests (a finite queue): its drop-rate band counts. */
  readonly drops: boolean;
}

function byMethod(rows: readonly BandRow[]): Map<string, BandRow[]> {
  const map = new Map<string, BandRow[]>();
  for (const row of rows) {
    const list = map.get(row.method);
    if (list) list.push(row);
    else map.set(row.method, [row]);
  }
  for (const list of map.values()) list.sort((a, b) => a.upTo - b.upTo);
  return map;
}
const stationRows = byMethod(ACCURACY_BANDS);
const harnessRows = byMethod([...HARNESS_BANDS, ...TANDEM_BANDS]);

// A load computed as 0.7000000000000001 from figures that make it 0.7 belongs to the ≤ 0.7 row (the rows are
// measured on loads drawn up to upTo inclusive).
const covering = (rows: readonly BandRow[] | undefined, x: number) => rows?.find((row) => x <= row.upTo * (1 + 1e-9));
const larger = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.max(a, b));

/** The measured band of a method at load x (the larger of the station and harness rows); undefined when nothing measured covers it. */
export function bandOf(method: string, x: number): BandRow | undefined {
  const station = covering(stationRows.get(method), x);
  const harness = covering(harnessRows.get(method), x);
  if (!station || !harness) return station ?? harness;
  return {
    ...station,
    mean: larger(station.mean, harness.mean),
    p99: larger(station.p99, harness.p99),
    dropRate: larger(station.dropRate, harness.dropRate),
    models: station.models + harness.models,
  };
}

export type BandFigure = 'mean' | 'p99' | 'dropRate';

/**
 * A method's band for one figure at load x: 0 when the method gets that figure exactly (at any load), else as
 * measured, or null past the rows. `stationOnly`: from the per-station table alone (bench/network-bands.ts
 * measures the harness rows against it, so they cannot be its input).
 */
export function figureBand(method: string, x: number, figure: BandFigure, stationOnly = false): number | null {
  if (METHODS[method]?.exact?.includes(figure)) return 0;
  const row = stationOnly ? covering(stationRows.get(method), x) : bandOf(method, x);
  return row?.[figure] ?? null;
}

function partAccuracy(use: PartUse): PartAccuracy {
  const band = (figure: BandFigure) => figureBand(use.method, use.x, figure);
  const meanBand = band('mean');
  const p99Band = band('p99');
  const dropRateBand = use.drops ? band('dropRate') : 0;
  return {
    part: use.part,
    method: use.method,
    kind: meanBand === 0 && p99Band === 0 && dropRateBand === 0 ? 'exact' : 'approximation',
    share: use.share,
    x: Number(use.x.toPrecision(4)),
    meanBand,
    p99Band,
    dropRateBand,
  };
}

function words(parts: readonly PartAccuracy[], band: (p: PartAccuracy) => number | null): string {
  const used = parts.filter((p) => band(p) !== 0);
  const names = [...new Set(used.map((p) => METHODS[p.method]?.words ?? p.method))];
  if (names.length === 0) {
    const exact = [...new Set(parts.map((p) => METHODS[p.method]?.words ?? p.method))];
    return exact.length > 0 ? exact.join('; ') : 'closed form';
  }
  return names.join('; ');
}

/** Latency-share-weighted band; null when a part that matters was never measured. */
function weighted(parts: readonly PartAccuracy[], band: (p: PartAccuracy) => number | null): number | null {
  let total = 0;
  for (const p of parts) {
    const b = band(p);
    if (b === 0 || p.share === 0) continue;
    if (b === null) return null;
    total += p.share * b;
  }
  return total;
}

function figure(parts: readonly PartAccuracy[], band: (p: PartAccuracy) => number | null, combined: number | null): FigureAccuracy {
  if (combined === 0) return { kind: 'exact', method: words(parts, band) };
  return { kind: 'approximation', method: words(parts, band), errorBand: combined === null ? null : round(combined) };
}

/** The drop rate where no part can refuse a request: 0, exactly, whatever method solved the waits. */
export const NO_DROPS_METHOD = 'no finite queue: nothing is refused (drop rate 0)';

/**
 * The drop rate is the refusing parts' alone: named by their methods only (a tandem of Allen–Cunneen queues
 * with no finite queue once called its exact 0 "Allen–Cunneen"), its band the worst among them.
 */
function dropRateFigure(uses: readonly PartUse[], parts: readonly PartAccuracy[], noDrops: string): FigureAccuracy {
  const refusing = parts.filter((_, i) => uses[i]!.drops);
  if (refusing.length === 0) return { kind: 'exact', method: noDrops };
  let band: number | null = 0;
  for (const p of refusing) {
    if (p.dropRateBand === 0) continue;
    band = p.dropRateBand === null || band === null ? null : Math.max(band, p.dropRateBand);
  }
  return figure(refusing, (p) => p.dropRateBand, band);
}

/** `noDrops`: how the drop rate is 0 exactly when no part refuses (a closed loop's clients wait instead). */
export function assessParts(uses: readonly PartUse[], noDrops = NO_DROPS_METHOD): ResultAccuracy {
  const parts = uses.map(partAccuracy);
  const meanBand = weighted(parts, (p) => p.meanBand);
  const p99Band = weighted(parts, (p) => p.p99Band);
  return {
    mean: figure(parts, (p) => p.meanBand, meanBand),
    percentiles: figure(parts, (p) => p.p99Band, p99Band),
    dropRate: dropRateFigure(uses, parts, noDrops),
    target: ACCURACY_TARGET,
    parts,
  };
}

export interface Routing {
  readonly mean: boolean;
  readonly percentiles: boolean;
  readonly dropRate: boolean;
}

function within(f: FigureAccuracy, target: number): boolean {
  if (f.kind !== 'approximation') return true;
  return f.errorBand !== null && f.errorBand !== undefined && f.errorBand <= target;
}

/**
 * Which figures of an analytic result are within the target (true) and which need a simulation (false).
 * A drop rate below DROP_RATE_FLOOR is always accepted: its band is relative to a figure nobody acts on.
 */
export function routeAccuracy(accuracy: ResultAccuracy | undefined, dropRate: number): Routing {
  if (!accuracy) return { mean: true, percentiles: true, dropRate: true };
  return {
    mean: within(accuracy.mean, ACCURACY_TARGET.mean),
    percentiles: within(accuracy.percentiles, ACCURACY_TARGET.percentiles),
    dropRate: within(accuracy.dropRate, ACCURACY_TARGET.dropRate) || surelyNegligible(accuracy.dropRate, dropRate),
  };
}

/**
 * The figures the public analyze answers from a simulation for this analytic result, or null when the analytic
 * result is its answer as it stands (stable, and every figure asked for within the target). `percentiles`: false
 * when the caller does not ask for them.
 */
export function fallbackRouting(result: Pick<Result, 'stable' | 'accuracy' | 'dropRate'>, percentiles = true): Routing | null {
  if (!result.stable || !result.accuracy) return null;
  const route = routeAccuracy(result.accuracy, result.dropRate);
  if (route.mean && (route.percentiles || !percentiles) && route.dropRate) return null;
  return { ...route, percentiles: route.percentiles || !percentiles };
}

/**
 * A band is |analytic / simulated − 1|, so past 0.5 it hardly bounds how far too low a drop rate can be: the
 * harness's finite-queue methods were 28–29× low on drops of 1e-6–1e-5 (seed-1 model 1-233, seed-4 model 4-80)
 * under bands of 0.96–0.99, and issue 12's two-moment M/G/1/K 60× low. Behind so wide a band a drop rate counts
 * as negligible only if this many times it would still be under the floor.
 */
export const WIDE_DROP_BAND = 0.5;
export const WIDE_BAND_UNDERESTIMATE = 100;

/** Even at the far edge of its band the drop rate stays below the floor. */
function surelyNegligible(f: FigureAccuracy, dropRate: number): boolean {
  const band = f.errorBand;
  if (band === null || band === undefined || band >= 1) return false;
  if (band >= WIDE_DROP_BAND) return dropRate * WIDE_BAND_UNDERESTIMATE < DROP_RATE_FLOOR;
  return dropRate / (1 - band) < DROP_RATE_FLOOR;
}

function round(x: number): number {
  return Number(x.toPrecision(3));
}
