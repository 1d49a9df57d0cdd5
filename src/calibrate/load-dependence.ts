/**
 * A service demand that changes with load, fitted and used. Where busy per request falls with load (an idle event
 * loop's wake-ups, batching, warm caches), a straight line busy = a + D·X through low-load rows extrapolates the
 * wrong service to high load. The concave curve
 *
 *   busy × threads = a + b·X + c·X²          (least squares, c < 0 when the cost per request falls)
 *
 * gives every request at throughput X the service S(X) = b + c·X: the thread time the rows show per request at
 * that load (not the marginal b + 2cX: every request, not just the last, is cheaper), the intercept a read as
 * for a plain demand (regression.ts perRequest). S is linear in X, so the
 * fitted model writes it as an expression over the variable `throughput` (row-vars.ts), and a prediction
 * evaluates it at the model's own throughput, iterated to a fixed point (predict.ts; open load: the offered
 * rate when the model is stable). Uncertainty by the delta method on (a, b, c).
 */
import { fitQuadratic, perRequest, type Estimate } from './regression.ts';

export interface LoadDependentFit {
  /** The utilisation column fitted (`busy.<pool>` or `cpu`). */
  readonly column: string;
  readonly threads: number;
  /** Stages whose service follows S(X), and each one's share of it (BASE's proportions, per visit). */
  readonly stages: readonly { readonly name: string; readonly perVisitShare: number }[];
  readonly a: Estimate;
  readonly b: Estimate;
  readonly c: Estimate;
  readonly covariance: readonly (readonly number[])[] | null;
  readonly df: number;
  /** Throughput range of the rows: S(X) is interpolation inside it, extrapolation outside. */
  readonly range: readonly [number, number];
  readonly rows: readonly number[];
}

/** busy × threads = a + bX + cX² over the rows; null below four rows (the curvature needs a residual). */
export function fitLoadDependence(
  xs: readonly number[],
  ys: readonly number[],
  rows: readonly number[],
  column: string,
  threads: number,
  stages: LoadDependentFit['stages'],
): LoadDependentFit | null {
  const q = fitQuadratic(xs, ys);
  if (!q) return null;
  const [a, b, c] = q.fit.coefficients as [Estimate, Estimate, Estimate];
  return { column, threads, stages, a, b, c, covariance: q.fit.covariance, df: q.fit.df, range: [Math.min(...xs), Math.max(...xs)], rows };
}

/** S(X) = b + cX, the service per request at throughput X, with its 95% interval. */
export function serviceAt(fit: LoadDependentFit, x: number): Estimate {
  return perRequest({ coefficients: [fit.a, fit.b, fit.c], covariance: fit.covariance, df: fit.df }, [0, 1, x]);
}
