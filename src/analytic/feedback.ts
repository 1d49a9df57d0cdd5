/**
 * A re-entered stage (visits v > 1: 1 + Geometric visits, each queueing again at the tail) solved through its
 * immediate-feedback equivalent (Whitt, "The Queueing Network Analyzer", BSTJ 62(9), 1983, §4.5; Takács,
 * "A single-server queue with feedback", BSTJ 42, 1963).
 *
 * Why it is exact for the mean: with Bernoulli feedback each service completion is a departure with probability
 * 1/v whatever the queue holds, and every visit draws a fresh service time, so the number in the station N(t)
 * has the same law whether a fed-back request queues again at the tail (the model) or is served again at once
 * (the equivalent). Busy servers are min(N, c) in both, so the mean number waiting is the same, and by Little
 * λ_visits·W_visit = λ_requests·W_equivalent. The equivalent station serves each request one compound service
 * X = S_1 + … + S_G, G ~ Geometric(1/v):
 *
 *   E[X] = v·m,   E[X²] = v·m²·cs² + (2v² − v)·m²,   scv(X) = 1 + (cs² − 1)/v.
 *
 * With Poisson arrivals and one server the equivalent is an M/G/1 queue, whose Pollaczek–Khinchine mean is exact
 * for any service distribution (the mean sojourn of M/G/1 with Bernoulli feedback, Takács 1963); with c
 * servers or other arrivals it inherits the pool solver's approximation for the compound service. Treating the
 * v visits as v arrivals of the per-visit service (the former method) was wrong by −55 % (deterministic, v = 3,
 * ρ = 0.9) to +93 % (hyperexponential scv 4).
 */
import type { Pool } from '../model/types.ts';
import type { PoolSolution } from './pool-solver.ts';
import type { StationMetrics } from './mmc.ts';
import { convolutionLst, deterministicLst, mixtureLst, powerLst, waitLst, type Lst } from './sojourn.ts';
import { mixLattices, remainderOnly, repeatLattice, sumLattices, type Lattice, type LatticeTerm } from './lattice.ts';

/** The compound service's scv for per-visit scv cs² over 1 + Geometric visits of mean v. */
export function compoundServiceScv(serviceScv: number, visits: number): number {
  return 1 + (serviceScv - 1) / visits;
}

/** E[X²] of the compound service, per-visit mean m and scv cs². */
export function compoundSecondMoment(meanService: number, serviceScv: number, visits: number): number {
  return visits * meanService * meanService * serviceScv + (2 * visits * visits - visits) * meanService * meanService;
}

/** Pools solved through the equivalent: an unlimited queue (a finite one is exact as it is, see open-network's
 * passage()) shared by the threads (per-thread dispatch sends a re-entry to another thread's queue). */
export function feedbackEquivalent(pool: Pool): boolean {
  return pool.queueCapacity === Infinity && (pool.dispatch !== 'per-thread' || pool.threads === 1);
}

/**
 * The equivalent's solution read per visit: the mean number waiting is the same, so the mean wait per visit is
 * the equivalent's wait per request times requests / visits. The chance that a visit waits is taken as the
 * equivalent's (exact for M/M/1, where both are ρ by PASTA and the N(t) argument).
 */
export function perVisitSolution(equivalent: PoolSolution, requestsPerVisit: number): PoolSolution {
  const metrics = equivalent.metrics;
  const method = `${equivalent.method}, as the immediate-feedback equivalent of its re-entries (one compound service per request; Whitt 1983, Takács 1963)`;
  if (!metrics) return { stable: equivalent.stable, metrics, method, exact: equivalent.exact };
  const meanWait = metrics.meanWait * requestsPerVisit;
  const perVisit: StationMetrics = {
    ...metrics,
    meanWait,
    throughput: metrics.throughput / requestsPerVisit,
    wait: metrics.probWait > 0 && meanWait > 0 ? { kind: 'exponential', rate: metrics.probWait / meanWait } : { kind: 'none' },
  };
  return { stable: equivalent.stable, metrics: perVisit, method, exact: equivalent.exact };
}

