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
import { OverloadTally, Tally } from './tally.ts';

export interface StageSums {
  services: number;
  busySeconds: number;
}
export interface SegmentSums {
  arrivals: number;
  drops: number;
  queued: number;
  waitSeconds: number;
  /** Waiting visits the segment's queue timeout dropped. */
  timedOut: number;
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
  /** SPEC §5 counts, for a model with overload keys only (reference-overload.ts fills them). */
  overload: ReferenceOverloadStats | null = null;
  private latencies = new Float64Array(1024);
  private sorted = true;

  constructor(stageCount: number, segmentCount: number) {
    this.stages = Array.from({ length: stageCount }, () => ({ services: 0, busySeconds: 0 }));
    this.segments = Array.from({ length: segmentCount }, () => ({ arrivals: 0, drops: 0, queued: 0, waitSeconds: 0, timedOut: 0 }));
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
      tally.segTimedOut[i] = s.timedOut;
      tally.segQueued[i] = s.queued;
      tally.segWaitSeconds[i] = s.waitSeconds;
    });
    if (this.overload !== null) tally.overload = this.overload.toOverloadTally();
    return tally;
  }
}

/** One timeline window of a time-driven run, as counted by the reference engine. */
export interface ReferenceWindow {
  offered: number;
  /** Attempts finished by the server (in time or late). */
  finished: number;
  succeeded: number;
  /** ∫ attempts in the system dt over the window. */
  inSystemArea: number;
  readonly successLatencies: number[];
}

/**
 * Per-attempt counts over the measured original requests and their retries: what the client saw (timeouts,
 * abandonments, retries sent, requests that failed for good) and what the server spent (thread-seconds, and
 * those after the client had given up). A time-driven run also keeps windows of `windowSeconds`.
 */
export class ReferenceOverloadStats {
  timeouts = 0;
  abandons = 0;
  retries = 0;
  failedRequests = 0;
  lateCompletions = 0;
  threadSeconds = 0;
  wastedThreadSeconds = 0;
  readonly windows: ReferenceWindow[];
  private inSystem = 0;
  private inSystemSince = 0;

  constructor(
    windowCount: number,
    readonly windowSeconds: number,
  ) {
    this.windows = Array.from({ length: windowCount }, () => ({ offered: 0, finished: 0, succeeded: 0, inSystemArea: 0, successLatencies: [] }));
  }

  /** The window holding time t (the last one for t at or past its end); null when the run has none. */
  windowAt(t: number): ReferenceWindow | null {
    if (this.windows.length === 0) return null;
    return this.windows[Math.min(this.windows.length - 1, Math.floor(t / this.windowSeconds))]!;
  }

  /** The number of attempts in the system changes by `delta` at time t (the area before t is banked first). */
  changeInSystem(t: number, delta: number): void {
    this.bankInSystem(t);
    this.inSystem += delta;
  }

  /** Adds inSystem × time to each window the interval [since, t] overlaps, clipped at the last window's end. */
  bankInSystem(t: number): void {
    const w = this.windowSeconds;
    const last = Math.min(this.windows.length - 1, Math.floor(t / w));
    for (let k = Math.max(0, Math.floor(this.inSystemSince / w) - 1); k <= last; k++) {
      const from = Math.max(this.inSystemSince, k * w);
      const to = Math.min(t, (k + 1) * w);
      if (to > from) this.windows[k]!.inSystemArea += this.inSystem * (to - from);
    }
    this.inSystemSince = Math.max(this.inSystemSince, t);
  }

  toOverloadTally(): OverloadTally {
    const o = new OverloadTally(this.windows.length, this.windowSeconds);
    o.late = this.lateCompletions;
    o.timeouts = this.timeouts;
    o.abandons = this.abandons;
    o.retries = this.retries;
    o.failed = this.failedRequests;
    o.busySeconds = this.threadSeconds;
    o.wastedSeconds = this.wastedThreadSeconds;
    this.windows.forEach((w, k) => {
      o.offered[k] = w.offered;
      o.completed[k] = w.finished;
      o.good[k] = w.succeeded;
      o.inSystemArea[k] = w.inSystemArea;
      o.goodLatencies[k] = [...w.successLatencies];
    });
    return o;
  }
}
