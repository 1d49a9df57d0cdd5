/**
 * Without busy or cpu columns: one factor on BASE's service times of the finite pools, and the delay, fitted
 * to the measured latencies together. For each trial factor the delay is the mean latency left after the
 * model's queueing (overhead.ts); the factor minimises the log error of every measured latency figure. The
 * percentiles carry the service time's size (exponential service: p99 − p50 ≈ 3.9·S), the means across loads
 * its queueing; with means alone at low load the two are barely separable, and the interval says so.
 */
import { capacity } from '../model/capacity.ts';
import type { Model } from '../model/types.ts';
import { LATENCY_KEYS, type LatencyKey, type MeasurementRow } from './measurements.ts';
import { curvatureStandardError, goldenMin } from './minimize.ts';
import { fitOverhead, type OverheadFit } from './overhead.ts';
import { predictRow } from './predict.ts';
import { estimate, type Estimate } from './regression.ts';

export interface LatencyScaleFit {
  readonly scale: Estimate;
  readonly overhead: OverheadFit | null;
  readonly keys: readonly LatencyKey[];
  readonly rows: readonly number[];
  readonly notes: readonly string[];
}

export function fitLatencyScale(
  base: Model,
  rows: readonly MeasurementRow[],
  build: (scale: number, delaySeconds: number) => Model,
): LatencyScaleFit | null {
  const used = rows.filter((r) => LATENCY_KEYS.some((k) => r.latency[k] !== undefined));
  if (used.length === 0) return null;
  const keys = LATENCY_KEYS.filter((k) => used.some((r) => r.latency[k] !== undefined));
  const observations = used.reduce((n, r) => n + keys.filter((k) => r.latency[k] !== undefined).length, 0);
  const delayAt = (scale: number): OverheadFit | null => fitOverhead((d) => build(scale, d), rows);
  const sse = (logScale: number): number => {
    const scale = Math.exp(logScale);
    const model = build(scale, delayAt(scale)?.seconds.value ?? 0);
    let sum = 0;
    for (const row of used) {
      const result = predictRow(model, row, keys.some((k) => k !== 'mean'));
      for (const key of keys) {
        const measured = row.latency[key];
        if (measured === undefined || !(measured > 0)) continue;
        const predicted = result.latency[key];
        sum += predicted === null || !(predicted > 0) ? 100 : Math.log(predicted / measured) ** 2;
      }
    }
    return sum;
  };
  // The scale cannot put an open row's offered rate past saturation; search below that.
  const maxOffered = Math.max(0, ...used.filter((r) => r.clients === undefined).map((r) => r.rate ?? r.throughput));
  const baseCapacity = capacity(base).maxThroughput;
  const hi = baseCapacity !== null && maxOffered > 0 ? Math.log((0.999 * baseCapacity) / maxOffered) : Math.log(1e3);
  const best = goldenMin(sse, hi - Math.log(1e5), hi, 1e-3);
  const scale = Math.exp(best.x);
  const seLog = curvatureStandardError(sse, best.x, 0.02, observations, 2);
  const ci = seLog === null ? null : estimate(best.x, seLog, observations - 2).ci95;
  const notes: string[] = [];
  if (!keys.some((k) => k !== 'mean')) {
    notes.push('latency fit from means alone: service time and delay are told apart only by the queueing growth across loads; give percentiles or busy/cpu columns for a firmer fit');
  }
  return {
    scale: { value: scale, standardError: seLog === null ? null : scale * seLog, ci95: ci === null ? null : [Math.exp(ci[0]), Math.exp(ci[1])] },
    overhead: delayAt(scale),
    keys,
    rows: used.map((r) => r.row),
    notes,
  };
}
