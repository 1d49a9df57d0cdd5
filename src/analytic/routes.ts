/**
 * The routing table of a model: for each part (pool, cores, closed loop), the analytic method that solves it,
 * its measured bands, and whether each figure is within the target; and for the whole result, which figures
 * analyze answers analytically and which from a simulation (src/solve/analyze.ts acts on it).
 */
import type { Model } from '../model/types.ts';
import type { PartAccuracy } from '../model/result.ts';
import { analyze } from './analyze.ts';
import { ACCURACY_TARGET, routeAccuracy, type Routing } from './accuracy.ts';

export interface PartRoute extends PartAccuracy {
  /** This part's own method is within the target for the mean, p99 and drop rate. */
  readonly withinTarget: boolean;
}

export interface AccuracyRoutes {
  readonly parts: readonly PartRoute[];
  /** Per figure: true = the analytic figure is within the target; false = analyze simulates it. */
  readonly analytic: Routing;
}

export function accuracyRoutes(model: Model): AccuracyRoutes {
  const result = analyze(model, { percentiles: false });
  const accuracy = result.accuracy;
  const ok = (band: number | null, target: number) => band !== null && band <= target;
  return {
    parts: (accuracy?.parts ?? []).map((p) => ({
      ...p,
      withinTarget:
        ok(p.meanBand, ACCURACY_TARGET.mean) && ok(p.p99Band, ACCURACY_TARGET.percentiles) && ok(p.dropRateBand, ACCURACY_TARGET.dropRate),
    })),
    analytic: result.stable ? routeAccuracy(accuracy, result.dropRate) : { mean: true, percentiles: true, dropRate: true },
  };
}
