/**
 * A latency split into its discrete (lattice) part and a continuous remainder, so that the transform inversion
 * only ever sees the remainder.
 *
 * Why: a deterministic service time D makes the CDF jump at D. Euler inversion (Abate & Whitt 2006) assumes a
 * smooth function and rings (Gibbs) around a jump, which made percentiles of deterministic stages wrong by up to
 * 2× and not monotone in threads. The time is therefore written as a mixture of terms, each
 *
 *     shift (a known constant) + remainder (an independent time with a transform),
 *
 * with probability `weight`: a deterministic time visited with probability 1 is one shift; visited with
 * probability p < 1 it is two terms (0 and D); visited 1 + Geometric times it is one term per visit count.
 * The remainder's own atom at 0 (a visit that does not wait, a skipped visit) stays in the transform, but its
 * mass is carried exactly in `restAtZero` (the product of the atoms' masses), so P(T ≤ shift) is exact and
 * the quantile search can land exactly on a jump. Then P(T > t) = Σ weight · P(remainder > t − shift).
 */
import { convolutionLst, deterministicLst, mixtureLst, powerLst, repeatedLst, twoMomentLst, type Lst } from './sojourn.ts';

export interface LatticeTerm {
  readonly weight: number;
  /** Seconds. */
  readonly shift: number;
  /** Transform of the remainder; null when the remainder is identically 0. */
  readonly rest: Lst | null;
  /** P(remainder = 0), exact. */
  readonly restAtZero: number;
}

/** Terms sorted by shift, weights summing to 1. */
export type Lattice = readonly LatticeTerm[];

/**
 * Budget on terms: each costs one inversion per evaluated point, and a sum of k parts of n terms each would
 * have n^k. A part that would take the sum past the budget is smoothed instead (`smoothPart`).
 */
export const MAX_TERMS = 16;

export const ZERO_TIME: Lattice = [{ weight: 1, shift: 0, rest: null, restAtZero: 1 }];

export function shiftOnly(seconds: number): Lattice {
  return [{ weight: 1, shift: seconds, rest: null, restAtZero: 1 }];
}

/** A time with no lattice part: its transform, and the exact mass of its atom at 0. */
export function remainderOnly(rest: Lst, atZero: number): Lattice {
  return [{ weight: 1, shift: 0, rest, restAtZero: atZero }];
}

/** Mixture Σ p_i · lattice_i (p_i summing to 1). */
export function mixLattices(parts: ReadonlyArray<readonly [number, Lattice]>): Lattice {
  const terms: LatticeTerm[] = [];
  for (const [p, lattice] of parts) {
    if (p <= 0) continue;
    for (const term of lattice) terms.push({ ...term, weight: p * term.weight });
  }
  return mergeEqualShifts(terms);
}

export const SMOOTHED_NOTE =
  'percentiles: too many deterministic visit combinations (stages visited with probability < 1 or repeatedly) to keep every jump; the extra ones enter as a smooth two-moment fit (an approximation)';

export interface LatticeSum {
  readonly lattice: Lattice;
  /** Parts replaced by a smooth two-moment fit to stay within MAX_TERMS (0 normally). */
  readonly smoothedParts: number;
}

/** Sum of independent times: every pair of terms, shifts added, remainders convolved. */
export function sumLattices(parts: readonly Lattice[]): Lattice {
  return latticeSum(parts).lattice;
}

