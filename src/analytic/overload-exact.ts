/**
 * Where SPEC §5 has an exact analysis: one M/M/c pool (Poisson arrivals, one exponential stage visited once,
 * unbounded shared queue, cores not binding) whose requests are impatient — exponential patience (Erlang-A,
 * M/M/c+M) or deterministic (M/M/c+D), or a queue timeout, which is deterministic patience whose leavers count
 * as drops, or exponential patience cut by a queue timeout (impatient-pool.ts) — with no client timeout, no
 * retries and no schedule. Stable at any load: impatience bounds the queue.
 * Solved by impatient-pool.ts; everything else falls back to a note (overload.ts).
 */
import { withArrivalRate } from '../model/edit.ts';
import { PERCENTILE_KEYS, PERCENTILE_LEVELS, type LatencySummary, type Metastability, type OperatingPoint, type Result, type ResultAccuracy } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { unstableAccuracy } from '../model/unstable-result.ts';
import { analyze } from './analyze.ts';
import { assessParts } from './accuracy.ts';
import { METHODS } from './accuracy-bands.ts';
import { impatientPool, servedLatencyQuantile, type PatienceKind } from './impatient-pool.ts';
import { mmcResponseTail, retryFixedPoint, type RetryCase, type RetryPoint } from './retry-fixed-point.ts';

export interface ImpatientCase {
  readonly lambda: number;
  readonly mu: number;
  readonly threads: number;
  readonly kind: PatienceKind;
  readonly patienceMean: number;
  /** The leavers are dropped by a queue timeout (dropRate), not abandoned by their clients (abandonRate). */
  readonly dropped: boolean;
  /** A queue timeout on top of exponential patience (Infinity: none); its leavers are dropped. */
  readonly queueTimeoutSeconds: number;
}

/**
 * The one station both exact cases need: a single exponential stage visited once on one pool of finite
 * threads with an unbounded shared queue, no queue timeout, the cores not binding; null otherwise.
 */
function plainMmcStation(model: Model, queueTimeout = false): { readonly stage: Model['stages'][number]; readonly pool: Model['pools'][number] } | null {
  if (model.stages.length !== 1 || model.pools.length !== 1) return null;
  const stage = model.stages[0]!;
  const pool = model.pools[0]!;
  if (stage.distribution !== 'exponential' || stage.visits !== 1 || (stage.queueTimeoutSeconds !== undefined) !== queueTimeout) return null;
  if (pool.threads === Infinity || pool.queueCapacity !== Infinity) return null;
  if (pool.dispatch === 'per-thread' && pool.threads > 1) return null;
  if (model.cores !== undefined && stage.cpuBound && model.cores < pool.threads) return null;
  return { stage, pool };
}

/** The parameters of an exactly solvable impatient pool, or null when the model is not one. */
export function impatientCase(model: Model): ImpatientCase | null {
  const o = model.overload;
  const w = model.workload;
  if (o === undefined || w.kind !== 'open' || w.arrivalScv !== 1) return null;
  if (o.schedule !== null || o.timeoutSeconds !== Infinity) return null;
  if (o.retry !== null && o.retry.attempts > 1) return null;
  const plain = { lambda: w.arrivalRatePerSecond, mu: 0, threads: 0 };
  const station = plainMmcStation(model, true) ?? plainMmcStation(model);
  if (station === null) return null;
  const { stage, pool } = station;
  const base = { ...plain, mu: 1 / stage.service.meanSeconds, threads: pool.threads, queueTimeoutSeconds: Infinity };
  const timeout = stage.queueTimeoutSeconds;
  // A queue timeout τ alone: a visit that would wait τ or more leaves the queue at τ, dropped (SPEC §5): M/M/c+D.
  if (o.patience === null) return timeout === undefined ? null : { ...base, kind: 'deterministic', patienceMean: timeout, dropped: true };
  if (o.patience.name === 'exponential') {
    return { ...base, kind: 'exponential', patienceMean: o.patience.meanSeconds, dropped: false, queueTimeoutSeconds: timeout ?? Infinity };
  }
  if (o.patience.name !== 'deterministic') return null;
  // Deterministic patience and a queue timeout: whichever is shorter ends every long wait (a tie has no rule).
  const patience = o.patience.meanSeconds;
  if (timeout === undefined || patience < timeout) return { ...base, kind: 'deterministic', patienceMean: patience, dropped: false };
  return timeout < patience ? { ...base, kind: 'deterministic', patienceMean: timeout, dropped: true } : null;
}

