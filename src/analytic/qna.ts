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
