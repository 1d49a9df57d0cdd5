/**
 * The end-to-end latency distribution from its lattice form (lattice.ts): P(T > t) = Σ_k w_k · P(R_k > t − a_k),
 * each remainder R_k inverted by Euler (percentiles.ts tailAt) at t − a_k > 0 and known exactly at 0
 * (P(R_k = 0) = restAtZero). Between two consecutive shifts the CDF is continuous; at a shift it jumps by
 * Σ w_k·P(R_k = 0), and a quantile can be that shift exactly (M/D/1 at low load: p50 = D).
 */
import type { Lst } from './sojourn.ts';
import { latticeLst, type Lattice } from './lattice.ts';
import { tailAt, type ExactTail, type TailPoint } from './percentiles.ts';

export interface LatencyAtom {
  readonly seconds: number;
  /** The size of the CDF's jump there. */
  readonly probability: number;
}

export interface LatencyDistribution {
  /** E[T] in seconds (the analysis' own mean, e.g. Pollaczek–Khinchine, not the fitted transform's). */
  readonly mean: number;
  /** P(T > t). */
  ccdf(seconds: number): number;
  /** P(T ≤ t). */
  cdf(seconds: number): number;
  /** The smallest t with P(T ≤ t) ≥ p; null if the search fails (it should not for 0 < p < 1). */
  quantile(p: number): number | null;
  /** quantile at each level, solved in increasing order, each search seeded by the previous answer. */
  quantiles(levels: readonly number[]): (number | null)[];
  /** Where the CDF jumps (deterministic parts), in increasing order. */
  readonly atoms: readonly LatencyAtom[];
  /** The whole transform E[e^{−sT}]. */
  readonly lst: Lst;
}

interface Found {
  readonly t: number;
  readonly point: TailPoint;
}