export function latticeSum(parts: readonly Lattice[]): LatticeSum {
  if (parts.every((part) => part.length === 1)) {
    // The common case (no Bernoulli or repeated deterministic part): one term, one flat convolution.
    const rests: Lst[] = [];
    let shift = 0;
    let atZero = 1;
    for (const [term] of parts) {
      shift += term!.shift;
      atZero *= term!.restAtZero;
      if (term!.rest) rests.push(term!.rest);
    }
    const rest = rests.length > 0 ? convolutionLst(rests) : null;
    return { lattice: [{ weight: 1, shift, rest, restAtZero: atZero }], smoothedParts: 0 };
  }
  // Single-term parts first (they never multiply the count), then the multi-term ones, smallest first.
  const ordered = [...parts].sort((a, b) => a.length - b.length);
  let acc: Lattice = ZERO_TIME;
  let smoothedParts = 0;
  for (let part of ordered) {
    if (part.length > 1 && acc.length * part.length > Math.max(MAX_TERMS, part.length)) {
      part = smoothPart(part);
      smoothedParts++;
    }
    if (part.length === 1) {
      const only = part[0]!;
      acc = acc.map((a) => productTerm(a, only));
      continue;
    }
    const terms: LatticeTerm[] = [];
    for (const a of acc) for (const b of part) terms.push(productTerm(a, b));
    acc = mergeEqualShifts(terms);
  }
  return { lattice: acc, smoothedParts };
}

/**
 * A part with too many terms for the budget, as one smooth term: its atom at 0 kept exactly, the rest a
 * two-moment fit (gamma for scv ≤ 1, balanced H2 above) of the positive part. The second moment comes from
 * the transform at two small real points, E[T²] ≈ 2(L(h) − 1 + m·h)/h² with Richardson extrapolation
 * (error O(h²)). Loses the jumps (an approximation, noted by the caller) but never rings.
 */
function smoothPart(part: Lattice): Lattice {
  const whole = latticeLst(part);
  const mean = whole.mean;
  let atZero = 0;
  for (const term of part) if (term.shift === 0) atZero += term.weight * term.restAtZero;
  if (!(mean > 0) || atZero >= 1) return ZERO_TIME;
  const value = new Float64Array(2);
  const second = (h: number) => {
    whole.eval(h, 0, value);
    return (2 * (value[0]! - 1 + mean * h)) / (h * h);
  };
  const h = 1e-3 / mean;
  const moment2 = Math.max(mean * mean, 2 * second(h) - second(2 * h));
  const positiveMean = mean / (1 - atZero);
  const positiveScv = Math.max(0, moment2 / (1 - atZero) / (positiveMean * positiveMean) - 1);
  const fit = twoMomentLst(positiveMean, positiveScv);
  return [{ weight: 1, shift: 0, rest: atZero > 0 ? mixtureLst([[1 - atZero, fit]]) : fit, restAtZero: atZero }];
}

function productTerm(a: LatticeTerm, b: LatticeTerm): LatticeTerm {
  const rest = a.rest && b.rest ? convolutionLst([a.rest, b.rest]) : (a.rest ?? b.rest);
  return { weight: a.weight * b.weight, shift: a.shift + b.shift, rest, restAtZero: a.restAtZero * b.restAtZero };
}

/** Mass left in the tail term of a repeated deterministic visit: past this, its jumps are left to the inversion. */
const REPEAT_TAIL_MASS = 1e-4;
const MAX_REPEAT_TERMS = MAX_TERMS - 1;

/**
 * Time over a random number of visits, as repeatedLst: visits ≤ 1, one visit with probability v; visits > 1,
 * 1 + Geometric visits (leave probability 1/v). With a shift D per visit, n visits are a term n·D + n
 * remainders (weight (1/v)(1 − 1/v)^{n−1}); the last term keeps the exact transform of all further visits.
 */
