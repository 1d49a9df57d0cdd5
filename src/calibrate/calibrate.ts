/**
 * calibrate(base, rows) → a fitted model and how every figure was obtained.
 *
 *   rows ─┬─ busy.<pool> / cpu ──► utilisation-law regression (demand.ts) ──► service means
 *         │   (none: latency fit, service scale and delay together, latency-fit.ts)
 *         ├─ mean latency ──► overhead delay after the model's own queueing (overhead.ts, iterated)
 *         ├─ percentiles ──► scv of the fitted stages (shape.ts), the delay refitted with it
 *         └─ residuals: the fitted model's prediction for every row against what was measured
 *
 * Pure: BASE comes in as its raw document and normalised Model, rows as parsed; nothing is read or written.
 * Every row given is fitted (choosing rows, e.g. low-load ones, is the caller's decision).
 */
import type { Model } from '../model/types.ts';
import type { LatencyKey, MeasurementRow } from './measurements.ts';
import { LATENCY_KEYS } from './measurements.ts';
import { PERCENTILE_KEYS } from '../model/result.ts';
import { fitDemands, type DemandFit } from './demand.ts';
import { serviceAt } from './load-dependence.ts';
import { OPERATING_POINT_VARIABLE } from './row-vars.ts';
import { covariateTarget, fitCovariate, type CovariateFit, type CovariateRequest } from './covariate.ts';
import { applyEdits, overheadStageName, type CalibrationEdits, type OverheadEdit, type ServiceEdit, type Shape } from './edits.ts';
import { fitOverhead, type OverheadFit } from './overhead.ts';
import { fitShape, type ShapeFit } from './shape.ts';
import { fitLatencyScale, type LatencyScaleFit } from './latency-fit.ts';
import { predictRow, rowLoadLabel } from './predict.ts';
import { estimate, type Estimate } from './regression.ts';
import type { StageSpanStats, TraceCalibration } from './traces.ts';
import { analyze } from '../analytic/analyze.ts';
import { withArrivalRate } from '../model/edit.ts';
import { formatDuration } from '../model/units.ts';

export type FigureMethod = 'utilization-law' | 'latency-fit' | 'traces' | 'overhead-delay' | 'percentiles';

/** One fitted number in the model file, where it came from and how sure it is. */
export interface FittedFigure {
  readonly stage: string;
  readonly field: 'service' | 'scv';
  readonly value: number;
  readonly standardError: number | null;
  readonly ci95: readonly [number, number] | null;
  readonly method: FigureMethod;
  /** Words for the YAML comment and the report. */
  readonly source: string;
  readonly rows: readonly number[];
  /** service = intercept + variable × slope (covariate.ts); value is the service at `at`. */
  readonly linear?: { readonly variable: string; readonly at: number; readonly intercept: Estimate; readonly slope: Estimate };
}

export interface RowResidual {
  readonly row: number;
  readonly load: string;
  readonly measured: { readonly throughput: number } & Partial<Record<LatencyKey, number>>;
  readonly predicted: { readonly throughput: number | null } & Partial<Record<LatencyKey, number | null>>;
  /** (predicted − measured) / measured, per figure the row measured. */
  readonly error: Partial<Record<'throughput' | LatencyKey, number | null>>;
}

export interface CalibrationResult {
  readonly model: Model;
  readonly edits: CalibrationEdits;
  readonly figures: readonly FittedFigure[];
  readonly demand: readonly DemandFit[];
  readonly covariate: CovariateFit | null;
  readonly latencyFit: LatencyScaleFit | null;
  readonly overhead: OverheadFit | null;
  readonly shape: ShapeFit | null;
  readonly traces: TraceCalibration | null;
  readonly residuals: readonly RowResidual[];
  readonly rows: number;
  readonly notes: readonly string[];
}

export interface CalibrateOptions {
  /** Span statistics from OpenTelemetry traces (traces.ts): service times of stages no busy column covers. */
  readonly traces?: TraceCalibration;
  /**
   * Fit one stage's service as a + b·COLUMN from a measured column. Without it, a variable BASE declares that the
   * rows carry, used in exactly one stage's service expression, is fitted the same way.
   */
  readonly covariate?: CovariateRequest;
  /**
   * Where the curvature of busy in throughput is significant, write the service as the load-dependent
   * S(X) = b + cX over the operating point (vars.throughput) instead of one affine figure.
   */
  readonly loadDependent?: boolean;
}

