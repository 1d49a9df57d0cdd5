/**
 * Simulation results as chart points: simulated percentiles with their 95% CI half-widths (Student-t across
 * replications, from simulate()) at several loads, and at one load for the latency distribution.
 */
import type { Model } from '../model/types.ts';
import { PERCENTILE_KEYS, PERCENTILE_LEVELS } from '../model/result.ts';
import { withArrivalRate } from '../model/edit.ts';
import { simulate } from '../sim/simulate.ts';
import type { SimResult, SimulateOptions } from '../sim/types.ts';
import type { SimLoadPoint, SimPercentile } from './types.ts';

export function simLoadPoint(ratePerSecond: number, r: SimResult): SimLoadPoint {
  return {
    rate: ratePerSecond,
    p50: r.latency.p50,
    p95: r.latency.p95,
    p99: r.latency.p99,
    ciP50: r.ci.p50,
    ciP95: r.ci.p95,
    ciP99: r.ci.p99,
    throughput: r.throughput,
    ciThroughput: r.ci.throughput,
    dropRate: r.dropRate,
  };
}

export function simPercentiles(r: SimResult): SimPercentile[] {
  return PERCENTILE_KEYS.flatMap((key) => {
    const seconds = r.latency[key];
    return seconds === null ? [] : [{ level: PERCENTILE_LEVELS[key], seconds, ciSeconds: r.ci[key] }];
  });
}

/** Simulates the model at each rate (same options and seed at each, so the points are reproducible). */
export function simulateLoad(model: Model, rates: readonly number[], options: SimulateOptions): SimLoadPoint[] {
  return rates.map((rate) => simLoadPoint(rate, simulate(withArrivalRate(model, rate), options)));
}
