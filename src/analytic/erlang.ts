/**
 * Erlang B and C without factorials. The B recursion B(n) = a·B(n−1) / (n + a·B(n−1)) only multiplies
 * and divides numbers in [0, 1] and a, so it holds for thousands of servers and offered loads near c
 * (Jagerman 1974). Erlang C follows from B: C = B / (1 − ρ(1 − B)), ρ = a/c.
 *
 * a = offered load in Erlangs = λ·S, c = servers.
 */

/** Erlang B blocking probability of M/M/c/c. c ≥ 0 integer, a ≥ 0. */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let n = 1; n <= c; n++) b = (a * b) / (n + a * b);
  return b;
}

/** Erlang C probability of waiting in M/M/c; 1 when a ≥ c (every arrival waits, the queue grows). */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1;
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}
