/**
 * Service demand by the utilisation law across load levels: busy thread-seconds per second = a + D·X, fitted by
 * least squares with an intercept (regression.ts says why never a low-load ratio). `busy.<pool>` columns give
 * the demand of that pool's stages; a `cpu` column gives the demand of the CPU-bound stages when no busy column
 * covers them. The demand is shared among a pool's stages in BASE's proportions. For one thread (an event loop)
 * a wake-up cost is fitted beside the line, and used instead when the data says so (wake.ts).
 */
import type { Model } from '../model/types.ts';
import type { MeasurementRow } from './measurements.ts';
import { capacityIfBackground, estimate, fitLeastSquares, usagePoints, type Estimate, type RowFitReport } from './regression.ts';
import { fitLoadDependence, serviceAt, type LoadDependentFit } from './load-dependence.ts';
import { chooseWake, fitWake, type WakeChoice } from './wake.ts';

export interface LoadDependence {
  /** busy/X per request at the lowest- and the highest-throughput row. */
  readonly lowest: { readonly throughput: number; readonly perRequestSeconds: number };
  readonly highest: { readonly throughput: number; readonly perRequestSeconds: number };
  /** (highest − lowest) / lowest of the naive per-request figure. */
  readonly change: number;
  /** Curvature of busy in X (quadratic fit); negative = the marginal cost falls with load. Null below 4 rows. */
  readonly curvature: Estimate | null;
  /** True when the curvature is significant at 95%: the marginal cost itself changes with load. */
  readonly marginalChanges: boolean;
  /** busy = a + bX + cX², service S(X) = b + cX (load-dependence.ts); null below four rows. */
  readonly fit: LoadDependentFit | null;
  readonly message: string;
}

export interface DemandFit extends RowFitReport {
  readonly column: string;
  /** The pool a busy column names; null for the cpu column. */
  readonly pool: string | null;
  readonly stages: readonly string[];
  /** busy is multiplied by this (the pool's threads) to give thread-seconds per second; 1 for cpu. */
  readonly threads: number;
  /** Thread-seconds per request (the regression slope). */
  readonly demand: Estimate;
  /** Thread-seconds per second that do not scale with requests. */
  readonly intercept: Estimate;
  /** Service time per request, the same figure as `demand` (regression.ts perRequest says why not D/(1 − a/c)); kept for readers of the JSON report. */
  readonly effectiveDemand: Estimate;
  /** One thread, three rows or more: the wake-up fit beside the line, and whether it was used (wake.ts). */
  readonly wake: WakeChoice | null;
  /** BASE's demand of the same stages, and the factor the fit scales their service times by. */
  readonly baseDemandSeconds: number;
  readonly scale: number;
  readonly loadDependence: LoadDependence | null;
  readonly notes: readonly string[];
}

const SIGNIFICANT_CHANGE = 0.1;

function ms(seconds: number): string {
  return `${Number((seconds * 1e3).toPrecision(3))}ms`;
}

function describeLoadDependence(
  column: string,
  xs: readonly number[],
  ys: readonly number[],
  rows: readonly number[],
  intercept: number,
  threads: number,
  stages: LoadDependentFit['stages'],
  wakeUsed: boolean,
): LoadDependence | null {
  const order = xs.map((_, i) => i).sort((i, j) => xs[i]! - xs[j]!);
  const lo = order[0]!;
  const hi = order[order.length - 1]!;
  if (!(xs[lo]! > 0) || xs[hi] === xs[lo]) return null;
  const lowest = { throughput: xs[lo]!, perRequestSeconds: ys[lo]! / xs[lo]! };
  const highest = { throughput: xs[hi]!, perRequestSeconds: ys[hi]! / xs[hi]! };
  const change = (highest.perRequestSeconds - lowest.perRequestSeconds) / lowest.perRequestSeconds;
  const fit = fitLoadDependence(xs, ys, rows, column, threads, stages);
  const curvature = fit?.c ?? null;
  const marginalChanges = curvature?.ci95 != null && (curvature.ci95[0] > 0 || curvature.ci95[1] < 0);
  if (Math.abs(change) < SIGNIFICANT_CHANGE && !marginalChanges) return null;
  const direction = change < 0 ? 'falls' : 'rises';
  let message =
    `${column} per request ${direction} from ${ms(lowest.perRequestSeconds)} at ${Number(lowest.throughput.toPrecision(4))}/s ` +
    `to ${ms(highest.perRequestSeconds)} at ${Number(highest.throughput.toPrecision(4))}/s (${(change * 100).toFixed(0)}%): ` +
    `service time seen per request changes with load.`;
  if (marginalChanges && fit) {
    const at = (x: number): string => {
      const s = serviceAt(fit, x);
      return `${ms(s.value)}${s.ci95 ? ` ± ${ms((s.ci95[1] - s.ci95[0]) / 2)}` : ''} at ${Number(x.toPrecision(4))}/s`;
    };
    message +=
      ` The cost per request itself changes (curvature c = ${fit.c.value.toPrecision(3)} s², 95% interval excludes 0): ` +
      `the load-dependent fit ${column}${threads > 1 ? ` × ${threads}` : ''} = a + bX + cX² gives service S(X) = b + cX, ` +
      `${at(lowest.throughput)}, ${at(highest.throughput)}. \`--load-dependent\` writes it into the model as an expression over the ` +
      `operating point (vars.throughput), which compare and calibrate's residuals evaluate at each load's own predicted throughput; ` +
      `beyond the measured loads it is an extrapolation.`;
  } else if (wakeUsed) {
    message += ' The wake-up fit accounts for it: a request that finds the thread idle costs w more, one that finds it busy costs s.';
  } else {
    message += ` The regression's intercept (${Number(intercept.toPrecision(3))} thread-s/s of work that does not scale with requests) accounts for it: the service time is the marginal cost per request, the slope.`;
  }
  return { lowest, highest, change, curvature, marginalChanges, fit, message };
}

