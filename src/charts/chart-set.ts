/**
 * Every chart of one model, by name: what `reqpath chart` writes and report.html shows.
 *
 * model → analyze (configured load) ─┬─ load sweep 5–99 % of saturation → latency vs load
 *                                    ├─ load sweep 5–150 %              → throughput and drops
 *                                    ├─ stage results                    → utilisation, wait vs service
 *                                    ├─ end-to-end transform             → latency CDF
 *                                    ├─ two busiest pools' threads grid  → p99 heatmap
 *                                    └─ plan (src/plan) to the SLO       → before/after
 */
import type { Model } from '../model/types.ts';
import { PERCENTILE_LEVELS, type Result } from '../model/result.ts';
import { analyze } from '../analytic/analyze.ts';
import { withArrivalRate } from '../model/edit.ts';
import type { ChartSpec, SimLoadPoint, SimPercentile } from './types.ts';
import { plan } from '../plan/plan.ts';
import { busiestPools, loadCurve, loadRates, p99Grid, stageTimes, sweepCeiling, threadAxis } from './cli-data.ts';
import { latencyCdf } from './latency-cdf-data.ts';
import { latencyVsLoadSpec } from './latency-vs-load.ts';
import { utilizationSpec } from './utilization.ts';
import { waitVsServiceSpec } from './wait-vs-service.ts';
import { latencyCdfSpec } from './latency-cdf.ts';
import { throughputVsLoadSpec } from './throughput-vs-load.ts';
import { p99HeatmapSpec } from './p99-heatmap.ts';
import { planBeforeAfterSpec } from './plan-before-after.ts';

import { CHART_NAMES, type ChartName } from './chart-names.ts';

export { CHART_NAMES, type ChartName };

export interface NamedChart {
  readonly name: ChartName;
  readonly spec: ChartSpec;
}

/** Simulation results to draw over the analytic curves (the hook for `--simulate`). */
export interface ChartSimulation {
  /** Simulated percentiles at several offered loads. */
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

export function buildChartSet(model: Model, options: ChartSetOptions = {}): ChartSet {
  const which = new Set(options.which ?? CHART_NAMES);
  const result = analyze(model);
  const rate = result.offeredRate;
  const slo = model.slo;
  const ceiling = sweepCeiling(model, result);
  const count = options.loadPoints ?? 40;
  const notes: string[] = [];
  const charts: NamedChart[] = [];
  const add = (name: ChartName, build: () => ChartSpec | null) => {
    if (!which.has(name)) return;
    const spec = build();
    if (spec) charts.push({ name, spec });
  };

  add('latency-vs-load', () =>
    latencyVsLoadSpec({
      model: model.name,
      points: loadCurve(model, loadRates(ceiling, count, 0.05, 0.99)),
      simulated: options.simulation?.load,
      sloP99Seconds: slo?.p99Seconds,
      maxThroughputPerSecond: result.maxThroughput,
      bottleneck: result.bottleneck,
      currentRatePerSecond: rate,
    }),
  );
  add('utilization', () =>
    utilizationSpec({
      model: model.name,
      offeredRatePerSecond: rate,
      bottleneck: result.bottleneck,
      stages: result.stages.map((s) => ({ name: s.name, pool: s.pool, utilization: s.utilization, threads: s.threads })),
    }),
  );
  add('wait-vs-service', () => {
    const loads = [{ ratePerSecond: rate, label: 'configured', stages: stageTimes(result) }];
    if (result.maxThroughput !== null && (rate === null || rate < 0.9 * result.maxThroughput)) {
      const near = 0.9 * result.maxThroughput;
      loads.push({ ratePerSecond: near, label: '90 % of saturation', stages: stageTimes(analyze(withArrivalRate(model, near), { percentiles: false })) });
    }
    return waitVsServiceSpec({ model: model.name, loads });
  });
  add('latency-cdf', () => {
    const analytic = latencyCdf(model, result);
    if (analytic.length === 0) {
      notes.push('latency-cdf: skipped, the model is unstable at its configured load');
      return null;
    }
    const percentiles = (['p50', 'p90', 'p99', 'p999'] as const).flatMap((key) => {
      const seconds = result.latency[key];
      return seconds === null ? [] : [{ name: key, level: PERCENTILE_LEVELS[key], seconds }];
    });
    return latencyCdfSpec({ model: model.name, offeredRatePerSecond: rate, analytic, percentiles, simulated: options.simulation?.distribution, sloP99Seconds: slo?.p99Seconds });
  });
  add('throughput-vs-load', () =>
    throughputVsLoadSpec({
      model: model.name,
      points: loadCurve(model, loadRates(ceiling, count, 0.05, 1.5)),
      simulated: options.simulation?.load,
      maxThroughputPerSecond: result.maxThroughput,
      maxDropRate: slo?.maxDropRate,
    }),
  );
  add('p99-heatmap', () => {
    const pools = busiestPools(result);
    if (pools.length < 2 || !result.stable) {
      notes.push(`p99-heatmap: skipped, it needs two finite pools and a stable model (has ${pools.length})`);
      return null;
    }
    const x = threadAxis(result, pools[1]!);
    const y = threadAxis(result, pools[0]!);
    return p99HeatmapSpec({
      model: model.name,
      offeredRatePerSecond: rate,
      xName: `${x.pool} threads`,
      yName: `${y.pool} threads`,
      cells: p99Grid(model, x, y),
      sloP99Seconds: slo?.p99Seconds,
    });
  });
  add('plan-before-after', () => {
    if (slo?.p99Seconds === undefined) {
      notes.push('plan-before-after: skipped, the model has no slo.p99');
      return null;
    }
    const planned = plan(model, { headroom: false });
    if (!planned.feasible || planned.after === null) {
      notes.push(`plan-before-after: skipped, no sizing meets the SLO (${planned.infeasible.map((i) => i.reason).join('; ')})`);
      return null;
    }
    return planBeforeAfterSpec({
      model: model.name,
      offeredRatePerSecond: planned.targetRate,
      pools: planned.pools.flatMap((p) =>
        p.role === 'delay' || p.after === null || p.before.threads === 'infinite' || p.after.threads === 'infinite'
          ? []
          : [{ pool: p.name, threadsBefore: p.before.threads, threadsAfter: p.after.threads }],
      ),
      p99BeforeSeconds: planned.before.summary.p99,
      p99AfterSeconds: planned.after.summary.p99,
      sloP99Seconds: slo.p99Seconds,
    });
  });
  return { result, charts, notes };
}