export function impatientResult(model: Model, base: Result, k: ImpatientCase): Result {
  const r = impatientPool(k.lambda, k.mu, k.threads, k.kind, k.patienceMean, k.queueTimeoutSeconds);
  const served = k.lambda * (1 - r.probAbandon - r.probDrop);
  const service = 1 / k.mu;
  const mean = r.meanWaitServed + service;
  const latency: Record<string, number | null> = { mean };
  for (const key of PERCENTILE_KEYS) latency[key] = servedLatencyQuantile(r, PERCENTILE_LEVELS[key], mean);
  const method = k.kind === 'exponential' ? 'erlang-a' : 'mmc-deterministic-patience';
  const name = k.dropped
    ? `${METHODS[method]!.words}, the queue timeout as the patience`
    : k.queueTimeoutSeconds < Infinity
      ? `${METHODS[method]!.words}, the patience cut at the queue timeout (Erlang-A+D)`
      : METHODS[method]!.words;
  const dropRate = k.dropped ? r.probAbandon : r.probDrop;
  const abandonRate = k.dropped ? 0 : r.probAbandon;
  const stage = base.stages[0]!;
  const pool = base.pools[0]!;
  const figures = {
    utilization: r.meanBusy / k.threads,
    probWait: r.probWait,
    meanWait: r.meanWait,
    meanQueueLength: r.meanQueueLength,
    meanInSystem: r.meanQueueLength + r.meanBusy,
  };
  return {
    ...base,
    stable: true,
    throughput: served,
    dropRate,
    latency: latency as unknown as LatencySummary,
    stages: [{ ...stage, ...figures, meanResponse: r.meanWait + service, throughput: served, dropRate }],
    pools: [{ ...pool, ...figures, arrivalRate: k.lambda, dropRate, method: name }],
    // Its own method, not the plain pool's: at offered load past the threads (stable only by abandonment) the
    // plain M/M/c is unstable, and its accuracy said the figures given here were not.
    accuracy: assessParts([{ part: pool.name, method, x: k.lambda / (k.mu * k.threads), share: 1, drops: dropRate > 0 }]),
    notes: [
      `overload: ${name}: ${[abandonRate > 0 && 'abandonment', dropRate > 0 && 'queue-timeout drops'].filter(Boolean).join(', ') || 'abandonment'}, waits and queue exact; latency percentiles are of served requests (wait + service), stage meanWait is over every arrival, served or not`,
    ],
    goodput: served,
    timeoutRate: 0,
    abandonRate,
    retryRate: 0,
    wastedWork: 0,
    metastable: null,
  };
}

/**
 * The parameters of the retry fixed point (retry-fixed-point.ts), or null when the model is not that case. A
 * client timeout without retries is the same case with one attempt.
 */
export function retryCase(model: Model): RetryCase | null {
  const o = model.overload;
  const w = model.workload;
  if (o === undefined || w.kind !== 'open' || w.arrivalScv !== 1) return null;
  if (o.schedule !== null || o.timeoutSeconds === Infinity || o.patience !== null || o.cancel !== 'none') return null;
  const station = plainMmcStation(model);
  if (station === null) return null;
  const { stage, pool } = station;
  return {
    lambda: w.arrivalRatePerSecond,
    mu: 1 / stage.service.meanSeconds,
    threads: pool.threads,
    timeoutSeconds: o.timeoutSeconds,
    // No retry policy: one attempt, the same fixed point (then exact: the attempts are the Poisson originals).
    attempts: o.retry?.attempts ?? 1,
    budget: o.retry?.budget ?? null,
  };
}