function finitePoolStages(model: Model, poolName: string): string[] {
  return model.stages.filter((s) => s.pool === poolName).map((s) => s.name);
}

function demandOf(model: Model, stageNames: readonly string[]): number {
  return model.stages.filter((s) => stageNames.includes(s.name)).reduce((sum, s) => sum + s.visits * s.service.meanSeconds, 0);
}

function fitColumn(
  model: Model,
  rows: readonly MeasurementRow[],
  column: string,
  pool: string | null,
  stages: readonly string[],
  threads: number,
  value: (row: MeasurementRow) => number | undefined,
  singleThread: boolean,
): DemandFit | null {
  const { used, xs, ys } = usagePoints(rows, value, threads);
  const notes: string[] = [];
  const baseDemandSeconds = demandOf(model, stages);
  if (!(baseDemandSeconds > 0)) return null;
  const line = fitLeastSquares([xs.map(() => 1), xs], ys);
  let demand: Estimate;
  let intercept: Estimate;
  let residuals: readonly number[];
  let rSquared: number | null = null;
  let wake: WakeChoice | null = null;
  if (line && line.coefficients[1]!.value > 0) {
    [intercept, demand] = line.coefficients as [Estimate, Estimate];
    residuals = line.residuals;
    rSquared = line.rSquared;
    if (line.df === 0) notes.push(`${column}: two load levels fit the line exactly; a third gives the fit an uncertainty`);
    const wakeFit = singleThread ? fitWake(xs, ys) : null;
    wake = wakeFit ? chooseWake(wakeFit, line.residuals) : null;
    if (wake) notes.push(wakeNote(column, wake, demand, intercept));
    if (wake?.used) {
      demand = wake.fit.service;
      intercept = estimate(0, null, 0);
      residuals = wake.fit.residuals;
      rSquared = wake.fit.rSquared;
    } else if (intercept.value / threads >= 0.01) {
      const rate = (x: number): string => `${Number(x.toPrecision(4))}/s`;
      notes.push(
        `${column}: ${Number(intercept.value.toPrecision(2))} thread-s/s that do not scale with requests (the intercept), read as a cost per ` +
          `request that falls with load (wake-ups, warm caches): the service time is the marginal cost D = ${ms(demand.value)}. If it is ` +
          `work occupying the pool's own threads instead, the pool serves (c − a)/D = ${rate(capacityIfBackground(threads, intercept.value, demand.value))}, ` +
          `not c/D = ${rate(threads / demand.value)}`,
      );
    }
  } else if (used.length > 0) {
    // One load level (or no spread in throughput): the ratio is all the data allows, and it says so.
    const ratio = ys.reduce((s, y) => s + y, 0) / xs.reduce((s, x) => s + x, 0);
    demand = estimate(ratio, null, 0);
    intercept = estimate(0, null, 0);
    residuals = ys.map((y, i) => y - ratio * xs[i]!);
    notes.push(
      `${column}: ${used.length < 2 ? 'one load level' : 'no usable spread in throughput'}, so the demand is busy ÷ throughput, which overstates ` +
        `it by any work that does not scale with requests; measure two or more load levels for the utilisation-law regression`,
    );
  } else return null;
  const shares = model.stages.filter((s) => stages.includes(s.name)).map((s) => ({ name: s.name, perVisitShare: s.service.meanSeconds / baseDemandSeconds }));
  const loadDependence = used.length >= 3 ? describeLoadDependence(column, xs, ys, used.map((r) => r.row), intercept.value, threads, shares, wake?.used ?? false) : null;
  return {
    column,
    pool,
    stages,
    threads,
    demand,
    intercept,
    rSquared,
    rows: used.map((r) => r.row),
    residuals: used.map((r, i) => ({ row: r.row, value: residuals[i]! })),
    baseDemandSeconds,
    effectiveDemand: demand,
    wake,
    scale: demand.value / baseDemandSeconds,
    loadDependence,
    notes,
  };
}

