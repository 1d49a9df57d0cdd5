/**
 * GI/M/c: renewal arrivals of a given scv, exponential service, c servers, unbounded FCFS queue.
 *
 * The arrivals are the phase-type renewal process reqpath's simulator draws for that scv: two phases with
 * balanced means above 1 (Whitt 1982), a mixture of Erlang(k−1) and Erlang(k) of one rate below 1 (Tijms 1994,
 * §A.5: exact in scv, the simulator's gamma of shape 1/scv is the same for an integer shape). The queue is then a
 * quasi-birth–death process on (requests present, arrival phase) and is solved exactly, with no truncation:
 *
 * - Above c−1 requests the levels repeat with rate matrix R. The arrivals' matrix A0 = t·α has rank one, so
 *   R = t·ξ with ξ = α(sI − T)⁻¹, s = cµ(1 − σ), and σ = ξ·t is the root in (0, 1) of σ = A*(cµ(1 − σ)), A* the
 *   interarrival LST (Gross & Harris §6.4; Neuts 1981, ch. 3 for the matrix form). An arrival finding all c
 *   busy sees c + k present with probability ∝ σ^k, so its wait is exponential of rate cµ(1 − σ) exactly.
 * - Below, level n links to n+1 by π_{n+1} = π_n·U_{n+1}; each U_n = t·v_n is rank one too, found from level c
 *   down by linear level reduction (every step inverts an M-matrix: no cancellation), each v_n by one
 *   Sherman–Morrison step on the structured T − nµI.
 *
 * Exact for the first pool a renewal flow of that family reaches directly; downstream, where the flow is another
 * queue's departures, it stands in for them as a renewal flow of the same scv (QNA's two-moment view) — an
 * approximation, banded as such by the caller. Against Allen–Cunneen's factor (ca² + 1)/2 it matters most
 * for bursty flows at moderate load: ca² 8 at ρ 0.3 waits 1.9× less than that factor says, and P(wait) is σ,
 * not ρ (ca² 7.9 at ρ 0.67: 0.89 against 0.67, simulated 0.892).
 */
import { delayStation, finiteQueueMetrics, type StationMetrics } from './mmc.ts';
import { geometricMeanIndex } from './sojourn.ts';
import { balancedHyperexponential } from '../model/distribution.ts';

/** A phase-type interarrival time: start vector α, sub-generator T (rows), exit rates t = −T·1. */
interface PhaseType {
  readonly alpha: Float64Array;
  readonly t: Float64Array;
  /** T itself, dense (thinning builds on it). */
  generator(): number[][];
  /** Row vector x solving x·(T − shift·I) = b, written into `out` (which may be b). */
  solveShiftedInto(b: Float64Array, shift: number, out: Float64Array): Float64Array;
  /** The interarrival LST A*(s) and its derivative (closed forms where the family has them). */
  lst(s: number): number;
  lstDerivative(s: number): number;
}

const solveShifted = (ph: PhaseType, b: Float64Array, shift: number) => ph.solveShiftedInto(b, shift, new Float64Array(b.length));

/** Two exponential phases of balanced means p1/r1 = p2/r2, scv ≥ 1. */
function hyperexponential(mean: number, scv: number): PhaseType {
  const { p1, mean1, mean2 } = balancedHyperexponential(mean, scv);
  const r1 = 1 / mean1;
  const r2 = 1 / mean2;
  return {
    alpha: Float64Array.from([p1, 1 - p1]),
    t: Float64Array.from([r1, r2]),
    generator: () => [
      [-r1, 0],
      [0, -r2],
    ],
    solveShiftedInto: (b, shift, out) => {
      out[0] = b[0]! / (-r1 - shift);
      out[1] = b[1]! / (-r2 - shift);
      return out;
    },
    lst: (s) => (p1 * r1) / (r1 + s) + ((1 - p1) * r2) / (r2 + s),
    lstDerivative: (s) => -(p1 * r1) / ((r1 + s) * (r1 + s)) - ((1 - p1) * r2) / ((r2 + s) * (r2 + s)),
  };
}

