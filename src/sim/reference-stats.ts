/**
 * The reference engine's own tallies for one replication: plain per-stage and per-segment sums kept on
 * objects, and every measured response time kept, so its percentiles are exact sample quantiles (no
 * histogram). toTally() hands the sums to the shared result assembly (summarize.ts), which is "one fact,
 * one place"; quantile() lets a test compare percentiles with no shared code at all.
 *
 * Definitions (the same figures the fast engine reports, measured independently): over the measured
 * requests only (indices warmup … warmup + N − 1), the window runs from the first measured arrival to the
 * first arrival after the last one; waits, busy times and counts are sums over measured visits.
 */
import { Tally } from './tally.ts';

export interface StageSums {
  services: number;
  busySeconds: number;
}
export interface SegmentSums {
  arrivals: number;
  drops: number;
  queued: number;
  waitSeconds: number;
}

export class ReferenceStats {
  windowSeconds = 0;
  requests = 0;
  completed = 0;
  dropped = 0;
  events = 0;
  partial = false;
  readonly stages: StageSums[];
  readonly segments: SegmentSums[];
  private latencies = new Float64Array(1024);
  private sorted = true;

  constructor(stageCount: number, segmentCount: number) {
    this.stages = Array.from({ length: stageCount }, () => ({ services: 0, busySeconds: 0 }));
    this.segments = Array.from({ length: segmentCount }, () => ({ arrivals: 0, drops: 0, queued: 0, waitSeconds: 0 }));
  }

  recordLatency(seconds: number): void {
    if (this.completed === this.latencies.length) {
      const bigger = new Float64Array(this.latencies.length * 2);
      bigger.set(this.latencies);
      this.latencies = bigger;
    }
    this.latencies[this.completed++] = seconds;
    this.sorted = false;
  }

  latencySamples(): Float64Array {
    return this.latencies.subarray(0, this.completed);
  }

  meanLatency(): number | null {
    if (this.completed === 0) return null;
    let sum = 0;
    for (const x of this.latencySamples()) sum += x;
    return sum / this.completed;
  }

  /** The exact sample quantile: the ⌈q·n⌉-th smallest response time. */
  quantile(q: number): number | null {
    if (this.completed === 0) return null;
    const xs = this.latencySamples();
    if (!this.sorted) {
      xs.sort();
      this.sorted = true;
    }
    return xs[Math.min(this.completed - 1, Math.max(0, Math.ceil(q * this.completed) - 1))]!;
  }

  /** The sums as the shared Tally that summarize.ts turns into a Result. */
  toTally(): Tally {
    const tally = new Tally(this.stages.length, this.segments.length);
    tally.windowSeconds = this.windowSeconds;
    tally.requests = this.requests;
    tally.completed = this.completed;
    tally.dropped = this.dropped;
    tally.events = this.events;
    tally.partial = this.partial;
    let sum = 0;
    for (const x of this.latencySamples()) {
      sum += x;
      tally.latency.record(x);
    }
    tally.latencySum = sum;
    this.stages.forEach((s, i) => {
      tally.stageServices[i] = s.services;
      tally.stageBusySeconds[i] = s.busySeconds;
    });
    this.segments.forEach((s, i) => {
      tally.segArrivals[i] = s.arrivals;
      tally.segDrops[i] = s.drops;
      tally.segQueued[i] = s.queued;
      tally.segWaitSeconds[i] = s.waitSeconds;
    });
    return tally;
  }
}
