/**
 * The few figures of a Result that a sweep row or a plan's before/after needs, flat so a row is one
 * Vega-Lite datum and one CSV line. Infinite figures are already null in a Result.
 */
import type { Result } from '../model/result.ts';

export interface ResultSummary {
  readonly stable: boolean;
  readonly throughput: number | null;
  readonly maxThroughput: number | null;
  readonly bottleneck: string | null;
  readonly dropRate: number;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
  /** Busy fraction per pool (0 for a pure delay; 1 when overloaded: every thread busy). */
  readonly utilization: Readonly<Record<string, number | null>>;
  /** 95 % half-widths of the latency figures when the Result came from a simulation. */
  readonly ci?: Readonly<Record<string, number | null>>;
}

interface WithCi {
  readonly ci?: Readonly<Record<string, unknown>>;
}

const LATENCY_KEYS = ['mean', 'p50', 'p90', 'p95', 'p99', 'p999'] as const;

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
  return any ? out : undefined;
}

export function summarize(result: Result): ResultSummary {
  const latency = result.latency;
  const ci = latencyCi((result as Result & WithCi).ci);
  return {
    stable: result.stable,
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
  };
}
