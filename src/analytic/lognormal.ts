/**
 * The lognormal service time's transform, for the percentile inversion.
 *
 * The lognormal has no closed-form Laplace transform. Its integral over the normal variable,
 * E[e^{−sX}] = ∫ e^{−s·e^{µ+σz}} φ(z) dz, is taken by Gauss–Hermite quadrature (the route Asmussen, Jensen &
 * Rojas-Nandayapa, "On the Laplace transform of the lognormal distribution", Methodol. Comput. Appl. Probab.
 * 18, 2016, compare their closed-form approximation against). Plain quadrature puts point masses at the nodes,
 * which Euler inversion cannot see between; each node is therefore an Erlang of order k with the node's value
 * as mean (a kernel that smooths the atoms), σ narrowed so the mixture keeps the lognormal's mean and variance
 * exactly: e^{σ'²}·(1 + 1/k) = 1 + scv.
 *
 * Measured against the exact lognormal CDF (test/analytic/lognormal.test.ts): quantiles p50–p99.9 within 1.1 %
 * for scv 0.1–4, 1.8 % at scv 8 (the former two-moment fit, a balanced H2 for scv > 1, put p99 18–26 % high at scv 3–4 and a
 * gamma put p99.9 15–25 % low at scv 0.25–1). Cost: 20 nodes (14 above weight 1e−6), a complex reciprocal and a power each: the default model's analyze with percentiles went from ~240 to ~305 µs of CPU.
 */
import type { Lst } from './sojourn.ts';

const NODES = 20;
/** Kernel order k = KERNEL_SHAPE / scv: the kernel carries a sixteenth of the variance. */
const KERNEL_SHAPE = 16;
const MAX_ORDER = 256;
/** Nodes lighter than this are dropped (their mass stays in the weights' sum through renormalisation). */
const LIGHT = 1e-6;

/** Probabilists' Gauss–Hermite rule (weight φ(z)) by Newton on the normalised recurrence (Numerical Recipes §4.6). */
function gaussHermite(n: number): { z: Float64Array; w: Float64Array } {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const half = Math.floor((n + 1) / 2);
  const pim4 = Math.pow(Math.PI, -0.25);
  let root = 0;
  for (let i = 0; i < half; i++) {
    // Initial guesses for the largest roots, then each from the previous two.
    if (i === 0) root = Math.sqrt(2 * n + 1) - 1.85575 * Math.pow(2 * n + 1, -0.16667);
    else if (i === 1) root -= (1.14 * Math.pow(n, 0.426)) / root;
    else if (i === 2) root = 1.86 * root - 0.86 * x[0]!;
    else if (i === 3) root = 1.91 * root - 0.91 * x[1]!;
    else root = 2 * root - x[i - 2]!;
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = root * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      derivative = Math.sqrt(2 * n) * p2;
      const previous = root;
      root = previous - p1 / derivative;
      if (Math.abs(root - previous) <= 1e-14) break;
    }
    x[i] = root;
    x[n - 1 - i] = -root;
    w[i] = 2 / (derivative * derivative);
    w[n - 1 - i] = w[i]!;
  }
  // e^{−x²} → φ(z): z = √2·x, weights / √π.
  return { z: x.map((v) => Math.SQRT2 * v), w: w.map((v) => v / Math.sqrt(Math.PI)) };
}

const RULE = gaussHermite(NODES);

interface Mixture {
  /** Node means for a unit mean, and their weights. */
  readonly means: Float64Array;
  readonly weights: Float64Array;
  readonly order: number;
}

const mixtures = new Map<number, Mixture>();

function unitMixture(scv: number): Mixture {
  const hit = mixtures.get(scv);
  if (hit) return hit;
  const order = Math.min(MAX_ORDER, Math.max(4, Math.ceil(KERNEL_SHAPE / scv)));
  const sigma = Math.sqrt(Math.max(0, Math.log1p(scv) - Math.log1p(1 / order)));
  const means: number[] = [];
  const weights: number[] = [];
  let mass = 0;
  let mean = 0;
  for (let j = 0; j < NODES; j++) {
    if (RULE.w[j]! < LIGHT) continue;
    const value = Math.exp(sigma * RULE.z[j]!);
    means.push(value);
    weights.push(RULE.w[j]!);
    mass += RULE.w[j]!;
    mean += RULE.w[j]! * value;
  }
  // Normalise both: the weights to 1 and the mean to 1 (the rule integrates e^{σz} to ~1e−15 already).
  const mixture: Mixture = {
    means: Float64Array.from(means, (m) => (m * mass) / mean),
    weights: Float64Array.from(weights, (w) => w / mass),
    order,
  };
  if (mixtures.size > 256) mixtures.clear();
  mixtures.set(scv, mixture);
  return mixture;
}

/** E[e^{−sX}] for X lognormal with this mean and scv (scv > 0). */
export function lognormalLst(mean: number, scv: number): Lst {
  const unit = unitMixture(scv);
  const count = unit.means.length;
  const scales = unit.means.map((m) => (m * mean) / unit.order);
  const weights = unit.weights;
  const order = unit.order;
  return {
    mean,
    eval(re, im, out) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < count; j++) {
        // Erlang kernel: (1 + s·θ)^(−k), a reciprocal then a power by squaring.
        const theta = scales[j]!;
        const ar = 1 + re * theta;
        const ai = im * theta;
        const d = ar * ar + ai * ai;
        let br = ar / d;
        let bi = -ai / d;
        let pr = 1;
        let pi = 0;
        for (let n = order; ; ) {
          if (n & 1) {
            const t = pr * br - pi * bi;
            pi = pr * bi + pi * br;
            pr = t;
          }
          n >>= 1;
          if (n === 0) break;
          const t = br * br - bi * bi;
          bi = 2 * br * bi;
          br = t;
        }
        sr += weights[j]! * pr;
        si += weights[j]! * pi;
      }
      out[0] = sr;
      out[1] = si;
    },
  };
}
