/**
 * Comparing two engines by Welch's t on per-replication figures, shared by the engine agreement tests.
 *
 * Multiple testing: with M ≈ 400 comparisons, a family-wise 1 % level puts the per-comparison bound at
 * t_{1 − 0.01/(2M)} ≈ 5.4 for Welch's ~18 degrees of freedom (4.4 for the normal); 5.5 is used. A bias too small
 * for that bound shows in the share of |t| above t_{0.975} (2.1): about 5 % under agreement; the bound 12 %
 * leaves room for the correlation between figures of one model.
 */
export const BONFERRONI_T = 5.5;
export const T975 = 2.1;
export const MAX_SHARE_ABOVE_T975 = 0.12;

export interface Comparison {
  readonly model: string;
  readonly figure: string;
  readonly t: number;
}

export function welch(a: readonly number[], b: readonly number[]): number {
  const mean = (xs: readonly number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  const variance = (xs: readonly number[], m: number) => xs.reduce((x, y) => x + (y - m) ** 2, 0) / (xs.length - 1);
  const ma = mean(a);
  const mb = mean(b);
  const se = Math.sqrt(variance(a, ma) / a.length + variance(b, mb) / b.length);
  if (se === 0) return ma === mb ? 0 : Infinity;
  return (ma - mb) / se;
}

/** Every figure both sides give in at least 3 replications, compared by Welch's t. */
export function compareFigures(model: string, a: readonly Map<string, number | null>[], b: readonly Map<string, number | null>[]): Comparison[] {
  const out: Comparison[] = [];
  for (const figure of a[0]!.keys()) {
    const xs = a.map((f) => f.get(figure)).filter((x): x is number => x !== null && x !== undefined);
    const ys = b.map((f) => f.get(figure)).filter((x): x is number => x !== null && x !== undefined);
    if (xs.length < 3 || ys.length < 3) continue;
    out.push({ model, figure, t: welch(xs, ys) });
  }
  return out;
}

export function verdict(comparisons: readonly Comparison[]) {
  const worst = comparisons.reduce((w, c) => (Math.abs(c.t) > Math.abs(w.t) ? c : w));
  const share = comparisons.filter((c) => Math.abs(c.t) > T975).length / comparisons.length;
  return { worst, share, agree: Math.abs(worst.t) <= BONFERRONI_T && share <= MAX_SHARE_ABOVE_T975 };
}
