import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../src/sim/rng.ts';

/** A generator whose 32-bit words are chosen (then the seeded stream), to reach the ziggurat's rare paths. */
function fixedWords(...words: number[]): Xoshiro128 {
  const rng = new Xoshiro128(1) as unknown as { nextWord: () => number };
  const stream = rng.nextWord.bind(rng);
  rng.nextWord = () => (words.length > 0 ? words.shift()! | 0 : stream());
  return rng as unknown as Xoshiro128;
}

describe('Xoshiro128.nextExponential (ziggurat)', () => {
  const N = 1_000_000;
  const draws = (() => {
    const rng = new Xoshiro128(5);
    return Float64Array.from({ length: N }, () => rng.nextExponential());
  })();

  it('is Exp(1): Kolmogorov–Smirnov over a million draws, and the first two moments', () => {
    const sorted = Float64Array.from(draws).sort();
    let d = 0;
    for (let k = 0; k < N; k++) {
      const f = -Math.expm1(-sorted[k]!);
      d = Math.max(d, f - k / N, (k + 1) / N - f);
    }
    // 1.63/√N is the 1% critical value; a wrong layer table or scale moves D by orders of magnitude more.
    expect(d * Math.sqrt(N)).toBeLessThan(1.63);
    let sum = 0;
    let squares = 0;
    for (const x of draws) {
      sum += x;
      squares += x * x;
    }
    const mean = sum / N;
    expect(Math.abs(mean - 1)).toBeLessThan(4 / Math.sqrt(N)); // sd of the mean 1/√N
    expect(Math.abs(squares / N - 2)).toBeLessThan(4 * Math.sqrt(20 / N)); // E X² = 2, var X² = 20
  });

  it('fills the narrow top layer and the tail beyond R = 7.7 with the right mass and shape', () => {
    // The top layer (x < 0.064) is always decided by the density, the tail by R − ln U: both rare paths.
    let near0 = 0;
    let tail = 0;
    let tailExcess = 0;
    for (const x of draws) {
      if (x < 0.05) near0++;
      if (x > 7.7) {
        tail++;
        tailExcess += x - 7.7;
      }
    }
    const p0 = -Math.expm1(-0.05);
    expect(Math.abs(near0 / N - p0)).toBeLessThan(4 * Math.sqrt(p0 / N));
    const pTail = Math.exp(-7.7); // 4.5e-4: about 450 draws
    expect(Math.abs(tail / N - pTail)).toBeLessThan(4 * Math.sqrt(pTail / N));
    expect(Math.abs(tailExcess / tail - 1)).toBeLessThan(4 / Math.sqrt(tail)); // memoryless: mean excess 1
  });

  it('takes each path at its edge words: inner rectangle, base-layer tail, rejection, acceptance', () => {
    // Layer 255 (low byte 255, the widest, out to R) with its position inside the inner rectangle: returned
    // at once, the position's centre scaled to the layer's width.
    const position = 0xe60000;
    expect(fixedWords(((position << 8) | 0xff) >>> 0).nextExponential()).toBeCloseTo(((position + 0.5) * 7.697117470131487) / 2 ** 24, 12);
    // Layer 0 past its rectangle: the tail, R − ln U > R.
    expect(fixedWords(0xffffff00).nextExponential()).toBeGreaterThan(7.69);
    // Top layer, position near its outer edge, where e^−x lies below most of the layer: with U near 1 (word
    // 2^32 − 1) the point is rejected and the next word (layer 255, position 0) decides: a tiny value.
    const again = fixedWords(0xffffff01, 0xffffffff, 0xff).nextExponential();
    expect(again).toBeLessThan(1e-5);
    // The same top-layer point with U near 0 is accepted: its own x, about 0.064.
    const kept = fixedWords(0xffffff01, 0).nextExponential();
    expect(kept).toBeGreaterThan(0.06);
    expect(kept).toBeLessThan(0.065);
  });
});
