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
    // Kept as signed 32-bit words (the same bits): an unsigned one from 2^31 up would be a heap number in a
    // field that optimised code reads as a small integer, and a new generator would throw that code away.
    const state = { s: (seed ^ Math.imul(stream + 1, 0x632be5ab)) | 0 };
    this.a = splitmix32(state) | 0;
    this.b = splitmix32(state) | 0;
    this.c = splitmix32(state) | 0;
    this.d = splitmix32(state) | 0;
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    return this.nextWord() >>> 0;
  }

  /** The next 32 bits as a signed integer (a small integer to the JIT, never a heap number). */
  private nextWord(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9);
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
   * An exponential variate of mean 1 by Marsaglia & Tsang's ziggurat (JSS 5(8), 2000) with 256 layers: one
   * 32-bit word (low 8 bits pick the layer, the high 24 place the point in it) and one comparison in 98% of
   * draws; the rest are decided exactly by the density, and the tail beyond R by memorylessness, R − ln U.
   * About a third of the cost of −ln(next()), the main cost of the departure recursion.
   */
  nextExponential(): number {
    const x = this.nextWord();
    const layer = x & 255;
    const u = x >>> 8;
    if (u < ZIG_ACCEPT[layer]!) return (u + 0.5) * ZIG_WIDTH[layer]!;
    return this.exponentialEdge(layer, u);
  }

  /** The ziggurat's rare cases: a point beyond its layer's inner rectangle, or the base layer's tail. */
  private exponentialEdge(layer: number, u: number): number {
    for (;;) {
      if (layer === 0) return ZIG_R - Math.log(this.next());
      const x = (u + 0.5) * ZIG_WIDTH[layer]!;
      if (ZIG_DENSITY[layer]! + this.next() * (ZIG_DENSITY[layer - 1]! - ZIG_DENSITY[layer]!) < Math.exp(-x)) return x;
      const w = this.nextWord();
      layer = w & 255;
      u = w >>> 8;
      if (u < ZIG_ACCEPT[layer]!) return (u + 0.5) * ZIG_WIDTH[layer]!;
    }
  }
}

/**
 * The ziggurat's tables (Marsaglia & Tsang's zigset for the exponential, 24-bit positions): 256 layers of equal
 * area V under e^−x, the base one the rectangle [0, R) plus the tail. Layer i spans [0, x_i): ZIG_WIDTH is
 * x_i / 2^24, ZIG_DENSITY e^−x_i, ZIG_ACCEPT how many of the 2^24 positions lie left of x_{i−1}, where the
 * whole layer is under the curve (a point's centre (u + 0.5)·width, so u < ZIG_ACCEPT keeps it inside).
 */
const ZIG_R = 7.697117470131487;
const ZIG_V = 3.949659822581572e-3;
const ZIG_ACCEPT = new Int32Array(256);
const ZIG_WIDTH = new Float64Array(256);
const ZIG_DENSITY = new Float64Array(256);
{
  const positions = 2 ** 24;
  const base = ZIG_V / Math.exp(-ZIG_R); // the base layer's width if it were a rectangle of height e^−R
  ZIG_ACCEPT[0] = Math.floor((ZIG_R / base) * positions - 0.5);
  ZIG_WIDTH[0] = base / positions;
  ZIG_DENSITY[0] = 1;
  let outer = ZIG_R;
  ZIG_WIDTH[255] = outer / positions;
  ZIG_DENSITY[255] = Math.exp(-outer);
  for (let i = 254; i >= 1; i--) {
    const inner = -Math.log(ZIG_V / outer + Math.exp(-outer));
    ZIG_ACCEPT[i + 1] = Math.floor((inner / outer) * positions - 0.5);
    ZIG_WIDTH[i] = inner / positions;
    ZIG_DENSITY[i] = Math.exp(-inner);
    outer = inner;
  }
  ZIG_ACCEPT[1] = 0; // the top layer's inner edge is x = 0: every point is checked against the density
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
