/** Options and result of simulate(): SPEC §3's Result plus confidence intervals and run figures. */
import type { LatencySummary, Result } from '../model/result.ts';
import type { ReplicationBatch } from './parallel.ts';
import type { Tally } from './tally.ts';

export type EngineName = 'fast' | 'simjs' | 'recursion';

export interface SimProgress {
  /** Fraction of the planned work done, in [0, 1]. */
  readonly fraction: number;
  readonly events: number;
  readonly replication: number;
  readonly replications: number;
  readonly elapsedSeconds: number;
}

export interface SimulateOptions {
  /** Measured requests per replication (after the warm-up). */
  readonly requests?: number;
  readonly replications?: number;
  readonly seed?: number;
  /**
   * Requests discarded at the start of each replication; default requests / 10. 'auto': found by MSER-5 on a
   * pilot run (src/sim/mser.ts); the result's `warmup` says how many.
   */
  readonly warmup?: number | 'auto';
  readonly engine?: EngineName;
  /** Relative 95% half-width of the mean latency to reach; adds replications until it is met (cap 200). */
  readonly precision?: number;
  readonly onProgress?: (progress: SimProgress) => void;
  /**
   * simulateAsync only: worker threads for the replications. Default: os.availableParallelism(), used when
   * the run has over 200 000 requests in all (2 000 000 when run from source through tsx), one worker per
   * replication when they do not divide evenly among the cores; a number forces that many (1 = none). simulate() never uses
   * workers. The JSON does not depend on it.
   */
  readonly workers?: number;
  /** Time-driven runs (a schedule or horizon): timeline window in seconds; default 1. */
  readonly windowSeconds?: number;
  /** Warm start of an open model: this many requests are in the system at time 0 (to watch recovery). */
  readonly initialInSystem?: number;
  /**
   * simulateAsync only: runs the replications somewhere else (e.g. as jobs on Redis, src/distributed) instead
   * of on local worker threads; every replication goes through it. Tallies come back in replication order,
   * so the JSON does not depend on where they ran.
   */
  readonly replicationRunner?: (job: ReplicationBatch) => Promise<{ tallies: Tally[]; aborted: boolean }>;
  /** Aborting stops the run at the next poll and returns the results so far. */
  readonly signal?: AbortSignal;
  /** Wall clock in seconds for eventsPerSecond and progress (injected so the core needs no process). */
  readonly clock?: () => number;
}

/** 95% Student-t half-widths of one stage's figures, across replications; null with one replication. */
export interface StageCi {
  readonly name: string;
  readonly utilization: number | null;
  readonly probWait: number | null;
  readonly meanWait: number | null;
  readonly meanResponse: number | null;
  readonly meanQueueLength: number | null;
  readonly meanInSystem: number | null;
  readonly throughput: number | null;
  readonly dropRate: number | null;
}

/**
 * The latency half-widths sit both at the top (the same shape as `latency`) and under `latency`, so a
 * reader can take ci.p99 or ci.latency.p99.
 */
export interface SimCi extends LatencySummary {
  readonly latency: LatencySummary;
  readonly throughput: number | null;
  readonly dropRate: number | null;
  readonly stages: readonly StageCi[];
  /** SPEC §5 half-widths (only for a model with overload keys). */
  readonly goodput?: number | null;
  readonly timeoutRate?: number | null;
  readonly abandonRate?: number | null;
  readonly retryRate?: number | null;
  readonly wastedWork?: number | null;
}

export interface SimResult extends Result {
  readonly ci: SimCi;
  readonly requests: number;
  readonly replications: number;
  readonly seed: number;
  readonly engine: EngineName;
  readonly warmup: number;
  /** Arrivals plus service completions over all replications. */
  readonly events: number;
  /** Wall-clock figure: excluded from the same-seed, same-JSON promise. */
  readonly eventsPerSecond: number;
}
