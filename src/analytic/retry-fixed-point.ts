/**
 * Retries as a fixed point on the offered load (an approximation, named as such in `notes`): one M/M/c pool
 * (Poisson originals at λ, one exponential stage, unbounded shared queue), a client timeout T, `attempts` A,
 * no cancellation (the server serves every attempt, so every attempt loads it), no patience or queue timeout.
 *
 * Each attempt is taken to fail independently with p(Λ) = P(R > T), R the M/M/c response time at the total
 * attempt rate Λ (retries taken as Poisson too), and p = 1 once Λ ≥ cµ (the queue grows without bound). Then
 *
 *   Λ = λ·(1 + r(p(Λ))),   r(p) = p + p² + … + p^(A−1), capped at the retry budget b when there is one.
 *
 * p rises with Λ, so the map can cross the diagonal several times: each stable crossing below cµ is a good
 * operating point, and when λ·(1 + r(1)) ≥ cµ the saturated state (every attempt times out, retries keep
 * the load past capacity) sustains itself too. Both at once = bistable: the `metastable` field of SPEC §5, with
 * the trigger rate: the λ above which no good point is left (after a spike past it the system stays bad even
 * when the load returns, as long as λ·(1 + r(1)) ≥ cµ).
 */
import { erlangC } from './erlang.ts';

export interface RetryCase {
  readonly lambda: number;
  readonly mu: number;
  readonly threads: number;
  readonly timeoutSeconds: number;
  readonly attempts: number;
  readonly budget: number | null;
}

/** P(R > t) for M/M/c at arrival rate Λ < cµ: the wait is 0 w.p. 1 − C, else Exp(cµ − Λ); service Exp(µ). */
export function mmcResponseTail(rate: number, mu: number, c: number, t: number): number {
  const C = erlangC(c, rate / mu);
  const g = c * mu - rate;
  const serviceTail = Math.exp(-mu * t);
  const waitedTail = Math.abs(g - mu) < 1e-9 * mu ? (1 + mu * t) * serviceTail : (g * serviceTail - mu * Math.exp(-g * t)) / (g - mu);
  return (1 - C) * serviceTail + C * waitedTail;
}

/** E[(R − t)⁺] − E[(W − t)⁺]: the service an attempt receives after its client gave up at t (seconds). */
function wastedPerAttempt(rate: number, mu: number, c: number, t: number): number {
  const C = erlangC(c, rate / mu);
  const g = c * mu - rate;
  const lateResponse =
    Math.abs(g - mu) < 1e-9 * mu
      ? (1 - C) * Math.exp(-mu * t) / mu + C * Math.exp(-mu * t) * (2 + mu * t) / mu
      : (1 - C) * Math.exp(-mu * t) / mu + (C * ((g * Math.exp(-mu * t)) / mu - (mu * Math.exp(-g * t)) / g)) / (g - mu);
  const lateWait = (C * Math.exp(-g * t)) / g;
  return lateResponse - lateWait;
}

function retriesPerOriginal(k: RetryCase, p: number): number {
  let r = 0;
  let term = 1;
  for (let i = 1; i < k.attempts; i++) {
    term *= p;
    r += term;
  }
  return k.budget === null ? r : Math.min(k.budget, r);
}

function failureProbability(k: RetryCase, rate: number): number {
  return rate >= k.threads * k.mu ? 1 : mmcResponseTail(rate, k.mu, k.threads, k.timeoutSeconds);
}

export interface RetryPoint {
  /** Attempts per second reaching the server (originals + retries). */
  readonly attemptRate: number;
  /** Chance an attempt times out. */
  readonly failure: number;
  readonly goodput: number;
  /** Attempts the server finishes per second (all of them: nothing is cancelled); cµ when saturated. */
  readonly throughput: number;
  readonly timeoutRate: number;
  readonly retryRate: number;
  readonly wastedWork: number;
  readonly saturated: boolean;
}

function pointAt(k: RetryCase, rate: number): RetryPoint {
  const capacity = k.threads * k.mu;
  const saturated = rate >= capacity;
  const p = failureProbability(k, rate);
  return {
    attemptRate: rate,
    failure: p,
    goodput: saturated ? 0 : Math.min(k.lambda, rate * (1 - p)),
    throughput: Math.min(rate, capacity),
    timeoutRate: (rate * p) / k.lambda,
    retryRate: (rate - k.lambda) / k.lambda,
    wastedWork: saturated ? 1 : wastedPerAttempt(rate, k.mu, k.threads, k.timeoutSeconds) * k.mu,
    saturated,
  };
}

/** The stable good operating point (lowest stable crossing below capacity), or null. */
function goodPoint(k: RetryCase): RetryPoint | null {
  const capacity = k.threads * k.mu;
  const g = (rate: number) => k.lambda * (1 + retriesPerOriginal(k, failureProbability(k, rate))) - rate;
  if (k.lambda >= capacity) return null;
  // g(λ) ≥ 0; the first root where g turns negative is stable (the map crosses the diagonal from above).
  const steps = 2000;
  let prev = k.lambda;
  for (let i = 1; i <= steps; i++) {
    const rate = k.lambda + ((capacity - k.lambda) * i) / steps;
    if (rate >= capacity) break;
    if (g(rate) < 0) {
      let lo = prev;
      let hi = rate;
      for (let it = 0; it < 200 && hi - lo > 1e-13 * hi; it++) {
        const mid = 0.5 * (lo + hi);
        if (g(mid) >= 0) lo = mid;
        else hi = mid;
      }
      return pointAt(k, 0.5 * (lo + hi));
    }
    prev = rate;
  }
  return null;
}

export interface RetryFixedPoint {
  /** What the system does from an empty start: the good point, or the saturated one when there is none. */
  readonly operating: RetryPoint;
  /** Both points when the same λ has a good and a saturated stable point; else null. */
  readonly bistable: { readonly good: RetryPoint; readonly bad: RetryPoint; readonly triggerRate: number; readonly sustainRate: number } | null;
}

/** The stable points at λ: the good one (null when none is left) and the saturated one (null when it cannot hold). */
export function stablePoints(k: RetryCase): { readonly good: RetryPoint | null; readonly bad: RetryPoint | null } {
  const capacity = k.threads * k.mu;
  const badRate = k.lambda * (1 + retriesPerOriginal(k, 1));
  return { good: goodPoint(k), bad: badRate >= capacity ? pointAt(k, badRate) : null };
}

export function retryFixedPoint(k: RetryCase): RetryFixedPoint {
  const capacity = k.threads * k.mu;
  const good = goodPoint(k);
  const badRate = k.lambda * (1 + retriesPerOriginal(k, 1));
  const badSustains = badRate >= capacity;
  const bad = pointAt(k, Math.max(badRate, capacity));
  if (good === null) return { operating: bad, bistable: null };
  if (!badSustains) return { operating: good, bistable: null };
  // The largest λ with a good point left, by bisection (good points exist below it, none above).
  let lo = k.lambda;
  let hi = capacity;
  for (let it = 0; it < 100 && hi - lo > 1e-10 * hi; it++) {
    const mid = 0.5 * (lo + hi);
    if (goodPoint({ ...k, lambda: mid }) !== null) lo = mid;
    else hi = mid;
  }
  // The bad point holds while λ·(1 + r(1)) ≥ cµ: from this λ up (the lower edge of the bistable region).
  const sustainRate = capacity / (1 + retriesPerOriginal(k, 1));
  return { operating: good, bistable: { good, bad, triggerRate: lo, sustainRate } };
}