function interval(e: Estimate): string {
  return e.ci95 ? ` ± ${ms((e.ci95[1] - e.ci95[0]) / 2)}` : '';
}

/** Which of the two fits of one thread's busy fraction is used, why, and both with their 95% intervals. */
function wakeNote(column: string, choice: WakeChoice, line: Estimate, background: Estimate): string {
  const { fit } = choice;
  const wake =
    `wake-up fit ${column}/X = s + w·(1 − u): s = ${ms(fit.service.value)}${interval(fit.service)}, w = ${ms(fit.wake.value)}${interval(fit.wake)} ` +
    `(residual sum of squares ${fit.sse.toPrecision(2)})`;
  const straight =
    `straight line ${column} = a + D·X: service D = ${ms(line.value)}${interval(line)}, a = ${Number(background.value.toPrecision(2))} ` +
    `(residual sum of squares ${choice.lineSse.toPrecision(2)})`;
  return choice.used
    ? `${column}: the wake-up fit is used (${choice.reason}): ${wake}; ${straight}. Service = s, the cost per request of a busy thread; ` +
        `the wake-ups' w·(1 − u) at the measured loads is latency the overhead delay takes, and it fades as the load rises (95% intervals)`
    : `${column}: the straight line is used (${choice.reason}): ${straight}; ${wake} (95% intervals)`;
}

/**
 * One fit per finite pool with a busy column; then one cpu fit for CPU-bound stages no busy column covered.
 * `fitted`: stages another fit (covariate.ts) already gave a service; the columns that hold them are left alone.
 */
export function fitDemands(model: Model, rows: readonly MeasurementRow[], fitted: ReadonlySet<string> = new Set()): { fits: DemandFit[]; notes: string[] } {
  const fits: DemandFit[] = [];
  const notes: string[] = [];
  const busyColumns = new Set(rows.flatMap((r) => Object.keys(r.busy)));
  for (const name of busyColumns) {
    if (finitePoolStages(model, name).some((s) => fitted.has(s))) continue;
    const pool = model.pools.find((p) => p.name === name);
    if (!pool) {
      notes.push(`busy.${name}: BASE has no pool named ${name}; column not used (pools: ${model.pools.map((p) => p.name).join(', ')})`);
      continue;
    }
    if (pool.threads === Infinity) {
      notes.push(`busy.${name}: ${name} is a pure delay (threads: infinite); a busy fraction does not apply, column not used`);
      continue;
    }
    const fit = fitColumn(model, rows, `busy.${name}`, name, finitePoolStages(model, name), pool.threads, (r) => r.busy[name], pool.threads === 1);
    if (fit) fits.push(fit);
  }
  if (rows.some((r) => r.cpu !== undefined) && ![...fitted].some((s) => model.stages.find((t) => t.name === s)?.cpuBound)) {
    const covered = new Set(fits.flatMap((f) => f.stages));
    const cpuStages = model.stages
      .filter((s) => s.cpuBound && model.pools.find((p) => p.name === s.pool)!.threads !== Infinity)
      .map((s) => s.name);
    if (cpuStages.length === 0) notes.push('cpu: BASE has no CPU-bound stage on a finite pool; column not used');
    else if (cpuStages.some((s) => covered.has(s))) {
      notes.push('cpu: not used, busy columns already give the demand of the CPU-bound stages (busy time is the service time; CPU time may be less)');
    } else {
      // CPU-seconds per second are one thread's busy fraction when the CPU-bound stages share one single-threaded pool.
      const pools = new Set(cpuStages.map((name) => model.stages.find((s) => s.name === name)!.pool));
      const singleThread = pools.size === 1 && model.pools.find((p) => pools.has(p.name))!.threads === 1;
      const fit = fitColumn(model, rows, 'cpu', null, cpuStages, 1, (r) => r.cpu, singleThread);
      if (fit) fits.push(fit);
    }
  }
  return { fits, notes };
}
