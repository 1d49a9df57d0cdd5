/**
 * A streaming log-bucketed histogram for latency percentiles: constant memory whatever the number of
 * requests. Bucket i holds [m·γ^i, m·γ^(i+1)) with γ = 1.02; a quantile is reported as the bucket's geometric
 * midpoint, so its relative error is at most √γ − 1 < 1% (the same idea as HDR histograms, in floating point).
 */
const GAMMA = 1.02;
const LOG_GAMMA = Math.log(GAMMA);
const MIN_SECONDS = 1e-9;
const BUCKETS = 2400; // covers 1 ns … ~4e11 s

export class LogHistogram {
  readonly counts = new Float64Array(BUCKETS);
  total = 0;
  min = Infinity;
  max = 0;

  record(seconds: number): void {
    let i = seconds <= MIN_SECONDS ? 0 : Math.floor(Math.log(seconds / MIN_SECONDS) / LOG_GAMMA);
    if (i >= BUCKETS) i = BUCKETS - 1;
    this.counts[i]!++;
    this.total++;
    if (seconds < this.min) this.min = seconds;
    if (seconds > this.max) this.max = seconds;
  }

  merge(other: LogHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** The q-quantile (0 < q < 1) by the nearest-rank rule; null when empty. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const mid = MIN_SECONDS * Math.pow(GAMMA, i + 0.5);
        return Math.min(this.max, Math.max(this.min, mid));
      }
    }
    return this.max;
  }
}
