/**
 * The result of analysing or simulating a model: SPEC §3's JSON, as types. Analysis, simulation, planning,
 * charts, the CLI and the TUI all speak this shape. Figures that would be infinite are null.
 */

export interface LatencySummary {
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
}

export const PERCENTILE_KEYS = ['p50', 'p90', 'p95', 'p99', 'p999'] as const;
export type PercentileKey = (typeof PERCENTILE_KEYS)[number];
export const PERCENTILE_LEVELS: Record<PercentileKey, number> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 };

export interface StageResult {
  readonly name: string;
  readonly pool: string;
  /** Threads of the stage's pool; "infinite" for a pure delay. */
  readonly threads: number | 'infinite';
  readonly visits: number;
  /** Share of the pool's threads busy on this stage (λ·v·S/c). */
  readonly utilization: number | null;
  /** Chance that a visit waits for a thread (Erlang C for M/M/c). */
  readonly probWait: number | null;
  /** Per visit, seconds. */
  readonly meanWait: number | null;
  readonly meanResponse: number | null;
  /** Waiting requests (not in service). */
  readonly meanQueueLength: number | null;
  /** Waiting plus in service. */
  readonly meanInSystem: number | null;
  /** Completed visits per second. */
  readonly throughput: number;
  /** Fraction of arriving visits refused because the waiting room was full. */
  readonly dropRate: number;
}

export interface PoolResult {
  readonly name: string;
  readonly threads: number | 'infinite';
  readonly queueCapacity: number | null;
  readonly dispatch: 'shared' | 'per-thread';
  readonly stages: readonly string[];
  readonly utilization: number | null;
  readonly probWait: number | null;
  readonly meanWait: number | null;
  readonly meanQueueLength: number | null;
  readonly meanInSystem: number | null;
  /** Visits per second arriving (before drops). */
  readonly arrivalRate: number;
  readonly dropRate: number;
  /** How the pool was solved, e.g. "M/M/c exact (Erlang C)". */
  readonly method: string;
}

/** SPEC §5: one window of a time-driven run (times in seconds from the start, rates per second). */
export interface TimelineWindow {
  readonly start: number;
  readonly end: number;
  /** Original requests arriving per second (retries excluded). */
  readonly offered: number;
  /** Attempts the server completed per second, in time or late. */
  readonly throughput: number;
  /** Requests completed within their timeout per second. */
  readonly goodput: number;
  /** 99th percentile of the latency of requests that succeeded in the window; null when none did. */
  readonly p99: number | null;
  /** Time-average number of attempts in the system (waiting or in service). */
  readonly inSystem: number;
}

/** SPEC §5: one stable operating point of a bistable system. */
export interface OperatingPoint {
  readonly throughput: number;
  readonly goodput: number;
  readonly p99: number | null;
}

export interface Metastability {
  readonly points: readonly OperatingPoint[];
  /** Offered rate above which the system falls to the bad point and stays there when the load returns. */
  readonly triggerRate: number;
  /**
   * Added to SPEC §5 (compatible): the offered rate from which the bad point, once reached, sustains itself —
   * the lower edge of the bistable region (triggerRate is the upper). Below it the system always recovers.
   */
  readonly sustainRate: number;
}

/**
 * SPEC §5 figures, present only for a model with overload keys (absent otherwise, so plain results keep their
 * exact shape). Rates are per original request; null = no method gives it (then `notes` says so).
 */
export interface OverloadFigures {
  /** Requests per second completed within the timeout, first try or retried. */
  readonly goodput: number | null;
  readonly timeoutRate: number | null;
  readonly abandonRate: number | null;
  readonly retryRate: number | null;
  /** Share of busy thread-time spent on attempts whose client had already given up. */
  readonly wastedWork: number | null;
  readonly metastable: Metastability | null;
  readonly timeline?: readonly TimelineWindow[];
}

/** SPEC §3's result; the SPEC §5 figures appear only for a model with overload keys. */
export interface Result extends Partial<OverloadFigures> {
  readonly model: string;
  readonly method: 'analytic' | 'simulation';
  readonly stable: boolean;
  /** Requests per second offered; null for a closed workload. */
  readonly offeredRate: number | null;
  /** Requests per second completed. */
  readonly throughput: number | null;
  /** The request rate at which the bottleneck saturates; null when nothing ever saturates. */
  readonly maxThroughput: number | null;
  readonly bottleneck: string | null;
  /** Fraction of requests dropped at a full queue. */
  readonly dropRate: number;
  readonly latency: LatencySummary;
  readonly stages: readonly StageResult[];
  readonly pools: readonly PoolResult[];
  readonly notes: readonly string[];
  /**
   * How each headline figure was obtained (README "Never silent"): exact, a named approximation with the error
   * band our accuracy harness measured for it, or simulated with a 95% half-width. Absent only on results built
   * by hand; analyze and simulate always fill it.
   */
  readonly accuracy?: ResultAccuracy;
}

/**
 * exact: a closed form or exact numerical method; approximation: a named method with a measured error band;
 * none: the figure is not given (null: an unstable model's waits grow without bound), so nothing is claimed.
 */
export type FigureKind = 'exact' | 'approximation' | 'simulated' | 'none';

export interface FigureAccuracy {
  readonly kind: FigureKind;
  /** The method, in words (the parts below name each piece). */
  readonly method: string;
  /**
   * approximation: the relative error (|analytic / simulated − 1|) our harness measured for the methods used,
   * combined over the parts by their share of the mean latency; null when no measurement covers the case.
   */
  readonly errorBand?: number | null;
  /** simulated: the 95% half-width, in the figure's own unit (seconds, or a probability for dropRate). */
  readonly ci?: number | null;
}

/** One piece of the model (a pool, the CPU, the workload) and the method that solved it. */
export interface PartAccuracy {
  /** A pool name, or "cores", or "workload". */
  readonly part: string;
  /** Key into the band table (src/analytic/accuracy-bands.ts), e.g. "mgc-lee-longton". */
  readonly method: string;
  readonly kind: 'exact' | 'approximation';
  /** Share of the mean end-to-end latency spent in this part (weights the bands). */
  readonly share: number;
  /** The method's load figure at this part (ρ for a queue, scv for a transform; see the band table's rows). */
  readonly x?: number;
  /** Measured worst relative errors of this method at this load; null = exact or not measured. */
  readonly meanBand: number | null;
  readonly p99Band: number | null;
  readonly dropRateBand: number | null;
}

export interface ResultAccuracy {
  readonly mean: FigureAccuracy;
  /** p50 … p999 (the band is the one measured at p99). */
  readonly percentiles: FigureAccuracy;
  readonly dropRate: FigureAccuracy;
  /** The errors analyze accepts before it answers from a simulation instead. */
  readonly target: { readonly mean: number; readonly percentiles: number; readonly dropRate: number };
  readonly parts: readonly PartAccuracy[];
}
