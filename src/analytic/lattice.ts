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
import { convolutionLst, deterministicLst, mixtureLst, repeatedLst, type Lst } from './sojourn.ts';

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

/** More terms than this are merged (see `capTerms`): each term costs one inversion per evaluated point. */
export const MAX_TERMS = 24;

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
  return capTerms(mergeEqualShifts(terms));
}

/** Sum of independent times: every pair of terms, shifts added, remainders convolved. */
export function sumLattices(parts: readonly Lattice[]): Lattice {
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
    return [{ weight: 1, shift, rest: rests.length > 0 ? convolutionLst(rests) : null, restAtZero: atZero }];
  }
  let acc: Lattice = ZERO_TIME;
  for (const part of parts) {
    if (part.length === 1 && acc.length === 1) {
      acc = [productTerm(acc[0]!, part[0]!)];
      continue;
    }
    const terms: LatticeTerm[] = [];
    for (const a of acc) for (const b of part) terms.push(productTerm(a, b));
    acc = capTerms(mergeEqualShifts(terms));
  }
  return acc;
}

function productTerm(a: LatticeTerm, b: LatticeTerm): LatticeTerm {
  const rest = a.rest && b.rest ? convolutionLst([a.rest, b.rest]) : (a.rest ?? b.rest);
  return { weight: a.weight * b.weight, shift: a.shift + b.shift, rest, restAtZero: a.restAtZero * b.restAtZero };
}

/** Mass left in the tail term of a repeated deterministic visit: past this, jumps are too light to matter. */
const REPEAT_TAIL_MASS = 1e-10;
const MAX_REPEAT_TERMS = 40;

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
  let weightN = leave; // P(N = n)
  let stayN = 1; // P(N > n − 1) = stay^{n−1}
  let restN: Lst | null = null;
  let zeroN = 1;
  for (let n = 1; ; n++) {
    restN = rest ? (restN ? convolutionLst([restN, rest]) : rest) : null;
    zeroN *= restAtZero;
    const last = stayN * stay <= REPEAT_TAIL_MASS || n >= MAX_REPEAT_TERMS;
    if (last) {
      // N ≥ n: n visits, then 0 or more further whole visits, Σ over m ≥ 0 of leave·stay^m·L^m = leave / (1 − stay·L).
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
      terms.push({
        weight: stayN,
        shift: n * shift,
        rest: restN ? convolutionLst([restN, more]) : more,
        restAtZero: zeroN * leave,
      });
      break;
    }
    terms.push({ weight: weightN, shift: n * shift, rest: restN, restAtZero: zeroN });
    weightN *= stay;
    stayN *= stay;
  }
  return capTerms(terms);
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

/**
 * At most MAX_TERMS terms: the heaviest are kept as anchors (and always the smallest shift, so every term has
 * an anchor at or below it); each other term joins the nearest anchor below with its extra delay kept in its
 * remainder (exact transform; its jump, of small weight, is left to the inversion).
 */
function capTerms(terms: LatticeTerm[]): LatticeTerm[] {
  if (terms.length <= MAX_TERMS) return terms;
  const byWeight = terms.map((_, i) => i).sort((a, b) => terms[b]!.weight - terms[a]!.weight);
  const anchor = new Uint8Array(terms.length);
  anchor[0] = 1;
  let kept = 1;
  for (const i of byWeight) {
    if (kept >= MAX_TERMS) break;
    if (!anchor[i]) {
      anchor[i] = 1;
      kept++;
    }
  }
  const out: LatticeTerm[] = [];
  let group: LatticeTerm[] = [];
  let shift = 0;
  for (let i = 0; i < terms.length; i++) {
    if (anchor[i]) {
      if (group.length > 0) out.push(mergeGroup(group, shift));
      group = [];
      shift = terms[i]!.shift;
    }
    group.push(terms[i]!);
  }
  out.push(mergeGroup(group, shift));
  return out;
}
