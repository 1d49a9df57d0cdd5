/**
 * MSER-5 warm-up detection (White 1997; White, Cobb & Spratt 2000; Hoad, Robinson & Davies 2010 found it the
 * most reliable of the automatic rules they compared).
 *
 * The output series is cut into batches of 5 and averaged: Z₁ … Z_m. Deleting the first d batches leaves
 * m − d means with sample mean Z̄_d; MSER picks the d that minimises
 *
 *     MSER(d) = Σ_{j>d} (Z_j − Z̄_d)² / (m − d)²
 *
 * i.e. the squared standard error of the truncated mean: deleting more removes initial bias but costs
 * observations, and the minimum balances the two. As usual, d is searched over the first half only (a minimum
 * in the second half means the series is too short to judge, and then the half is returned as the warm-up).
 */
export const MSER_BATCH = 5;

/** Batches to delete, d*, for the batch means z (suffix sums: O(m)). */
export function mserTruncation(z: ArrayLike<number>): number {
  const m = z.length;
  if (m < 4) return 0;
  // Suffix sums of Z and Z² give each MSER(d) in O(1); shift by the overall mean to keep the squares small.
  let shift = 0;
  for (let j = 0; j < m; j++) shift += z[j]!;
  shift /= m;
  const limit = Math.floor(m / 2);
  let sum = 0;
  let sumSq = 0;
  const stat = new Float64Array(limit + 1);
  for (let j = m - 1; j >= 0; j--) {
    const x = z[j]! - shift;
    sum += x;
    sumSq += x * x;
    const d = j;
    if (d <= limit) {
      const n = m - d;
      stat[d] = (sumSq - (sum * sum) / n) / (n * n);
    }
  }
  // Equal statistics (to rounding) keep the smaller deletion.
  const tolerance = 1e-12 * (stat[0]! + Number.MIN_VALUE);
  let best = 0;
  for (let d = 1; d <= limit; d++) if (stat[d]! < stat[best]! - tolerance) best = d;
  return best;
}

/** Collects observations into batch means of MSER_BATCH as they arrive (the batch means are all it keeps). */
export class BatchMeans {
  readonly means: number[] = [];
  private sum = 0;
  private count = 0;

  add(x: number): void {
    this.sum += x;
    if (++this.count === MSER_BATCH) {
      this.means.push(this.sum / MSER_BATCH);
      this.sum = 0;
      this.count = 0;
    }
  }
}

/** MSER-5 warm-up, in observations, for a series observed from time 0. */
export function mser5Warmup(batches: BatchMeans): number {
  return mserTruncation(batches.means) * MSER_BATCH;
}