/** `exact` replaces the inversion of a single term with no shift (one M/M/c station). */
export function latticeDistribution(lattice: Lattice, mean: number, exact?: ExactTail): LatencyDistribution {
  const count = lattice.length;
  const shifts = lattice.map((term) => term.shift);
  const jumps = lattice.map((term) => term.weight * term.restAtZero);
  const useExact = exact && count === 1 && shifts[0] === 0 ? exact : undefined;
  let restScale = 0;
  for (const term of lattice) restScale += term.weight * (term.rest ? term.rest.mean : 0);
  restScale = Math.max(restScale, 1e-9 * Math.max(mean, shifts[count - 1]!, 1e-300));

  function pointAt(t: number): TailPoint {
    let ccdf = 0;
    let pdf = 0;
    for (let k = 0; k < count; k++) {
      const term = lattice[k]!;
      const x = t - term.shift;
      if (x < 0) ccdf += term.weight;
      else if (x === 0) ccdf += term.weight * (1 - term.restAtZero);
      else if (term.weight < NEGLIGIBLE) ccdf += term.weight * (1 - term.restAtZero);
      else if (term.rest) {
        const tail = useExact ? { ccdf: useExact.ccdf(x), pdf: useExact.pdf(x) } : tailAt(term.rest, x);
        // Inversion error is ~1e−10; never let it leave [0, P(R > 0)].
        ccdf += term.weight * Math.min(1 - term.restAtZero, Math.max(0, tail.ccdf));
        pdf += term.weight * Math.max(0, tail.pdf);
      }
    }
    return { ccdf: Math.min(1, ccdf), pdf };
  }

  /** Root of ccdf(t) = target on the open interval (lo, hi) where the CDF is continuous. */
  function solveBetween(lo: number, hi: number, target: number, from: Found | null): Found | null {
    const logTarget = Math.log(target);
    let t: number;
    if (from && from.t > lo && from.t < hi && from.point.ccdf > target) {
      lo = from.t;
      t = newtonStep(from.t, from.point, logTarget);
    } else if (hi !== Infinity) {
      t = 0.5 * (lo + hi);
    } else {
      t = lo + restScale * Math.max(0.5, -logTarget);
    }
    if (!(t > lo && t < hi)) t = hi === Infinity ? lo + 2 * Math.max(t - lo, restScale) : 0.5 * (lo + hi);
    let point = pointAt(t);
    for (let iteration = 0; iteration < 200; iteration++) {
      if (point.ccdf > target) lo = t;
      else hi = t;
      if (hi !== Infinity && hi - lo <= 1e-12 * hi) break;
      let next = newtonStep(t, point, logTarget);
      // Newton converges quadratically: once a step is this small the stepped point is accurate far below the
      // inversion's own error (~1e−10), so it is returned without another inversion.
      if (Math.abs(next - t) <= 1e-8 * t && next >= lo && next <= hi) return { t: next, point };
      if (!(next > lo && next < hi)) next = hi === Infinity ? lo + 2 * Math.max(t - lo, restScale) : 0.5 * (lo + hi);
      t = next;
      point = pointAt(t);
    }
    return hi === Infinity ? null : { t: hi, point };
  }

  const ccdfAtShift = new Float64Array(count).fill(NaN);
  const atShift = (j: number): number => {
    if (Number.isNaN(ccdfAtShift[j]!)) ccdfAtShift[j] = pointAt(shifts[j]!).ccdf;
    return ccdfAtShift[j]!;
  };

  // P(T > a_j) ≥ P(shift > a_j) = Σ_{k > j} w_k: a bound that needs no inversion.
  const laterWeight = new Float64Array(count);
  for (let k = count - 2; k >= 0; k--) laterWeight[k] = laterWeight[k + 1]! + lattice[k + 1]!.weight;

  /** Solves one level; `state` carries the first candidate shift and the last answer across increasing levels. */
  function solve(p: number, state: { j: number; from: Found | null }): number | null {
    if (!(p > 0 && p < 1)) return null;
    const target = 1 - p;
    const meets = (j: number) => laterWeight[j]! <= target * (1 + SLACK) && atShift(j) <= target * (1 + SLACK);
    // ccdf at the shifts is non-increasing in j: binary search for the first shift where it reaches the target.
    let lo = state.j;
    let hi = count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (meets(mid)) hi = mid;
      else lo = mid + 1;
    }
    state.j = lo;
    if (lo < count) {
      // Left limit above the target: the quantile is this shift exactly (the CDF jumps across p here).
      if (lo === 0 || atShift(lo) + jumps[lo]! > target) return shifts[lo]!;
      const found = solveBetween(shifts[lo - 1]!, shifts[lo]!, target, state.from);
      if (!found) return null;
      state.from = found;
      return found.t;
    }
    const found = solveBetween(shifts[count - 1]!, Infinity, target, state.from);
    if (!found) return null;
    state.from = found;
    return found.t;
  }

  function quantiles(levels: readonly number[]): (number | null)[] {
    const order = levels.map((_, i) => i).sort((a, b) => levels[a]! - levels[b]!);
    const out: (number | null)[] = new Array<number | null>(levels.length).fill(null);
    const state = { j: 0, from: null as Found | null };
    for (const i of order) {
      const value = solve(levels[i]!, state);
      if (value === null) break;
      out[i] = value;
    }
    return out;
  }

  let lst: Lst | null = null;
  return {
    mean,
    ccdf: (seconds) => (seconds < 0 ? 1 : pointAt(seconds).ccdf),
    cdf: (seconds) => (seconds < 0 ? 0 : 1 - pointAt(seconds).ccdf),
    quantile: (p) => quantiles([p])[0]!,
    quantiles,
    atoms: lattice
      .map((term, k) => ({ seconds: term.shift, probability: jumps[k]! }))
      .filter((atom) => atom.probability > 0),
    get lst() {
      lst ??= latticeLst(lattice);
      return lst;
    },
  };
}

/** Terms lighter than this are not inverted: counted as wholly above t, an error of at most their weight. */
const NEGLIGIBLE = 1e-9;
/** Relative slack when comparing a CDF value with a level (P(no wait) = 0.99 vs p99 in floating point). */
const SLACK = 1e-12;

/** Newton on g(t) = log ccdf(t) − log target, g'(t) = −pdf/ccdf. */
function newtonStep(t: number, point: TailPoint, logTarget: number): number {
  const { ccdf, pdf } = point;
  return ccdf > 0 && pdf > 0 ? t + (ccdf / pdf) * (Math.log(ccdf) - logTarget) : NaN;
}
