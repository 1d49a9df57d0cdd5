/**
 * Response-time laws of closed networks from the arrival theorem (Reiser & Lavenberg 1980; Sevcik & Mitrani
 * 1981): a request arriving at a station sees the network in equilibrium with N−1 clients. At an exponential
 * FCFS station with c threads, finding j others means waiting for max(0, j − c + 1) departures, each an
 * exponential phase of rate c/S: the wait is a mixture of Erlangs with the arrival marginal as weights.
 *
 * One station alone (the finite-source queue M/M/c//N): the response time is exactly that wait plus the
 * service, whose tail is written with Poisson sums (Gross, Shortle, Thompson & Harris, Fundamentals of
 * Queueing Theory, 4th ed., §2.7: W_q(t) = 1 − Σ_{n≥c} q_n · P(Poisson(cµt) ≤ n − c), q_n the arrival-point
 * probabilities), so no transform inversion is needed at any population.
 */
import type { ArrivalQueue } from './closed-exact.ts';
import type { ExactTail } from './percentiles.ts';
import type { LatencyDistribution } from './latency-distribution.ts';
import { convolutionLst, deterministicLst, exponentialLst, waitLst, type Lst } from './sojourn.ts';

/** Below this, trailing weights of a mixture are dropped (renormalised). */
const WEIGHT_FLOOR = 1e-16;

/** The wait given that it is positive: Σ_i w_i·(a/(a+s))^{first+i}, a = phase rate. */
export function erlangMixtureLst(arrival: ArrivalQueue, phaseRate: number): Lst {
  const { first } = arrival;
  let count = arrival.weights.length;
  while (count > 1 && arrival.weights[count - 1]! < WEIGHT_FLOOR) count--;
  let lead = 0;
  while (lead < count - 1 && arrival.weights[lead]! < WEIGHT_FLOOR) lead++;
  const weights = arrival.weights.slice(lead, count);
  let total = 0;
  let phases = 0;
  for (let i = 0; i < weights.length; i++) {
    total += weights[i]!;
    phases += weights[i]! * (first + lead + i);
  }
  for (let i = 0; i < weights.length; i++) weights[i] = weights[i]! / total;
  const start = first + lead;
  const last = weights.length - 1;
  return {
    mean: phases / total / phaseRate,
    eval(re, im, out) {
      // z = a / (a + s)
      const dr = phaseRate + re;
      const dd = dr * dr + im * im;
      const zr = (phaseRate * dr) / dd;
      const zi = (-phaseRate * im) / dd;
      // Horner from the highest power, then z^start.
      let hr = weights[last]!;
      let hi = 0;
      for (let i = last - 1; i >= 0; i--) {
        const nr = hr * zr - hi * zi + weights[i]!;
        hi = hr * zi + hi * zr;
        hr = nr;
      }
      const logModulus = 0.5 * Math.log(zr * zr + zi * zi) * start;
      const angle = Math.atan2(zi, zr) * start;
      const m = Math.exp(logModulus);
      const pr = m * Math.cos(angle);
      const pi = m * Math.sin(angle);
      out[0] = hr * pr - hi * pi;
      out[1] = hr * pi + hi * pr;
    },
  };
}

/** log Γ(k + 1) for an integer k ≥ 0: summed below 30, Stirling's series above (error < 1e−15 relative). */
export function logFactorial(k: number): number {
  if (k < 30) {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  }
  const x = k + 1;
  const inv = 1 / x;
  const inv2 = inv * inv;
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
}

