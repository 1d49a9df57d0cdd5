/**
 * Erlang B and C without factorials. Erlang B lives with the exact blocking probabilities the model's
 * stability rule needs (model/loss-probability.ts); Erlang C follows from it: C = B / (1 − ρ(1 − B)), ρ = a/c.
 *
 * a = offered load in Erlangs = λ·S, c = servers.
 */
import { erlangB } from '../model/loss-probability.ts';

export { erlangB };

/** Erlang C probability of waiting in M/M/c; 1 when a ≥ c (every arrival waits, the queue grows). */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1;
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}
