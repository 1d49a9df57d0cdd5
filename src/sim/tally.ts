/**
 * What one replication measures, over its measured requests only (those after the warm-up): plain sums and
 * counts, turned into figures by summarize.ts. Both engines fill the same Tally, so they report alike.
 *
 * Time-based figures (utilisation, queue lengths, throughputs) divide the measured requests' sums by the
 * window T = time from the first measured arrival to the first arrival after the last measured one: each
 * measured request owns one inter-arrival interval, and the measured requests are followed to completion
 * while the load keeps arriving. By Little's law (L = λW on the window) the mean number waiting is
 * Σ waits / T and the mean in service is Σ service / T.
 */
import { LogHistogram } from './histogram.ts';

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
  readonly stageServices: Float64Array;
  readonly stageBusySeconds: Float64Array;
  /** Per segment: visits arriving at its pool, dropped there, queued (waited), and their total wait. */
  readonly segArrivals: Float64Array;
  readonly segDrops: Float64Array;
  readonly segQueued: Float64Array;
  readonly segWaitSeconds: Float64Array;

  constructor(stageCount: number, segmentCount: number) {
    this.stageServices = new Float64Array(stageCount);
    this.stageBusySeconds = new Float64Array(stageCount);
    this.segArrivals = new Float64Array(segmentCount);
    this.segDrops = new Float64Array(segmentCount);
    this.segQueued = new Float64Array(segmentCount);
    this.segWaitSeconds = new Float64Array(segmentCount);
  }
}
