/**
 * xoshiro128** (Blackman & Vigna 2018), seeded through splitmix32 so that any 32-bit seed, including 0, gives
 * a well-mixed state. 32-bit integer arithmetic only, so it is exact and identical on every JS engine: the
 * same seed gives the same stream, hence the same JSON.
 *
 * next() = (x + 0.5) / 2^32 lies in the open interval (0, 1): −log(u) is always finite. (simjs's
 * Random.exponential can return Infinity because its 32-bit draw can be 0; regression-tested.)
 */
import type { Rng } from '../model/distribution.ts';

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Xoshiro128 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** stream separates independent replications drawn from one user seed. */
  constructor(seed: number, stream = 0) {
    const state = { s: (seed ^ Math.imul(stream + 1, 0x632be5ab)) | 0 };
    this.a = splitmix32(state);
    this.b = splitmix32(state);
    this.c = splitmix32(state);
    this.d = splitmix32(state);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  next(): number {
    return (this.nextUint32() + 0.5) * 2.3283064365386963e-10;
  }

  /**
   * −ln(next()) for the same draw, within 1 ulp of Math.log's answer (checked over millions of draws and the
   * edge words), about twice as fast: no call into the C library, a table and a short series instead.
   */
  nextExponential(): number {
    const x = this.nextUint32();
    if (x < 128) return -Math.log((x + 0.5) * 2.3283064365386963e-10); // too few bits for a table cell
    // u = (x + 0.5)·2^−32 = 2^−(z+1)·m with m in [1, 2), z leading zeros of x; m lies within 1/256 of the
    // centre c_j of its 1/128-wide cell j (the 7 bits after the leading one), so
    // −ln u = z·ln 2 − ln(c_j / 2) − ln(1 + r), r = (m − c_j) / c_j, |r| < 0.004, and ln(1 + r) by 7 terms
    // (error below r^8/8 ≈ 1e−20). Just below u = 1 the two logarithms would cancel: there r = u − 1 directly.
    const z = Math.clz32(x);
    const j = (x << (z + 1)) >>> 25;
    let r: number;
    let base: number;
    if ((z | (j ^ 127)) === 0) {
      r = (x - 4294967295.5) * 2.3283064365386963e-10;
      base = 0;
    } else {
      r = ((x + 0.5) * CELL_SCALE[z]! - CELL_CENTRE[j]!) * CELL_INVERSE[j]!;
      base = z * Math.LN2 - CELL_LN_HALF[j]!;
    }
    // Estrin's scheme: the series' terms in parallel, half the chained latency of Horner's rule.
    const r2 = r * r;
    const log1p = r + r2 * (r * (1 / 3) - 0.5) + r2 * r2 * (r * 0.2 - 0.25 + r2 * (r * (1 / 7) - 1 / 6));
    return base - log1p;
  }
}

/** nextExponential's tables: 2^(z − 31) by leading zeros z, and per cell its centre, 1 / centre, ln(centre / 2). */
const CELL_SCALE = Float64Array.from({ length: 32 }, (_, z) => Math.pow(2, z - 31));
const CELL_CENTRE = Float64Array.from({ length: 128 }, (_, j) => 1 + (j + 0.5) / 128);
const CELL_INVERSE = CELL_CENTRE.map((c) => 1 / c);
const CELL_LN_HALF = CELL_CENTRE.map((c) => Math.log(c / 2));

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
