/**
 * One multi-server FCFS station with Poisson arrivals and exponential service: M/M/c, M/M/c/K and M/M/∞.
 * Closed forms from Gross & Harris, Fundamentals of Queueing Theory (4th ed.), §2.3 (M/M/c), §2.5 (M/M/c/K),
 * §2.7 (M/M/∞). All probabilities come from the Erlang B recursion, never from factorials.
 *
 * λ = arrivalRate (visits/s), S = meanService, c = servers, Q = queueCapacity (K = c + Q).
 */
import { erlangB, erlangC } from './erlang.ts';

export interface StationMetrics {
  /** Fraction of the servers busy, λ_eff·S/c. */
  readonly utilization: number;
  /** Probability that an admitted visit waits. */
  readonly probWait: number;
  readonly meanWait: number;
  readonly meanQueueLength: number;
  readonly meanInSystem: number;
  /** Probability that an arriving visit is refused (full waiting room). */
  readonly blocking: number;
  /** Admitted visits per second. */
  readonly throughput: number;
  /**
   * The conditional wait of a visit that waits, as an LST factor: wait = 0 with probability 1 − probWait,
   * else a draw whose transform `waitLst` evaluates. Filled in by the station's solver.
   */
  readonly wait: WaitShape;
}

/** How a waiting visit's delay is distributed, for the latency transform. */
export type WaitShape =
  | { readonly kind: 'none' }
  /** Exp(rate) conditional wait: exact for M/M/c (rate = cµ − λ), an approximation elsewhere. */
  | { readonly kind: 'exponential'; readonly rate: number }
  /** A two-moment fit of the conditional wait (gamma for scv ≤ 1, balanced H2 above): M/G/1 via Takács. */
  | {
      readonly kind: 'two-moment';
      readonly mean: number;
      readonly scv: number;
      /** Poisson arrival rate at one server (M/G/1): the exact Pollaczek–Khinchine transform applies. */
      readonly serverArrivalRate?: number;
    }
  /** M/M/c/K: conditional on waiting, Erlang(j+1, cµ) with j ~ truncated geometric(ρ) on 0..Q−1. */
  | { readonly kind: 'truncated-geometric'; readonly rho: number; readonly places: number; readonly drainRate: number };

export function delayStation(arrivalRate: number, meanService: number): StationMetrics {
  return {
    utilization: 0,
    probWait: 0,
    meanWait: 0,
    meanQueueLength: 0,
    meanInSystem: arrivalRate * meanService,
    blocking: 0,
    throughput: arrivalRate,
    wait: { kind: 'none' },
  };
}

/** M/M/c with unbounded queue; the caller guarantees λ·S < c. */
export function mmc(arrivalRate: number, meanService: number, servers: number): StationMetrics {
  const a = arrivalRate * meanService;
  const rho = a / servers;
  const probWait = erlangC(servers, a);
  const drainRate = servers / meanService - arrivalRate;
  const meanWait = probWait / drainRate;
  const meanQueueLength = arrivalRate * meanWait;
  return {
    utilization: rho,
    probWait,
    meanWait,
    meanQueueLength,
    meanInSystem: meanQueueLength + a,
    blocking: 0,
    throughput: arrivalRate,
    wait: probWait > 0 ? { kind: 'exponential', rate: drainRate } : { kind: 'none' },
  };
}

/**
 * M/M/c/K with Q = K − c waiting places (finite). Relative to p_c, the states n ≤ c sum to 1/B(c, a) (Erlang B)
 * and the waiting states to Σ_{j=1..Q} ρ^j. When ρ > 1 the same sums are taken relative to p_K with x = 1/ρ,
 * so no power of ρ can overflow however long the queue. Near ρ = 1 the closed forms cancel, so they are summed.
 */
export function mmck(arrivalRate: number, meanService: number, servers: number, queueCapacity: number): StationMetrics {
  const a = arrivalRate * meanService;
  const rho = a / servers;
  const q = queueCapacity;
  const b = erlangB(servers, a);
  const { blocking, pc, waitingMass, weighted } = waitingRoom(rho, q, b);
  // An admitted visit waits when it finds c ≤ n < K.
  const probWait = q === 0 || blocking >= 1 ? 0 : Math.min(1, Math.max(0, (pc + waitingMass - blocking) / (1 - blocking)));
  return finiteQueueMetrics(arrivalRate, meanService, servers, q, blocking, probWait, weighted, () => rho);
}

/**
 * A finite queue's metrics from its blocking, P(wait) of an admitted visit and L_q (Little for the wait, over
 * the admitted rate); the conditional wait is M/M/c/K's truncated geometric of Erlangs, its ratio given by
 * `ratio` (ρ for M/M/c/K; fitted to the mean wait elsewhere) when anyone waits.
 */
export function finiteQueueMetrics(
  arrivalRate: number,
  meanService: number,
  servers: number,
  places: number,
  blocking: number,
  probWait: number,
  meanQueueLength: number,
  ratio: (meanWait: number) => number,
): StationMetrics {
  const throughput = arrivalRate * (1 - blocking);
  const meanWait = throughput > 0 ? meanQueueLength / throughput : 0;
  const busy = throughput * meanService;
  return {
    utilization: busy / servers,
    probWait,
    meanWait,
    meanQueueLength,
    meanInSystem: meanQueueLength + busy,
    blocking,
    throughput,
    wait: probWait > 0 ? { kind: 'truncated-geometric', rho: ratio(meanWait), places, drainRate: servers / meanService } : { kind: 'none' },
  };
}

/**
 * Normalised M/M/c/K quantities from ρ, Q and Erlang B: p_c, the mass of states c+1..K, blocking p_K,
 * and L_q = Σ_{j=1..Q} j·p_{c+j}.
 */
function waitingRoom(rho: number, q: number, b: number) {
  if (q === 0) return { blocking: b, pc: b, waitingMass: 0, weighted: 0 };
  if (Math.abs(1 - rho) < 1e-3 || q <= 64) {
    // Direct sums relative to the largest term, so neither side of ρ = 1 overflows.
    const logRho = Math.log(rho);
    const shift = rho > 1 ? q * logRho : 0;
    let mass = 0;
    let weightedSum = 0;
    for (let j = 1; j <= q; j++) {
      const term = Math.exp(j * logRho - shift);
      mass += term;
      weightedSum += j * term;
    }
    const pcRelative = Math.exp(-shift);
    const total = pcRelative / b + mass;
    return {
      blocking: Math.exp(q * logRho - shift) / total,
      pc: pcRelative / total,
      waitingMass: mass / total,
      weighted: weightedSum / total,
    };
  }
  if (rho < 1) {
    const rhoQ = Math.pow(rho, q);
    const mass = (rho * (1 - rhoQ)) / (1 - rho);
    const weightedSum = (rho * (1 - (q + 1) * rhoQ + q * rhoQ * rho)) / ((1 - rho) * (1 - rho));
    const pc = 1 / (1 / b + mass);
    return { blocking: pc * rhoQ, pc, waitingMass: pc * mass, weighted: pc * weightedSum };
  }
  const x = 1 / rho;
  const xQ = Math.pow(x, q);
  const s0 = (1 - xQ) / (1 - x); // Σ_{i=0..Q−1} x^i
  const s1 = (x - q * xQ + (q - 1) * xQ * x) / ((1 - x) * (1 - x)); // Σ_{i=0..Q−1} i·x^i
  const pK = 1 / (xQ / b + s0);
  return { blocking: pK, pc: pK * xQ, waitingMass: pK * s0, weighted: pK * (q * s0 - s1) };
}
