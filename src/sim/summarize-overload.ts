/**
 * SPEC §5 figures from the replications' OverloadTally: per-original-request rates, goodput and wasted work
 * with 95% half-widths across replications, and for a time-driven run the timeline (window figures averaged
 * over replications; a window's p99 from the latencies of every replication's successes in it).
 */
import type { OverloadFigures, TimelineWindow } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { halfWidth95, sampleMean } from './student-t.ts';
import type { OverloadTally, Tally } from './tally.ts';

export interface OverloadSummary {
  readonly figures: OverloadFigures;
  readonly ci: { goodput: number | null; timeoutRate: number | null; abandonRate: number | null; retryRate: number | null; wastedWork: number | null };
  /** Throughput with late completions (attempts the server finished after their client gave up). */
  readonly throughput: { mean: number | null; ci: number | null };
  readonly notes: string[];
  /**
   * A time-driven run that ends not recovered with its queue still growing over the last quarter: SPEC §3's
   * stable = false (the queues do not stay bounded). A finite run cannot prove growth forever; this reads
   * the trend, and says so in notes.
   */
  readonly growing: boolean;
}

function across(tallies: readonly Tally[], figure: (t: Tally, o: OverloadTally) => number | null): { mean: number | null; ci: number | null } {
  const xs: number[] = [];
  for (const t of tallies) {
    if (t.overload === undefined) continue;
    const x = figure(t, t.overload);
    if (x !== null && Number.isFinite(x)) xs.push(x);
  }
  return xs.length === 0 ? { mean: null, ci: null } : { mean: sampleMean(xs), ci: halfWidth95(xs) };
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** The q-quantile of a sample by the nearest-rank rule (the sample is sorted in place). */
function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  values.sort((a, b) => a - b);
  return values[Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1))]!;
}

function timeline(model: Model, tallies: readonly Tally[]): TimelineWindow[] | undefined {
  const runs = tallies.map((t) => t.overload).filter((o): o is OverloadTally => o !== undefined && o.offered.length > 0);
  if (runs.length === 0) return undefined;
  const horizon = model.overload!.horizonSeconds!;
  const width = runs[0]!.windowSeconds;
  const mean = (pick: (o: OverloadTally) => number) => runs.reduce((sum, o) => sum + pick(o), 0) / runs.length;
  return Array.from(runs[0]!.offered, (_, w) => {
    const start = w * width;
    const end = Math.min(horizon, (w + 1) * width);
    const span = end - start;
    return {
      start,
      end,
      offered: mean((o) => o.offered[w]!) / span,
      throughput: mean((o) => o.completed[w]!) / span,
      goodput: mean((o) => o.good[w]!) / span,
      p99: quantile(runs.flatMap((o) => o.goodLatencies[w]!), 0.99),
      inSystem: mean((o) => o.inSystemArea[w]!) / span,
    };
  });
}

export function summarizeOverload(model: Model, tallies: readonly Tally[]): OverloadSummary {
  const goodput = across(tallies, (t) => ratio(t.completed, t.windowSeconds));
  const timeoutRate = across(tallies, (t, o) => ratio(o.timeouts, t.requests));
  const abandonRate = across(tallies, (t, o) => ratio(o.abandons, t.requests));
  const retryRate = across(tallies, (t, o) => ratio(o.retries, t.requests));
  const wastedWork = across(tallies, (_, o) => (o.busySeconds > 0 ? o.wastedSeconds / o.busySeconds : 0));
  const throughput = across(tallies, (t, o) => ratio(t.completed + o.late, t.windowSeconds));
  const windows = timeline(model, tallies);
  const notes: string[] = [];
  const last = windows?.[windows.length - 1];
  let growing = false;
  if (windows !== undefined && last !== undefined && last.offered > 0 && last.goodput < 0.5 * last.offered) {
    const quarter = windows[Math.floor((3 * windows.length) / 4)]!;
    growing = last.inSystem > 1.05 * quarter.inSystem && last.inSystem > 10;
    notes.push(
      `not recovered at the horizon: goodput in the last window is ${((100 * last.goodput) / last.offered).toFixed(0)}% of the offered rate (${last.inSystem.toFixed(0)} requests in the system` +
        (growing ? `, up from ${quarter.inSystem.toFixed(0)} at ${quarter.start} s: stable false` : '') +
        ')',
    );
  }
  return {
    figures: {
      goodput: goodput.mean,
      timeoutRate: timeoutRate.mean,
      abandonRate: abandonRate.mean,
      retryRate: retryRate.mean,
      wastedWork: wastedWork.mean,
      metastable: null,
      ...(windows !== undefined ? { timeline: windows } : {}),
    },
    ci: { goodput: goodput.ci, timeoutRate: timeoutRate.ci, abandonRate: abandonRate.ci, retryRate: retryRate.ci, wastedWork: wastedWork.ci },
    throughput,
    notes,
    growing,
  };
}
