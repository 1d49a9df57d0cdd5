/**
 * compare(model, rows) → predicted against measured for every row: analytic always, simulated on request,
 * errors as fractions ((predicted − measured) / measured), the calibration's uncertainty as a band around each
 * prediction, and the verdict against --max-error bounds.
 *
 * The band: each fitted service time moved to either end of its 95% interval alone, the prediction's change
 * per figure combined in quadrature (first-order propagation, figures taken as independent).
 */
import { simulate } from '../sim/simulate.ts';
import type { SimulateOptions } from '../sim/types.ts';
import { withServiceMean } from '../model/edit.ts';
import type { Result } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { LATENCY_KEYS, type LatencyKey, type MeasurementRow } from './measurements.ts';
import { modelForRow, predictRow, rowLoadLabel } from './predict.ts';
import { modelAtRowVariables } from './row-vars.ts';

export type CompareKey = 'throughput' | LatencyKey;
export const COMPARE_KEYS: readonly CompareKey[] = ['throughput', ...LATENCY_KEYS];

export type Figures = Partial<Record<CompareKey, number | null>>;

export interface CompareRow {
  readonly row: number;
  readonly load: string;
  readonly measured: Figures;
  readonly predicted: Figures;
  /** [low, high] of each prediction from the calibration's uncertainty; high null when the model saturates. */
  readonly band: Partial<Record<CompareKey, readonly [number | null, number | null]>>;
  readonly error: Figures;
  readonly simulated?: Figures;
  readonly simulatedError?: Figures;
  /** Keys whose error broke a bound. */
  readonly violations: readonly CompareKey[];
}

export interface CompareResult {
  readonly model: string;
  readonly rows: readonly CompareRow[];
  readonly bounds: Partial<Record<CompareKey, number>>;
  readonly passed: boolean;
  readonly maxAbsError: Figures;
}

export interface CompareOptions {
  /** 95% half-width of fitted service times, by stage (from the fitted YAML's comments). */
  readonly uncertainties?: ReadonlyMap<string, number>;
  /** Largest |error| allowed per key, as a fraction. */
  readonly bounds?: Partial<Record<CompareKey, number>>;
  /** Also simulate every row with these options. */
  readonly simulate?: SimulateOptions;
}

function figuresOf(result: Result, keys: readonly CompareKey[]): Figures {
  const out: Figures = {};
  for (const key of keys) out[key] = key === 'throughput' ? result.throughput : result.latency[key];
  return out;
}

function measuredOf(row: MeasurementRow): Figures {
  const out: Figures = { throughput: row.throughput };
  for (const key of LATENCY_KEYS) if (row.latency[key] !== undefined) out[key] = row.latency[key];
  return out;
}

function errorsOf(predicted: Figures, measured: Figures): Figures {
  const out: Figures = {};
  for (const key of Object.keys(measured) as CompareKey[]) {
    const m = measured[key];
    const p = predicted[key];
    out[key] = p === null || p === undefined || m === null || m === undefined || !(m > 0) ? null : (p - m) / m;
  }
  return out;
}

function bandOf(model: Model, row: MeasurementRow, predicted: Figures, keys: readonly CompareKey[], uncertainties: ReadonlyMap<string, number>): CompareRow['band'] {
  const squares: Partial<Record<CompareKey, number>> = {};
  const unbounded = new Set<CompareKey>();
  const at = modelAtRowVariables(model, row);
  for (const [stageName, half] of uncertainties) {
    const stage = model.stages.find((s) => s.name === stageName);
    if (!stage || !(half > 0)) continue;
    const mean = stage.service.meanSeconds;
    const up = predictRow(withServiceMean(at, stageName, mean + half), row);
    const down = predictRow(withServiceMean(at, stageName, Math.max(mean - half, mean * 1e-3)), row);
    for (const key of keys) {
      const hi = key === 'throughput' ? up.throughput : up.latency[key];
      const lo = key === 'throughput' ? down.throughput : down.latency[key];
      if (hi === null || lo === null) unbounded.add(key);
      else squares[key] = (squares[key] ?? 0) + ((hi - lo) / 2) ** 2;
    }
  }
  const band: CompareRow['band'] = {};
  for (const key of keys) {
    const p = predicted[key];
    if (p === null || p === undefined) continue;
    const half = Math.sqrt(squares[key] ?? 0);
    band[key] = [Math.max(0, p - half), unbounded.has(key) ? null : p + half];
  }
  return band;
}

export function compare(model: Model, rows: readonly MeasurementRow[], options: CompareOptions = {}): CompareResult {
  const bounds = options.bounds ?? {};
  const compared = rows.map((row): CompareRow => {
    const measured = measuredOf(row);
    const keys = Object.keys(measured) as CompareKey[];
    const predicted = figuresOf(predictRow(model, row), keys);
    const error = errorsOf(predicted, measured);
    const band = bandOf(model, row, predicted, keys, options.uncertainties ?? new Map());
    let simulated: Figures | undefined;
    let simulatedError: Figures | undefined;
    if (options.simulate) {
      simulated = figuresOf(simulate(modelForRow(model, row), options.simulate), keys);
      simulatedError = errorsOf(simulated, measured);
    }
    const violations = (Object.keys(bounds) as CompareKey[]).filter((key) => {
      if (!(key in measured)) return false;
      const e = error[key];
      return e === null || e === undefined || Math.abs(e) > bounds[key]!;
    });
    return { row: row.row, load: rowLoadLabel(row), measured, predicted, band, error, ...(simulated ? { simulated, simulatedError } : {}), violations };
  });
  const maxAbsError: Figures = {};
  for (const key of COMPARE_KEYS) {
    const errors = compared.filter((r) => key in r.measured).map((r) => r.error[key]);
    if (errors.length === 0) continue;
    maxAbsError[key] = errors.some((e) => e === null || e === undefined) ? null : Math.max(...errors.map((e) => Math.abs(e!)));
  }
  return { model: model.name, rows: compared, bounds, passed: compared.every((r) => r.violations.length === 0), maxAbsError };
}

/** "throughput=8%,mean=10%,p99=20%" (or fractions, 0.08) → bounds; a message for anything else. */
export function parseMaxError(text: string): { ok: true; bounds: Partial<Record<CompareKey, number>> } | { ok: false; message: string } {
  const bounds: Partial<Record<CompareKey, number>> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const match = /^([a-z0-9]+)\s*=\s*([0-9.]+)\s*(%?)$/.exec(part);
    if (!match) return { ok: false, message: `--max-error ${part}: expected KEY=PERCENT, e.g. mean=10%` };
    const key = match[1] as CompareKey;
    if (!COMPARE_KEYS.includes(key)) return { ok: false, message: `--max-error ${part}: expected a key among ${COMPARE_KEYS.join(', ')}, got ${match[1]}` };
    const value = Number(match[2]) / (match[3] === '%' ? 100 : 1);
    if (!Number.isFinite(value) || value < 0) return { ok: false, message: `--max-error ${part}: expected a non-negative bound` };
    bounds[key] = value;
  }
  return { ok: true, bounds };
}