/**
 * A re-entered segment's time per request, T = Σ_{i ≤ G} (W_i + S_i), with the waits of one request's visits
 * correlated: a request that found a long queue re-enters behind the requests that arrived meanwhile, so it
 * finds a long queue again (in heavy traffic the queue barely moves during one sojourn and every visit waits
 * alike). Written as a mixture: with probability r one wait repeated G times (W_i = W_1), else independent waits
 * (the former treatment, whose p99 was 35 % low for M/M/1 at ρ = 0.9, v = 3). r = √P(wait) (1 in heavy traffic,
 * 0 in light), chosen against long simulations (bench/classes.ts reentry: p99 within 5.2 %, median 1.4 %;
 * r = ρ left p99 7–9 % low at moderate load, r = √ρ put c = 4 threads 4 % high). Services stay independent.
 */
export function reentryLattice(
  service: LatticeTerm,
  probWait: number,
  conditionalWait: Lst | null,
  visits: number,
  correlation: number,
): Lattice {
  const visit =
    conditionalWait && probWait > 0
      ? sumLattices([remainderOnly(waitLst(probWait, conditionalWait), 1 - probWait), [service]])
      : [service];
  const independent = repeatLattice(visit, visits);
  if (!conditionalWait || probWait <= 0 || correlation <= 0) return independent;
  const leave = 1 / visits;
  const stay = 1 - leave;
  const terms: LatticeTerm[] = [];
  // G = g with probability leave·stay^{g−1}; the wait repeated g times is W scaled by g: L_W(g·s).
  const count = Math.min(MAX_CORRELATED_VISITS, Math.max(1, Math.ceil(Math.log(CORRELATED_TAIL) / Math.log(stay))));
  const lumpFrom = service.shift > 0 ? Math.min(count, MAX_SHIFT_TERMS) : 1;
  const lumped: Array<readonly [number, Lst]> = [];
  let lumpedWeight = 0;
  let lumpedAtZero = 0;
  for (let g = 1; g <= count; g++) {
    const weight = g === count ? Math.pow(stay, g - 1) : leave * Math.pow(stay, g - 1);
    const pieces: Lst[] = [waitLst(probWait, scaledLst(conditionalWait, g))];
    if (service.rest) pieces.push(powerLst(service.rest, g));
    if (g < lumpFrom || (g === lumpFrom && lumpFrom === count)) {
      terms.push({ weight, shift: g * service.shift, rest: convolutionLst(pieces), restAtZero: (1 - probWait) * Math.pow(service.restAtZero, g) });
      continue;
    }
    const extra = (g - lumpFrom) * service.shift;
    if (extra > 0) pieces.push(deterministicLst(extra));
    lumped.push([weight, convolutionLst(pieces)]);
    lumpedWeight += weight;
    if (extra === 0) lumpedAtZero += weight * (1 - probWait) * Math.pow(service.restAtZero, g);
  }
  if (lumped.length > 0) {
    const parts = lumped.map(([w, lst]) => [w / lumpedWeight, lst] as const);
    terms.push({ weight: lumpedWeight, shift: lumpFrom * service.shift, rest: mixtureLst(parts), restAtZero: lumpedAtZero / lumpedWeight });
  }
  return mixLattices([
    [correlation, terms],
    [1 - correlation, independent],
  ]);
}

export const REENTRY_NOTE =
  're-entered stages (visits > 1): mean from the immediate-feedback equivalent, one compound service per request (exact for one thread with Poisson arrivals, Takács 1963); percentiles with the waits of one request’s visits correlated (mixture weight √P(wait)), measured within 5.2 % of simulation on p99 (bench/classes.ts reentry)';

/** Visits followed one by one in the correlated part: P(G > count) below this, the rest lumped in the last. */
const CORRELATED_TAIL = 1e-7;
const MAX_CORRELATED_VISITS = 400;
/** With a deterministic part, visit counts kept as separate jumps of the CDF (each costs one inversion). */
const MAX_SHIFT_TERMS = 12;

/** The law of g·W from W's: L(g·s). */
function scaledLst(lst: Lst, factor: number): Lst {
  return {
    mean: factor * lst.mean,
    eval(re, im, out) {
      lst.eval(re * factor, im * factor, out);
    },
  };
}