function rowsText(rows: readonly number[]): string {
  if (rows.length === 0) return 'no rows';
  const sorted = [...rows].sort((a, b) => a - b);
  const contiguous = sorted.every((r, i) => i === 0 || r === sorted[i - 1]! + 1);
  return contiguous && sorted.length > 2 ? `rows ${sorted[0]}–${sorted[sorted.length - 1]}` : `row${sorted.length > 1 ? 's' : ''} ${sorted.join(', ')}`;
}

function scaled(e: Estimate, factor: number): Pick<FittedFigure, 'value' | 'standardError' | 'ci95'> {
  return {
    value: e.value * factor,
    standardError: e.standardError === null ? null : e.standardError * factor,
    ci95: e.ci95 === null ? null : [e.ci95[0] * factor, e.ci95[1] * factor],
  };
}

function residualsFor(model: Model, rows: readonly MeasurementRow[]): RowResidual[] {
  return rows.map((row) => {
    const result = predictRow(model, row);
    const measured: Record<string, number> = { throughput: row.throughput };
    const predicted: Record<string, number | null> = { throughput: result.throughput };
    const error: Record<string, number | null> = {};
    const relative = (p: number | null, m: number): number | null => (p === null || !(m > 0) ? null : (p - m) / m);
    error['throughput'] = relative(result.throughput, row.throughput);
    for (const key of LATENCY_KEYS) {
      const m = row.latency[key];
      if (m === undefined) continue;
      measured[key] = m;
      predicted[key] = result.latency[key];
      error[key] = relative(result.latency[key], m);
    }
    return {
      row: row.row,
      load: rowLoadLabel(row),
      measured: measured as RowResidual['measured'],
      predicted: predicted as RowResidual['predicted'],
      error,
    };
  });
}

