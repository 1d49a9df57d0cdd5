/**
 * Laplace–Stieltjes transforms of per-visit sojourn times, as small composable objects evaluated at a complex
 * point without allocating (the percentile search calls them tens of thousands of times per analysis).
 * `eval(re, im, out)` writes Re and Im of E[e^{−sT}] at s = re + i·im into out[0], out[1].
 */
import { balancedHyperexponential, isDeterministicScv } from '../model/distribution.ts';

export interface Lst {
  eval(re: number, im: number, out: Float64Array): void;
  /** E[T], for starting points and checks. */
  readonly mean: number;
}

const scratch = new Float64Array(2);

/** Exp(mean): 1 / (1 + s·mean). */
export function exponentialLst(mean: number): Lst {
  return {
    mean,
    eval(re, im, out) {
      const dr = 1 + re * mean;
      const di = im * mean;
      const d = dr * dr + di * di;
      out[0] = dr / d;
      out[1] = -di / d;
    },
  };
}

/** Point mass at `value`: e^{−s·value}. */
export function deterministicLst(value: number): Lst {
  return {
    mean: value,
    eval(re, im, out) {
      const m = Math.exp(-re * value);
      out[0] = m * Math.cos(im * value);
      out[1] = -m * Math.sin(im * value);
    },
  };
}

/** Gamma with the given mean and scv: (1 + s·mean·scv)^(−1/scv), the two-moment fit for non-exponential times. */
export function gammaLst(mean: number, scv: number): Lst {
  if (isDeterministicScv(scv)) return deterministicLst(mean);
  if (scv === 1) return exponentialLst(mean);
  const scale = mean * scv;
  const shape = 1 / scv;
  return {
    mean,
    eval(re, im, out) {
      const zr = 1 + re * scale;
      const zi = im * scale;
      const logModulus = 0.5 * Math.log(zr * zr + zi * zi);
      const arg = Math.atan2(zi, zr);
      const m = Math.exp(-shape * logModulus);
      out[0] = m * Math.cos(-shape * arg);
      out[1] = m * Math.sin(-shape * arg);
    },
  };
}

/**
 * U(0, width): (1 − e^{−s·width}) / (s·width), exact. Its CDF has kinks (no jumps) at 0 and width, which Euler
 * inversion follows to ~1e−4 up to the 99th percentile; the lower end of U(a, b) is kept out as a shift.
 */
export function uniformLst(width: number): Lst {
  return {
    mean: width / 2,
    eval(re, im, out) {
      const dr = re * width;
      const di = im * width;
      const m = Math.exp(-dr);
      const nr = 1 - m * Math.cos(di);
      const ni = m * Math.sin(di);
      const d = dr * dr + di * di;
      if (d < 1e-24) {
        out[0] = 1;
        out[1] = 0;
        return;
      }
      out[0] = (nr * dr + ni * di) / d;
      out[1] = (ni * dr - nr * di) / d;
    },
  };
}

/** Two-phase hyperexponential with balanced means, the fit used for scv > 1 (Whitt 1982). */
export function hyperexponentialLst(mean: number, scv: number): Lst {
  const { p1, mean1, mean2 } = balancedHyperexponential(mean, scv);
  const first = exponentialLst(mean1);
  const second = exponentialLst(mean2);
  return mixtureLst([
    [p1, first],
    [1 - p1, second],
  ]);
}

/**
 * Two-moment fit used for service and waiting times that are not exponential: hyperexponential above scv 1
 * (keeps the exponential tail that queueing delays have), gamma at or below.
 */
export function twoMomentLst(mean: number, scv: number): Lst {
  if (scv > 1) return hyperexponentialLst(mean, scv);
  return gammaLst(mean, scv);
}

