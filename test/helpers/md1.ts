/**
 * Erlang (1909), M/D/1 FCFS wait: P(W ≤ t) = (1 − ρ) Σ_{k=0}^{⌊t/D⌋} (λ(kD − t))^k / k! · e^{−λ(kD − t)}
 * (Gross & Harris, Fundamentals of Queueing Theory, §5.1.1). The alternating sum loses digits as λt grows; the
 * quantiles used here stay below λt ≈ 10, where it is good to ~1e−10.
 */
export function mdOneWaitCdf(lambda: number, d: number, t: number): number {
  let sum = 0;
  let factorial = 1;
  for (let k = 0; k <= Math.floor(t / d); k++) {
    if (k > 0) factorial *= k;
    const x = lambda * (k * d - t);
    sum += (Math.pow(x, k) / factorial) * Math.exp(-x);
  }
  return (1 - lambda * d) * sum;
}

/** Smallest w with P(W ≤ w) ≥ p (0 when the atom at 0 already reaches p). */
export function mdOneWaitQuantile(lambda: number, d: number, p: number): number {
  if (mdOneWaitCdf(lambda, d, 0) >= p) return 0;
  let lo = 0;
  let hi = 40 * d;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mdOneWaitCdf(lambda, d, mid) < p) lo = mid;
    else hi = mid;
  }
  return hi;
}
