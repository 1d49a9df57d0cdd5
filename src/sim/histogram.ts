/**
 * A streaming log-linear histogram for latency percentiles (the HDR histogram layout, Tene 2012, in floating
 * point): constant memory whatever the number of requests.
 *
 * Each binary octave [2^e, 2^(e+1)) is cut into 1024 equal sub-buckets, so a bucket is at most 2^e/1024 wide:
 * relative width ≤ 1/1024 ≈ 0.1% (three significant digits). The bucket index is read straight from the IEEE-754
 * bits (exponent and the top 10 mantissa bits), with no logarithm per record. A quantile interpolates linearly
 * inside its bucket (observations taken as spread evenly across it), so per-replication percentiles vary
 * continuously with the data and their confidence intervals do not collapse to 0 when every replication lands
 * in one bucket. Octaves cover 2^−30 s (~1 ns) … 2^20 s (~12 days); values outside are clamped to the end
 * buckets and min/max keep the extremes exact.
 */
const SUB_BITS = 10;
const SUB = 1 << SUB_BITS;
const MIN_EXP = -30;
const MAX_EXP = 20;
const BUCKETS = (MAX_EXP - MIN_EXP) * SUB;
const BIASED_MIN = MIN_EXP + 1023;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
// Index of the high word (sign, exponent, top mantissa bits) on this platform's byte order.
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** Lower edge of bucket i, in seconds. */
function lowerEdge(i: number): number {
  const octave = Math.floor(i / SUB);
  return Math.pow(2, MIN_EXP + octave) * (1 + (i - octave * SUB) / SUB);
}

export function bucketOf(seconds: number): number {
  bits[0] = seconds;
  const hi = words[HI]!;
  const e = (hi >>> 20) - BIASED_MIN;
  if (!(seconds >= 0) || e < 0) return 0;
  if (e >= MAX_EXP - MIN_EXP) return BUCKETS - 1;
  return e * SUB + ((hi >>> (20 - SUB_BITS)) & (SUB - 1));
}

export class LogHistogram {
  readonly counts = new Float64Array(BUCKETS);
  total = 0;
  min = Infinity;
  max = 0;

  record(seconds: number): void {
    this.counts[bucketOf(seconds)]!++;
    this.total++;
    if (seconds < this.min) this.min = seconds;
    if (seconds > this.max) this.max = seconds;
  }

  merge(other: LogHistogram): void {
    const a = this.counts;
    const b = other.counts;
    for (let i = 0; i < BUCKETS; i++) a[i]! += b[i]!;
    this.total += other.total;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /**
   * The q-quantile (0 < q < 1): the point where the cumulative count reaches q·total, interpolated linearly
   * inside its bucket and kept within [min, max]; null when empty.
   */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = q * this.total;
    let seen = 0;
    const counts = this.counts;
    for (let i = 0; i < BUCKETS; i++) {
      const c = counts[i]!;
      if (c > 0 && seen + c >= rank) {
        const lo = lowerEdge(i);
        const hi = lowerEdge(i + 1);
        const value = lo + ((hi - lo) * Math.max(0, rank - seen)) / c;
        return Math.min(this.max, Math.max(this.min, value));
      }
      seen += c;
    }
    return this.max;
  }
}
