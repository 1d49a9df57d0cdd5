/** Small models built in code, and the closed forms the simulator is checked against. */
import { parseModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/types.ts';

export function model(yaml: string): Model {
  return parseModel(yaml);
}

/** One exponential M/M/c stage (seconds, per second). */
export function mmc(lambda: number, serviceSeconds: number, threads: number, extra = ''): Model {
  return model(`name: mmc
workload: { arrivalRate: ${lambda} }
stages:
  - { name: s, service: ${serviceSeconds}, threads: ${threads}${extra} }
`);
}

/** Erlang C: P(wait) in M/M/c with offered load a = λS (Kleinrock 1975, Vol. 1, eq. 3.40). */
export function erlangC(a: number, c: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c;
  const top = last / (1 - a / c);
  return top / (sum + top);
}

/** Mean response of M/M/c: S + C(c, a)·S / (c − a). */
export function mmcResponse(lambda: number, s: number, c: number): number {
  const a = lambda * s;
  return s + (erlangC(a, c) * s) / (c - a);
}

/** M/M/c/K blocking probability p_K, K = c + queueCapacity (Kleinrock 1975, eq. 3.44). */
export function mmckBlocking(a: number, c: number, queueCapacity: number): number {
  const weights: number[] = [];
  let w = 1;
  for (let n = 0; n <= c + queueCapacity; n++) {
    if (n > 0) w *= a / Math.min(n, c);
    weights.push(w);
  }
  const total = weights.reduce((x, y) => x + y, 0);
  return weights[weights.length - 1]! / total;
}

export function inside(value: number, estimate: number | null, halfWidth: number | null): boolean {
  return estimate !== null && halfWidth !== null && Math.abs(value - estimate) <= halfWidth;
}
