/**
 * M/G/1/K exactly, from the Markov chain embedded at departures (Gross & Harris, Fundamentals of Queueing
 * Theory, 4th ed., §5.1.10; K = 1 + Q places in all).
 *
 *   a_j = P(j arrivals during one service) = E[e^{−λS}(λS)^j / j!]       (arrivals-during-service.ts)
 *   departure-epoch law π on 0..K−1 by level crossing: the chain goes down only one step at a time (a departure
 *   leaving j+1 behind with no arrival, probability a_0), so for every level j
 *       π_{j+1}·a_0 = π_0·Ā_{j+1} + Σ_{i=1..j} π_i·Ā_{j−i+2},   Ā_k = Σ_{m≥k} a_m,
 *   a sum of positive terms (no cancellation, unlike solving the balance equations forward)
 *   time-average law: p_n = π_n / (π_0 + ρ) for n < K, p_K = 1 − 1/(π_0 + ρ), ρ = λ·E[S]
 *
 * Blocking is p_K (Poisson arrivals see time averages); L = Σ n·p_n; W = L / (λ(1 − p_K)) (Little).
 */
import type { ServiceDist } from '../model/distribution.ts';
import type { StationMetrics } from './mmc.ts';
import { arrivalsDuringService } from './arrivals-during-service.ts';

/** One server, Q waiting places, Poisson arrivals at `arrivalRate`, service `dist`. Null when out of numeric reach. */
const lastSolved = new WeakMap<ServiceDist, { arrivalRate: number; queueCapacity: number; metrics: StationMetrics | null }>();

export function mg1k(arrivalRate: number, dist: ServiceDist, queueCapacity: number): StationMetrics | null {
  // analyze's fixed points re-solve a pool at the same rate once they settle: keep the last answer per service.
  const hit = lastSolved.get(dist);
  if (hit && hit.arrivalRate === arrivalRate && hit.queueCapacity === queueCapacity) return hit.metrics;
  const metrics = solve(arrivalRate, dist, queueCapacity);
  lastSolved.set(dist, { arrivalRate, queueCapacity, metrics });
  return metrics;
}

function solve(arrivalRate: number, dist: ServiceDist, queueCapacity: number): StationMetrics | null {
  const places = queueCapacity + 1;
  const meanService = dist.meanSeconds;
  const rho = arrivalRate * meanService;
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
  let inSystem = 0;
  for (let n = 1; n < places; n++) inSystem += (n * pi[n]!) / norm;
  const blocking = Math.max(0, 1 - 1 / norm);
  inSystem += places * blocking;
  const p0 = pi[0]! / norm;
  const throughput = arrivalRate * (1 - blocking);
  const busy = throughput * meanService; // = 1 − p0
  const meanQueueLength = Math.max(0, inSystem - busy);
  const meanWait = throughput > 0 ? meanQueueLength / throughput : 0;
  const probWait = blocking >= 1 ? 0 : Math.min(1, Math.max(0, (1 - p0 - blocking) / (1 - blocking)));
  return {
    utilization: busy,
    probWait,
    meanWait,
    meanQueueLength,
    meanInSystem: inSystem,
    blocking,
    throughput,
    wait: probWait > 0 && meanWait > 0 ? { kind: 'two-moment', mean: meanWait / probWait, scv: waitScv(dist, pi, places) } : { kind: 'none' },
  };
}

/**
 * scv of the wait of an arrival that waits, for the percentile transform (its mean is the exact one): an
 * arrival finding n ≥ 1 waits the residual R of the service in progress plus n − 1 whole services, with R taken
 * as the stationary excess (E[R] = E[S²]/2m, E[R²] = E[S³]/3m) and n from the arrival-epoch law, which is the
 * departure-epoch law π restricted to admitted arrivals (Burke's up/down crossing argument).
 */
function waitScv(dist: ServiceDist, pi: Float64Array, places: number): number {
  const m = dist.meanSeconds;
  const s2 = m * m * (1 + dist.scv);
  const s3 = thirdMoment(dist);
  const r1 = s2 / (2 * m);
  const r2 = s3 / (3 * m);
  let mass = 0;
  let first = 0;
  let second = 0;
  for (let n = 1; n < places; n++) {
    const w = pi[n]!;
    const k = n - 1;
    mass += w;
    first += w * (r1 + k * m);
    second += w * (r2 + 2 * k * m * r1 + k * s2 + k * (k - 1) * m * m);
  }
  if (!(mass > 0)) return 1;
  const mean = first / mass;
  return Math.max(0, second / mass / (mean * mean) - 1);
}

/** E[S³] of each family, parameterised by mean and scv as model/distribution.ts samples it. */
function thirdMoment(dist: ServiceDist): number {
  const m = dist.meanSeconds;
  const c = dist.scv;
  switch (dist.name) {
    case 'exponential':
      return 6 * m ** 3;
    case 'deterministic':
      return m ** 3;
    case 'erlang':
    case 'gamma':
      return m ** 3 * (1 + c) * (1 + 2 * c);
    case 'lognormal':
      return m ** 3 * (1 + c) ** 3;
    case 'hyperexponential': {
      const p1 = 0.5 * (1 + Math.sqrt((c - 1) / (c + 1)));
      return 6 * (p1 * (m / (2 * p1)) ** 3 + (1 - p1) * (m / (2 * (1 - p1))) ** 3);
    }
    case 'uniform': {
      const half = m * Math.sqrt(3 * c);
      return m ** 3 + m * half * half;
    }
  }
}