/**
 * Erlang(k−1) with probability p, Erlang(k) otherwise, one rate r, with 1/k ≤ scv < 1/(k−1): k phases in
 * series, the (k−1)th leaving with probability p. Exponential when scv = 1 (k = 1).
 */
function mixedErlang(mean: number, scv: number): PhaseType {
  const k = Math.max(1, Math.ceil(1 / scv - 1e-9));
  // The callers keep nearly regular flows away (pool-solver.ts MAX_RENEWAL_PHASES): a chain of 1/scv phases.
  if (k > 64) throw new RangeError(`a renewal flow of scv ${scv} needs ${k} Erlang phases; at most 64 are built`);
  const p = k === 1 ? 0 : (k * scv - Math.sqrt(k * (1 + scv) - k * k * scv)) / (1 + scv);
  const rate = (k - p) / mean;
  const alpha = new Float64Array(k);
  alpha[0] = 1;
  const t = new Float64Array(k);
  t[k - 1] = rate;
  if (k >= 2) t[k - 2] = p * rate;
  // T: −rate on the diagonal; rate to the next phase, (1 − p)·rate from phase k−1 to k.
  const forward = (i: number) => (i === k - 2 ? (1 - p) * rate : rate);
  // A*(s) = p·q^(k−1) + (1 − p)·q^k with q = rate/(rate + s).
  const lst = (s: number) => {
    const q = rate / (rate + s);
    return q ** (k - 1) * (p + (1 - p) * q);
  };
  return {
    alpha,
    t,
    generator: () => Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (j === i ? -rate : j === i + 1 ? forward(i) : 0))),
    solveShiftedInto: (b, shift, out) => {
      // x·(T − sI) = b with T upper bidiagonal: column j reads x_j(−rate − s) + x_{j−1}·forward(j−1) = b_j.
      for (let j = 0; j < k; j++) out[j] = (b[j]! - (j > 0 ? out[j - 1]! * forward(j - 1) : 0)) / (-rate - shift);
      return out;
    },
    lst,
    lstDerivative: (s) => {
      const q = rate / (rate + s);
      return (-(q ** (k - 1)) * ((k - 1) * p + k * (1 - p) * q)) / (rate + s);
    },
  };
}

/** The phase-type renewal process the simulator draws for interarrival times of this mean and scv. */
export function renewalPhaseType(mean: number, scv: number): PhaseType {
  return scv > 1 ? hyperexponential(mean, scv) : mixedErlang(mean, scv);
}

/**
 * Every arrival kept with probability `keep` (random dispatch to one of 1/keep threads): the gap to the next kept
 * one is a geometric sum of gaps, again phase-type, (α, T + (1 − keep)·t·α, keep·t). Exact, where QNA's split
 * scv keep·ca² + 1 − keep keeps only the second moment: the shape of short gaps is what a lightly loaded
 * thread's wait depends on.
 */
function thinned(ph: PhaseType, keep: number): PhaseType {
  // Dense, solved by elimination: m ≤ 12 (pool-solver.ts MAX_THINNED_PHASES).
  const t = ph.t;
  const T = ph.generator().map((row, i) => row.map((x, j) => x + (1 - keep) * t[i]! * ph.alpha[j]!));
  const exit = Float64Array.from(t, (x) => keep * x);
  const lst = (s: number) => dot(solveRow(T, Float64Array.from(ph.alpha, (a) => -a), s), exit);
  return {
    alpha: ph.alpha,
    t: exit,
    generator: () => T.map((row) => [...row]),
    solveShiftedInto: (b, shift, out) => {
      out.set(solveRow(T, b, shift));
      return out;
    },
    // α(sI − T)⁻¹t; the derivative by a central difference (only one per-thread queue per pool uses it).
    lst,
    lstDerivative: (s) => {
      const h = 1e-6 * (s + 1);
      return (lst(s + h) - lst(Math.max(0, s - h))) / (s + h - Math.max(0, s - h));
    },
  };
}

