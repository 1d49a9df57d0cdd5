/**
 * The data behind every chart of one model: the analyses (a load sweep, two loads' stage times, the latency
 * distribution, a two-pool thread grid, a plan) turned into the chart builders' plain inputs. The builders
 * (src/charts) only draw; scripts and notebooks call chartData for the same figures. Every figure drawn is
 * one `reqpath analyze` would print (the public analyze; analyzed-points.ts for the many points of a series).
 *
 *   model → analyze (configured load) ─┬─ load sweep 5–99 % of saturation  → latency vs load
 *                                      ├─ load sweep 5–150 %               → throughput and drops
 *                                      ├─ stage results at two loads        → utilisation, wait vs service
 *                                      ├─ end-to-end transform              → latency CDF
 *                                      ├─ two busiest pools' threads grid   → p99 heatmap
 *                                      └─ plan to the SLO                   → before/after
 *
 * A closed workload (clients) has no offered rate: its load axis is the client population, from 1 to past
 * the population that saturates the bottleneck (N* = X_max · (Z + R(1)), Kleinrock's saturation point).
 */
import { MAX_CLIENTS } from '../model/guard-limits.ts';
import { analyze as analyzeAnalytic } from '../analytic/analyze.ts';
import { analyze } from '../solve/analyze.ts';
import { latencyCdf } from '../charts/latency-cdf-data.ts';
import type { CdfPoint, HeatmapCell, LoadPoint, MarkedPercentile, PlanPoolChange, StageTime, StageTimesAtLoad } from '../charts/types.ts';
import { withArrivalRate, withClients, withThreads } from '../model/edit.ts';
import { PERCENTILE_LEVELS, type Result } from '../model/result.ts';
import type { Model, Slo } from '../model/types.ts';
import { plan } from '../plan/plan.ts';
import { CHART_NAMES, OVERLOAD_CHART_NAMES, type ChartName } from '../charts/chart-names.ts';
import { overloadChartData, type OverloadChartData } from './overload-chart-data.ts';
import { analyzedPoints, simulatedNote, type ReadFigure } from './analyzed-points.ts';

/** Evenly spaced rates from `fromShare` to `toShare` of `maxPerSecond`. */
export function loadRates(maxPerSecond: number, count: number, fromShare: number, toShare: number): number[] {
  return Array.from({ length: count }, (_, i) => maxPerSecond * (fromShare + ((toShare - fromShare) * i) / (count - 1)));
}

/** The top of a load sweep: saturation when the model has one, else 4× the configured rate. */
export function sweepCeiling(model: Model, result: Result): number {
  if (result.maxThroughput !== null) return result.maxThroughput;
  const configured = model.workload.kind === 'open' ? model.workload.arrivalRatePerSecond : result.throughput ?? 1;
  return 4 * configured;
}

function pointOf(r: Result, x: { offeredRatePerSecond: number; clients?: number }): LoadPoint {
  return {
    ...x,
    p50Seconds: r.latency.p50,
    p95Seconds: r.latency.p95,
    p99Seconds: r.latency.p99,
    throughputPerSecond: r.throughput,
    dropRate: r.dropRate,
    stable: r.stable,
  };
}

/** analyze's point at one rate (a seeded simulation where its analytic figures are beyond the target). */
export function loadPoint(model: Model, ratePerSecond: number): LoadPoint {
  return pointOf(analyze(withArrivalRate(model, ratePerSecond)), { offeredRatePerSecond: ratePerSecond });
}

/** analyze's points at `rates`, the figures `reads` within the target or simulated (analyzed-points.ts); notes say which. */
export function loadCurve(model: Model, rates: readonly number[], reads: readonly ReadFigure[] = ['percentiles'], series = 'load curve', notes: string[] = []): LoadPoint[] {
  const points = analyzedPoints(rates.map((rate) => withArrivalRate(model, rate)), reads);
  const note = simulatedNote(series, points);
  if (note) notes.push(note);
  return rates.flatMap((rate, i) => {
    const r = points.results[i];
    return r ? [pointOf(r, { offeredRatePerSecond: rate })] : [];
  });
}

