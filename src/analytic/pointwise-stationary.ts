/**
 * A schedule by the pointwise-stationary approximation (PSA; Green & Kolesar, Mgmt Sci 37(1) 1991; Whitt,
 * Mgmt Sci 37(3) 1991): each piece of the piecewise-constant offered rate is answered by the stationary
 * solution at that piece's rate (with the model's other overload keys: Erlang-A, the retry fixed point, ...),
 * and the horizon's figures are the pieces' figures weighted by time (or by the requests they concern).
 *
 *   schedule ──pieces [start, end) at rate λ_k──▶ analyze(model at λ_k, no schedule) ──valid?──▶ timeline + averages
 *                                                                                    └─no──▶ refused, with the reason
 *
 * PSA ignores the transient after each step, so it holds only where the rates change slowly against the time
 * the system takes to settle. Accepted only when every piece is stable and lasts at least PSA_FACTOR times
 * its settling time τ_k = max(mean latency at λ_k, max over pools of the relaxation time). A pool's relaxation
 * time is D/(c·(1 − √ρ)²) at the larger offered load ρ of the piece and the one before it (the M/M/1 relaxation
 * time 1/(µ(1 − √ρ)²) of Morse 1955 and Cohen 1982, with c servers at rate 1/D; D, a request's thread-seconds
 * at the pool, is at least one hold, so τ errs long); a pool past its capacity that impatience keeps bounded
 * settles within a hold plus the impatience (patience mean, a cancelling timeout, a queue timeout). A bistable
 * retry piece is answered at its good point (a piece past the trigger rate has none and is refused as
 * unstable); `metastable` is then the busiest bistable piece's. Measured error against long simulations:
 * README "Overload" (bench/psa.ts).
 */
import { capacity } from '../model/capacity.ts';
import { PERCENTILE_KEYS, PERCENTILE_LEVELS, type LatencySummary, type PoolResult, type Result, type StageResult, type TimelineWindow } from '../model/result.ts';
import type { Model, Overload } from '../model/types.ts';
import { analyze, latencyDistribution } from './analyze.ts';
import type { AnalyzeOptions } from './open-network.ts';

/** A piece must last this many settling times. */
export const PSA_FACTOR = 10;

export interface Piece {
  readonly start: number;
  readonly end: number;
  readonly rate: number;
}

/** The schedule's constant pieces over [0, horizon). */
export function schedulePieces(model: Model): Piece[] {
  const o = model.overload;
  const w = model.workload;
  if (o?.schedule == null || o.horizonSeconds === null || w.kind !== 'open') return [];
  const horizon = o.horizonSeconds;
  const pieces: Piece[] = [];
  let start = 0;
  let rate = w.arrivalRatePerSecond;
  for (const step of o.schedule) {
    if (step.atSeconds >= horizon) break;
    if (step.atSeconds > start) pieces.push({ start, end: step.atSeconds, rate });
    start = Math.max(start, step.atSeconds);
    rate = step.ratePerSecond;
  }
  pieces.push({ start, end: horizon, rate });
  return pieces;
}

/** The model at a constant rate: the schedule and horizon gone, and the overload block too if nothing else is set. */
function stationaryModel(model: Model, rate: number): Model {
  const o = model.overload!;
  const rest: Overload = { ...o, schedule: null, horizonSeconds: null };
  const plain = rest.timeoutSeconds === Infinity && rest.patience === null && rest.retry === null && model.stages.every((s) => s.queueTimeoutSeconds === undefined);
  const w = model.workload;
  const workload = w.kind === 'open' ? { ...w, arrivalRatePerSecond: rate } : w;
  const { overload: _dropped, ...withoutOverload } = model;
  return plain ? { ...withoutOverload, workload } : { ...model, workload, overload: rest };
}

/** How long after its impatience a waiting request is surely gone (Infinity when nothing bounds the wait). */
function impatienceSeconds(model: Model): number {
  const o = model.overload!;
  let bound = Infinity;
  if (o.patience !== null) bound = Math.min(bound, o.patience.meanSeconds);
  if (o.timeoutSeconds < Infinity && o.cancel === 'queued') bound = Math.min(bound, o.timeoutSeconds);
  const queueTimeouts = model.stages.map((s) => s.queueTimeoutSeconds ?? Infinity);
  if (queueTimeouts.every((t) => t < Infinity)) bound = Math.min(bound, Math.max(...queueTimeouts));
  return bound;
}

interface Solved {
  readonly piece: Piece;
  readonly model: Model;
  readonly result: Result;
  /** Offered threads over threads, per pool (finite pools), at the piece's attempt rate. */
  readonly loads: readonly number[];
}

