/**
 * Ordinary least squares for the utilisation law, busy = a + D·X (Denning & Buzen 1978; as a regression across
 * load levels: Rolia & Vetland 1995). The intercept a takes the work that does not scale with requests (timers,
 * an idle loop's wake-ups spread over time), so D is the marginal thread-seconds per request. A low-load ratio
 * busy/X folds a into D and overstates it most at the lowest load.
 */
import { tQuantile975 } from '../sim/student-t.ts';

/** A fitted figure with its standard error and 95% interval (null where the data cannot give one). */
export interface Estimate {
  readonly value: number;
  readonly standardError: number | null;
  readonly ci95: readonly [number, number] | null;
}

export interface LineFit {
  readonly intercept: Estimate;
  readonly slope: Estimate;
  /** y − ŷ, per point in input order. */
  readonly residuals: readonly number[];
  readonly rSquared: number | null;
  /** Residual degrees of freedom (n − 2). */
  readonly df: number;
}

export function estimate(value: number, standardError: number | null, df: number): Estimate {
  if (standardError === null || !Number.isFinite(standardError) || df < 1) return { value, standardError: null, ci95: null };
  const half = tQuantile975(df) * standardError;
  return { value, standardError, ci95: [value - half, value + half] };
}

/** y = a + b·x by least squares; needs two distinct x. With two points the line is exact and has no interval. */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit | null {
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    syy += (ys[i]! - my) ** 2;
  }
  if (!(sxx > 0)) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const residuals = xs.map((x, i) => ys[i]! - (intercept + slope * x));
  const df = n - 2;
  const sse = residuals.reduce((s, r) => s + r * r, 0);
  const s2 = df > 0 ? sse / df : null;
  const seSlope = s2 === null ? null : Math.sqrt(s2 / sxx);
  const seIntercept = s2 === null ? null : Math.sqrt(s2 * (1 / n + (mx * mx) / sxx));
  return {
    intercept: estimate(intercept, seIntercept, df),
    slope: estimate(slope, seSlope, df),
    residuals,
    rSquared: syy > 0 ? 1 - sse / syy : null,
    df,
  };
}

/**
 * y = a + b·x + c·x²: the curvature c and its t statistic say whether the marginal cost per request itself
 * changes with load (c < 0: it falls). Needs four points (one residual degree of freedom).
 */
export function fitQuadratic(xs: readonly number[], ys: readonly number[]): { a: number; b: number; c: Estimate } | null {
  const n = xs.length;
  if (n < 4) return null;
  // Centre and scale x so the normal equations stay well conditioned at rates of thousands per second.
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const sx = Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0) / n);
  if (!(sx > 0)) return null;
  const us = xs.map((x) => (x - mx) / sx);
  const m = [0, 0, 0, 0, 0];
  const r = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const u = us[i]!;
    for (let k = 0; k < 5; k++) m[k]! += u ** k;
    for (let k = 0; k < 3; k++) r[k]! += ys[i]! * u ** k;
  }
  const normal = [
    [m[0]!, m[1]!, m[2]!],
    [m[1]!, m[2]!, m[3]!],
    [m[2]!, m[3]!, m[4]!],
  ];
  const inverse = invert3(normal);
  if (!inverse) return null;
  const beta = inverse.map((row) => row[0]! * r[0]! + row[1]! * r[1]! + row[2]! * r[2]!);
  const sse = us.reduce((s, u, i) => s + (ys[i]! - (beta[0]! + beta[1]! * u + beta[2]! * u * u)) ** 2, 0);
  const df = n - 3;
  const seU2 = Math.sqrt((sse / df) * inverse[2]![2]!);
  // Back to x: y = β0 + β1 (x − mx)/sx + β2 (x − mx)²/sx².
  const c = beta[2]! / (sx * sx);
  const b = beta[1]! / sx - 2 * c * mx;
  const a = beta[0]! - (beta[1]! * mx) / sx + c * mx * mx;
  return { a, b, c: estimate(c, seU2 / (sx * sx), df) };
}

function invert3(m: readonly (readonly number[])[]): number[][] | null {
  const [a, b, c] = m[0]!;
  const [d, e, f] = m[1]!;
  const [g, h, i] = m[2]!;
  const A = e! * i! - f! * h!;
  const B = -(d! * i! - f! * g!);
  const C = d! * h! - e! * g!;
  const det = a! * A + b! * B + c! * C;
  if (!(Math.abs(det) > 1e-300)) return null;
  return [
    [A / det, -(b! * i! - c! * h!) / det, (b! * f! - c! * e!) / det],
    [B / det, (a! * i! - c! * g!) / det, -(a! * f! - c! * d!) / det],
    [C / det, -(a! * h! - b! * g!) / det, (a! * e! - b! * d!) / det],
  ];
}