/** A closed model's point at a client population; its x is the population, its rate what the clients achieve. */
function clientsPointOf(r: Result, clients: number): LoadPoint {
  return pointOf(r, { offeredRatePerSecond: r.throughput ?? 0, clients });
}

/**
 * Client populations for a closed model's load curves: `count` whole numbers from 1 to past saturation
 * (1.5 N*, at least twice the configured population), never past `limit`: a fast stage saturates only at
 * millions of clients, more than reqpath analyses (MAX_CLIENTS) or simulates (MAX_SIMULATED_CLIENTS).
 */
export function clientCounts(model: Model, result: Result, count: number, limit: number = MAX_CLIENTS): number[] {
  if (model.workload.kind !== 'closed') throw new RangeError('clientCounts: the model has an open workload');
  const top = Math.min(limit, Math.max(2 * model.workload.clients, Math.ceil(1.5 * saturationClients(model, result)), 2));
  const counts = Array.from({ length: count }, (_, i) => Math.max(1, Math.round(1 + ((top - 1) * i) / (count - 1))));
  return [...new Set(counts)];
}

/** N* = X_max · (Z + R(1)): the population at which the bottleneck would saturate were there no queueing. */
export function saturationClients(model: Model, result: Result): number {
  if (model.workload.kind !== 'closed' || result.maxThroughput === null) return 1;
  // An axis, not a figure drawn: the analytic mean of one client (no queueing) places it.
  const alone = analyzeAnalytic(withClients(model, 1), { percentiles: false }).latency.mean ?? 0;
  return result.maxThroughput * (model.workload.thinkSeconds + alone);
}

/** Per-request wait and service in each stage (per-visit figures × visits). */
export function stageTimes(result: Result): StageTime[] {
  return result.stages.map((s) => ({
    name: s.name,
    waitSeconds: s.meanWait === null ? null : s.visits * s.meanWait,
    serviceSeconds: s.meanWait === null || s.meanResponse === null ? null : s.visits * (s.meanResponse - s.meanWait),
  }));
}

export interface ThreadAxis {
  readonly pool: string;
  readonly threads: readonly number[];
}

/**
 * Thread counts worth sweeping for a pool: from the fewest that keep it stable (⌊offered load in
 * threads⌋ + 1) up to at least its current count, at most `cells` values.
 */
export function threadAxis(result: Result, pool: string, cells = 8): ThreadAxis {
  const p = result.pools.find((q) => q.name === pool);
  if (!p || p.threads === 'infinite') throw new RangeError(`no finite pool named ${pool}`);
  const busy = (p.utilization ?? 1) * p.threads;
  const low = Math.floor(busy) + 1;
  const high = Math.max(p.threads, low + cells - 1);
  const step = Math.max(1, Math.ceil((high - low) / (cells - 1)));
  const threads: number[] = [];
  for (let t = low; t <= high && threads.length < cells; t += step) threads.push(t);
  if (!threads.includes(p.threads) && p.threads >= low) threads.push(p.threads);
  return { pool, threads: threads.sort((a, b) => a - b) };
}

