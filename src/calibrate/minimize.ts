/** Golden-section search for the minimum of a unimodal function on [lo, hi] (Kiefer 1953). */
export function goldenMin(f: (x: number) => number, lo: number, hi: number, tolerance: number, maxSteps = 80): { x: number; fx: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < maxSteps && b - a > tolerance; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? { x: c, fx: fc } : { x: d, fx: fd };
}

/**
 * Standard error of a least-squares parameter from the curvature of the sum of squares at its minimum:
 * var ≈ 2·s² / SSE''(x), s² = SSE / (observations − parameters). Null when the curvature is not positive.
 */
export function curvatureStandardError(sse: (x: number) => number, x: number, step: number, observations: number, parameters: number): number | null {
  const df = observations - parameters;
  if (df < 1) return null;
  const f0 = sse(x);
  const second = (sse(x + step) - 2 * f0 + sse(x - step)) / (step * step);
  if (!(second > 0)) return null;
  return Math.sqrt((2 * (f0 / df)) / second);
}
