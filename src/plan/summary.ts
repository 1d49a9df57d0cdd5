/**
 * The few figures of a Result that a sweep row or a plan's before/after needs, flat so a row is one
 * Vega-Lite datum and one CSV line. Infinite figures are already null in a Result.
 */
import type { FigureAccuracy, LatencySummary, Result } from '../model/result.ts';
import { instabilityOf, type Instability } from '../model/instability.ts';

/** The latency figures (mean, p50 … p999) flat beside the others. */
export interface ResultSummary extends LatencySummary {
  readonly stable: boolean;
  /** Why the point is not stable (instability.ts); absent when it is. */
  readonly instability?: Instability;
  readonly throughput: number | null;
  readonly maxThroughput: number | null;
  readonly bottleneck: string | null;
  readonly dropRate: number;
  /** Busy fraction per pool (0 for a pure delay; 1 when overloaded: every thread busy). */
  readonly utilization: Readonly<Record<string, number | null>>;
  /** 95 % half-widths of the latency (and SPEC §5) figures when the Result came from a simulation. */
  readonly ci?: Readonly<Record<string, number | null>>;
  /** SPEC §5, only for a model with overload keys: requests/s completed within the timeout. */
  readonly goodput?: number | null;
  /** Timed-out attempts per original request. */
  readonly timeoutRate?: number | null;
  /** Retries per original request. */
  readonly retryRate?: number | null;
  readonly abandonRate?: number | null;
  readonly wastedWork?: number | null;
  /** True when the load is bistable (Result.metastable set); null when no method tells. */
  readonly bistable?: boolean | null;
  /** A time-driven run's goodput in its last timeline window: whether it recovered after a spike. */
  readonly endGoodput?: number;
  /** The offered rate in that window, to compare with. */
  readonly endOffered?: number;
  /** How the figures were obtained (the Result's `accuracy` without its parts): exact, approximate with a band, or simulated. */
  readonly accuracy?: { readonly mean: FigureAccuracy; readonly percentiles: FigureAccuracy; readonly dropRate: FigureAccuracy };
}

interface WithCi {
  readonly ci?: Readonly<Record<string, unknown>>;
}

const LATENCY_KEYS = ['mean', 'p50', 'p90', 'p95', 'p99', 'p999'] as const;
const OVERLOAD_KEYS = ['goodput', 'timeoutRate', 'retryRate', 'abandonRate', 'wastedWork'] as const;

/** The simulator's latency half-widths, whether nested under `ci.latency` or flat in `ci`. */
function latencyCi(ci: Readonly<Record<string, unknown>> | undefined): Record<string, number | null> | undefined {
  if (!ci) return undefined;
  const source = (typeof ci.latency === 'object' && ci.latency !== null ? ci.latency : ci) as Record<string, unknown>;
  const out: Record<string, number | null> = {};
  let any = false;
  for (const key of LATENCY_KEYS) {
    const v = source[key];
    if (typeof v === 'number' || v === null) {
      out[key] = typeof v === 'number' && Number.isFinite(v) ? v : null;
      any = true;
    }
  }
  for (const key of OVERLOAD_KEYS) {
    const v = ci[key];
    if (typeof v === 'number' || v === null) {
      out[key] = typeof v === 'number' && Number.isFinite(v) ? v : null;
      any = true;
    }
  }
  return any ? out : undefined;
}

/** The SPEC §5 figures, flat; nothing for a Result without them (a plain model's row keeps its shape). */
function overloadSummary(result: Result): Partial<ResultSummary> {
  if (result.goodput === undefined) return {};
  return {
    goodput: result.goodput,
    timeoutRate: result.timeoutRate ?? null,
    retryRate: result.retryRate ?? null,
    abandonRate: result.abandonRate ?? null,
    wastedWork: result.wastedWork ?? null,
    // A simulation reports the point it reached, never both: bistability is the analysis's to tell.
    bistable: result.method === 'analytic' && result.goodput !== null ? result.metastable != null : null,
    ...endOfTimeline(result),
  };
}

function endOfTimeline(result: Result): Partial<ResultSummary> {
  const last = result.timeline?.[result.timeline.length - 1];
  return last === undefined ? {} : { endGoodput: last.goodput, endOffered: last.offered };
}

export function summarize(result: Result): ResultSummary {
  const latency = result.latency;
  const ci = latencyCi((result as Result & WithCi).ci);
  const instability = instabilityOf(result);
  return {
    stable: result.stable,
    ...(instability !== null ? { instability } : {}),
    throughput: result.throughput,
    maxThroughput: result.maxThroughput,
    bottleneck: result.bottleneck,
    dropRate: result.dropRate,
    mean: latency.mean,
    p50: latency.p50,
    p90: latency.p90,
    p95: latency.p95,
    p99: latency.p99,
    p999: latency.p999,
    utilization: Object.fromEntries(result.pools.map((p) => [p.name, p.utilization])),
    ...(ci ? { ci } : {}),
    ...overloadSummary(result),
    ...(result.accuracy
      ? { accuracy: { mean: result.accuracy.mean, percentiles: result.accuracy.percentiles, dropRate: result.accuracy.dropRate } }
      : {}),
  };
}
