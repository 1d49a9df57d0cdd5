/**
 * One segment's time per request in lattice form (lattice.ts): service (a shift when deterministic), plus the
 * wait (an atom at 0 of mass 1 − probWait and a conditional wait), repeated over the segment's visits.
 * Shared by the open and closed analyses so both build the end-to-end distribution the same way.
 */
import type { ServiceDist } from '../model/distribution.ts';
import {
  convolutionLst,
  deterministicLst,
  exponentialLst,
  uniformLst,
  gammaLst,
  hyperexponentialLst,
  twoMomentLst,
  waitLst,
  type Lst,
} from './sojourn.ts';
import { lognormalLst } from './lognormal.ts';
import { mixLattices, remainderOnly, repeatLattice, shiftOnly, sumLattices, ZERO_TIME, type Lattice, type LatticeTerm } from './lattice.ts';
import type { Model, Segment } from '../model/types.ts';

/**
 * Below this scv a gamma service is nearly a step: Euler inversion of a gamma of shape 1/scv is accurate to
 * ~1e−9 up to shape 100, ~1e−5 at 300 and only ~1e−3 at 1000 (our check against the exact gamma CDF), so such
 * a service is written as a constant plus a gamma of shape 300 with the same mean and variance (its skewness,
 * 2/√300, is larger than the true 2·√scv: the price of staying invertible).
 */
const NEAR_SHAPE = 300;
export const NEAR_DETERMINISTIC_SCV = 1 / NEAR_SHAPE;

/** The transform used for a service time: the exact family when the distribution is named, else a two-moment fit. */
export function serviceLst(dist: ServiceDist | undefined, mean: number, scv: number): Lst {
  if (dist) {
    switch (dist.name) {
      case 'exponential':
        return exponentialLst(mean);
      case 'deterministic':
      case 'erlang':
      case 'gamma':
        return gammaLst(mean, dist.scv);
      case 'hyperexponential':
        return hyperexponentialLst(mean, dist.scv);
      case 'lognormal':
        return dist.scv > 0 ? lognormalLst(mean, dist.scv) : gammaLst(mean, 0);
      case 'uniform': {
        const { low, width } = uniformBounds(mean, dist.scv);
        return low > 0 ? convolutionLst([deterministicLst(low), uniformLst(width)]) : uniformLst(width);
      }
      default:
        return twoMomentLst(mean, dist.scv);
    }
  }
  return twoMomentLst(mean, scv);
}

export const SERVICE_TRANSFORM_NOTE =
  'percentiles: lognormal service enters the transform by Gauss–Hermite quadrature over its normal variable with Erlang kernels (quantiles within 1.1 % of the exact lognormal for scv 0.1–4), uniform service by its exact transform (its lower end a shift)';

/** True when the service's transform would be a (nearly) deterministic gamma and is split into a shift. */
export function isNearDeterministic(dist: ServiceDist | undefined, scv: number): boolean {
  const s = dist ? dist.scv : scv;
  return s > 0 && s < NEAR_DETERMINISTIC_SCV && dist?.name !== 'hyperexponential';
}

/** U(low, low + width) with this mean and scv (the simulator's U(m − h, m + h), h = m·√(3·scv)). */
function uniformBounds(mean: number, scv: number): { low: number; width: number } {
  const halfWidth = mean * Math.sqrt(3 * scv);
  return { low: Math.max(0, mean - halfWidth), width: 2 * halfWidth };
}

export function serviceLattice(dist: ServiceDist | undefined, mean: number, scv: number): Lattice {
  const s = dist ? dist.scv : scv;
  if (s === 0 && dist?.name !== 'hyperexponential') return shiftOnly(mean);
  if (dist?.name === 'uniform' && !isNearDeterministic(dist, scv)) {
    // The lower end is a shift (kept out of the inversion), the rest U(0, width) exactly.
    const { low, width } = uniformBounds(mean, s);
    return [{ weight: 1, shift: low, rest: uniformLst(width), restAtZero: 0 }];
  }
  if (isNearDeterministic(dist, scv)) {
    // Gamma of shape k has sd = mean/√k: matching the service's sd σ = mean·√scv needs mean' = σ·√k.
    const gammaMean = mean * Math.sqrt(s * NEAR_SHAPE);
    return [{ weight: 1, shift: mean - gammaMean, rest: gammaLst(gammaMean, 1 / NEAR_SHAPE), restAtZero: 0 }];
  }
  return remainderOnly(serviceLst(dist, mean, scv), 0);
}

/**
 * One visit's service of a run-to-completion segment of several stages, as the sum of its stages' own
 * services (each exact where its family is known, Bernoulli when visited with probability < 1, 1 + Geometric
 * times when more than once; perConnection stages only on a connection's first request), given that the
 * segment is entered (at least one stage due). Its two-moment fit (segment-load.ts) put p99 11% low for an
 * exponential stage followed by a hyperexponential one even at 14% load, where the wait is negligible.
 * A single-stage segment is its stage's serviceLattice.
 */
export function segmentServiceLattice(model: Model, segment: Segment, mean: number, scv: number): Lattice {
  const stages = segment.stageIndices.map((i) => model.stages[i]!);
  if (stages.length === 1) return serviceLattice(stages[0]!.service, mean, scv);
  const newConnection = 1 / model.workload.requestsPerConnection;
  const cases: Array<readonly [number, boolean]> = newConnection >= 1 ? [[1, true]] : [[newConnection, true], [1 - newConnection, false]];
  const mixed = mixLattices(
    cases.map(([weight, opens]) => {
      const parts = stages.map((stage) => {
        const count = stage.perConnection ? (opens ? 1 : 0) : stage.visits;
        return count === 0 ? ZERO_TIME : repeatLattice(serviceLattice(stage.service, stage.service.meanSeconds, stage.service.scv), count);
      });
      return [weight, sumLattices(parts)] as const;
    }),
  );
  // Conditioned on entry: the atom at 0 (no stage due) is not a visit.
  const none = (t: LatticeTerm) => t.shift === 0 && t.rest === null;
  const kept = mixed.filter((t) => !none(t));
  const entered = kept.reduce((sum, t) => sum + t.weight, 0);
  return kept.map((t) => ({ ...t, weight: t.weight / entered }));
}

/** (wait + service) repeated over `visits`; `conditionalWait` null when visits never wait. */
export function segmentLattice(
  service: Lattice,
  probWait: number,
  conditionalWait: Lst | null,
  visits: number,
): Lattice {
  const visit =
    conditionalWait && probWait > 0
      ? sumLattices([remainderOnly(waitLst(probWait, conditionalWait), 1 - probWait), service])
      : service;
  return repeatLattice(visit, visits);
}
