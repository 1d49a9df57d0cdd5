/**
 * Blocking probabilities with Poisson arrivals, where they are exact. They live in the model because the one
 * stability rule (capacity.ts) subtracts the refusals of a finite queue ahead of a pool when it can know them
 * exactly, and the model may not import analysis (which reuses Erlang B from here).
 *
 * a = offered load in Erlangs = λ·S, c = servers, Q = waiting places (K = c + Q).
 */

/**
 * Erlang B blocking probability of M/M/c/c (and M/G/c/c: insensitive to the service law). c ≥ 0 integer,
 * a ≥ 0. The recursion B(n) = a·B(n−1) / (n + a·B(n−1)) only multiplies and divides numbers in [0, 1] and a,
 * so it holds for thousands of servers and offered loads near c (Jagerman 1974).
 */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let n = 1; n <= c; n++) b = (a * b) / (n + a * b);
  return b;
}

/** Σ_{i=0}^{n−1} r^i from r − 1 (log1p/expm1: no cancellation however close r is to 1). */
function geometricSum(rMinusOne: number, n: number): number {
  return rMinusOne === 0 ? n : Math.expm1(n * Math.log1p(rMinusOne)) / rMinusOne;
}

/**
 * p_K of M/M/c/K: with ρ = a/c the states above c weigh p_c·ρ^j, and p_c = B·(the mass of states 0..c), so
 * p_K = ρ^Q / (1/B + Σ_{j=1..Q} ρ^j); above ρ = 1 the same divided by ρ^Q (in x = 1/ρ), so nothing overflows.
 */
export function mmckBlocking(a: number, c: number, q: number): number {
  const b = erlangB(c, a);
  if (q === 0 || b === 0) return b;
  if (a <= c) {
    const d = (a - c) / c; // ρ − 1
    return Math.exp(q * Math.log1p(d)) / (1 / b + (1 + d) * geometricSum(d, q));
  }
  const dx = (c - a) / a; // 1/ρ − 1
  return 1 / (Math.exp(q * Math.log1p(dx)) / b + geometricSum(dx, q));
}
