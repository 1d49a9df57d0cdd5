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

export function estimate(value: number, standardError: number | null, df: number): Estimate {
  if (standardError === null || !Number.isFinite(standardError) || df < 1) return { value, standardError: null, ci95: null };
  const half = tQuantile975(df) * standardError;
  return { value, standardError, ci95: [value - half, value + half] };
}

/** Least squares over any small set of regressors, with the coefficients' covariance for derived figures. */
export interface LeastSquaresFit {
  readonly coefficients: readonly Estimate[];
  /** Covariance of the coefficients (s²·(XᵀX)⁻¹); null without a residual degree of freedom. */
  readonly covariance: readonly (readonly number[])[] | null;
  readonly residuals: readonly number[];
  readonly rSquared: number | null;
  readonly df: number;
}

/** How a fit over measurement rows went, as calibrate reports it: which rows, R², and each row's residual. */
export interface RowFitReport {
  readonly rSquared: number | null;
  readonly rows: readonly number[];
  readonly residuals: readonly { readonly row: number; readonly value: number }[];
}

/**
 * y = Σ βⱼ·xⱼ by least squares; `columns[j][i]` is regressor j at point i (pass a column of ones for an
 * intercept). Each column is scaled to unit root-mean-square before solving, so rates of thousands per second
 * beside products such as X·bodyKB keep the normal equations well conditioned. Null when the regressors are
 * collinear or there are fewer points than coefficients.
 */
export function fitLeastSquares(columns: readonly (readonly number[])[], ys: readonly number[]): LeastSquaresFit | null {
  const k = columns.length;
  const n = ys.length;
  if (k === 0 || n < k || columns.some((c) => c.length !== n)) return null;
  const scales = columns.map((c) => Math.sqrt(c.reduce((s, x) => s + x * x, 0) / n));
  if (scales.some((s) => !(s > 0))) return null;
  const z = columns.map((c, j) => c.map((x) => x / scales[j]!));
  const normal = z.map((a) => z.map((b) => a.reduce((s, x, i) => s + x * b[i]!, 0)));
  const inverse = invert(normal);
  if (!inverse) return null;
  const zty = z.map((a) => a.reduce((s, x, i) => s + x * ys[i]!, 0));
  const gamma = inverse.map((row) => row.reduce((s, v, j) => s + v * zty[j]!, 0));
  const beta = gamma.map((g, j) => g / scales[j]!);
  const residuals = ys.map((y, i) => y - beta.reduce((s, b, j) => s + b * columns[j]![i]!, 0));
  const df = n - k;
  const sse = residuals.reduce((s, r) => s + r * r, 0);
  const my = ys.reduce((s, y) => s + y, 0) / n;
  const syy = ys.reduce((s, y) => s + (y - my) ** 2, 0);
  const s2 = df > 0 ? sse / df : null;
  const covariance = s2 === null ? null : inverse.map((row, a) => row.map((v, b) => (s2 * v) / (scales[a]! * scales[b]!)));
  return {
    coefficients: beta.map((b, j) => estimate(b, covariance === null ? null : Math.sqrt(Math.max(0, covariance[j]![j]!)), df)),
    covariance,
    residuals,
    rSquared: syy > 0 ? 1 - sse / syy : null,
    df,
  };
}

/**
 * y = a + b·x + c·x²: the curvature c and its t statistic say whether the marginal cost per request itself
 * changes with load (c < 0: it falls). Needs four points (one residual degree of freedom).
 */
export function fitQuadratic(xs: readonly number[], ys: readonly number[]): { a: number; b: number; c: Estimate; fit: LeastSquaresFit } | null {
  if (xs.length < 4) return null;
  const fit = fitLeastSquares([xs.map(() => 1), xs, xs.map((x) => x * x)], ys);
  if (!fit) return null;
  return { a: fit.coefficients[0]!.value, b: fit.coefficients[1]!.value, c: fit.coefficients[2]!, fit };
}

/**
 * The points of a utilisation regression: the rows that carry the column and a positive throughput, with
 * x = throughput and y = the column × threads (thread-seconds per second). One set-up for every fit of a busy
 * or cpu column (demand.ts, covariate.ts, wake.ts).
 */
export function usagePoints<R extends { readonly throughput: number }>(
  rows: readonly R[],
  value: (row: R) => number | undefined,
  threads: number,
): { used: R[]; xs: number[]; ys: number[] } {
  const used = rows.filter((r) => value(r) !== undefined && r.throughput > 0);
  return { used, xs: used.map((r) => r.throughput), ys: used.map((r) => value(r)! * threads) };
}

/**
 * A per-request figure p = Σ wⱼ·βⱼ of a utilisation fit, with its uncertainty by the delta method on the
 * coefficients' covariance. The intercept a (thread-s/s that do not scale with requests) is not turned into a
 * share of the threads, p/(1 − a/c). On the noisy first measurements (proof/, load average 4–16) taking it in as
 * work occupying the threads over-predicted the event loops at 85% by +16% (spin loop, closed) and +33%
 * (CPU-bound, closed) where the marginal cost gave +8% and +19%. On the quiet re-measurement neither reading
 * wins: taking it in moves the CPU-bound closed loop from −13/−11/−18% (median at 50/70/85%) to −11/−5/−11%,
 * but the spin loop's open points from +1/+5/+3% to +3/+12/+20% and the CPU-bound open ones from +9/−5/−25% to
 * +15/+13/+11%: part of the intercept is a cost that fades with load, part work that stays. The marginal cost
 * is kept; `capacityIfBackground` says what the pool would serve if the intercept were such work.
 */
export function perRequest(fit: Pick<LeastSquaresFit, 'coefficients' | 'covariance' | 'df'>, weights: readonly number[]): Estimate {
  const value = weights.reduce((sum, w, j) => sum + w * fit.coefficients[j]!.value, 0);
  const cov = fit.covariance;
  if (cov === null) return estimate(value, null, 0);
  let variance = 0;
  for (let i = 0; i < weights.length; i++) for (let j = 0; j < weights.length; j++) variance += weights[i]! * weights[j]! * cov[i]![j]!;
  return estimate(value, Math.sqrt(Math.max(0, variance)), fit.df);
}

/** Requests/s c threads serve at demand D each if work of a thread-s/s (the intercept) occupied them: (c − a)/D. */
export function capacityIfBackground(threads: number, background: number, demandSeconds: number): number {
  return Math.max(0, threads - Math.max(0, background)) / demandSeconds;
}

/** Gauss–Jordan with partial pivoting; null for a (numerically) singular matrix. */
function invert(m: readonly (readonly number[])[]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    if (!(Math.abs(a[pivot]![col]!) > 1e-12)) return null;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    for (let j = 0; j < 2 * n; j++) a[col]![j]! /= p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      if (f !== 0) for (let j = 0; j < 2 * n; j++) a[r]![j]! -= f * a[col]![j]!;
    }
  }
  return a.map((row) => row.slice(n));
}
