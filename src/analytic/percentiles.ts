/**
 * Percentiles of a positive random time from its Laplace–Stieltjes transform.
 *
 * Inversion: the Euler algorithm in Abate & Whitt's unified framework ("A unified framework for numerically
 * inverting Laplace transforms", INFORMS J. Computing 18(4), 2006, §5): with M = 18 it takes 2M + 1 = 37 transform
 * values per point and gives about 0.6·M ≈ 10 significant digits in double precision. It assumes a smooth
 * function: around a jump (a deterministic part, e^{−sd}) it rings, hence lattice.ts.
 *
 * The complementary CDF and the density come from the same 37 transform values. The quantile search (Newton on
 * log P(T > t), safeguarded by a bracket) is in latency-distribution.ts, which keeps deterministic parts out
 * of the inverted transform: a jump makes Euler ring.
 */
import type { Lst } from './sojourn.ts';

const M = 18;
const NODES = 2 * M + 1;
const BETA_RE = (M * Math.LN10) / 3;
const SCALE = Math.pow(10, M / 3);
const ETA = eulerWeights();

function eulerWeights(): Float64Array {
  const xi = new Float64Array(NODES);
  xi[0] = 0.5;
  for (let k = 1; k <= M; k++) xi[k] = 1;
  xi[2 * M] = Math.pow(2, -M);
  let binomial = 1; // C(M, k), built up as k grows
  for (let k = 1; k < M; k++) {
    binomial = (binomial * (M - k + 1)) / k;
    xi[2 * M - k] = xi[2 * M - k + 1]! + Math.pow(2, -M) * binomial;
  }
  const eta = new Float64Array(NODES);
  for (let k = 0; k < NODES; k++) eta[k] = (k % 2 === 0 ? 1 : -1) * xi[k]!;
  return eta;
}

const value = new Float64Array(2);

export interface TailPoint {
  /** P(T > t) */
  readonly ccdf: number;
  /** density f(t) */
  readonly pdf: number;
}

/** P(T > t) and f(t) at one t > 0. */
export function tailAt(lst: Lst, t: number): TailPoint {
  let ccdf = 0;
  let pdf = 0;
  for (let k = 0; k < NODES; k++) {
    const sr = BETA_RE / t;
    const si = (Math.PI * k) / t;
    lst.eval(sr, si, value);
    const lr = value[0]!;
    const li = value[1]!;
    // (1 − L) / s
    const nr = 1 - lr;
    const ni = -li;
    const d = sr * sr + si * si;
    const eta = ETA[k]!;
    ccdf += eta * ((nr * sr + ni * si) / d);
    pdf += eta * lr;
  }
  return { ccdf: (SCALE / t) * ccdf, pdf: (SCALE / t) * pdf };
}

/** A closed-form tail, when the caller has one (a single M/M/c station), used instead of inversion. */
export interface ExactTail {
  ccdf(t: number): number;
  pdf(t: number): number;
}
