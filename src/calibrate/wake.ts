/**
 * A wake-up cost per request, told apart from background. A single thread that waits for work (an event loop in
 * epoll_wait) spends w more on a request that finds it idle than on one that finds it busy: the wake-up, cold
 * caches. With u the thread's busy fraction, an arrival finds it idle with probability 1 − u (PASTA for Poisson
 * arrivals; a closed loop's arrivals see roughly the same, and u is measured either way), so
 *
 *   busy = X·(s + w·(1 − u))          per request: busy/X = s + w·(1 − u)
 *
 * which is the M/G/1 queue with exceptional first service (Welch 1964). Two coefficients on the regressors X and
 * X·(1 − u), u being the measured column itself: three rows leave one residual degree of freedom. s, the cost
 * per request of a busy thread, is what the queue at high load is made of. The straight line busy = a + D·X
 * through the same low-load rows reads the fall as an intercept a and extrapolates its slope D, too much when the
 * fall is a wake-up cost (on simulated rows at 10/20/30% load with s = 1.03 ms, w = 0.23 ms: 1.15 ms).
 *
 * Which fit is used is the data's decision (chooseWake): the wake fit only when w is significantly positive (its
 * one-sided 95% bound above 0), 0 < w ≤ s, and its residuals are smaller than the line's on the same rows (both
 * have two coefficients). Otherwise the line: per-request busy that falls like a/X is background, not wake-ups.
 * w ≤ s is a plausibility bound: a wake-up is microseconds of epoll and cache refill (issue 13's loop: w/s ≈ 0.2);
 * on real rows a steeper fall came from a noisy row (the proof's spin loop, closed load: s = 0.47 ms for a 1 ms
 * service, w = 1.2 ms), and the rows at higher load then followed the straight line.
 */
import { fitLeastSquares, type Estimate } from './regression.ts';

export interface WakeFit {
  /** s: busy thread-seconds per request when the thread is already busy. */
  readonly service: Estimate;
  /** w: the extra per request that finds the thread idle. */
  readonly wake: Estimate;
  /** busy − fitted, per point in input order. */
  readonly residuals: readonly number[];
  readonly sse: number;
  readonly rSquared: number | null;
  readonly df: number;
}

export interface WakeChoice {
  readonly fit: WakeFit;
  readonly used: boolean;
  /** The residual sum of squares of the straight line on the same rows. */
  readonly lineSse: number;
  readonly reason: string;
}

function sumOfSquares(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x * x, 0);
}

/** busy = X·(s + w·(1 − busy)) over points of one thread's busy fraction (0 < busy < 1); null below three points. */
export function fitWake(xs: readonly number[], busy: readonly number[]): WakeFit | null {
  if (xs.length < 3 || busy.some((u) => !(u > 0 && u < 1))) return null;
  const fit = fitLeastSquares([xs, xs.map((x, i) => x * (1 - busy[i]!))], busy);
  if (!fit) return null;
  const [service, wake] = fit.coefficients as [Estimate, Estimate];
  return { service, wake, residuals: fit.residuals, sse: sumOfSquares(fit.residuals), rSquared: fit.rSquared, df: fit.df };
}

// t_{0.95, df} for df = 1..10 (any statistics table); beyond, the normal's 1.645 with the first correction term.
const T95 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812];

function tQuantile95(df: number): number {
  return df <= T95.length ? T95[Math.max(1, Math.floor(df)) - 1]! : 1.645 + (1.645 ** 3 + 1.645) / (4 * df);
}

export function chooseWake(fit: WakeFit, lineResiduals: readonly number[]): WakeChoice {
  const lineSse = sumOfSquares(lineResiduals);
  // The question is one-sided (does the cost fall?): w's one-sided 95% lower bound. With three rows (one
  // degree of freedom) the two-sided interval asks for t > 12.7 and refuses a wake-up cost even on simulated
  // rows of 300,000 requests each; one-sided it is 6.3.
  const lower = fit.wake.standardError === null ? null : fit.wake.value - tQuantile95(fit.df) * fit.wake.standardError;
  const refusal =
    !(fit.service.value > 0) ? 's came out ≤ 0: the fall is not a wake-up cost'
    : fit.wake.value > fit.service.value ? 'w came out above s: a fall that steep is background or noise, not a wake-up cost'
    : lower === null ? 'no residual degree of freedom to test w'
    : !(lower > 0) ? "w's one-sided 95% bound reaches 0: no significant fall beyond the rows' noise"
    : !(fit.sse < lineSse) ? 'the straight line (background) fits the rows at least as well'
    : null;
  const used = refusal === null;
  const reason = refusal ?? "w is above 0 at one-sided 95% and the wake-up fit leaves smaller residuals than the straight line";
  return { fit, used, lineSse, reason };
}