export type Psa = { readonly result: Result } | { readonly refused: string };

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(3) : '∞');

export function pointwiseStationary(model: Model, options: AnalyzeOptions = {}): Psa {
  const pieces = schedulePieces(model);
  if (pieces.length === 0) return { refused: 'no schedule' };
  const { demandSeconds } = capacity(model);
  const solved: Solved[] = [];
  for (const piece of pieces) {
    const m = stationaryModel(model, Math.max(piece.rate, 1e-9));
    const result = analyze(m, options);
    const where = `the piece [${fmt(piece.start)}, ${fmt(piece.end)}) s at ${fmt(piece.rate)}/s`;
    if (!result.stable) return { refused: `${where} is unstable (bottleneck ${result.bottleneck})` };
    if (m.overload !== undefined && (result.goodput == null || result.latency.mean === null)) {
      return { refused: `no stationary method for ${where} with its overload keys` };
    }
    const attempts = piece.rate * (1 + (result.retryRate ?? 0));
    // Offered threads λ·D_p over threads, before any drop.
    const loads = model.pools.map((p, i) => (p.threads === Infinity ? 0 : (attempts * demandSeconds[i]!) / p.threads));
    solved.push({ piece, model: m, result, loads });
  }
  const impatience = model.overload === undefined ? Infinity : impatienceSeconds(model);
  for (let k = 0; k < solved.length; k++) {
    const s = solved[k]!;
    let settle = s.result.latency.mean ?? 0;
    model.pools.forEach((pool, i) => {
      if (pool.threads === Infinity) return;
      const rho = Math.max(s.loads[i]!, k > 0 ? solved[k - 1]!.loads[i]! : 0);
      const hold = demandSeconds[i]! / pool.threads;
      const relax = rho < 1 ? hold / (1 - Math.sqrt(rho)) ** 2 : hold + impatience;
      settle = Math.max(settle, relax);
    });
    const length = s.piece.end - s.piece.start;
    if (length < PSA_FACTOR * settle) {
      return {
        refused: `the piece [${fmt(s.piece.start)}, ${fmt(s.piece.end)}) s lasts ${fmt(length)} s, under ${PSA_FACTOR} × its settling time ${fmt(settle)} s: the rate changes too fast for a stationary answer`,
      };
    }
  }
  return { result: combine(model, solved, options.percentiles !== false) };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Σ w·x / Σ w over the pieces whose x is known; null when none is. */
function weighted(values: readonly (number | null | undefined)[], weights: readonly number[]): number | null {
  let top = 0;
  let bottom = 0;
  values.forEach((x, k) => {
    if (x === null || x === undefined) return;
    top += weights[k]! * x;
    bottom += weights[k]!;
  });
  return bottom > 0 ? top / bottom : null;
}

function inSystem(result: Result): number {
  return sum(result.pools.map((p) => p.meanInSystem ?? 0));
}

function combine(model: Model, solved: readonly Solved[], percentiles: boolean): Result {
  const horizon = solved[solved.length - 1]!.piece.end;
  const time = solved.map((s) => s.piece.end - s.piece.start);
  const originals = solved.map((s, k) => s.piece.rate * time[k]!);
  const results = solved.map((s) => s.result);
  const goodputOf = (r: Result) => r.goodput ?? r.throughput ?? 0;
  const successes = results.map((r, k) => goodputOf(r) * time[k]!);
  const busy = results.map((r, k) => sum(r.pools.map((p) => (p.utilization ?? 0) * (p.threads === 'infinite' ? 0 : p.threads))) * time[k]!);

  const timeline: TimelineWindow[] = solved.map((s) => ({
    start: s.piece.start,
    end: s.piece.end,
    offered: s.piece.rate,
    throughput: s.result.throughput ?? 0,
    goodput: goodputOf(s.result),
    p99: s.result.latency.p99,
    inSystem: inSystem(s.result),
  }));

  const latency: Record<string, number | null> = { mean: weighted(results.map((r) => r.latency.mean), successes) };
  // Percentiles of the horizon: the mixture of the pieces' latency laws, weighted by their successes; only
  // where every piece has a law (plain pieces), else null (each piece's p99 is in the timeline).
  const laws = percentiles ? solved.map((s) => (s.model.overload === undefined ? latencyDistribution(s.model) : null)) : [];
  const mixture = laws.length > 0 && laws.every((d) => d !== null);
  for (const key of PERCENTILE_KEYS) latency[key] = mixture ? mixtureQuantile(laws as NonNullable<(typeof laws)[number]>[], successes, PERCENTILE_LEVELS[key]) : null;

  const stages: StageResult[] = model.stages.map((_, i) => {
    const rows = results.map((r) => r.stages[i]!);
    const visitsTime = rows.map((row, k) => row.throughput * time[k]!);
    return {
      ...rows[0]!,
      utilization: weighted(rows.map((r) => r.utilization), time),
      probWait: weighted(rows.map((r) => r.probWait), visitsTime),
      meanWait: weighted(rows.map((r) => r.meanWait), visitsTime),
      meanResponse: weighted(rows.map((r) => r.meanResponse), visitsTime),
      meanQueueLength: weighted(rows.map((r) => r.meanQueueLength), time),
      meanInSystem: weighted(rows.map((r) => r.meanInSystem), time),
      throughput: weighted(rows.map((r) => r.throughput), time) ?? 0,
      dropRate: weighted(rows.map((r) => r.dropRate), visitsTime) ?? 0,
    };
  });
  const pools: PoolResult[] = model.pools.map((_, i) => {
    const rows = results.map((r) => r.pools[i]!);
    const arrivalsTime = rows.map((row, k) => row.arrivalRate * time[k]!);
    return {
      ...rows[0]!,
      utilization: weighted(rows.map((r) => r.utilization), time),
      probWait: weighted(rows.map((r) => r.probWait), arrivalsTime),
      meanWait: weighted(rows.map((r) => r.meanWait), arrivalsTime),
      meanQueueLength: weighted(rows.map((r) => r.meanQueueLength), time),
      meanInSystem: weighted(rows.map((r) => r.meanInSystem), time),
      arrivalRate: weighted(rows.map((r) => r.arrivalRate), time) ?? 0,
      dropRate: weighted(rows.map((r) => r.dropRate), arrivalsTime) ?? 0,
      method: `pointwise-stationary: ${[...new Set(rows.map((r) => r.method))].join('; ')}`,
    };
  });
  const worst = solved.reduce((a, b) => (Math.max(...b.loads) > Math.max(...a.loads) ? b : a));
  const spec = model.overload!;
  const stationaryNotes = [...new Set(results.flatMap((r) => r.notes))];
  return {
    ...worst.result,
    offeredRate: sum(originals) / horizon,
    stable: true,
    throughput: sum(results.map((r, k) => (r.throughput ?? 0) * time[k]!)) / horizon,
    dropRate: weighted(results.map((r) => r.dropRate), originals) ?? 0,
    latency: latency as unknown as LatencySummary,
    stages,
    pools,
    notes: [
      `overload: schedule by the pointwise-stationary approximation (PSA; Green & Kolesar 1991): ${solved.length} pieces, each the stationary solution at its rate and at least ${PSA_FACTOR} × its settling time long (relaxation D/(c(1 − √ρ)²) or mean latency); transients after each step are ignored; horizon figures are the pieces' weighted by time; timeline has one window per piece` +
        (mixture || !percentiles ? '' : '; horizon percentiles null (no latency law for these overload keys): see each window p99'),
      ...stationaryNotes,
    ],
    goodput: sum(successes) / horizon,
    timeoutRate: spec.timeoutSeconds === Infinity ? 0 : weighted(results.map((r) => r.timeoutRate), originals),
    abandonRate: spec.patience === null ? 0 : weighted(results.map((r) => r.abandonRate), originals),
    retryRate: spec.retry === null ? 0 : weighted(results.map((r) => r.retryRate), originals),
    wastedWork: weighted(results.map((r) => r.wastedWork ?? 0), busy) ?? 0,
    metastable: [...results].reverse().find((r) => r.metastable != null)?.metastable ?? null,
    timeline,
  };
}

/** The q-quantile of Σ w_k F_k / Σ w_k by bisection (each F_k a piece's latency law). */
function mixtureQuantile(laws: readonly { cdf(t: number): number; quantile(p: number): number | null }[], weights: readonly number[], q: number): number | null {
  const total = sum(weights);
  if (!(total > 0)) return null;
  const cdf = (t: number) => sum(laws.map((d, k) => weights[k]! * d.cdf(t))) / total;
  const bounds = laws.map((d) => d.quantile(q)).filter((x): x is number => x !== null);
  if (bounds.length === 0) return null;
  // The mixture's quantile lies between the pieces' smallest and largest quantile at the same level.
  let lo = Math.min(...bounds);
  let hi = Math.max(...bounds);
  for (let it = 0; it < 100 && hi - lo > 1e-9 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return hi;
}
