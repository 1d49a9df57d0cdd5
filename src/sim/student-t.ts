/**
 * Sample statistics for independent replications: the unbiased variance (divides by n − 1; simjs's
 * DataSeries.variance() divides by n, which makes short-run CIs too narrow) and Student-t 95% half-widths.
 */

// t_{0.975, df} for df = 1..30 (any statistics table, e.g. NIST/SEMATECH e-Handbook §1.3.6.7.2).
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12,
  2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t_{0.975, df}; beyond the table by the Cornish–Fisher expansion around z = 1.959964 (error < 1e-4). */
export function tQuantile975(df: number): number {
  if (df <= 30) return T975[Math.max(1, Math.floor(df)) - 1]!;
  const z = 1.959963984540054;
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

export function sampleMean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Unbiased sample variance (n − 1). */
export function sampleVariance(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = sampleMean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (n - 1);
}

/** 95% Student-t half-width of the mean of independent replications; null with fewer than two. */
export function halfWidth95(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  return (tQuantile975(xs.length - 1) * Math.sqrt(sampleVariance(xs))) / Math.sqrt(xs.length);
}
