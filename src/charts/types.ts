/**
 * Inputs of the chart builders: plain data, so a script, the CLI, the TUI or a notebook can fill them from
 * analysis, simulation, a sweep or a plan without the charts knowing how they were computed.
 * All times are seconds and rates requests per second here; the builders convert to ms for display.
 */
import type { TopLevelSpec } from 'vega-lite';

/** A Vega-Lite 6 top-level spec. */
export type ChartSpec = TopLevelSpec;

/** One analytic point of a load curve. Null where the model is unstable (infinite figures). */
export interface LoadPoint {
  readonly offeredRatePerSecond: number;
  readonly p50Seconds: number | null;
  readonly p95Seconds: number | null;
  readonly p99Seconds: number | null;
  /** Completed requests per second. */
  readonly throughputPerSecond: number | null;
  /** Fraction of offered requests dropped at a full queue. */
  readonly dropRate: number;
  /** False past saturation with an unbounded queue (default true). */
  readonly stable?: boolean;
  /** A closed workload's client population: the point's place on a 'clients' load axis. */
  readonly clients?: number;
}

/**
 * What a load curve runs along: the offered rate of an open workload, or the client population of a closed
 * one (which has no offered rate: its throughput is what the clients achieve).
 */
export type LoadAxisKind = 'rate' | 'clients';

/**
 * One simulated point (a SimResult reduced to plain numbers). `ci*` are 95% confidence half-widths; omitted
 * when the simulation ran a single replication.
 */
export interface SimLoadPoint {
  readonly rate: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly ciP50?: number | null;
  readonly ciP95?: number | null;
  readonly ciP99?: number | null;
  readonly throughput?: number | null;
  readonly ciThroughput?: number | null;
  readonly dropRate?: number | null;
  /** A closed workload's client population (the x on a 'clients' load axis). */
  readonly clients?: number;
}

export interface LatencyVsLoadInput {
  readonly model: string;
  readonly points: readonly LoadPoint[];
  readonly simulated?: readonly SimLoadPoint[];
  /** SLO on p99, seconds. */
  readonly sloP99Seconds?: number;
  /** Request rate at which the bottleneck saturates (Result.maxThroughput). */
  readonly maxThroughputPerSecond?: number | null;
  readonly bottleneck?: string | null;
  /** The model's own arrival rate, marked on the curve. */
  readonly currentRatePerSecond?: number | null;
  /** Default 'rate'; 'clients' for a closed workload (x = client population). */
  readonly loadAxis?: LoadAxisKind;
  /** The model's own client population, marked on a 'clients' axis. */
  readonly currentClients?: number;
}

export interface ThroughputVsLoadInput {
  readonly model: string;
  readonly points: readonly LoadPoint[];
  readonly simulated?: readonly SimLoadPoint[];
  readonly maxThroughputPerSecond?: number | null;
  readonly maxDropRate?: number;
  /** Default 'rate'; 'clients' for a closed workload (x = client population, no offered = completed line). */
  readonly loadAxis?: LoadAxisKind;
  /** The model's own client population, marked on a 'clients' axis. */
  readonly currentClients?: number;
}

/** A stage (or pool) bar. */
export interface StageUtilization {
  readonly name: string;
  /** The pool serving the stage; a stage on the bottleneck pool is highlighted. */
  readonly pool?: string;
  readonly utilization: number | null;
  readonly threads: number | 'infinite';
}

export interface UtilizationInput {
  readonly model: string;
  readonly offeredRatePerSecond: number | null;
  readonly stages: readonly StageUtilization[];
  readonly bottleneck: string | null;
}

/** Per-request time in one stage: visits × per-visit wait and service. */
export interface StageTime {
  readonly name: string;
  readonly waitSeconds: number | null;
  readonly serviceSeconds: number | null;
}

/** One panel: the stages' times at one offered load. */
export interface StageTimesAtLoad {
  readonly ratePerSecond: number | null;
  /** E.g. "configured", "80 % of saturation". */
  readonly label?: string;
  readonly stages: readonly StageTime[];
}

export interface WaitVsServiceInput {
  readonly model: string;
  readonly loads: readonly StageTimesAtLoad[];
}

/** One point of the end-to-end latency CDF. */
export interface CdfPoint {
  readonly seconds: number;
  /** P(T ≤ seconds). */
  readonly probability: number;
}

/** A simulated percentile with its 95% CI half-width, drawn over the analytic CDF. */
export interface SimPercentile {
  readonly level: number;
  readonly seconds: number;
  readonly ciSeconds?: number | null;
}

/** An analytic percentile marked on the CDF, e.g. { name: 'p99', level: 0.99, seconds: 0.0097 }. */
export interface MarkedPercentile {
  readonly name: string;
  readonly level: number;
  readonly seconds: number;
}

export interface LatencyCdfInput {
  readonly model: string;
  readonly offeredRatePerSecond: number | null;
  readonly analytic: readonly CdfPoint[];
  readonly percentiles?: readonly MarkedPercentile[];
  readonly simulated?: readonly SimPercentile[];
  readonly sloP99Seconds?: number;
}

/** One cell of a two-parameter sweep. */
export interface HeatmapCell {
  readonly x: number;
  readonly y: number;
  /** Null where the model is unstable. */
  readonly p99Seconds: number | null;
  /**
   * How p99Seconds was obtained where it is not an analytic figure within the accuracy target: `simulated`
   * (analyze's seeded simulation), or `beyond-target` (the analytic figure, its method measured beyond the 5%
   * target and not simulated here: drawn, and marked).
   */
  readonly obtained?: 'simulated' | 'beyond-target';
  /** beyond-target: the measured error band of the analytic p99 (null: not measured). */
  readonly errorBand?: number | null;
}

export interface P99HeatmapInput {
  readonly model: string;
  readonly offeredRatePerSecond: number | null;
  /** Axis titles, e.g. "decrypt threads". */
  readonly xName: string;
  readonly yName: string;
  readonly cells: readonly HeatmapCell[];
  readonly sloP99Seconds?: number;
}

export interface PlanPoolChange {
  readonly pool: string;
  readonly threadsBefore: number;
  readonly threadsAfter: number;
}

export interface PlanBeforeAfterInput {
  readonly model: string;
  readonly offeredRatePerSecond: number | null;
  readonly pools: readonly PlanPoolChange[];
  readonly p99BeforeSeconds: number | null;
  readonly p99AfterSeconds: number | null;
  readonly sloP99Seconds?: number;
}