export function repeatLattice(visit: Lattice, visits: number): Lattice {
  if (visits === 1) return visit;
  if (visits < 1) return mixLattices([[1 - visits, ZERO_TIME], [visits, visit]]);
  if (visit.length === 1 && visit[0]!.shift === 0) {
    const only = visit[0]!;
    if (!only.rest) return ZERO_TIME;
    const leave = 1 / visits;
    const z = only.restAtZero;
    return remainderOnly(repeatedLst(only.rest, visits), (leave * z) / (1 - (1 - leave) * z));
  }
  if (visit.length !== 1) return remainderOnly(repeatedLst(latticeLst(visit), visits), 0);
  const { shift, rest, restAtZero } = visit[0]!;
  const leave = 1 / visits;
  const stay = 1 - leave;
  const terms: LatticeTerm[] = [];
  let stayN = 1; // P(N ≥ n) = stay^{n−1}
  for (let n = 1; ; n++) {
    const restN = rest ? powerLst(rest, n) : null;
    const zeroN = Math.pow(restAtZero, n);
    if (stayN * stay <= REPEAT_TAIL_MASS || n >= MAX_REPEAT_TERMS) {
      // N ≥ n: n visits, then M ≥ 0 further whole visits, P(M = m) = leave·stay^m: E[e^{−sX}] = leave / (1 − stay·L).
      const whole = latticeLst(visit);
      const more: Lst = {
        mean: (stay / leave) * whole.mean,
        eval(re, im, out) {
          whole.eval(re, im, out);
          const dr = 1 - stay * out[0]!;
          const di = -stay * out[1]!;
          const d = dr * dr + di * di;
          out[0] = (leave * dr) / d;
          out[1] = (-leave * di) / d;
        },
      };
      terms.push({ weight: stayN, shift: n * shift, rest: restN ? convolutionLst([restN, more]) : more, restAtZero: zeroN * leave });
      break;
    }
    terms.push({ weight: stayN * leave, shift: n * shift, rest: restN, restAtZero: zeroN });
    stayN *= stay;
  }
  return terms;
}

/** The whole transform Σ weight · e^{−s·shift} · rest(s), for callers that want the LST itself. */
export function latticeLst(lattice: Lattice): Lst {
  const parts: Array<readonly [number, Lst]> = lattice.map((term) => {
    const pieces: Lst[] = [];
    if (term.shift > 0) pieces.push(deterministicLst(term.shift));
    if (term.rest) pieces.push(term.rest);
    return [term.weight, pieces.length === 0 ? deterministicLst(0) : convolutionLst(pieces)] as const;
  });
  return mixtureLst(parts);
}

/** Shifts closer than this (relative) are one atom: sums of the same delays in another order. */
const SAME_SHIFT = 1e-12;

function mergeEqualShifts(terms: LatticeTerm[]): LatticeTerm[] {
  terms.sort((a, b) => a.shift - b.shift);
  const out: LatticeTerm[] = [];
  let group: LatticeTerm[] = [];
  const flush = () => {
    if (group.length > 0) out.push(mergeGroup(group, group[0]!.shift));
    group = [];
  };
  for (const term of terms) {
    if (term.weight <= 0) continue;
    const head = group[0];
    if (head && term.shift - head.shift > SAME_SHIFT * Math.max(term.shift, 1e-300)) flush();
    group.push(term);
  }
  flush();
  return out;
}

/**
 * One term for several: the weights add, the remainders mix. A member whose shift exceeds `shift` keeps the
 * difference as a deterministic factor in its remainder, so the transform stays exact (that small jump is
 * then inside the inverted part, weighted by its member's probability).
 */
function mergeGroup(group: readonly LatticeTerm[], shift: number): LatticeTerm {
  if (group.length === 1 && group[0]!.shift === shift) return group[0]!;
  let weight = 0;
  for (const term of group) weight += term.weight;
  const parts: Array<readonly [number, Lst]> = [];
  let atZero = 0;
  for (const term of group) {
    const share = term.weight / weight;
    const extra = term.shift - shift;
    const lifted = extra > SAME_SHIFT * Math.max(term.shift, 1e-300);
    if (!lifted) atZero += share * term.restAtZero;
    const pieces: Lst[] = [];
    if (lifted) pieces.push(deterministicLst(extra));
    if (term.rest) pieces.push(term.rest);
    if (pieces.length > 0) parts.push([share, convolutionLst(pieces)]);
  }
  return { weight, shift, rest: parts.length > 0 ? mixtureLst(parts) : null, restAtZero: atZero };
}