export function calibrate(raw: unknown, base: Model, rows: readonly MeasurementRow[], options: CalibrateOptions = {}): CalibrationResult {
  const notes: string[] = [];
  const figures: FittedFigure[] = [];
  const services = new Map<string, ServiceEdit>();
  const overheadName = overheadStageName(base);
  const finiteStages = base.stages.filter((s) => base.pools.find((p) => p.name === s.pool)!.threads !== Infinity);

  // 0. A stage whose service grows with a measured column: the utilisation law with the column in it.
  const covariate = fitCovariateStage(raw, base, rows, options.covariate, services, figures, notes);

  // 1. Service demand by the utilisation law.
  const demands = fitDemands(base, rows, new Set(services.keys()));
  notes.push(...demands.notes);
  for (const fit of demands.fits) {
    notes.push(...fit.notes);
    if (fit.loadDependence) notes.push(fit.loadDependence.message);
    for (const name of fit.stages) {
      const stage = base.stages.find((s) => s.name === name)!;
      // The stage's share of the pool's demand is BASE's share; per visit, so divided by visits.
      const share = (stage.visits * stage.service.meanSeconds) / fit.baseDemandSeconds / stage.visits;
      const perVisit = scaled(fit.effectiveDemand, share);
      services.set(name, { meanSeconds: perVisit.value });
      const split = fit.stages.length > 1 ? `, ${(share * stage.visits * 100).toFixed(0)}% of the pool's demand as in BASE` : '';
      figures.push({
        stage: name,
        field: 'service',
        ...perVisit,
        method: 'utilization-law',
        source: fit.wake?.used
          ? `utilisation law with a wake-up cost: ${fit.column} = X·(s + w·(1 − u)) over ${rowsText(fit.rows)}, s = ${formatDuration(fit.wake.fit.service.value, 4)}, ` +
            `w = ${formatDuration(fit.wake.fit.wake.value, 4)}${ci(fit.wake.fit.wake)}: service = s (a busy thread's cost), w·(1 − u) left to the delay${fit.rSquared !== null ? `, R² ${fit.rSquared.toFixed(3)}` : ''}${split}`
          : `utilisation law: ${fit.column}${fit.threads > 1 ? ` × ${fit.threads} threads` : ''} = a + D·throughput over ${rowsText(fit.rows)}, ` +
            `D = ${formatMs(fit.demand.value)}${fit.intercept.value !== 0 ? `, a = ${Number(fit.intercept.value.toPrecision(2))} thread-s/s that do not scale with requests` : ''}${fit.rSquared !== null ? `, R² ${fit.rSquared.toFixed(3)}` : ''}${split}`,
        rows: fit.rows,
      });
    }
  }

  if (options.loadDependent) applyLoadDependence(demands.fits, services, figures, notes);

  // 2. Span statistics for stages the utilisation law did not cover.
  const traces = options.traces ?? null;
  if (traces) {
    for (const stat of traces.stages) {
      if (services.has(stat.stage) || !base.stages.some((s) => s.name === stat.stage)) continue;
      const service = stat.service ?? serviceWithoutModelWait(raw, base, stat, services);
      if (service === null) continue;
      services.set(stat.stage, { meanSeconds: service.value });
      figures.push({
        stage: stat.stage,
        field: 'service',
        value: service.value,
        standardError: service.standardError,
        ci95: service.ci95,
        method: 'traces',
        source: stat.source,
        rows: [],
      });
    }
    notes.push(...traces.notes);
  }

  let delaySpread: Shape | undefined;
  const overheadEdit = (meanSeconds: number, shape = delaySpread): OverheadEdit => ({ ...overheadName, meanSeconds, ...(shape ? { shape } : {}) });
  const build = (edits: CalibrationEdits): Model => applyEdits(raw, base, edits);

  // 2b. CPU time is service time only for work that never waits on I/O. When the latency percentiles say the
  // service is clearly longer than the CPU per request (sleep- or I/O-bound handlers), the cpu fit is dropped
  // and the latency fit below takes over, with a note.
  const cpuFit = demands.fits.find((f) => f.column === 'cpu');
  if (cpuFit && rows.some((r) => PERCENTILE_KEYS.some((k) => r.latency[k] !== undefined))) {
    const check = fitLatencyScale(base, rows, (scale, delay) =>
      build({
        services: new Map(finiteStages.map((s) => [s.name, { meanSeconds: s.service.meanSeconds * scale }])),
        overhead: overheadEdit(delay),
      }),
    );
    const lower = check?.scale.ci95?.[0] ?? check?.scale.value;
    if (check && lower !== undefined && lower > 1.5 * cpuFit.scale) {
      for (const name of cpuFit.stages) services.delete(name);
      for (let i = figures.length - 1; i >= 0; i--) if (cpuFit.stages.includes(figures[i]!.stage)) figures.splice(i, 1);
      notes.push(
        `cpu: CPU time per request (${formatMs(cpuFit.effectiveDemand.value)}) is well below the service the latency percentiles show ` +
          `(≥ ${(lower / cpuFit.scale).toFixed(1)}× as long): the CPU-bound stages wait on something else (I/O, sleeps), so their service comes from the latency fit; mark such stages cpuBound: false`,
      );
    }
  }

  // 3. Without utilisation data: service scale and delay from the latencies together.
  let latencyFit: LatencyScaleFit | null = null;
  const uncovered = finiteStages.filter((s) => !services.has(s.name));
  if (uncovered.length === finiteStages.length && finiteStages.length > 0) {
    latencyFit = fitLatencyScale(base, rows, (scale, delay) =>
      build({
        services: new Map(finiteStages.map((s) => [s.name, { meanSeconds: s.service.meanSeconds * scale }])),
        overhead: overheadEdit(delay),
      }),
    );
    if (latencyFit) {
      notes.push(...latencyFit.notes);
      for (const stage of finiteStages) {
        services.set(stage.name, { meanSeconds: stage.service.meanSeconds * latencyFit.scale.value });
        figures.push({
          stage: stage.name,
          field: 'service',
          ...scaled(latencyFit.scale, stage.service.meanSeconds),
          method: 'latency-fit',
          source: `latency fit (no busy or cpu column): BASE's service × ${latencyFit.scale.value.toPrecision(4)} and the delay fitted to ${latencyFit.keys.join(', ')} over ${rowsText(latencyFit.rows)}`,
          rows: latencyFit.rows,
        });
      }
    } else notes.push('no busy, cpu or latency columns to fit service times from: BASE\'s service times kept');
  } else if (uncovered.length > 0) {
    notes.push(`no data for ${uncovered.map((s) => s.name).join(', ')}: BASE's service time kept`);
  }

  // 4. The overhead delay, then the shape from percentiles (which changes the queueing, so the delay again).
  const servicesNow = (): ReadonlyMap<string, ServiceEdit> => new Map(services);
  let overhead = fitOverhead((d) => build({ services: servicesNow(), overhead: overheadEdit(d) }), rows);
  // End-to-end percentiles carry the shape of the largest contributor: the scv is fitted for the stages of the
  // fitted pool with the most service per request, and every other stage keeps BASE's shape.
  const demandByPool = new Map<string, number>();
  for (const stage of finiteStages) {
    const edit = services.get(stage.name);
    if (edit) demandByPool.set(stage.pool, (demandByPool.get(stage.pool) ?? 0) + stage.visits * edit.meanSeconds);
  }
  const shapePool = [...demandByPool.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const fittedStages = finiteStages.filter((s) => s.pool === shapePool && services.has(s.name)).map((s) => s.name);
  let shape: ShapeFit | null = null;
  const baseDelay = base.stages.find((s) => s.name === overheadName.stage);
  const baseDelayShape: Shape = baseDelay && !overheadName.added ? { distribution: baseDelay.distribution, scv: baseDelay.service.scv } : { distribution: 'deterministic', scv: 0 };
  if (fittedStages.length > 0 && latencyFit === null) {
    shape = fitShape(base, rows, fittedStages, (serviceShape) => {
      const withShape = new Map(services);
      for (const name of fittedStages) withShape.set(name, { ...withShape.get(name)!, shape: serviceShape });
      // Only the delay's mean moves the queueing (it is an infinite-server stage), so it is fitted once per service shape.
      const delay = fitOverhead((d) => build({ services: withShape, overhead: overheadEdit(d) }), rows)?.seconds.value ?? 0;
      return (spread) => build({ services: withShape, overhead: overheadEdit(delay, spread) });
    }, baseDelayShape);
    if (shape) {
      notes.push(...shape.notes);
      if (shape.adopted) {
        for (const name of fittedStages) services.set(name, { ...services.get(name)!, shape: shape.shape });
        figures.push(
          ...fittedStages.map((name): FittedFigure => ({
            stage: name,
            field: 'scv',
            value: shape!.shape.scv,
            standardError: shape!.scv.standardError,
            ci95: shape!.scv.ci95,
            method: 'percentiles',
            source: `scv from ${shape!.keys.join(', ')} over ${rowsText(shape!.rows)} behind a fixed delay, a clearly better fit than BASE's shape with a spread delay (${shape!.shape.distribution})`,
            rows: shape!.rows,
          })),
        );
      }
      if (shape.delay.distribution !== baseDelayShape.distribution || shape.delay.scv !== baseDelayShape.scv) delaySpread = shape.delay;
      if (delaySpread && shape.delay.distribution !== 'deterministic') {
        figures.push({
          stage: overheadName.stage,
          field: 'scv',
          value: shape.delay.scv,
          standardError: shape.delayScv?.standardError ?? null,
          ci95: shape.delayScv?.ci95 ?? null,
          method: 'percentiles',
          source: `spread of the delay outside the server from ${shape.keys.join(', ')} over ${rowsText(shape.rows)}: latency spread at low load that the service's shape (${shape.shape.distribution}, scv ${Number(shape.shape.scv.toPrecision(3))}) does not explain, kept out of the queueing (${shape.delay.distribution})`,
          rows: shape.rows,
        });
      }
      overhead = fitOverhead((d) => build({ services: servicesNow(), overhead: overheadEdit(d) }), rows);
    }
  }
  if (latencyFit) overhead = latencyFit.overhead;

  let overheadResult: OverheadEdit | null = null;
  if (overhead) {
    overheadResult = overheadEdit(overhead.seconds.value);
    if (overhead.clampedFromSeconds !== null) {
      notes.push(
        `measured mean latency is below the model's own prediction by ${formatMs(-overhead.clampedFromSeconds)} on average: the overhead is set to zero; the service times or the queueing are overstated`,
      );
    }
    if (!(overheadName.added && overhead.seconds.value <= 0)) {
      figures.push({
        stage: overheadName.stage,
        field: 'service',
        value: overhead.seconds.value,
        standardError: overhead.seconds.standardError,
        ci95: overhead.seconds.ci95,
        method: 'overhead-delay',
        source: `pure delay: mean latency not explained by the model's service and queueing, over ${rowsText(overhead.rows)}${overheadName.added ? ' (stage added by calibrate)' : ''}`,
        rows: overhead.rows,
      });
    } else {
      overheadResult = null;
      // No delay stage is written, so no spread for it either.
      for (let i = figures.length - 1; i >= 0; i--) if (figures[i]!.stage === overheadName.stage) figures.splice(i, 1);
    }
  } else notes.push('no mean latency in the rows: the overhead outside the server is not fitted');

  const edits: CalibrationEdits = { services: servicesNow(), overhead: overheadResult };
  const model = build(edits);
  return {
    model,
    edits,
    figures,
    demand: demands.fits,
    covariate,
    latencyFit,
    overhead,
    shape,
    traces,
    residuals: residualsFor(model, rows),
    rows: rows.length,
    notes,
  };
}

function fitCovariateStage(
  raw: unknown,
  base: Model,
  rows: readonly MeasurementRow[],
  request: CovariateRequest | undefined,
  services: Map<string, ServiceEdit>,
  figures: FittedFigure[],
  notes: string[],
): CovariateFit | null {
  const target = covariateTarget(raw, base, rows, request);
  if (!target) return null;
  const fit = fitCovariate(raw, base, rows, target);
  if ('error' in fit) {
    notes.push(fit.error);
    return null;
  }
  notes.push(...fit.notes);
  // The part independent of the column is shared among the covered stages as in BASE; the slope is the target's.
  const covered = base.stages.filter((s) => fit.covered.includes(s.name));
  const baseDemand = covered.reduce((sum, s) => sum + s.visits * s.service.meanSeconds, 0);
  const background = fit.background.value > 0 ? `, a₀ = ${Number(fit.background.value.toPrecision(2))} thread-s/s that do not scale with requests` : '';
  const how = `utilisation law with ${fit.column}: ${fit.usage}${fit.threads > 1 ? ` × ${fit.threads} threads` : ''} = a₀ + a·X + b·X·${fit.column} over ${rowsText(fit.rows)}${background}${fit.rSquared !== null ? `, R² ${fit.rSquared.toFixed(3)}` : ''}`;
  for (const stage of covered) {
    const share = baseDemand > 0 ? (stage.visits * stage.service.meanSeconds) / baseDemand : 1 / covered.length;
    const perVisit = (e: Estimate, factor: number) => scaled(e, factor / stage.visits);
    const constant = perVisit(fit.constant, share);
    if (stage.name !== fit.stage) {
      services.set(stage.name, { meanSeconds: constant.value });
      figures.push({ stage: stage.name, field: 'service', ...constant, method: 'utilization-law', source: `${how}; ${(share * 100).toFixed(0)}% of a as in BASE`, rows: fit.rows });
      continue;
    }
    const slope = perVisit(fit.perUnit, 1);
    const intercept: Estimate = { value: constant.value, standardError: constant.standardError, ci95: constant.ci95 };
    const linear = { variable: fit.column, at: fit.at, interceptSeconds: intercept.value, slopeSeconds: slope.value };
    const value = intercept.value + slope.value * fit.at;
    // The service at `at` from the two figures; their covariance is left out, so the interval is conservative
    // when they are negatively correlated (the usual case: a line pivots about the middle of the data).
    const se = intercept.standardError !== null && slope.standardError !== null ? Math.hypot(intercept.standardError, slope.standardError * fit.at) : null;
    const atValue = estimate(value, se, fit.rows.length - 3);
    services.set(stage.name, { meanSeconds: value, linear });
    figures.push({
      stage: stage.name,
      field: 'service',
      ...atValue,
      method: 'utilization-law',
      source:
        `a + ${fit.column} × b, a = ${formatDuration(intercept.value, 4)}${ci(intercept)}, b = ${formatDuration(slope.value, 4)}${ci(slope)} per unit of ${fit.column} (95%); ${how}` +
        (covered.length > 1 ? `; ${(share * 100).toFixed(0)}% of a as in BASE` : ''),
      rows: fit.rows,
      linear: { variable: fit.column, at: fit.at, intercept, slope },
    });
  }
  return fit;
}

/** Replaces each load-dependent pool's affine service with S(X) over the operating point (load-dependence.ts). */
function applyLoadDependence(fits: readonly DemandFit[], services: Map<string, ServiceEdit>, figures: FittedFigure[], notes: string[]): void {
  for (const demand of fits) {
    const dependence = demand.loadDependence;
    const fit = dependence?.fit ?? null;
    if (!fit || !dependence?.marginalChanges) {
      notes.push(`--load-dependent: ${demand.column} shows no significant curvature in throughput${fit ? '' : ' (four rows or more are needed to test it)'}; its affine fit is kept`);
      continue;
    }
    const at = Number(fit.range[1].toPrecision(4));
    const intercept = serviceAt(fit, 0);
    const f = serviceAt(fit, 1).value - intercept.value; // S is linear in X: its slope is f·c
    const slope = estimate(f, fit.c.standardError === null ? null : Math.abs((f / fit.c.value) * fit.c.standardError), fit.df);
    for (const stage of fit.stages) {
      const k = stage.perVisitShare;
      const linear = { variable: OPERATING_POINT_VARIABLE, at, interceptSeconds: intercept.value * k, slopeSeconds: slope.value * k };
      services.set(stage.name, { meanSeconds: serviceAt(fit, at).value * k, linear });
      const i = figures.findIndex((g) => g.stage === stage.name && g.field === 'service');
      if (i >= 0) figures.splice(i, 1);
      figures.push({
        stage: stage.name,
        field: 'service',
        ...scaled(serviceAt(fit, at), k),
        method: 'utilization-law',
        source:
          `load-dependent: ${fit.column}${fit.threads > 1 ? ` × ${fit.threads} threads` : ''} = a + bX + cX² over ${rowsText(fit.rows)} (c = ${fit.c.value.toPrecision(3)}${ci(fit.c, (x) => x.toPrecision(2))} s²), ` +
          `service S(X) = b + cX at the operating point X = vars.${OPERATING_POINT_VARIABLE}, evaluated at each load's own predicted throughput; ` +
          `S(${Number(fit.range[0].toPrecision(4))}/s) = ${formatDuration(serviceAt(fit, fit.range[0]).value * k, 4)}, S(${Number(at.toPrecision(4))}/s) = ${formatDuration(serviceAt(fit, at).value * k, 4)}` +
          (fit.stages.length > 1 ? `, ${(k * 100).toFixed(0)}% per visit as in BASE` : ''),
        rows: fit.rows,
        linear: { variable: OPERATING_POINT_VARIABLE, at, intercept: scaled(intercept, k) as Estimate, slope: scaled(slope, k) as Estimate },
      });
    }
  }
}

function ci(e: Estimate, format: (x: number) => string = (x) => formatDuration(x, 2)): string {
  return e.ci95 === null ? '' : ` ± ${format((e.ci95[1] - e.ci95[0]) / 2)}`;
}

/**
 * Spans without their waiting: service = mean span − the model's predicted wait for that service at the rate
 * the traces show, solved as a fixed point (the wait grows with the service it is subtracted from).
 */
function serviceWithoutModelWait(
  raw: unknown,
  base: Model,
  stat: StageSpanStats,
  services: ReadonlyMap<string, ServiceEdit>,
): Estimate | null {
  const stage = base.stages.find((s) => s.name === stat.stage)!;
  if (stat.ratePerSecond === null) return null;
  const rate = stat.ratePerSecond / stage.visits;
  const threads = base.pools.find((p) => p.name === stage.pool)!.threads;
  // S + W(S) is increasing in S and unbounded as the stage nears saturation: bisect for S + W(S) = mean span.
  const spanOf = (service: number): number => {
    const edits: CalibrationEdits = { services: new Map([...services, [stat.stage, { meanSeconds: service }]]), overhead: null };
    const result = analyze(withArrivalRate(applyEdits(raw, base, edits), rate), { percentiles: false });
    const wait = result.stages[stage.index]?.meanWait;
    return wait === null || wait === undefined ? Infinity : service + wait;
  };
  let lo = 0;
  let hi = Math.min(stat.naive.value, threads === Infinity ? Infinity : (0.9999 * threads) / (rate * stage.visits));
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (spanOf(mid) > stat.naive.value) hi = mid;
    else lo = mid;
  }
  const service = (lo + hi) / 2;
  if (!(service > 0)) return null;
  const factor = service / stat.naive.value;
  return {
    value: service,
    standardError: stat.naive.standardError === null ? null : stat.naive.standardError * factor,
    ci95: stat.naive.ci95 === null ? null : [stat.naive.ci95[0] * factor, stat.naive.ci95[1] * factor],
  };
}

function formatMs(seconds: number): string {
  return `${Number((seconds * 1e3).toPrecision(4))}ms`;
}
