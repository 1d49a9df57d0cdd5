/**
 * The overhead outside the server (client stack, loopback, the load generator's own scheduling) as a pure
 * delay: the mean latency the model does not explain. The model's own queueing at each row's load is taken
 * out first, and because a delay changes a closed loop's load (it acts as extra think time), the delay and
 * the prediction are iterated to a fixed point.
 */
import type { Model } from '../model/types.ts';
import type { MeasurementRow } from './measurements.ts';
import { predictRow } from './predict.ts';
import { estimate, type Estimate } from './regression.ts';

export interface OverheadFit {
  readonly seconds: Estimate;
  readonly rows: readonly number[];
  /** Measured − predicted mean latency per row, at the fitted delay. */
  readonly residuals: readonly { readonly row: number; readonly value: number }[];
  /** The unclamped fixed point was below zero: the model already predicts more latency than measured. */
  readonly clampedFromSeconds: number | null;
}

/** `build(d)` is the model with delay d; rows without a mean latency or with an unstable prediction are skipped. */
export function fitOverhead(build: (delaySeconds: number) => Model, rows: readonly MeasurementRow[]): OverheadFit | null {
  const used = rows.filter((r) => r.latency.mean !== undefined);
  if (used.length === 0) return null;
  let delay = 0;
  let residuals: { row: number; value: number }[] = [];
  let unclamped = 0;
  for (let iteration = 0; iteration < 40; iteration++) {
    const model = build(delay);
    residuals = [];
    for (const row of used) {
      const predicted = predictRow(model, row, false).latency.mean;
      if (predicted !== null) residuals.push({ row: row.row, value: row.latency.mean! - predicted });
    }
    if (residuals.length === 0) return null;
    unclamped = delay + residuals.reduce((s, r) => s + r.value, 0) / residuals.length;
    const next = Math.max(0, unclamped);
    const converged = Math.abs(next - delay) <= 1e-12 + 1e-7 * Math.abs(next);
    delay = next;
    if (converged) break;
  }
  const n = residuals.length;
  const meanResidual = residuals.reduce((s, r) => s + r.value, 0) / n;
  const sd = n > 1 ? Math.sqrt(residuals.reduce((s, r) => s + (r.value - meanResidual) ** 2, 0) / (n - 1)) : null;
  return {
    seconds: estimate(delay, sd === null ? null : sd / Math.sqrt(n), n - 1),
    rows: residuals.map((r) => r.row),
    residuals,
    clampedFromSeconds: unclamped < 0 ? unclamped : null,
  };
}
