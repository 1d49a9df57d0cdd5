/**
 * The scv of the fitted stages' service from measured percentiles: the value whose predicted percentiles
 * (with the delay refitted at each trial, since the shape changes the queueing) are nearest the measured ones
 * in log terms, summed over rows and percentiles. One scv for all fitted stages: percentiles of the end-to-end
 * latency cannot tell stages apart. BASE's shape is kept unless the fitted one is clearly better and clearly different.
 */
import type { DistributionName } from '../model/distribution.ts';
import { PERCENTILE_KEYS, type PercentileKey } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import type { MeasurementRow } from './measurements.ts';
import { curvatureStandardError, goldenMin } from './minimize.ts';
import { predictRow } from './predict.ts';
import { estimate, type Estimate } from './regression.ts';

export interface ShapeFit {
  readonly shape: { readonly distribution: DistributionName; readonly scv: number };
  readonly scv: Estimate;
  readonly baseScv: number;
  /** Whether the fitted shape replaced BASE's (its 95% interval excludes BASE's scv). */
  readonly adopted: boolean;
  readonly keys: readonly PercentileKey[];
  readonly rows: readonly number[];
  readonly notes: readonly string[];
}

/** A family that takes any scv near the fitted one: BASE's when it can, else gamma (exponential at scv 1). */
function familyFor(base: DistributionName, scv: number): DistributionName {
  if (base === 'gamma' || base === 'lognormal') return base;
  if (base === 'hyperexponential' && scv >= 1) return base;
  return 'gamma';
}

export function fitShape(
  base: Model,
  rows: readonly MeasurementRow[],
  stages: readonly string[],
  build: (shape: { distribution: DistributionName; scv: number }) => Model,
): ShapeFit | null {
  const used = rows.filter((r) => PERCENTILE_KEYS.some((k) => r.latency[k] !== undefined));
  if (used.length === 0) return null;
  const first = base.stages.find((s) => s.name === stages[0])!;
  const baseScv = first.service.scv;
  const keys = PERCENTILE_KEYS.filter((k) => used.some((r) => r.latency[k] !== undefined));
  const observations = used.reduce((n, r) => n + keys.filter((k) => r.latency[k] !== undefined).length, 0);
  const sse = (logScv: number): number => {
    const scv = Math.exp(logScv);
    const model = build({ distribution: familyFor(first.distribution, scv), scv });
    let sum = 0;
    for (const row of used) {
      const result = predictRow(model, row);
      for (const key of keys) {
        const measured = row.latency[key];
        if (measured === undefined || !(measured > 0)) continue;
        const predicted = result.latency[key];
        sum += predicted === null || !(predicted > 0) ? 100 : Math.log(predicted / measured) ** 2;
      }
    }
    return sum;
  };
  const best = goldenMin(sse, Math.log(0.02), Math.log(8), 0.01);
  const scv = Math.exp(best.x);
  const seLog = curvatureStandardError(sse, best.x, 0.05, observations, 1);
  const ci = seLog === null ? null : estimate(best.x, seLog, observations - 1).ci95;
  const scvEstimate: Estimate = {
    value: scv,
    standardError: seLog === null ? null : scv * seLog,
    ci95: ci === null ? null : [Math.exp(ci[0]), Math.exp(ci[1])],
  };
  const baseSse = sse(Math.log(Math.max(baseScv, 1e-3)));
  const excludesBase = scvEstimate.ci95 !== null && (baseScv < scvEstimate.ci95[0] || baseScv > scvEstimate.ci95[1]);
  // A shape change of under 10% in scv moves predictions little and is within what other stages' shapes and
  // the delay's jitter can fake; only a clear departure replaces BASE's.
  const adopted = excludesBase && best.fx < 0.8 * baseSse && Math.abs(Math.log(scv / Math.max(baseScv, 1e-3))) > Math.log(1.1);
  const notes: string[] = [];
  if (!adopted) {
    notes.push(
      `percentiles (${keys.join(', ')}) fit scv ${scv.toPrecision(3)}${scvEstimate.ci95 ? ` [${scvEstimate.ci95[0].toPrecision(3)}, ${scvEstimate.ci95[1].toPrecision(3)}]` : ''}; too close to BASE's scv ${baseScv} to replace it, so BASE's distribution is kept`,
    );
  }
  return { shape: { distribution: familyFor(first.distribution, scv), scv }, scv: scvEstimate, baseScv, adopted, keys, rows: used.map((r) => r.row), notes };
}
