/**
 * The data behind `reqpath chart`: what-if analyses of one model (a load sweep, a two-pool thread grid)
 * turned into the builders' plain inputs. Pure: analyze() and model edits only.
 */
import type { Model } from '../model/types.ts';
import type { Result } from '../model/result.ts';
import { analyze } from '../analytic/analyze.ts';
import { withArrivalRate, withThreads } from '../model/edit.ts';
import type { HeatmapCell, LoadPoint, StageTime } from './types.ts';

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

export function loadPoint(model: Model, ratePerSecond: number): LoadPoint {
  const r = analyze(withArrivalRate(model, ratePerSecond));
  return {
    offeredRatePerSecond: ratePerSecond,
    p50Seconds: r.latency.p50,
    p95Seconds: r.latency.p95,
    p99Seconds: r.latency.p99,
    throughputPerSecond: r.throughput,
    dropRate: r.dropRate,
    stable: r.stable,
  };
}

/** Analytic points at `rates`. */
export function loadCurve(model: Model, rates: readonly number[]): LoadPoint[] {
  return rates.map((rate) => loadPoint(model, rate));
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

/** p99 over the grid x × y of two pools' thread counts, at the model's own load. */
export function p99Grid(model: Model, x: ThreadAxis, y: ThreadAxis): HeatmapCell[] {
  return x.threads.flatMap((tx) =>
    y.threads.map((ty) => {
      const r = analyze(withThreads(withThreads(model, x.pool, tx), y.pool, ty));
      return { x: tx, y: ty, p99Seconds: r.latency.p99 };
    }),
  );
}
