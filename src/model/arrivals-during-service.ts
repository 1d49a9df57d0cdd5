/**
 * a_j = P(j Poisson(λ) arrivals during one service S) = E[e^{−λS}(λS)^j / j!], j = 0 … n (at least; the array
 * goes on while terms still matter, so callers can sum tails). Closed forms where the family has one:
 *
 *   exponential        geometric: a_j = (1/(1 + x))·(x/(1 + x))^j,  x = λ·E[S]
 *   deterministic      Poisson(x)
 *   gamma / erlang     negative binomial: shape α = 1/scv, θ = E[S]·scv, p = λθ/(1 + λθ): a_j = C(α+j−1, j)(1−p)^α p^j
 *   hyperexponential   the balanced two-phase mixture of geometrics (as sampled by model/distribution.ts)
 *   lognormal, uniform Gauss–Legendre-free composite Simpson quadrature of the Poisson mixture (over log S for
 *                      the lognormal, ±8 standard deviations; over [a, b] for the uniform), 400 panels
 */
import type { ServiceDist } from './distribution.ts';

/** Far enough that what is left is below double precision relative to 1. */
const NEGLIGIBLE = 1e-17;
/**
 * Terms past n kept while they matter, at most this many: a tail still large there is summed well enough as
 * 1 − Σ a by the caller, and a small one has decayed (its terms fall geometrically or faster) well before.
 */
const EXTRA_TERMS = 64;

function extendWhile(n: number, term: (j: number) => number): Float64Array {
  const out: number[] = [];
  for (let j = 0; ; j++) {
    const t = term(j);
    out.push(t);
    if (j >= n && (t < NEGLIGIBLE || j >= n + EXTRA_TERMS)) return Float64Array.from(out);
  }
}

/** Poisson(x) pmf at j, through logs (no underflow of e^{−x} for large x). */
function poisson(x: number, j: number, logFactorial: number): number {
  if (x === 0) return j === 0 ? 1 : 0;
  return Math.exp(j * Math.log(x) - x - logFactorial);
}

function geometricMixture(weights: readonly number[], means: readonly number[], lambda: number, n: number) {
  const xs = means.map((m) => lambda * m);
  return extendWhile(n, (j) => weights.reduce((s, w, i) => s + (w * Math.pow(xs[i]! / (1 + xs[i]!), j)) / (1 + xs[i]!), 0));
}

function quadrature(n: number, lambda: number, nodes: readonly number[], weights: readonly number[]) {
  // Log j! built as we go.
  const logFact: number[] = [0];
  return extendWhile(n, (j) => {
    if (j > 0) logFact[j] = logFact[j - 1]! + Math.log(j);
    let s = 0;
    for (let i = 0; i < nodes.length; i++) s += weights[i]! * poisson(lambda * nodes[i]!, j, logFact[j]!);
    return s;
  });
}

function simpson(lo: number, hi: number, panels: number, density: (x: number) => number, point: (x: number) => number) {
  const nodes: number[] = [];
  const weights: number[] = [];
  const h = (hi - lo) / panels;
  for (let i = 0; i <= panels; i++) {
    const x = lo + i * h;
    const w = (i === 0 || i === panels ? 1 : i % 2 === 1 ? 4 : 2) * (h / 3) * density(x);
    nodes.push(point(x));
    weights.push(w);
  }
  const total = weights.reduce((a, b) => a + b, 0);
  return { nodes, weights: weights.map((w) => w / total) };
}

export function arrivalsDuringService(dist: ServiceDist, lambda: number, n: number): Float64Array {
  const m = dist.meanSeconds;
  const x = lambda * m;
  switch (dist.name) {
    case 'exponential':
      return geometricMixture([1], [m], lambda, n);
    case 'deterministic': {
      let logFact = 0;
      return extendWhile(n, (j) => {
        if (j > 0) logFact += Math.log(j);
        return poisson(x, j, logFact);
      });
    }
    case 'erlang':
    case 'gamma': {
      if (dist.scv === 0) return arrivalsDuringService({ ...dist, name: 'deterministic' }, lambda, n);
      const shape = 1 / dist.scv;
      const p = (lambda * m * dist.scv) / (1 + lambda * m * dist.scv);
      let term = Math.pow(1 - p, shape);
      return extendWhile(n, (j) => {
        if (j > 0) term *= ((shape + j - 1) / j) * p;
        return term;
      });
    }
    case 'hyperexponential': {
      const p1 = 0.5 * (1 + Math.sqrt((dist.scv - 1) / (dist.scv + 1)));
      return geometricMixture([p1, 1 - p1], [m / (2 * p1), m / (2 * (1 - p1))], lambda, n);
    }
    case 'lognormal': {
      const sigma2 = Math.log1p(dist.scv);
      const mu = Math.log(m) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      const q = simpson(-8, 8, 400, (z) => Math.exp(-0.5 * z * z), (z) => Math.exp(mu + sigma * z));
      return quadrature(n, lambda, q.nodes, q.weights);
    }
    case 'uniform': {
      const half = m * Math.sqrt(3 * dist.scv);
      const q = simpson(m - half, m + half, 400, () => 1, (t) => t);
      return quadrature(n, lambda, q.nodes, q.weights);
    }
  }
}