/** p99 of the response of an attempt that succeeds (R ≤ T) at attempt rate Λ, by bisection on the M/M/c tail. */
function successP99(k: RetryCase, rate: number): number {
  const tail = (t: number) => mmcResponseTail(rate, k.mu, k.threads, t);
  const within = 1 - tail(k.timeoutSeconds);
  const target = (t: number) => (1 - tail(t)) / within; // CDF of R given R ≤ T
  let lo = 0;
  let hi = k.timeoutSeconds;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (target(mid) < 0.99) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The latency of a retried request runs from its first send, and the fixed point gives only an attempt's: its
 * p99 was 11% off the simulation's at ρ 0.2–0.3 (bench/psa.ts) and is unmeasured beyond, so the mean and the
 * percentiles are an approximation with no band (the public analyze answers them from its simulation). Saturated,
 * they are not given at all.
 */
function retryAccuracy(accuracy: ResultAccuracy, saturated: boolean): ResultAccuracy {
  if (saturated) return unstableAccuracy(accuracy);
  const method = 'retry fixed point (latency per attempt, not from the first send; p99 11% off at ρ 0.2–0.3 in bench/psa.ts)';
  const perAttempt = { kind: 'approximation', method, errorBand: null } as const;
  return { ...accuracy, mean: perAttempt, percentiles: perAttempt };
}

export function retryResult(model: Model, k: RetryCase): Result {
  const { operating, bistable } = retryFixedPoint(k);
  const name =
    k.attempts === 1
      ? 'client timeout on M/M/c without retries (exact: every attempt is served, so the M/M/c response tail gives the timeouts)'
      : 'retry fixed point (approximation: attempts fail independently with the M/M/c response tail at the attempt rate; retries taken as Poisson)';
  const asPoint = (p: RetryPoint): OperatingPoint => ({ throughput: p.throughput, goodput: p.goodput, p99: p.saturated ? null : successP99(k, p.attemptRate) });
  const metastable: Metastability | null =
    bistable === null ? null : { points: [asPoint(bistable.good), asPoint(bistable.bad)], triggerRate: bistable.triggerRate, sustainRate: bistable.sustainRate };
  // Stage and latency figures: the plain model at the attempt rate (server side, every attempt). Saturated, that
  // is the shared unstable answer (null waits), not a figure read just below capacity (a 1250 s wait).
  const { overload: _dropped, ...plain } = model;
  const base = analyze(withArrivalRate(plain, operating.attemptRate));
  const notes = [
    `overload: ${name}; latency and stage figures are per attempt at the attempt rate ${operating.attemptRate.toPrecision(6)}/s; wastedWork from E[(R − T)⁺] − E[(W − T)⁺]`,
  ];
  if (bistable !== null) {
    notes.push(
      `metastable: at this load a good point (goodput ${bistable.good.goodput.toPrecision(4)}/s) and a saturated one (goodput 0, every attempt times out) are both stable; a spike above ${bistable.triggerRate.toPrecision(4)}/s leaves the system in the saturated one (and a long run can fall there by itself: the good point is only metastable)`,
    );
  }
  if (operating.saturated) notes.push('unstable: the retries keep the attempt rate at or past capacity; every attempt times out');
  return {
    ...base,
    offeredRate: k.lambda,
    stable: !operating.saturated,
    throughput: operating.throughput,
    ...(operating.saturated ? { latency: { mean: null, p50: null, p90: null, p95: null, p99: null, p999: null } } : {}),
    notes,
    ...(base.accuracy && (k.attempts > 1 || operating.saturated) ? { accuracy: retryAccuracy(base.accuracy, operating.saturated) } : {}),
    goodput: operating.goodput,
    timeoutRate: operating.timeoutRate,
    abandonRate: 0,
    retryRate: operating.retryRate,
    wastedWork: operating.wastedWork,
    metastable,
  };
}
