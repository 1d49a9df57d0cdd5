/**
 * The normalised model: every unit resolved to seconds and requests per second, every default filled in,
 * pools and run-to-completion segments resolved. Analysis and simulation read only this.
 *
 * Symbols, mapped once: λ = `arrivalRatePerSecond`, S = `meanSeconds` (mean service of one visit),
 * c = `threads`, K − c = `queueCapacity`, v = `visits`, ρ = λ·v·S / c = utilization.
 *
 * `Infinity` is used inside the core for "unbounded" (queueCapacity) and "pure delay" (threads);
 * it never reaches a user: results turn it into null.
 */
import type { DistributionName, ServiceDist } from './distribution.ts';

export type Dispatch = 'shared' | 'per-thread';

export interface OpenWorkload {
  readonly kind: 'open';
  readonly arrivalRatePerSecond: number;
  /** Squared coefficient of variation of inter-arrival times; 1 = Poisson. */
  readonly arrivalScv: number;
  readonly requestsPerConnection: number;
}

export interface ClosedWorkload {
  readonly kind: 'closed';
  readonly clients: number;
  readonly thinkSeconds: number;
  readonly requestsPerConnection: number;
}

export type Workload = OpenWorkload | ClosedWorkload;

export interface Stage {
  readonly name: string;
  readonly index: number;
  readonly service: ServiceDist;
  readonly distribution: DistributionName;
  /**
   * Mean visits per request. v ≤ 1: visited once with probability v (perConnection stages: exactly when the
   * request opens a connection). v > 1: 1 + Geometric visits, re-entering with probability 1 − 1/v after each.
   */
  readonly visits: number;
  readonly perConnection: boolean;
  /** The pool whose threads serve this stage: the stage's own name when it declares `threads` itself. */
  readonly pool: string;
  /** Subject to the `cores` limit (default true; delay stages never are). */
  readonly cpuBound: boolean;
  /** SPEC §5: a visit that waits this long in the stage's queue is dropped (and may be retried). */
  readonly queueTimeoutSeconds?: number;
}

export interface Pool {
  readonly name: string;
  /** Infinity = pure delay (no queueing). */
  readonly threads: number;
  /** Waiting places excluding those in service; Infinity = unbounded. */
  readonly queueCapacity: number;
  readonly dispatch: Dispatch;
  /** True when declared under `pools:` rather than implied by a stage's own `threads`. */
  readonly declared: boolean;
}

/**
 * A maximal run of consecutive stages on the same pool: a request takes one thread for the whole run
 * (run to completion) and queues again only when it leaves the pool and comes back.
 */
export interface Segment {
  readonly index: number;
  readonly pool: string;
  /** Indices into Model.stages, in visiting order. */
  readonly stageIndices: readonly number[];
}

export interface Slo {
  readonly meanSeconds?: number;
  readonly p50Seconds?: number;
  readonly p90Seconds?: number;
  readonly p95Seconds?: number;
  readonly p99Seconds?: number;
  readonly p999Seconds?: number;
  readonly maxDropRate?: number;
  /** SPEC §5: goodput at least this many requests/s … */
  readonly minGoodputPerSecond?: number;
  /** … or at least this share of the offered rate (follows a plan's target rate). */
  readonly minGoodputShare?: number;
  /** SPEC §5: timed-out attempts per original request at most this (retries can make it exceed 1). */
  readonly maxTimeoutRate?: number;
}

/** SPEC §5: from `at` on, original requests arrive at `ratePerSecond`. */
export interface ScheduleStep {
  readonly atSeconds: number;
  readonly ratePerSecond: number;
}

export type Jitter = 'none' | 'full' | 'equal';
export type Cancel = 'queued' | 'none';

/**
 * Retry k (k = 1 … attempts − 1) waits backoff · multiplier^(k−1), drawn uniformly in [0, that] with `full`
 * jitter and in [that/2, that] with `equal`. With a budget b, retries are paid from a token bucket that each
 * original request fills by b (capped, see RETRY_BUDGET_WINDOW_SECONDS), so retries stay ≤ b × originals.
 */
export interface RetryPolicy {
  readonly attempts: number;
  readonly backoffSeconds: number;
  readonly multiplier: number;
  readonly jitter: Jitter;
  /** Share of original traffic that retries may add; null = unlimited. */
  readonly budget: number | null;
}

/**
 * SPEC §5 overload behaviour; Model.overload is absent when the file has none of its keys, so the plain
 * model (and everything computed from it) is exactly what it was before these keys existed.
 */
export interface Overload {
  /** Piecewise-constant offered rate (open workloads); null = the constant arrivalRate. */
  readonly schedule: readonly ScheduleStep[] | null;
  /** Simulated time of a time-driven run (set with a schedule or `horizon`); null = run by request count. */
  readonly horizonSeconds: number | null;
  /** End-to-end client timeout of one attempt; Infinity = none. */
  readonly timeoutSeconds: number;
  /** Patience while waiting (summed over the queues a request waits in); null = infinitely patient. */
  readonly patience: ServiceDist | null;
  readonly cancel: Cancel;
  readonly retry: RetryPolicy | null;
}

export interface Model {
  readonly name: string;
  readonly description?: string;
  readonly workload: Workload;
  readonly stages: readonly Stage[];
  readonly pools: readonly Pool[];
  readonly segments: readonly Segment[];
  readonly slo?: Slo;
  readonly cores?: number;
  readonly overload?: Overload;
}
