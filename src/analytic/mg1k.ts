/**
 * M/G/1/K exactly, from the Markov chain embedded at departures (model/mg1k-chain.ts: the departure-epoch law
 * π and blocking p_K); L = Σ n·p_n; W = L / (λ(1 − p_K)) (Little).
 */
import type { ServiceDist } from '../model/distribution.ts';
import { mg1kChain } from '../model/mg1k-chain.ts';
import type { StationMetrics } from './mmc.ts';

/** One server, Q waiting places, Poisson arrivals at `arrivalRate`, service `dist`. Null when out of numeric reach. */
export function mg1k(arrivalRate: number, dist: ServiceDist, queueCapacity: number): StationMetrics | null {
  const chain = mg1kChain(arrivalRate, dist, queueCapacity);
  if (chain === null) return null;
  const { pi, norm, blocking } = chain;
  const places = queueCapacity + 1;
  const meanService = dist.meanSeconds;
  let inSystem = 0;
  for (let n = 1; n < places; n++) inSystem += (n * pi[n]!) / norm;
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