/** x with x·(T − shift·I) = b, by Gaussian elimination with partial pivoting on the transpose (m is small). */
function solveRow(T: readonly number[][], b: Float64Array, shift: number): Float64Array {
  const m = b.length;
  const a = Array.from({ length: m }, (_, i) => [...Array.from({ length: m }, (_, j) => T[j]![i]! - (i === j ? shift : 0)), b[i]!]);
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = col + 1; r < m; r++) {
      const f = a[r]![col]! / a[col]![col]!;
      for (let k = col; k <= m; k++) a[r]![k]! -= f * a[col]![k]!;
    }
  }
  const x = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let v = a[r]![m]!;
    for (let k = r + 1; k < m; k++) v -= a[r]![k]! * x[k]!;
    x[r] = v / a[r]![r]!;
  }
  return x;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
const sum = (a: Float64Array) => a.reduce((s, x) => s + x, 0);

/** α(sI − T)⁻¹ (row): its product with t is the LST A*(s). */
function resolvent(ph: PhaseType, s: number): Float64Array {
  return solveShifted(ph, Float64Array.from(ph.alpha, (a) => -a), s);
}

/** σ in (0, 1) with σ = A*(cµ(1 − σ)): the decay rate of the queue seen by arrivals. */
function decayRate(ph: PhaseType, drain: number): number {
  // f(σ) = A*(drain·(1 − σ)) − σ is convex, positive at 0 and 0 at 1; when ρ < 1 it dips below 0 in between,
  // so Newton from 0 climbs monotonically to the root inside (a convex decreasing function is never
  // overshot). A step that would leave [0, 1) or a flat slope falls back to bisection on the bracket kept.
  let lo = 0;
  let hi = 1;
  let sigma = 0;
  for (let i = 0; i < 100; i++) {
    const s = drain * (1 - sigma);
    const f = ph.lst(s) - sigma;
    if (f > 0) lo = sigma;
    else hi = sigma;
    const slope = -drain * ph.lstDerivative(s) - 1;
    let next = slope < 0 ? sigma - f / slope : 0.5 * (lo + hi);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - sigma) <= 1e-15 * Math.max(1, next)) return next;
    sigma = next;
  }
  return sigma;
}

/**
 * Far more threads than requests in service: the busy threads of GI/M/∞ have mean a = λS and variance at most
 * a·max(1, ca²) (Whitt 1982's heavy-traffic bound for renewal input), so c beyond 50 of its standard deviations
 * is never reached and nobody waits. The chain's O(c) levels are then skipped: a planner's search tries sizes up
 * to millions of threads, and one of 10⁹ ran the worker out of memory.
 */
function nobodyWaits(arrivalRate: number, meanService: number, servers: number, arrivalScv: number): boolean {
  const a = arrivalRate * meanService;
  return servers > a + 50 * Math.sqrt(a * Math.max(1, arrivalScv)) + 50;
}

/**
 * Linear level reduction from level `top` down to 1 for a chain whose arrivals are rank one (t·α): π_n =
 * π_{n−1}·t·v_n with v_n = −α(T − shift(n)·I + coupling(n)·t·w_n)⁻¹, w_top = `start` and w_n = v_{n+1} below,
 * each by Sherman–Morrison on the structured T − shift·I: y = −α(T − sI)⁻¹, z = w(T − sI)⁻¹,
 * v = y − (y·u)/(1 + z·u)·z with u = coupling·t. Keeps v_n·t and v_n·1 per level, and v_1 for level 0.
 */
function reduceLevels(
  ph: PhaseType,
  top: number,
  start: Float64Array,
  shift: (n: number) => number,
  coupling: (n: number) => number,
): { ratios: Float64Array; masses: Float64Array; first: Float64Array } {
  const m = ph.alpha.length;
  const minusAlpha = Float64Array.from(ph.alpha, (x) => -x);
  let w: Float64Array = start;
  let v: Float64Array = new Float64Array(m);
  const y = new Float64Array(m);
  const z = new Float64Array(m);
  const ratios = new Float64Array(top + 1);
  const masses = new Float64Array(top + 1);
  for (let n = top; n >= 1; n--) {
    const s = shift(n);
    const u = coupling(n);
    ph.solveShiftedInto(minusAlpha, s, y);
    ph.solveShiftedInto(w, s, z);
    const k = (u * dot(y, ph.t)) / (1 + u * dot(z, ph.t));
    for (let i = 0; i < m; i++) v[i] = y[i]! - k * z[i]!;
    ratios[n] = dot(v, ph.t);
    masses[n] = sum(v);
    if (n > 1) [w, v] = [v, w === start ? new Float64Array(m) : w];
  }
  return { ratios, masses, first: v };
}

