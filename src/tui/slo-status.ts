/**
 * Whether a Result meets the model's SLO, bound by bound, for the header and the latency line.
 * An unstable model misses every bound (its latencies are infinite); a missing figure counts as missed.
 */
import type { Result } from '../model/result.ts';
import type { Slo } from '../model/types.ts';

export interface SloBound {
  /** "p99", "mean", "drops". */
  readonly label: string;
  /** Seconds for latency bounds, a fraction for drops. */
  readonly limit: number;
  readonly kind: 'latency' | 'fraction';
  readonly met: boolean;
}

export interface SloStatus {
  /** False when the model declares no SLO at all. */
  readonly declared: boolean;
  readonly met: boolean;
  readonly bounds: readonly SloBound[];
}

const LATENCY_KEYS = [
  ['mean', 'meanSeconds'],
  ['p50', 'p50Seconds'],
  ['p90', 'p90Seconds'],
  ['p95', 'p95Seconds'],
  ['p99', 'p99Seconds'],
  ['p999', 'p999Seconds'],
] as const;

export function sloStatus(slo: Slo | undefined, result: Result): SloStatus {
  const bounds: SloBound[] = [];
  for (const [label, key] of LATENCY_KEYS) {
    const limit = slo?.[key];
    if (limit === undefined) continue;
    const value = result.latency[label];
    bounds.push({ label, limit, kind: 'latency', met: result.stable && value !== null && value <= limit });
  }
  if (slo?.maxDropRate !== undefined) {
    bounds.push({ label: 'drops', limit: slo.maxDropRate, kind: 'fraction', met: result.stable && result.dropRate <= slo.maxDropRate });
  }
  return { declared: bounds.length > 0, met: bounds.every((b) => b.met), bounds };
}
