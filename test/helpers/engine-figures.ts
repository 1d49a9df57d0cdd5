/**
 * Per-replication figures of the fast and the reference engine, each read from that engine's own tallies (the
 * fast engine's Tally, the reference's ReferenceStats with exact sample quantiles), for the engine agreement
 * tests. With overload keys the SPEC §5 figures are added, and for a time-driven run every timeline window's.
 */
import type { Model } from '../../src/model/types.ts';
import { drive, fastReplication, type RunControl } from '../../src/sim/fast-engine.ts';
import { buildNetwork } from '../../src/sim/network.ts';
import { Xoshiro128 } from '../../src/sim/rng.ts';
import { referenceReplication } from '../../src/sim/simjs-engine.ts';

interface WindowSums {
  offered: number;
  finished: number;
  succeeded: number;
  inSystemArea: number;
}

interface OverloadSums {
  timeouts: number;
  abandons: number;
  retries: number;
  failed: number;
  late: number;
  busy: number;
  wasted: number;
  windowSeconds: number;
  windows: WindowSums[];
}

/** The raw sums one replication of either engine yields. */
export interface Sums {
  window: number;
  requests: number;
  completed: number;
  dropped: number;
  meanLatency: number | null;
  p50: number | null;
  p99: number | null;
  stageBusy: number[];
  stageServices: number[];
  segArrivals: number[];
  segDrops: number[];
  segQueued: number[];
  segWait: number[];
  overload: OverloadSums | null;
}

export function fastSums(model: Model, stream: number, control: RunControl): Sums {
  const t = drive(fastReplication(buildNetwork(model), new Xoshiro128(101, stream), control));
  const o = t.overload;
  return {
    window: t.windowSeconds,
    requests: t.requests,
    completed: t.completed,
    dropped: t.dropped,
    meanLatency: t.completed > 0 ? t.latencySum / t.completed : null,
    p50: t.latency.quantile(0.5),
    p99: t.latency.quantile(0.99),
    stageBusy: [...t.stageBusySeconds],
    stageServices: [...t.stageServices],
    segArrivals: [...t.segArrivals],
    segDrops: [...t.segDrops],
    segQueued: [...t.segQueued],
    segWait: [...t.segWaitSeconds],
    overload:
      o === undefined
        ? null
        : {
            timeouts: o.timeouts,
            abandons: o.abandons,
            retries: o.retries,
            failed: o.failed,
            late: o.late,
            busy: o.busySeconds,
            wasted: o.wastedSeconds,
            windowSeconds: o.windowSeconds,
            windows: Array.from(o.offered, (_, k) => ({ offered: o.offered[k]!, finished: o.completed[k]!, succeeded: o.good[k]!, inSystemArea: o.inSystemArea[k]! })),
          },
  };
}

export function referenceSums(model: Model, stream: number, control: RunControl): Sums {
  const s = drive(referenceReplication(model, 202, stream, control));
  const o = s.overload;
  return {
    window: s.windowSeconds,
    requests: s.requests,
    completed: s.completed,
    dropped: s.dropped,
    meanLatency: s.meanLatency(),
    p50: s.quantile(0.5),
    p99: s.quantile(0.99),
    stageBusy: s.stages.map((x) => x.busySeconds),
    stageServices: s.stages.map((x) => x.services),
    segArrivals: s.segments.map((x) => x.arrivals),
    segDrops: s.segments.map((x) => x.drops),
    segQueued: s.segments.map((x) => x.queued),
    segWait: s.segments.map((x) => x.waitSeconds),
    overload:
      o === null
        ? null
        : {
            timeouts: o.timeouts,
            abandons: o.abandons,
            retries: o.retries,
            failed: o.failedRequests,
            late: o.lateCompletions,
            busy: o.threadSeconds,
            wasted: o.wastedThreadSeconds,
            windowSeconds: o.windowSeconds,
            windows: o.windows.map((w) => ({ offered: w.offered, finished: w.finished, succeeded: w.succeeded, inSystemArea: w.inSystemArea })),
          },
  };
}

/** Figures per replication, by name. */
export function figures(model: Model, s: Sums): Map<string, number | null> {
  const f = new Map<string, number | null>();
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  f.set('mean', s.meanLatency);
  f.set('p50', s.p50);
  f.set('p99', s.p99);
  f.set('throughput', ratio(s.completed + (s.overload?.late ?? 0), s.window));
  f.set('dropRate', ratio(s.dropped, s.requests));
  for (const stage of model.stages) {
    const pool = model.pools.find((p) => p.name === stage.pool)!;
    if (pool.threads !== Infinity) f.set(`${stage.name}.utilization`, ratio(s.stageBusy[stage.index]!, pool.threads * s.window));
    // Visits per request and time per service: the most direct checks of routing and of service sampling.
    f.set(`${stage.name}.visits`, ratio(s.stageServices[stage.index]!, s.requests));
    if (model.cores === undefined) f.set(`${stage.name}.service`, ratio(s.stageBusy[stage.index]!, s.stageServices[stage.index]!));
  }
  for (const g of model.segments) {
    const admitted = s.segArrivals[g.index]! - s.segDrops[g.index]!;
    f.set(`segment ${g.index}.meanWait`, ratio(s.segWait[g.index]!, admitted));
    f.set(`segment ${g.index}.probWait`, ratio(s.segQueued[g.index]!, admitted));
    f.set(`segment ${g.index}.dropShare`, ratio(s.segDrops[g.index]!, s.segArrivals[g.index]!));
  }
  const o = s.overload;
  if (o !== null) {
    f.set('goodput', ratio(s.completed, s.window));
    f.set('timeoutRate', ratio(o.timeouts, s.requests));
    f.set('abandonRate', ratio(o.abandons, s.requests));
    f.set('retryRate', ratio(o.retries, s.requests));
    f.set('failRate', ratio(o.failed, s.requests));
    f.set('wastedWork', o.busy > 0 ? o.wasted / o.busy : 0);
    o.windows.forEach((w, k) => {
      f.set(`window ${k}.offered`, w.offered / o.windowSeconds);
      f.set(`window ${k}.throughput`, w.finished / o.windowSeconds);
      f.set(`window ${k}.goodput`, w.succeeded / o.windowSeconds);
      f.set(`window ${k}.inSystem`, w.inSystemArea / o.windowSeconds);
    });
  }
  return f;
}
