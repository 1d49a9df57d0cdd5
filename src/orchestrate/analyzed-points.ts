/**
 * analyze's figures over the many points of a chart series, at a bounded cost. Every point is solved
 * analytically (microseconds to milliseconds); where the figures the series reads are within the target, that
 * is exactly what `reqpath analyze` prints there. Where they are not, analyze would answer from a seeded
 * simulation (~0.25 s each on the build machine): a 40-point curve of such points would take ten seconds, so
 * only SIMULATED_POINTS_PER_SERIES of them, spread evenly over the out-of-band points, are simulated by analyze
 * and drawn; the rest are left out rather than drawn with figures analyze would not print (a curve reads as
 * well from fewer points). The p99 heatmap is a grid, not a curve: a blank cell says nothing, so it draws the
 * analytic figure of a left-out cell and marks it (chart-data.ts p99Grid).
 */
import { analyze as analyzeAnalytic } from '../analytic/analyze.ts';
import { routeAccuracy } from '../analytic/accuracy.ts';
import type { Result } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { analyze } from '../solve/analyze.ts';

/** Out-of-band points of one series that analyze simulates; the others are left out. */
export const SIMULATED_POINTS_PER_SERIES = 3;

/** The figures a series draws: latency percentiles, the mean (stage times), drops (throughput curves). */
export type ReadFigure = 'percentiles' | 'mean' | 'dropRate';

export interface AnalyzedPoints {
  /** analyze's result at each point; null where it was left out. */
  readonly results: readonly (Result | null)[];
  /** The pure analytic result at each point (a chart that draws every point marks the left-out ones). */
  readonly analytic: readonly Result[];
  readonly simulated: number;
  readonly leftOut: number;
}

/** Whether analyze would answer one of `reads` from a simulation rather than this analytic result. */
function beyondTarget(result: Result, reads: readonly ReadFigure[]): boolean {
  if (!result.stable || !result.accuracy) return false;
  const route = routeAccuracy(result.accuracy, result.dropRate);
  return reads.some((figure) => (figure === 'percentiles' ? !route.percentiles : figure === 'mean' ? !route.mean : !route.dropRate));
}

/** `count` indices spread evenly over `indices` (all of them when there are few). */
function spread(indices: readonly number[], count: number): Set<number> {
  if (indices.length <= count) return new Set(indices);
  return new Set(Array.from({ length: count }, (_, k) => indices[Math.round((k * (indices.length - 1)) / Math.max(1, count - 1))]!));
}

export function analyzedPoints(models: readonly Model[], reads: readonly ReadFigure[], budget = SIMULATED_POINTS_PER_SERIES): AnalyzedPoints {
  const percentiles = reads.includes('percentiles');
  const analytic = models.map((m) => analyzeAnalytic(m, { percentiles }));
  const beyond = analytic.flatMap((r, i) => (beyondTarget(r, reads) ? [i] : []));
  const chosen = spread(beyond, budget);
  const results = analytic.map((r, i) => (!beyond.includes(i) ? r : chosen.has(i) ? analyze(models[i]!, { percentiles }) : null));
  return { results, analytic, simulated: chosen.size, leftOut: beyond.length - chosen.size };
}

/**
 * A chart note for a series that needed analyze's simulation; null when every point was analytic. `unit` names
 * a point ("cell"), `leftOut` what became of the out-of-band points not simulated.
 */
export function simulatedNote(series: string, points: AnalyzedPoints, unit = 'point', leftOut = 'left out'): string | null {
  if (points.simulated === 0) return null;
  const left = points.leftOut > 0 ? `; ${points.leftOut} more beyond the target ${leftOut} (each would be a simulation)` : '';
  return `${series}: ${points.simulated} ${unit}${points.simulated === 1 ? '' : 's'} from analyze's seeded simulation, where the analytic methods are measured beyond the target${left}`;
}