/**
 * Upwards from the top level with a_top = π_top·t = 1: a_{n−1} = a_n / (v_n·t), and π_n = a_{n−1}·v_n carries
 * mass a_{n−1}·(v_n·1); level 0 is π_0 = a_0·µ·v_1·(−T)⁻¹. Unnormalised arrival rates a_n and masses π_n·1 by
 * level. Levels far below the top (a light load on many threads) can outgrow the double: everything is
 * rescaled then, those levels dominate.
 */
function levelWeights(ph: PhaseType, mu: number, levels: { ratios: Float64Array; masses: Float64Array; first: Float64Array }): { arrivalsAt: Float64Array; massAt: Float64Array } {
  const { ratios, masses, first } = levels;
  const top = ratios.length - 1;
  const arrivalsAt = new Float64Array(top + 1);
  const massAt = new Float64Array(top + 1);
  arrivalsAt[top] = 1;
  for (let n = top; n >= 1; n--) {
    arrivalsAt[n - 1] = arrivalsAt[n]! / ratios[n]!;
    massAt[n] = arrivalsAt[n - 1]! * masses[n]!;
    if (arrivalsAt[n - 1]! > 1e250) {
      for (let j = n - 1; j <= top; j++) {
        arrivalsAt[j] = arrivalsAt[j]! * 1e-250;
        massAt[j] = massAt[j]! * 1e-250;
      }
    }
  }
  massAt[0] = arrivalsAt[0]! * sum(solveShifted(ph, Float64Array.from(first, (x) => -mu * x), 0));
  return { arrivalsAt, massAt };
}

/**
 * GI/M/c fed by a renewal flow of scv `arrivalScv` of which each request is kept with probability `keep` (1: the
 * whole flow; 1/c: one of c per-thread queues under random dispatch), λ the rate that reaches the queue; the
 * caller guarantees λ·S < c. The metrics are those of mmc.ts (waits per admitted request, time averages of the
 * queue), the conditional wait exponential.
 */
export function gimc(arrivalRate: number, meanService: number, servers: number, arrivalScv: number, keep = 1): StationMetrics {
  if (nobodyWaits(arrivalRate, meanService, servers, arrivalScv)) return { ...delayStation(arrivalRate, meanService), utilization: (arrivalRate * meanService) / servers };
  const source = renewalPhaseType(keep / arrivalRate, arrivalScv);
  const ph = keep < 1 ? thinned(source, keep) : source;
  const mu = 1 / meanService;
  const c = servers;
  const sigma = decayRate(ph, c * mu);
  const drainRate = c * mu * (1 - sigma);
  const xi = resolvent(ph, drainRate);
  // Level c: π_c = π_{c−1}·t·v_c, v_c = −α(T − cµI + cµ·t·ξ)⁻¹; then downwards with (n+1)µ·t·v_{n+1}, each v_n
  // by Sherman–Morrison on T − nµI: y = −α(T − nµI)⁻¹, z = w(T − nµI)⁻¹, v = y − (y·u)/(1 + z·u)·z, u = (n+1)µ·t.
  // Only v_n·t and v_n·1 are kept per level (and v_1 for level 0).
  const { arrivalsAt, massAt } = levelWeights(ph, mu, reduceLevels(ph, c, xi, (n) => n * mu, (n) => (n === c ? c : n + 1) * mu));
  // Levels ≥ c: π_c·(I − R)⁻¹·1 = π_c·1 + a_c·(ξ·1)/(1 − σ), arrivals there a_c/(1 − σ); L_q = a_c·(ξ·1)/(1 − σ)².
  let total = 0;
  let arrivals = 0;
  for (let n = 0; n <= c; n++) {
    total += massAt[n]!;
    if (n < c) arrivals += arrivalsAt[n]!;
  }
  const atC = arrivalsAt[c]!;
  total += (atC * sum(xi)) / (1 - sigma);
  arrivals += atC / (1 - sigma);
  const probWait = Math.min(1, atC / (1 - sigma) / arrivals);
  const meanQueueLength = (atC * sum(xi)) / ((1 - sigma) * (1 - sigma)) / total;
  const meanWait = probWait / drainRate;
  const busy = arrivalRate * meanService;
  return {
    utilization: busy / c,
    probWait,
    meanWait,
    meanQueueLength,
    meanInSystem: meanQueueLength + busy,
    blocking: 0,
    throughput: arrivalRate,
    wait: probWait > 0 ? { kind: 'exponential', rate: drainRate } : { kind: 'none' },
  };
}

