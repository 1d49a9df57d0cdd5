/**
 * The model's answer for one measurement row: the row's own load (offered rate, or clients and think time)
 * applied to the model, then analyze. One function, used by calibrate's fits, its residuals and compare.
 */
import { analyze } from '../analytic/analyze.ts';
import { withArrivalRate, withClients } from '../model/edit.ts';
import type { Result } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import type { LatencyKey, MeasurementRow } from './measurements.ts';
import { modelAtRowVariables } from './row-vars.ts';

/**
 * The model at the row's load (and at the row's values of the model's variables, row-vars.ts); a row with
 * neither rate nor clients is taken as open at its throughput.
 */
export function modelForRow(model: Model, row: MeasurementRow): Model {
  const at = modelAtRowVariables(model, row);
  if (row.clients !== undefined) return withClients(at, row.clients, row.thinkSeconds);
  return withArrivalRate(at, row.rate ?? row.throughput);
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