function logPoissonPmf(lambda: number, k: number): number {
  if (lambda === 0) return k === 0 ? 0 : -Infinity;
  return k * Math.log(lambda) - lambda - logFactorial(k);
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log P(Poisson(λ) ≤ k) and log P(Poisson(λ) > k), the smaller side summed directly, the other by log1p. */
function logPoissonSides(lambda: number, k: number): { below: number; above: number } {
  if (k < 0) return { below: -Infinity, above: 0 };
  if (lambda === 0) return { below: 0, above: -Infinity };
  if (k < lambda) {
    // Sum downward from k: terms fall at least as fast as k/λ.
    let s = -Infinity;
    let term = logPoissonPmf(lambda, k);
    for (let j = k; j >= 0; j--) {
      s = logAdd(s, term);
      if (term < s - 40) break;
      term += Math.log(j / lambda);
    }
    return { below: s, above: Math.log1p(-Math.min(1, Math.exp(s))) };
  }
  let s = -Infinity;
  let term = logPoissonPmf(lambda, k + 1);
  for (let j = k + 1; ; j++) {
    s = logAdd(s, term);
    if (term < s - 40) break;
    term += Math.log(lambda / (j + 1));
  }
  return { below: Math.log1p(-Math.min(1, Math.exp(s))), above: s };
}

/**
 * Exact tail of one FCFS station with exponential service S on c threads: T = Exp(S) + Erlang(K, c/S), K = 0
 * with probability 1 − probWait, else first + i with probability probWait·w_i.
 * c = 1: T is Erlang(K + 1, 1/S), P(T > t) = P(Poisson(t/S) ≤ K).
 * c > 1 (a = c/S, b = 1/S): P(E_K + X > t) = P(Poisson(at) ≤ K − 1) + e^{−bt}·(a/(a−b))^K·P(Poisson((a−b)t) ≥ K).
 */
export function singleStationTail(arrival: ArrivalQueue, serviceMean: number, servers: number): ExactTail {
  const b = 1 / serviceMean;
  const a = servers * b;
  const atZero = 1 - arrival.probWait;
  // Weights of K = k0, k0 + 1, …, a contiguous run.
  let from = 0;
  let to = arrival.weights.length - 1;
  while (from < to && arrival.weights[from]! * arrival.probWait < 1e-18) from++;
  while (to > from && arrival.weights[to]! * arrival.probWait < 1e-18) to--;
  const k0 = arrival.first + from;
  const run = Array.from(arrival.weights.slice(from, to + 1), (w) => w * arrival.probWait);
  const logGrowth = servers > 1 ? Math.log(servers / (servers - 1)) : 0;
  const evaluate = (t: number): { ccdf: number; pdf: number } => {
    if (!(t > 0)) return { ccdf: 1, pdf: 0 };
    let ccdf = atZero * Math.exp(-b * t);
    let pdf = atZero * b * Math.exp(-b * t);
    if (run.length === 0 || arrival.probWait <= 0) return { ccdf, pdf };
    if (servers === 1) {
      // P(Poisson(bt) ≤ k) rises with k by the pmf.
      const lambda = b * t;
      let below = logPoissonSides(lambda, k0).below;
      let pmf = logPoissonPmf(lambda, k0);
      for (let i = 0; i < run.length; i++) {
        const k = k0 + i;
        ccdf += run[i]! * Math.exp(below);
        pdf += run[i]! * b * Math.exp(pmf);
        pmf += Math.log(lambda / (k + 1));
        below = logAdd(below, pmf);
      }
      return { ccdf: Math.min(1, ccdf), pdf };
    }
    const lambda = a * t;
    let below = logPoissonSides(lambda, k0 - 1).below; // P(Poisson(at) ≤ k − 1)
    let pmf = logPoissonPmf(lambda, k0);
    for (let i = 0; i < run.length; i++) {
      const k = k0 + i;
      ccdf += run[i]! * Math.exp(below);
      below = logAdd(below, pmf);
      pmf += Math.log(lambda / (k + 1));
    }
    // P(Poisson((a−b)t) ≥ k) falls with k: summed from the top down.
    const mu = (a - b) * t;
    const k1 = k0 + run.length - 1;
    let above = logPoissonSides(mu, k1 - 1).above;
    let lower = logPoissonPmf(mu, k1 - 1);
    for (let i = run.length - 1; i >= 0; i--) {
      const k = k0 + i;
      const mixed = -b * t + k * logGrowth + above;
      ccdf += run[i]! * Math.exp(mixed);
      pdf += run[i]! * b * Math.exp(mixed);
      above = logAdd(above, lower);
      lower += Math.log((k - 1) / mu);
    }
    return { ccdf: Math.min(1, ccdf), pdf };
  };
  // The quantile search asks for ccdf and pdf at the same t.
  let lastT = NaN;
  let last = { ccdf: 1, pdf: 0 };
  const cached = (t: number) => {
    if (t !== lastT) {
      last = evaluate(t);
      lastT = t;
    }
    return last;
  };
  return { ccdf: (t) => cached(t).ccdf, pdf: (t) => cached(t).pdf };
}

/**
 * The exact M/M/c//N response-time distribution as a LatencyDistribution: quantiles by safeguarded Newton
 * inside a bracket from the mean and standard deviation (the law can be very narrow: Erlang(10⁵)).
 */
export function singleStationDistribution(arrival: ArrivalQueue, serviceMean: number, servers: number, mean: number): LatencyDistribution {
  const tail = singleStationTail(arrival, serviceMean, servers);
  const rate = servers / serviceMean;
  // K phases: E[T] = S + E[K]/a, Var T = S² + (E[K] + Var K)/a².
  let m1 = 0;
  let m2 = 0;
  arrival.weights.forEach((w, i) => {
    const k = arrival.first + i;
    m1 += arrival.probWait * w * k;
    m2 += arrival.probWait * w * k * k;
  });
  const sd = Math.sqrt(serviceMean * serviceMean + (m1 + Math.max(0, m2 - m1 * m1)) / (rate * rate));
  const center = serviceMean + m1 / rate;
  const ccdf = (t: number) => (t <= 0 ? 1 : tail.ccdf(t));

  function quantile(p: number): number | null {
    if (!(p > 0 && p < 1)) return null;
    const target = 1 - p;
    let lo = Math.max(0, center - 10 * sd);
    while (lo > 0 && ccdf(lo) <= target) lo = lo < 1e-12 * center ? 0 : lo / 2;
    let hi = center + 20 * sd;
    for (let i = 0; i < 200 && ccdf(hi) > target; i++) hi *= 2;
    let t = Math.min(hi, Math.max(lo, center));
    for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      const c = ccdf(t);
      if (c > target) lo = t;
      else hi = t;
      const density = tail.pdf(t);
      let next = density > 0 ? t + (c - target) / density : NaN;
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (Math.abs(next - t) <= 1e-13 * t) return next;
      t = next;
    }
    return 0.5 * (lo + hi);
  }

  const lst = convolutionLst([
    exponentialLst(serviceMean),
    arrival.probWait > 0 && arrival.weights.length > 0 ? waitLst(arrival.probWait, erlangMixtureLst(arrival, rate)) : deterministicLst(0),
  ]);
  return {
    mean,
    ccdf,
    cdf: (t) => 1 - ccdf(t),
    quantile,
    quantiles: (levels) => levels.map(quantile),
    atoms: [],
    lst,
  };
}