/** Internals for the tests' consistency checks (Little's law against the arrival-epoch view, R's eigenvalue). */
export const gimcInternals = { renewalPhaseType, decayRate, resolvent };

/**
 * GI/M/c/K: the same process with Q waiting places (K = c + Q); an arrival finding K present is refused and the
 * arrival process simply renews. Finite levels, so linear level reduction runs from the top, where a refused
 * arrival leaves the level unchanged (local block T + t·α − cµI): exact blocking, P(wait), L_q and W_q for
 * renewal arrivals of that form. The wait of an admitted request finding c + j present is Erlang(j + 1, cµ);
 * the shape handed to the percentiles is the truncated geometric over j of M/M/c/K with its ratio fitted so the
 * conditional mean is the exact one (the arrival-epoch weights of GI/M/c/K are close to geometric, exactly so
 * without the truncation).
 */
export function gimck(arrivalRate: number, meanService: number, servers: number, places: number, arrivalScv: number, keep = 1): StationMetrics {
  if (nobodyWaits(arrivalRate, meanService, servers, arrivalScv)) return { ...delayStation(arrivalRate, meanService), utilization: (arrivalRate * meanService) / servers };
  const source = renewalPhaseType(keep / arrivalRate, arrivalScv);
  const ph = keep < 1 ? thinned(source, keep) : source;
  const mu = 1 / meanService;
  const c = servers;
  const top = c + places;
  const rate = (n: number) => Math.min(n, c) * mu;
  // v_top = −α(T − cµI + t·α)⁻¹ (a refused arrival renews in place); v_n = −α(T − rate(n)·I + rate(n+1)·t·v_{n+1})⁻¹.
  const { arrivalsAt, massAt } = levelWeights(ph, mu, reduceLevels(ph, top, ph.alpha, rate, (n) => (n === top ? 1 : rate(n + 1))));
  let total = 0;
  let arrivals = 0;
  let waiting = 0;
  let queued = 0;
  for (let n = 0; n <= top; n++) {
    total += massAt[n]!;
    arrivals += arrivalsAt[n]!;
    if (n >= c && n < top) waiting += arrivalsAt[n]!;
    if (n > c) queued += (n - c) * massAt[n]!;
  }
  const blocking = arrivalsAt[top]! / arrivals;
  const admitted = arrivals - arrivalsAt[top]!;
  const probWait = admitted > 0 ? waiting / admitted : 0;
  const meanQueueLength = queued / total;
  return finiteQueueMetrics(arrivalRate, meanService, c, places, blocking, places > 0 ? probWait : 0, meanQueueLength, (meanWait) =>
    fittedRatio(places, (meanWait / probWait) * c * mu - 1),
  );
}

/** The ratio x whose truncated geometric on 0..places−1 has mean index `index` (bisection in log x). */
function fittedRatio(places: number, index: number): number {
  // Above 1 the weights read backwards: index j at x is index places − 1 − j at 1/x.
  const meanIndex = (x: number) => (x <= 1 ? geometricMeanIndex(x, places) : places - 1 - geometricMeanIndex(1 / x, places));
  let lo = Math.log(1e-9);
  let hi = Math.log(1e9);
  for (let i = 0; i < 80; i++) {
    const mid = 0.5 * (lo + hi);
    if (meanIndex(Math.exp(mid)) < index) lo = mid;
    else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}
