/**
 * Simulation data for the overload charts (SPEC §5), gathered through the core's simulate():
 *
 *   timeline     the model's own time-driven run (schedule or horizon)
 *   goodput      at each steady offered rate, three time-driven runs of STEADY_HORIZON_SECONDS, goodput read
 *                over their last third: with retries from an empty system (cold), with retries from a
 *                backlog (hot: a warm start holding twice what the servers finish in one timeout), and
 *                without retries from the same backlog. Where cold is good and hot stays bad, the system is
 *                bistable at that rate (a metastable failure), found by simulation; drawn with the retry fixed
 *                point's curves and bistable band where the analysis applies (goodput-fixed-point.ts).
 */
import type { Model, Overload } from '../model/types.ts';
import { capacity } from '../model/capacity.ts';
import { simulate } from '../sim/simulate.ts';
import type { ChartName } from '../charts/chart-names.ts';
import type { GoodputPoint, GoodputVsLoadInput } from '../charts/goodput-vs-load.ts';
import type { TimelineInput } from '../charts/timeline.ts';
import type { Result } from '../model/result.ts';
import { goodputFixedPoint } from './goodput-fixed-point.ts';

export const STEADY_HORIZON_SECONDS = 60;

/** The model at a steady rate (the schedule dropped), run for `horizon` seconds, with another retry policy. */
function steady(model: Model, ratePerSecond: number, horizon: number, retry: Overload['retry']): Model {
  const w = model.workload;
  const o = model.overload!;
  return {
    ...model,
    workload: { kind: 'open', arrivalRatePerSecond: ratePerSecond, arrivalScv: w.kind === 'open' ? w.arrivalScv : 1, requestsPerConnection: w.requestsPerConnection },
    overload: { ...o, schedule: null, horizonSeconds: horizon, retry },
  };
}

function lateGoodput(model: Model, seed: number, initialInSystem: number): number {
  const r = simulate(model, { replications: 1, seed, initialInSystem });
  const windows = r.timeline ?? [];
  const tail = windows.slice(Math.floor((2 * windows.length) / 3));
  return tail.reduce((sum, w) => sum + w.goodput, 0) / Math.max(1, tail.length);
}

export interface GoodputCurveOptions {
  readonly rates: readonly number[];
  readonly seed?: number;
  readonly horizonSeconds?: number;
}

export function goodputCurve(model: Model, options: GoodputCurveOptions): GoodputPoint[] {
  const o = model.overload;
  if (o === undefined || model.workload.kind !== 'open') return [];
  const horizon = options.horizonSeconds ?? STEADY_HORIZON_SECONDS;
  const seed = options.seed ?? 1;
  const maxThroughput = capacity(model).maxThroughput ?? 0;
  const timeout = Number.isFinite(o.timeoutSeconds) ? o.timeoutSeconds : 1;
  const backlog = Math.ceil(2 * maxThroughput * timeout);
  const noRetry = o.retry === null ? null : { ...o.retry, attempts: 1, budget: null };
  return options.rates.map((rate) => ({
    rate,
    cold: lateGoodput(steady(model, rate, horizon, o.retry), seed, 0),
    hot: lateGoodput(steady(model, rate, horizon, o.retry), seed, backlog),
    hotWithoutRetries: lateGoodput(steady(model, rate, horizon, noRetry), seed, backlog),
  }));
}

/** Rates where the cold start keeps ≥ 90% goodput and the hot start stays below half of it. */
export function bistableRange(points: readonly GoodputPoint[]): { from: number; to: number } | null {
  const bad = points.filter((p) => p.cold >= 0.9 * p.rate && p.hot < 0.5 * p.cold);
  if (bad.length === 0) return null;
  return { from: Math.min(...bad.map((p) => p.rate)), to: Math.max(...bad.map((p) => p.rate)) };
}

/** Steady loads of the goodput curve, as shares of the saturation throughput. */
const LOAD_SHARES = [0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2];

/** The SPEC §5 charts' data (simulated); absent for a model without overload keys. */
export interface OverloadChartData {
  readonly timeline?: TimelineInput;
  readonly goodput?: GoodputVsLoadInput;
}

function overloadSubtitle(model: Model): string {
  const o = model.overload!;
  const parts: string[] = [];
  if (Number.isFinite(o.timeoutSeconds)) parts.push(`timeout ${o.timeoutSeconds} s (cancel: ${o.cancel})`);
  if (o.retry !== null) parts.push(`${o.retry.attempts} attempts, ${o.retry.budget === null ? 'no budget' : `budget ${o.retry.budget}`}`);
  if (o.patience !== null) parts.push(`patience ${o.patience.meanSeconds} s`);
  return `${parts.join('; ') || 'no timeout or retries'} — simulated, mean of replications per window`;
}

export function overloadChartData(model: Model, result: Result, which: ReadonlySet<ChartName>, notes: string[]): OverloadChartData {
  if (model.overload === undefined) {
    // Only reached when asked for by name: the default chart list of a plain model leaves them out.
    for (const name of ['timeline', 'goodput-vs-load'] as const) if (which.has(name)) notes.push(`${name}: skipped, the model has no overload keys (workload timeout, patience, cancel, retry, schedule or horizon; a stage's queueTimeout)`);
    return {};
  }
  const data: { -readonly [K in keyof OverloadChartData]: OverloadChartData[K] } = {};
  if (which.has('timeline')) {
    if (model.overload.horizonSeconds === null) notes.push('timeline: skipped, the model has no workload.schedule or workload.horizon');
    else {
      const run = simulate(model, { replications: 3, seed: 1 });
      data.timeline = {
        model: model.name,
        windows: run.timeline ?? [],
        stepSeconds: (model.overload.schedule ?? []).map((s) => s.atSeconds).filter((t) => t > 0),
        subtitle: overloadSubtitle(model),
      };
    }
  }
  if (which.has('goodput-vs-load')) {
    if (model.overload.retry === null || model.workload.kind !== 'open' || result.maxThroughput === null) {
      notes.push('goodput-vs-load: skipped, it needs an open model with workload.retry and a finite capacity');
    } else {
      const points = goodputCurve(model, { rates: LOAD_SHARES.map((share) => share * result.maxThroughput!) });
      const fixedPoint = goodputFixedPoint(model, Math.max(...points.map((p) => p.rate)));
      data.goodput = {
        model: model.name,
        points,
        bistable: bistableRange(points),
        fixedPoint,
        maxThroughputPerSecond: result.maxThroughput,
        method: fixedPoint
          ? `marks simulated (last third of ${STEADY_HORIZON_SECONDS} s per load, from an empty system and from a backlog); shaded: where the fixed point has both points`
          : `simulated (last third of ${STEADY_HORIZON_SECONDS} s per load); shaded: bistable, an empty system recovers and a backlog does not`,
      };
    }
  }
  return data;
}
