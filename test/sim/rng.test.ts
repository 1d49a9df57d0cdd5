import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src/sim/rng.ts';

/** A generator whose next 32-bit word is chosen, to reach the edge words of nextExponential. */
function fixedWord(word: number): Xoshiro128 {
  const rng = new Xoshiro128(1);
  rng.nextUint32 = () => word;
  return rng;
}

describe('Xoshiro128.nextExponential', () => {
  it('is −ln(next()) for the same draw within 1 ulp, over a million draws', () => {
    const a = new Xoshiro128(5);
    const b = new Xoshiro128(5);
    let worst = 0;
    for (let k = 0; k < 1_000_000; k++) {
      const exact = -Math.log(b.next());
      worst = Math.max(worst, Math.abs(a.nextExponential() - exact) / exact);
    }
    expect(worst).toBeLessThanOrEqual(Number.EPSILON);
  });

  it('holds at the edge words: tiny, every cell boundary, and just below u = 1 where the logarithms cancel', () => {
    const words = [0, 1, 127, 128, 129, 255, 256, 2 ** 24 - 1, 2 ** 24, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 2 ** 24, 2 ** 32 - 2, 2 ** 32 - 1];
    for (let j = 0; j < 128; j++) words.push(((128 + j) << 24) >>> 0, (((128 + j) << 24) >>> 0) - 1);
    for (const word of words) {
      const exact = -Math.log((word + 0.5) * 2 ** -32);
      expect(Math.abs(fixedWord(word).nextExponential() - exact) / exact).toBeLessThanOrEqual(Number.EPSILON);
    }
  });
});
