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
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
