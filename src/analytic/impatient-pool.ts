/**
 * M/M/c+G with exponential (Erlang-A) or deterministic patience, exactly (Palm 1943; Baccelli & Hébuterne
 * 1981; Garnett, Mandelbaum & Reiman, MSOM 4(3), 2002; Zeltyn & Mandelbaum, Queueing Systems 51, 2005).
 *
 * The offered wait V (what an infinitely patient arrival would wait) has, by level crossing, an atom
 * π_j (j = 0 … c−1 busy threads, V = 0) with π_j = π_0·a^j/j!, and for x > 0 the density
 *
 *   v(x) = λ·π_{c−1}·exp(λ·H(x) − cµ·x),   H(x) = ∫₀ˣ (1 − G(u)) du,   G = patience CDF,
 *
 * since while all threads are busy the next one frees after Exp(cµ), an arrival that stays adds such a jump,
 * and V drains at rate 1. An arrival seeing V = x waits min(x, patience) and is served iff patience > x, so:
 *   P(wait) = ∫v,  P(abandon) = ∫v·G,  E[wait] = ∫v·H,  E[wait · 1{served}] = ∫v·x·(1 − G).
 * Deterministic patience τ: G = 1{x ≥ τ}, H = min(x, τ): every integral in closed form. Exponential patience
 * (rate θ): H = (1 − e^(−θx))/θ, integrated by Gauss–Legendre on panels (the integrand is smooth and decays
 * like e^(−cµx)); checked against the Erlang-A birth–death chain to 1e-10 in the tests.
 *
 * Scaling: π_{c−1} is normalised through log-space terms, so c in the thousands and a ≫ c do not overflow.
 *
 * A queue timeout τ on top of exponential patience (the server drops a visit still waiting at τ): the patience
 * becomes min(P, τ), so G jumps to 1 at τ and H stops growing there; an arrival seeing V = x ≥ τ abandons if
 * P < τ and is dropped otherwise. Beyond τ the density is λπ_{c−1}·e^{λH(τ) − cµx}, integrated in closed form:
 *   P(drop) = e^{−θτ}·∫_τ^∞ v,  P(abandon) = ∫₀^τ v·G + (1 − e^{−θτ})·∫_τ^∞ v.
 */

export type PatienceKind = 'exponential' | 'deterministic';

export interface ImpatientPool {
  /** Chance an arrival finds every thread busy (it waits; it may then abandon). */
  readonly probWait: number;
  readonly probAbandon: number;
  /** Mean wait of every arrival (served or not), seconds. */
  readonly meanWait: number;
  /** Mean wait of the arrivals that are served (0 for those that found a free thread). */
  readonly meanWaitServed: number;
  /** Mean number waiting (Little: λ·meanWait). */
  readonly meanQueueLength: number;
  /** Chance an arrival is dropped by the queue timeout (0 without one). */
  readonly probDrop: number;
  /** Mean busy threads: λ(1 − P(abandon) − P(drop))/µ. */
  readonly meanBusy: number;
  /** P(latency of a served request > t) = P(wait + service > t | served), service Exp(µ). */
  readonly servedLatencyTail: (t: number) => number;
}

/** 32-point Gauss–Legendre nodes and weights on [−1, 1] (computed once by Newton on P_32). */
const GL = (() => {
  const n = 32;
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    let p0 = 1;
    let p1 = x;
    for (let k = 2; k <= n; k++) {
      const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
      p0 = p1;
      p1 = p2;
    }
    const dp = (n * (x * p1 - p0)) / (x * x - 1);
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * dp * dp));
  }
  return { nodes, weights };
})();

/** ∫_a^b f by Gauss–Legendre on `panels` equal panels. */
function integrate(f: (x: number) => number, a: number, b: number, panels: number): number {
  let sum = 0;
  const h = (b - a) / panels;
  for (let p = 0; p < panels; p++) {
    const mid = a + (p + 0.5) * h;
    for (let i = 0; i < GL.nodes.length; i++) sum += GL.weights[i]! * f(mid + 0.5 * h * GL.nodes[i]!);
  }
  return 0.5 * h * sum;
}

/** log(a^j / j!) for j = 0 … c−1, and log Σ of them. */
function logAtoms(a: number, c: number): { logLast: number; logSum: number } {
  let logTerm = 0;
  let logSum = 0;
  for (let j = 1; j < c; j++) {
    logTerm += Math.log(a / j);
    // log(e^logSum + e^logTerm), stably.
    logSum = logSum > logTerm ? logSum + Math.log1p(Math.exp(logTerm - logSum)) : logTerm + Math.log1p(Math.exp(logSum - logTerm));
  }
  return { logLast: logTerm, logSum };
}

/**
 * λ arrivals/s, service Exp(µ), c threads, unbounded waiting room, patience of the given kind and mean, and
 * with exponential patience optionally a queue timeout (seconds; a deterministic patience and a queue timeout
 * are one deterministic patience, the smaller). Stable for every λ > 0 (impatience bounds the queue).
 */
