/**
 * What one replication measures, over its measured requests only (those after the warm-up): plain sums and
 * counts, turned into figures by summarize.ts. Both engines fill the same Tally, so they report alike.
 *
 * Time-based figures (utilisation, queue lengths, throughputs) divide the measured requests' sums by a
 * window T: `windowSeconds` = time from the first measured arrival to the first arrival after the last
 * measured one (each measured request owns one inter-arrival interval, and the measured requests are followed
 * to completion while the load keeps arriving), or at a constant open rate N/λ (summarize.ts windowOf). By
 * Little's law (L = λW on the window) the mean number waiting is Σ waits / T and the mean in service is
 * Σ service / T.
 */
import { LogHistogram } from './histogram.ts';

/**
 * SPEC §5 counts, per attempt, for a model with overload keys. Counts are over measured original requests
 * (and their retries); seconds are thread-busy time of those attempts.
 */
export class OverloadTally {
  /** Attempts the server finished after their client had given up (wasted). */
  late = 0;
  timeouts = 0;
  abandons = 0;
  retries = 0;
  /** Original requests that failed on their last attempt. */
  failed = 0;
  busySeconds = 0;
  wastedSeconds = 0;
  /** Time-driven runs: one entry per window. */
  readonly windowSeconds: number;
  readonly offered: Float64Array;
  readonly completed: Float64Array;
  readonly good: Float64Array;
  /** ∫ attempts in system dt over the window. */
  readonly inSystemArea: Float64Array;
  /** Latencies of the requests that succeeded in each window (for its p99). */
  readonly goodLatencies: number[][];

  constructor(windows: number, windowSeconds: number) {
    this.windowSeconds = windowSeconds;
    this.offered = new Float64Array(windows);
    this.completed = new Float64Array(windows);
    this.good = new Float64Array(windows);
    this.inSystemArea = new Float64Array(windows);
    this.goodLatencies = Array.from({ length: windows }, () => []);
  }
}

export class Tally {
  windowSeconds = 0;
  /** Measured requests issued, completed, dropped. */
  requests = 0;
  completed = 0;
  dropped = 0;
  latencySum = 0;
  readonly latency = new LogHistogram();
  events = 0;
  /** Interrupted before every measured request finished. */
  partial = false;
  /** Only for a model with overload keys. */
  overload?: OverloadTally;
  readonly stageServices: Float64Array;
  readonly stageBusySeconds: Float64Array;
  /**
   * Per segment: visits arriving at its pool, dropped there (refused by a full queue), queued (waited), and
   * their total wait; and the waiting visits its queue timeout dropped (their waits count in segWaitSeconds).
   */
  readonly segArrivals: Float64Array;
  readonly segDrops: Float64Array;
  readonly segTimedOut: Float64Array;
  readonly segQueued: Float64Array;
  readonly segWaitSeconds: Float64Array;

  constructor(stageCount: number, segmentCount: number) {
    this.stageServices = new Float64Array(stageCount);
    this.stageBusySeconds = new Float64Array(stageCount);
    this.segArrivals = new Float64Array(segmentCount);
    this.segDrops = new Float64Array(segmentCount);
    this.segTimedOut = new Float64Array(segmentCount);
    this.segQueued = new Float64Array(segmentCount);
    this.segWaitSeconds = new Float64Array(segmentCount);
  }
}