/** Σ p_i · L_i(s); the weights may sum to less than 1, the rest being a point mass at 0. */
export function mixtureLst(parts: ReadonlyArray<readonly [number, Lst]>): Lst {
  let rest = 1;
  let mean = 0;
  for (const [p, part] of parts) {
    rest -= p;
    mean += p * part.mean;
  }
  const atZero = Math.max(0, rest);
  // Flat arrays and an indexed loop: this runs tens of thousands of times per analysis.
  const weights = parts.map((part) => part[0]);
  const lsts = parts.map((part) => part[1]);
  const count = lsts.length;
  if (count === 1) {
    const w = weights[0]!;
    const only = lsts[0]!;
    return {
      mean,
      eval(re, im, out) {
        only.eval(re, im, out);
        out[0] = atZero + w * out[0]!;
        out[1] = w * out[1]!;
      },
    };
  }
  return {
    mean,
    eval(re, im, out) {
      let sr = atZero;
      let si = 0;
      for (let i = 0; i < count; i++) {
        lsts[i]!.eval(re, im, scratch);
        sr += weights[i]! * scratch[0]!;
        si += weights[i]! * scratch[1]!;
      }
      out[0] = sr;
      out[1] = si;
    },
  };
}

/** Sum of independent times: the product of their transforms. */
export function convolutionLst(parts: readonly Lst[]): Lst {
  if (parts.length === 1) return parts[0]!;
  const mean = parts.reduce((sum, part) => sum + part.mean, 0);
  const count = parts.length;
  return {
    mean,
    eval(re, im, out) {
      let pr = 1;
      let pi = 0;
      for (let i = 0; i < count; i++) {
        parts[i]!.eval(re, im, scratch);
        const xr = scratch[0]!;
        const xi = scratch[1]!;
        const nr = pr * xr - pi * xi;
        pi = pr * xi + pi * xr;
        pr = nr;
      }
      out[0] = pr;
      out[1] = pi;
    },
  };
}

/** Sum of n independent copies: L(s)^n, one evaluation and a complex power (n a positive integer). */
export function powerLst(part: Lst, n: number): Lst {
  if (n === 1) return part;
  return {
    mean: n * part.mean,
    eval(re, im, out) {
      part.eval(re, im, out);
      const x = out[0]!;
      const y = out[1]!;
      const m = Math.pow(x * x + y * y, n / 2);
      const angle = n * Math.atan2(y, x);
      out[0] = m * Math.cos(angle);
      out[1] = m * Math.sin(angle);
    },
  };
}

/**
 * Time spent over a random number of visits. visits ≤ 1: one visit with probability v, else none.
 * visits > 1: 1 + Geometric visits (re-entry probability 1 − 1/v), transform L/v / (1 − (1 − 1/v)·L).
 */
export function repeatedLst(visit: Lst, visits: number): Lst {
  if (visits === 1) return visit;
  if (visits < 1) return mixtureLst([[visits, visit]]);
  const leave = 1 / visits;
  const stay = 1 - leave;
  return {
    mean: visit.mean * visits,
    eval(re, im, out) {
      visit.eval(re, im, scratch);
      const lr = scratch[0]!;
      const li = scratch[1]!;
      // leave·L / (1 − stay·L)
      const dr = 1 - stay * lr;
      const di = -stay * li;
      const d = dr * dr + di * di;
      const nr = leave * lr;
      const ni = leave * li;
      out[0] = (nr * dr + ni * di) / d;
      out[1] = (ni * dr - nr * di) / d;
    },
  };
}

/**
 * M/G/1 FCFS wait given that the visit waits, from the Pollaczek–Khinchine transform (Kleinrock vol. 1, eq. 5.105):
 * W*(s) = (1 − ρ)·s / (s − λ·(1 − S*(s))), and conditionally on waiting (W*(s) − (1 − ρ)) / ρ. Exact for any
 * service transform S*; `conditionalMean` is E[W]/ρ (P-K mean), which the transform does not carry.
 */
export function pollaczekKhinchineWaitLst(arrivalRate: number, service: Lst, conditionalMean: number): Lst {
  const rho = arrivalRate * service.mean;
  const idle = 1 - rho;
  const value = new Float64Array(2);
  return {
    mean: conditionalMean,
    eval(re, im, out) {
      service.eval(re, im, value);
      const dr = re - arrivalRate * (1 - value[0]!);
      const di = im + arrivalRate * value[1]!;
      const d = dr * dr + di * di;
      const wr = (idle * (re * dr + im * di)) / d;
      const wi = (idle * (im * dr - re * di)) / d;
      out[0] = (wr - idle) / rho;
      out[1] = wi / rho;
    },
  };
}