export function impatientPool(lambda: number, mu: number, c: number, kind: PatienceKind, patienceMean: number, queueTimeoutSeconds = Infinity): ImpatientPool {
  const cmu = c * mu;
  const theta = 1 / patienceMean;
  const tau = patienceMean;
  const cap = kind === 'exponential' ? queueTimeoutSeconds : Infinity;
  // Work with u(x) = v(x)/(λ·π_{c−1}) = exp(λH(x) − cµx); the atoms relative to π_{c−1} are Σ_j π_j/π_{c−1}.
  const H = kind === 'deterministic' ? (x: number) => Math.min(x, tau) : (x: number) => -Math.expm1(-theta * Math.min(x, cap)) / theta;
  const G = kind === 'deterministic' ? (x: number) => (x >= tau ? 1 : 0) : (x: number) => (x >= cap ? 1 : -Math.expm1(-theta * x));
  // Integrals of u·1, u·G, u·H, u·x·(1 − G) over (0, ∞), and of u over the arrivals the queue timeout drops.
  let J: number;
  let JG: number;
  let JH: number;
  let JXS: number;
  let JD = 0;
  if (kind === 'deterministic') {
    // On (0, τ): e^{(λ − cµ)x}; beyond: e^{λτ − cµx}.
    const d = lambda - cmu;
    const e1 = (k: number) => (Math.abs(k * tau) < 1e-8 ? tau * (1 + (k * tau) / 2) : Math.expm1(k * tau) / k); // ∫₀^τ e^{kx}
    const tail = Math.exp(d * tau) / cmu; // ∫_τ^∞ e^{λτ − cµx} dx
    const xe = (k: number) => (Math.abs(k * tau) < 1e-8 ? (tau * tau) / 2 : (tau * Math.exp(k * tau) - e1(k)) / k); // ∫₀^τ x e^{kx}
    J = e1(d) + tail;
    JG = tail;
    JH = xe(d) + tau * tail;
    JXS = xe(d);
  } else {
    // u(x) ≤ e^{λ/θ − cµx}; integrate to where that bound is 1e-18 of the total scale (or to the queue timeout,
    // past which u is e^{λH(cap) − cµx}: closed form).
    const far = Math.max(10 / cmu, (lambda / theta + 42) / cmu);
    const upper = Math.min(far, cap);
    const panels = Math.min(4000, Math.max(64, Math.ceil(upper * Math.max(cmu, theta) / 2)));
    const u = (x: number) => Math.exp(lambda * H(x) - cmu * x);
    J = integrate(u, 0, upper, panels);
    JG = integrate((x) => u(x) * G(x), 0, upper, panels);
    JH = integrate((x) => u(x) * H(x), 0, upper, panels);
    JXS = integrate((x) => u(x) * x * (1 - G(x)), 0, upper, panels);
    if (cap < far) {
      const tail = Math.exp(lambda * H(cap) - cmu * cap) / cmu; // ∫_cap^∞ u
      const stays = Math.exp(-theta * cap); // patience outlasts the timeout: dropped, not abandoned
      J += tail;
      JG += (1 - stays) * tail;
      JH += H(cap) * tail;
      JD = stays * tail;
    }
  }
  // π_{c−1}·(Σ_j a^j/j! / (a^{c−1}/(c−1)!) + λJ) = 1.
  const { logLast, logSum } = logAtoms(lambda / mu, c);
  const atomsOverLast = Math.exp(logSum - logLast);
  const last = 1 / (atomsOverLast + lambda * J);
  const scale = lambda * last;
  const probWait = scale * J;
  const probAbandon = scale * JG;
  const probDrop = scale * JD;
  const meanWait = scale * JH;
  const served = 1 - probAbandon - probDrop;
  const meanWaitServed = (scale * JXS) / served;
  // Served latency tail: P(W + S > t, served)/P(served), W = 0 w.p. 1 − P(wait), else density u·(1 − G)·scale.
  const servedLatencyTail = (t: number): number => {
    const noWait = (1 - probWait) * Math.exp(-mu * t);
    const waitPart = (x: number) => Math.exp(lambda * H(x) - cmu * x) * (1 - G(x)) * (x >= t ? 1 : Math.exp(-mu * (t - x)));
    const end = kind === 'deterministic' ? tau : Math.min(cap, Math.max(10 / cmu, (lambda / theta + 42) / cmu));
    const panels = 400;
    let waited: number;
    if (t <= 0) waited = integrate((x) => waitPart(x), 0, end, panels);
    else if (t >= end) waited = integrate(waitPart, 0, end, panels);
    else waited = integrate(waitPart, 0, t, panels / 2) + integrate(waitPart, t, end, panels / 2);
    return (noWait + scale * waited) / served;
  };
  return {
    probWait,
    probAbandon,
    probDrop,
    meanWait,
    meanWaitServed,
    meanQueueLength: lambda * meanWait,
    meanBusy: (lambda * served) / mu,
    servedLatencyTail,
  };
}

/** The q-quantile of the served latency by bisection on its tail (monotone). */
export function servedLatencyQuantile(pool: ImpatientPool, q: number, hint: number): number {
  let lo = 0;
  let hi = Math.max(hint, 1e-9);
  while (pool.servedLatencyTail(hi) > 1 - q) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (pool.servedLatencyTail(mid) > 1 - q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
