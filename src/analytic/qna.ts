/**
 * Whitt's Queueing Network Analyzer linking equations (W. Whitt, "The Queueing Network Analyzer", Bell System
 * Technical Journal 62(9), 1983), which carry the squared coefficient of variation (scv) of a flow of requests
 * from station to station so a tandem of non-exponential stages is solved as a network:
 *
 *   departure  cd² = 1 + (1 − ρ²)(ca² − 1) + ρ²(cs² − 1)/√c            (eq. 39, c servers)
 *   splitting  a flow kept with probability p: p·c² + 1 − p                 (eq. 41)
 *   merging    rate-weighted mean of the scvs (the asymptotic method)      (eq. 35, w = 1)
 */

export function departureScv(arrivalScv: number, serviceScv: number, rho: number, servers: number): number {
  if (servers === Infinity) return arrivalScv;
  const r2 = rho * rho;
  return Math.max(0, 1 + (1 - r2) * (arrivalScv - 1) + (r2 * (serviceScv - 1)) / Math.sqrt(servers));
}

export function splitScv(scv: number, keep: number): number {
  return keep * scv + 1 - keep;
}

/** Two flows with rates a and b merged. */
export function mergeScv(rateA: number, scvA: number, rateB: number, scvB: number): number {
  const total = rateA + rateB;
  return total > 0 ? (rateA * scvA + rateB * scvB) / total : 1;
}

/**
 * A flow's variability over time, in the spirit of Whitt & You's robust queueing network analyzer (IDC-based,
 * "A robust queueing network analyzer based on indices of dispersion", 2020, and the heavy-traffic limit of the
 * GI/GI/1 departure process, Stochastic Systems 2018): a queue reshapes its departures only over time scales
 * shorter than its own relaxation time; over longer ones a stable queue passes its arrivals' variability through
 * (departures = arrivals − change in queue). A flow is therefore (short-term scv, long-term scv, time scale τ):
 * its index of dispersion I(t) ≈ long + (short − long)/(1 + t/(3τ)). A station sees I at its own relaxation time.
 */
export interface FlowVariability {
  /** QNA's scv, what the last station that reshaped the flow left (eq. 39 etc.). */
  readonly short: number;
  /** The scv over long times: the external arrivals' variability, split and merged, untouched by queues. */
  readonly long: number;
  /** Relaxation time (seconds) of the last station that reshaped the flow; 0 for an external renewal flow. */
  readonly scale: number;
}

/**
 * How far (in relaxation times of the upstream queue) its reshaping still shows downstream: 3, chosen against
 * long simulations of bursty and smooth tandems (bench/classes.ts bursty). 1 left means up to 22 % high
 * (downstream saw too much of the long-run variability); 10 left p99 up to 20 % low.
 */
const UPSTREAM_REACH = 3;

export const FLOW_NOTE =
  'flows: non-Poisson request flows carried over time scales (QNA departure scv over the upstream queue’s relaxation time, the arrivals’ scv over longer ones), each pool solved for the flow it sees as a renewal process (GI/M/c for exponential service, Allen–Cunneen otherwise); the error measured for pools fed by other queues is the band of the network-flows parts in accuracy';

/** The scv a station with relaxation time `scale` sees in this flow. */
export function scvSeenAt(flow: FlowVariability, scale: number): number {
  if (flow.scale <= 0 || flow.short === flow.long) return flow.short;
  return flow.long + (flow.short - flow.long) / (1 + scale / (UPSTREAM_REACH * flow.scale));
}

/**
 * Relaxation time of a c-server queue (the RBM approximation of its queue: variance rate (ca² + cs²)·c/m over
 * drift² (c(1 − ρ)/m)²): τ = (ca² + cs²)·m / (c·(1 − ρ)²).
 */
export function relaxationSeconds(arrivalScv: number, serviceScv: number, meanService: number, servers: number, rho: number): number {
  const idle = Math.max(1 - rho, 1e-6);
  return ((arrivalScv + serviceScv) * meanService) / (servers * idle * idle);
}
