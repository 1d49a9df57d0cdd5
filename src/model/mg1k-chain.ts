/**
 * The M/G/1/K chain embedded at departures (Gross & Harris, Fundamentals of Queueing Theory, 4th ed., §5.1.10;
 * K = 1 + Q places in all), exact for one server with Poisson arrivals and any service law. It lives in the
 * model because its blocking is one of the refusals the stability rule knows exactly (refusals.ts); the
 * analysis builds its M/G/1/K figures on it (analytic/mg1k.ts).
 *
 *   a_j = P(j arrivals during one service) = E[e^{−λS}(λS)^j / j!]       (arrivals-during-service.ts)
 *   departure-epoch law π on 0..K−1 by level crossing: the chain goes down only one step at a time (a departure
 *   leaving j+1 behind with no arrival, probability a_0), so for every level j
 *       π_{j+1}·a_0 = π_0·Ā_{j+1} + Σ_{i=1..j} π_i·Ā_{j−i+2},   Ā_k = Σ_{m≥k} a_m,
 *   a sum of positive terms (no cancellation, unlike solving the balance equations forward)
 *   time-average law: p_n = π_n / (π_0 + ρ) for n < K, p_K = 1 − 1/(π_0 + ρ), ρ = λ·E[S]
 *
 * Blocking is p_K (Poisson arrivals see time averages).
 */
import type { ServiceDist } from './distribution.ts';
import { arrivalsDuringService } from './arrivals-during-service.ts';

export interface Mg1kChain {
  /** Departure-epoch law on 0..K−1. */
  readonly pi: Float64Array;
  /** π_0 + ρ: time-average p_n = π_n / norm for n < K. */
  readonly norm: number;
  readonly blocking: number;
}

interface Solved {
  readonly arrivalRate: number;
  readonly queueCapacity: number;
  readonly chain: Mg1kChain | null;
}

const lastSolved = new WeakMap<ServiceDist, Solved[]>();

/**
 * One server, Q waiting places, Poisson arrivals at `arrivalRate`, service `dist`; null when out of numeric
 * reach. Analysis's fixed points and the stability rule's walks re-solve a pool at the same rates, in turn:
 * the last two answers per service are kept.
 */
export function mg1kChain(arrivalRate: number, dist: ServiceDist, queueCapacity: number): Mg1kChain | null {
  const kept = lastSolved.get(dist) ?? [];
  const hit = kept.find((s) => s.arrivalRate === arrivalRate && s.queueCapacity === queueCapacity);
  if (hit) return hit.chain;
  const chain = solve(arrivalRate, dist, queueCapacity);
  lastSolved.set(dist, [{ arrivalRate, queueCapacity, chain }, ...kept.slice(0, 1)]);
  return chain;
}

function solve(arrivalRate: number, dist: ServiceDist, queueCapacity: number): Mg1kChain | null {
  const places = queueCapacity + 1;
  const rho = arrivalRate * dist.meanSeconds;
  const a = arrivalsDuringService(dist, arrivalRate, places);
  if (!(a[0]! > 1e-280)) return null;
  // Tails Ā_k = Σ_{m ≥ k} a_m, summed from the far end so small tails keep their digits; what the array leaves
  // out (beyond its last term) is 1 − Σ a.
  const tail = new Float64Array(places + 1);
  let total = 0;
  for (const x of a) total += x;
  let acc = Math.max(0, 1 - total);
  for (let k = a.length - 1; k >= 0; k--) {
    acc += a[k]!;
    if (k <= places) tail[k] = acc;
  }
  const pi = new Float64Array(places);
  pi[0] = 1;
  let piSum = 1;
  for (let j = 0; j + 1 < places; j++) {
    let up = pi[0]! * tail[j + 1]!;
    for (let i = 1; i <= j; i++) up += pi[i]! * tail[j - i + 2]!;
    pi[j + 1] = up / a[0]!;
    piSum += pi[j + 1]!;
    if (!Number.isFinite(piSum)) return null;
  }
  for (let j = 0; j < places; j++) pi[j]! /= piSum;
  const norm = pi[0]! + rho;
  return { pi, norm, blocking: Math.max(0, 1 - 1 / norm) };
}
