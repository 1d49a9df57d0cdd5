/**
 * Every chart of one model, by name: what `reqpath chart` writes and report.html shows.
 *
 *   chartData(model)                 (src/orchestrate/chart-data.ts: the analyses)
 *     └─ chartSetFromData(data, simulation?)   (here: pure, data → typed Vega-Lite specs)
 *
 * buildChartSet(model) is both in one call, for scripts and notebooks.
 */
import type { Model } from '../model/types.ts';
import type { Result } from '../model/result.ts';
import { chartData, type ChartData } from '../orchestrate/chart-data.ts';
import type { ChartSpec, SimLoadPoint, SimPercentile } from './types.ts';
import { latencyVsLoadSpec } from './latency-vs-load.ts';
import { utilizationSpec } from './utilization.ts';
import { waitVsServiceSpec } from './wait-vs-service.ts';
import { latencyCdfSpec } from './latency-cdf.ts';
import { throughputVsLoadSpec } from './throughput-vs-load.ts';
import { p99HeatmapSpec } from './p99-heatmap.ts';
import { planBeforeAfterSpec } from './plan-before-after.ts';

import { CHART_NAMES, OVERLOAD_CHART_NAMES, type ChartName } from './chart-names.ts';
import { goodputVsLoadSpec } from './goodput-vs-load.ts';
import { timelineSpec } from './timeline.ts';

export { CHART_NAMES, type ChartName };

export interface NamedChart {
  readonly name: ChartName;
  readonly spec: ChartSpec;
}

/** Simulation results to draw over the analytic curves (`--simulate`; see chartSimulation). */
export interface ChartSimulation {
  /** Simulated percentiles at several offered loads (or client populations, for a closed workload). */
  readonly load?: readonly SimLoadPoint[];
  /** Simulated end-to-end percentiles at the configured load. */
  readonly distribution?: readonly SimPercentile[];
}

export interface ChartSetOptions {
  readonly which?: readonly ChartName[];
  readonly simulation?: ChartSimulation;
  /** Points per load curve (default 40). */
  readonly loadPoints?: number;
}

export interface ChartSet {
  readonly result: Result;
  readonly charts: readonly NamedChart[];
  /** Why a requested chart was left out, or what is approximate in one. */
  readonly notes: readonly string[];
}

/** The charts drawn from data computed beforehand: no analysis here. */
export function chartSetFromData(data: ChartData, options: Pick<ChartSetOptions, 'which' | 'simulation'> = {}): ChartSet {
  const which = new Set<ChartName>(options.which ?? [...CHART_NAMES, ...OVERLOAD_CHART_NAMES]);
  const { result, slo } = data;
  const rate = result.offeredRate;
  const clientsAxis = data.loadAxis === 'clients';
  const charts: NamedChart[] = [];
  const add = (name: ChartName, spec: ChartSpec | null) => {
    if (which.has(name) && spec) charts.push({ name, spec });
  };
  add(
    'latency-vs-load',
    data.latencyCurve
      ? latencyVsLoadSpec({
          model: data.model,
          points: data.latencyCurve,
          simulated: options.simulation?.load,
          sloP99Seconds: slo?.p99Seconds,
          maxThroughputPerSecond: result.maxThroughput,
          bottleneck: result.bottleneck,
          currentRatePerSecond: rate,
          ...(clientsAxis ? { loadAxis: 'clients' as const, currentClients: data.clients } : {}),
        })
      : null,
  );
  add(
    'utilization',
    utilizationSpec({
      model: data.model,
      offeredRatePerSecond: rate,
      bottleneck: result.bottleneck,
      stages: result.stages.map((s) => ({ name: s.name, pool: s.pool, utilization: s.utilization, threads: s.threads })),
    }),
  );
  add('wait-vs-service', data.stageTimes ? waitVsServiceSpec({ model: data.model, loads: data.stageTimes }) : null);
  add(
    'latency-cdf',
    data.cdf
      ? latencyCdfSpec({
          model: data.model,
          offeredRatePerSecond: rate,
          analytic: data.cdf.analytic,
          percentiles: data.cdf.percentiles,
          simulated: options.simulation?.distribution,
          sloP99Seconds: slo?.p99Seconds,
        })
      : null,
  );
  add(
    'throughput-vs-load',
    data.throughputCurve
      ? throughputVsLoadSpec({
          model: data.model,
          points: data.throughputCurve,
          simulated: options.simulation?.load,
          maxThroughputPerSecond: result.maxThroughput,
          maxDropRate: slo?.maxDropRate,
          ...(clientsAxis ? { loadAxis: 'clients' as const, currentClients: data.clients } : {}),
        })
      : null,
  );
  add(
    'p99-heatmap',
    data.heatmap
      ? p99HeatmapSpec({
          model: data.model,
          offeredRatePerSecond: rate,
          xName: `${data.heatmap.xPool} threads`,
          yName: `${data.heatmap.yPool} threads`,
          cells: data.heatmap.cells,
          sloP99Seconds: slo?.p99Seconds,
        })
      : null,
  );
  add(
    'plan-before-after',
    data.plan && slo?.p99Seconds !== undefined ? planBeforeAfterSpec({ model: data.model, ...data.plan, sloP99Seconds: slo.p99Seconds }) : null,
  );
  add('timeline', data.timeline ? timelineSpec(data.timeline) : null);
  add('goodput-vs-load', data.goodput ? goodputVsLoadSpec(data.goodput) : null);
  return { result, charts, notes: data.notes };
}

/** Analyses and charts in one call. */
export function buildChartSet(model: Model, options: ChartSetOptions = {}): ChartSet {
  return chartSetFromData(chartData(model, options), options);
}