/** Waiting time with an atom at 0: 0 with probability 1 − probWait, else the conditional wait. */
export function waitLst(probWait: number, conditional: Lst): Lst {
  return mixtureLst([[probWait, conditional]]);
}

/**
 * M/M/c/K conditional wait: a visit that finds j others waiting (j = 0..Q−1, P(j) ∝ ρ^j) waits Erlang(j+1, cµ).
 * E[z^{J+1}] with z = cµ/(cµ + s) in closed form; for ρ > 1 it is rewritten in x = 1/ρ so no power overflows.
 */
export function truncatedGeometricWaitLst(rho: number, places: number, drainRate: number): Lst {
  const q = places;
  const big = rho > 1;
  const base = big ? 1 / rho : rho;
  // When ρ^Q is below double precision the truncation is invisible: J is geometric and the conditional wait
  // is exactly Exp(drainRate·(1 − ρ)), as in M/M/c. Cheaper and free of the complex power.
  if (!big && q * Math.log(base) < -41.5) return exponentialLst(1 / (drainRate * (1 - rho)));
  const norm = (1 - base) / (1 - Math.pow(base, q));
  const meanIndex = big
    ? q - 1 - geometricMeanIndex(base, q)
    : geometricMeanIndex(base, q);
  return {
    mean: (meanIndex + 1) / drainRate,
    eval(re, im, out) {
      // z = d / (d + s)
      const dr = drainRate + re;
      const di = im;
      const dd = dr * dr + di * di;
      const zr = (drainRate * dr) / dd;
      const zi = (-drainRate * di) / dd;
      complexPow(zr, zi, q, power);
      const zqr = power[0]!;
      const zqi = power[1]!;
      let numR: number;
      let numI: number;
      let denR: number;
      let denI: number;
      if (big) {
        // z·(z^Q − x^Q) / (z − x)
        const xq = Math.pow(base, q);
        const ar = zqr - xq;
        const ai = zqi;
        numR = zr * ar - zi * ai;
        numI = zr * ai + zi * ar;
        denR = zr - base;
        denI = zi;
      } else {
        // z·(1 − (ρz)^Q) / (1 − ρz)
        const rq = Math.pow(base, q);
        const ar = 1 - rq * zqr;
        const ai = -rq * zqi;
        numR = zr * ar - zi * ai;
        numI = zr * ai + zi * ar;
        denR = 1 - base * zr;
        denI = -base * zi;
      }
      const den = denR * denR + denI * denI;
      if (den < 1e-300) {
        // Removable singularity (z = x exactly); nudge to a neighbouring point.
        this.eval(re * (1 + 1e-9) + 1e-300, im, out);
        return;
      }
      out[0] = (norm * (numR * denR + numI * denI)) / den;
      out[1] = (norm * (numI * denR - numR * denI)) / den;
    },
  };
}

/** E[J] for P(J = j) ∝ x^j on 0..Q−1 (x ≤ 1). */
export function geometricMeanIndex(x: number, q: number): number {
  let weight = 0;
  let weighted = 0;
  let power = 1;
  if (q <= 4096) {
    for (let j = 0; j < q; j++) {
      weight += power;
      weighted += j * power;
      power *= x;
    }
    return weighted / weight;
  }
  const xq = Math.pow(x, q);
  return x / (1 - x) - (q * xq) / (1 - xq);
}

const power = new Float64Array(2);

function complexPow(re: number, im: number, n: number, out: Float64Array): void {
  const logModulus = 0.5 * Math.log(re * re + im * im);
  const arg = Math.atan2(im, re);
  const m = Math.exp(n * logModulus);
  out[0] = m * Math.cos(n * arg);
  out[1] = m * Math.sin(n * arg);
}
