/**
 * The model's answer for one measurement row: the row's own load (offered rate, or clients and think time)
 * applied to the model, then analyze. One function, used by calibrate's fits, its residuals and compare.
 */
import { analyze } from '../analytic/analyze.ts';
import { withArrivalRate, withClients } from '../model/edit.ts';
import type { Result } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import type { LatencyKey, MeasurementRow } from './measurements.ts';
import { hasOperatingPoint, modelAtRowVariables } from './row-vars.ts';

/**
 * The model at the row's load (and at the row's values of the model's variables, row-vars.ts); a row with
 * neither rate nor clients is taken as open at its throughput. A model whose service depends on its operating
 * point (the variable `throughput`, load-dependence.ts) is evaluated at its own predicted throughput for the
 * row, iterated to a fixed point (damped after a few steps: a closed loop's throughput and service move
 * against each other).
 */
export function modelForRow(model: Model, row: MeasurementRow): Model {
  const loaded = (m: Model): Model => (row.clients !== undefined ? withClients(m, row.clients, row.thinkSeconds) : withArrivalRate(m, row.rate ?? row.throughput));
  if (!hasOperatingPoint(model)) return loaded(modelAtRowVariables(model, row));
  let x = row.rate ?? row.throughput;
  for (let step = 0; step < 60; step++) {
    const next = analyze(loaded(modelAtRowVariables(model, row, x)), { percentiles: false }).throughput ?? x;
    const done = Math.abs(next - x) <= 1e-5 * Math.max(1, x);
    x = step < 5 || done ? next : 0.5 * (x + next);
    if (done) break;
  }
  return loaded(modelAtRowVariables(model, row, x));
}

export function predictRow(model: Model, row: MeasurementRow, percentiles = true): Result {
  return analyze(modelForRow(model, row), { percentiles });
}

export function predictedLatency(result: Result, key: LatencyKey): number | null {
  return result.latency[key];
}

/** Closed rows describe the load generator, open rows the offered rate: a short label for tables. */
export function rowLoadLabel(row: MeasurementRow): string {
  if (row.clients !== undefined) return `${row.clients} clients`;
  return `${Number((row.rate ?? row.throughput).toPrecision(4))}/s`;
}