/** The two finite pools with the highest utilisation (the ones whose sizing matters most). */
export function busiestPools(result: Result, count = 2): string[] {
  return result.pools
    .filter((p) => p.threads !== 'infinite' && p.utilization !== null)
    .sort((a, b) => (b.utilization ?? 0) - (a.utilization ?? 0) || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((p) => p.name);
}

/**
 * analyze's p99 over the grid x × y of two pools' thread counts, at the model's own load (analyzed-points.ts).
 * Every cell is drawn: where analyze would simulate but the series' budget does not, the analytic p99 with its
 * measured band, marked `beyond-target` (the default model had 37 of 48 cells blank).
 */
export function p99Grid(model: Model, x: ThreadAxis, y: ThreadAxis, notes: string[] = []): HeatmapCell[] {
  const cells = x.threads.flatMap((tx) => y.threads.map((ty) => ({ x: tx, y: ty })));
  const points = analyzedPoints(cells.map((c) => withThreads(withThreads(model, x.pool, c.x), y.pool, c.y)), ['percentiles']);
  const note = simulatedNote('p99-heatmap', points, 'cell', 'drawn with their analytic p99 and marked with a dot');
  if (note) notes.push(note);
  return cells.map((c, i): HeatmapCell => {
    const r = points.results[i];
    if (r) return { ...c, p99Seconds: r.latency.p99, ...(r.accuracy?.percentiles.kind === 'simulated' ? { obtained: 'simulated' as const } : {}) };
    const analytic = points.analytic[i]!;
    return { ...c, p99Seconds: analytic.latency.p99, obtained: 'beyond-target', errorBand: analytic.accuracy?.percentiles.errorBand ?? null };
  });
}

/** The load axis of a model's curves: offered rate (open workload) or client population (closed). */
export type LoadAxis = 'rate' | 'clients';

export interface ChartData extends OverloadChartData {
  readonly model: string;
  readonly description?: string;
  readonly slo?: Slo;
  /** The analysis at the configured load. */
  readonly result: Result;
  readonly loadAxis: LoadAxis;
  /** The configured client population (closed workloads). */
  readonly clients?: number;
  /** Points up to 99 % of saturation (latency) and to 150 % (throughput and drops); clients: one curve. */
  readonly latencyCurve?: readonly LoadPoint[];
  readonly throughputCurve?: readonly LoadPoint[];
  readonly stageTimes?: readonly StageTimesAtLoad[];
  readonly cdf?: { readonly analytic: readonly CdfPoint[]; readonly percentiles: readonly MarkedPercentile[] };
  readonly heatmap?: { readonly xPool: string; readonly yPool: string; readonly cells: readonly HeatmapCell[] };
  readonly plan?: { readonly offeredRatePerSecond: number | null; readonly pools: readonly PlanPoolChange[]; readonly p99BeforeSeconds: number | null; readonly p99AfterSeconds: number | null };
  /** Why a chart's data is missing. */
  readonly notes: readonly string[];
}

export interface ChartDataOptions {
  readonly which?: readonly ChartName[];
  /** Points per load curve (default 40). */
  readonly loadPoints?: number;
}

/**
 * Everything the requested charts need, with the figures `reqpath analyze` prints: analytic where the measured
 * bands are within the target, analyze's seeded simulation where not (a few points per series,
 * analyzed-points.ts); sub-second for models analysed within the target.
 */
export function chartData(model: Model, options: ChartDataOptions = {}): ChartData {
  // The SPEC §5 charts are drawn by default only for a model with overload keys (they are simulated).
  const which = new Set<ChartName>(options.which ?? (model.overload === undefined ? CHART_NAMES : [...CHART_NAMES, ...OVERLOAD_CHART_NAMES]));
  const result = analyze(model);
  const count = options.loadPoints ?? 40;
  const closed = model.workload.kind === 'closed';
  const notes: string[] = [];
  const data: { -readonly [K in keyof ChartData]: ChartData[K] } = {
    model: model.name,
    ...(model.description !== undefined ? { description: model.description } : {}),
    ...(model.slo !== undefined ? { slo: model.slo } : {}),
    result,
    loadAxis: closed ? 'clients' : 'rate',
    ...(model.workload.kind === 'closed' ? { clients: model.workload.clients } : {}),
    notes,
  };
  const wanted = (...names: ChartName[]) => names.some((n) => which.has(n));

  if (wanted('latency-vs-load', 'throughput-vs-load')) {
    if (closed) {
      const counts = clientCounts(model, result, count);
      if (1.5 * saturationClients(model, result) > MAX_CLIENTS) {
        notes.push(`load curves: stop at ${MAX_CLIENTS} clients (reqpath's limit), short of saturation (about ${Math.round(saturationClients(model, result))} clients)`);
      }
      const points = analyzedPoints(counts.map((n) => withClients(model, n)), ['percentiles', 'dropRate']);
      const note = simulatedNote('load curves', points);
      if (note) notes.push(note);
      const curve = counts.flatMap((n, i) => (points.results[i] ? [clientsPointOf(points.results[i]!, n)] : []));
      data.latencyCurve = curve;
      data.throughputCurve = curve;
    } else {
      const ceiling = sweepCeiling(model, result);
      if (which.has('latency-vs-load')) data.latencyCurve = loadCurve(model, loadRates(ceiling, count, 0.05, 0.99), ['percentiles'], 'latency-vs-load', notes);
      if (which.has('throughput-vs-load')) data.throughputCurve = loadCurve(model, loadRates(ceiling, count, 0.05, 1.5), ['dropRate'], 'throughput-vs-load', notes);
    }
  }
  if (which.has('wait-vs-service')) {
    const loads: StageTimesAtLoad[] = [{ ratePerSecond: result.offeredRate, label: 'configured', stages: stageTimes(result) }];
    if (model.workload.kind === 'closed') {
      // Twice the clients, or the saturating population when that is more: where queueing shows.
      const more = Math.min(MAX_CLIENTS, Math.max(2 * model.workload.clients, Math.ceil(saturationClients(model, result))));
      loads.push({ ratePerSecond: null, label: `${more} clients`, stages: stageTimes(analyze(withClients(model, more), { percentiles: false })) });
    } else if (result.maxThroughput !== null && (result.offeredRate === null || result.offeredRate < 0.9 * result.maxThroughput)) {
      const near = 0.9 * result.maxThroughput;
      loads.push({ ratePerSecond: near, label: '90 % of saturation', stages: stageTimes(analyze(withArrivalRate(model, near), { percentiles: false })) });
    }
    data.stageTimes = loads;
  }
  if (which.has('latency-cdf')) {
    const analytic = latencyCdf(model, result);
    if (analytic.length === 0) notes.push('latency-cdf: skipped, the model is unstable at its configured load');
    else {
      const percentiles = (['p50', 'p90', 'p99', 'p999'] as const).flatMap((key) => {
        const seconds = result.latency[key];
        return seconds === null ? [] : [{ name: key, level: PERCENTILE_LEVELS[key], seconds }];
      });
      data.cdf = { analytic, percentiles };
      if (result.accuracy?.percentiles.kind === 'simulated') {
        notes.push('latency-cdf: the curve is the analytic distribution, measured beyond the target here; the marked percentiles are analyze’s, from its seeded simulation');
      }
    }
  }
  if (which.has('p99-heatmap')) {
    const pools = busiestPools(result);
    if (!result.stable) notes.push('p99-heatmap: skipped, the model is unstable at its configured load');
    else if (pools.length < 2) notes.push(`p99-heatmap: skipped, it needs two pools of finite threads (has ${pools.length})`);
    else {
      const x = threadAxis(result, pools[1]!);
      const y = threadAxis(result, pools[0]!);
      data.heatmap = { xPool: x.pool, yPool: y.pool, cells: p99Grid(model, x, y, notes) };
    }
  }
  if (which.has('plan-before-after')) {
    if (model.slo?.p99Seconds === undefined) notes.push('plan-before-after: skipped, the model has no slo.p99');
    else {
      const planned = plan(model, { headroom: false });
      if (!planned.feasible || planned.after === null) {
        notes.push(`plan-before-after: skipped, no sizing meets the SLO (${planned.infeasible.map((i) => i.reason).join('; ')})`);
      } else {
        data.plan = {
          offeredRatePerSecond: planned.targetRate,
          pools: planned.pools.flatMap((p) =>
            p.role === 'delay' || p.after === null || p.before.threads === 'infinite' || p.after.threads === 'infinite'
              ? []
              : [{ pool: p.name, threadsBefore: p.before.threads, threadsAfter: p.after.threads }],
          ),
          p99BeforeSeconds: planned.before.summary.p99,
          p99AfterSeconds: planned.after.summary.p99,
        };
      }
    }
  }
  Object.assign(data, overloadChartData(model, result, which, notes));
  return data;
}
