/**
 * Exact single-class closed product-form networks at any population (10⁵ clients, 10⁴ threads) in O(N·W) per
 * station, W = the width of the non-negligible window of a convolution (≤ threads), never N².
 *
 * Normalising constant (Buzen 1973; Reiser & Kobayashi 1975): G = f_1 ⊛ … ⊛ f_K, every factor log-concave:
 *   single or c-server station  f(j) = D^j / Π_{i≤j} min(i, c)
 *   delay (think time, infinite pools; all merged into one, e^{D₁z}·e^{D₂z} = e^{(D₁+D₂)z})  f(j) = D^j / j!
 *   c per-thread copies of a single server of demand d  f(j) = C(j+c−1, c−1)·d^j   (the c-fold convolution).
 * A convolution of log-concave sequences is log-concave, so each sum Σ_j f(j)·G(n−j) is unimodal in j: it is
 * summed outward from its mode (which never moves left as n grows) with the ratio of neighbouring terms,
 * f(j+1)/f(j) · G(n−j−1)/G(n−j), in plain floating point, until a term falls below 1e−18 of the sum. The part
 * j ≥ c of a c-server station is geometric, summed by the recursion T(n) = (D/c)·T(n−1) + f(c)·G(n−c).
 * Values are stored as logarithms, so no population overflows; every sum has positive terms only, so nothing
 * cancels (textbook multi-server MVA computes p(0|n) = 1 − Σ p(j|n) and loses every digit at high load).
 *
 * Figures: X(N) = G(N−1)/G(N). A single server (or one per-thread copy) needs only G:
 * P(J ≥ i | n) = D^i·G(n−i)/G(n). A c-server station needs G without itself, G₋ₖ: p(j|n) = f(j)·G₋ₖ(n−j)/G(n).
 * Stations are convolved in increasing order of load, so the busiest one's G₋ₖ is the last prefix; the others
 * replay the remaining multi-server stations onto their prefix.
 * Arrival theorem (Reiser & Lavenberg 1980; Sevcik & Mitrani 1981): a request arriving at a station finds the
 * distribution of the network with N−1 clients, which `arrival` returns for the percentile transforms.
 */

export interface ClosedStation {
  /** Thread-seconds per request at one copy. */
  readonly demandSeconds: number;
  /** Servers per copy; Infinity = delay station. */
  readonly servers: number;
  /** Identical independent copies (per-thread dispatch: c single-server queues each with D/c). Default 1. */
  readonly copies?: number;
}

/** What an arriving request finds at one copy: J others there, J ~ p(·|N−1), restricted to J ≥ servers. */
export interface ArrivalQueue {
  /** P(J ≥ servers): the chance of waiting. */
  readonly probWait: number;
  /** P(J = servers − 1 + first + i) / probWait for i = 0…: the wait is then Erlang(first + i) in phases of c/S. */
  readonly first: number;
  readonly weights: Float64Array;
}

export interface ClosedStationResult {
  /** Requests at one copy, waiting plus in service. */
  readonly meanInSystem: number;
  /** Seconds a request spends at one copy, summed over its visits (Q/X). */
  readonly residenceSeconds: number;
  /** Chance that an arriving request finds every server of its copy busy. */
  readonly probWait: number;
  /** Busy share of one copy's servers, X·D/c. */
  readonly utilization: number;
  /** Null for a delay station (it never queues). */
  readonly arrival: ArrivalQueue | null;
}

export interface ClosedSolution {
  readonly throughput: number;
  readonly stations: readonly ClosedStationResult[];
  readonly exact: boolean;
  readonly method: string;
}

export const EXACT_METHOD =
  'exact (normalising constant by windowed log-space convolution, O(N·threads); Buzen 1973, Reiser & Kobayashi 1975; arrival theorem, Reiser & Lavenberg 1980)';

const NEG = -Infinity;
/** A term this far (in log) below the largest is below double precision of the sum. */
const LOG_NEGLIGIBLE = -41.5;
const REL_NEGLIGIBLE = 1e-18;

function logAdd(a: number, b: number): number {
  if (a === NEG) return b;
  if (b === NEG) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** One factor of the product. */
interface Kernel {
  /** 'queue': c servers (c = 1 a single server); 'delay': infinite servers; 'copies': c single servers of demand d. */
  readonly kind: 'queue' | 'delay' | 'copies';
  readonly demand: number;
  readonly servers: number;
}

/** f(j+1)/f(j). */
function ratio(k: Kernel, j: number): number {
  switch (k.kind) {
    case 'queue':
      return k.demand / Math.min(j + 1, k.servers);
    case 'delay':
      return k.demand / (j + 1);
    case 'copies':
      return (k.demand * (j + k.servers)) / (j + 1);
  }
}

/** log f(j) for j = 0..n. */
function logKernel(k: Kernel, n: number): Float64Array {
  const out = new Float64Array(n + 1);
  for (let j = 1; j <= n; j++) out[j] = out[j - 1]! + Math.log(ratio(k, j - 1));
  return out;
}

/** log f(j) of a c-server queue at any j, from log f(c) on. */
function logQueueFactor(k: Kernel, lfc: number, j: number): number {
  return lfc + (j - k.servers) * Math.log(k.demand / k.servers);
}

/** A sequence G(0..N) as logarithms and as ratios G(m)/G(m−1) (what the sums need, without an exp per term). */
export interface Seq {
  readonly log: Float64Array;
  readonly ratio: Float64Array;
}

function kernelSeq(k: Kernel, n: number): Seq {
  const ratios = new Float64Array(n + 1);
  for (let m = 1; m <= n; m++) ratios[m] = ratio(k, m - 1);
  return { log: logKernel(k, n), ratio: ratios };
}

/** P ⊛ f on [0, N]; P = null is the unit sequence (the product of no factors). */
export function convolve(p: Seq | null, k: Kernel, n: number): Seq {
  return p ? convolveRange({ lo: 0, ...p }, k, 0, n) : kernelSeq(k, n);
}

function memoised(f: (m: number) => number): (m: number) => number {
  const memo = new Map<number, number>();
  return (m) => {
    let v = memo.get(m);
    if (v === undefined) memo.set(m, (v = f(m)));
    return v;
  };
}

/** log f(j) at any j ≥ 0, tabulated up to `upTo` and geometric beyond c for a queue. */
function logFactor(k: Kernel, upTo: number): (j: number) => number {
  const table = logKernel(k, k.kind === 'queue' ? Math.min(k.servers, upTo) : upTo);
  if (k.kind !== 'queue' || table.length <= k.servers) return (j) => table[j]!;
  const lfc = table[k.servers]!;
  return (j) => (j <= k.servers ? table[j]! : logQueueFactor(k, lfc, j));
}

interface Item {
  readonly kernel: Kernel;
  /** Station index, −1 for the merged delay. */
  readonly station: number;
  /** Needs G without itself (a c-server station, 1 < c < ∞). */
  readonly multi: boolean;
}

function itemsOf(stations: readonly ClosedStation[], thinkSeconds: number): Item[] {
  // A factor 1e200 below the largest changes no digit of G; dropping it keeps every ratio in double range.
  let largest = thinkSeconds > 0 ? thinkSeconds : 0;
  for (const s of stations) if (s.demandSeconds > largest) largest = s.demandSeconds;
  const counts = (d: number) => d > 1e-200 * largest;
  let delay = thinkSeconds > 0 && counts(thinkSeconds) ? thinkSeconds : 0;
  const simple: Item[] = [];
  const multi: Item[] = [];
  stations.forEach((s, station) => {
    if (!(s.demandSeconds > 0) || !counts(s.demandSeconds)) return;
    const copies = s.copies ?? 1;
    if (s.servers === Infinity) delay += s.demandSeconds * copies;
    else if (copies > 1) simple.push({ kernel: { kind: 'copies', demand: s.demandSeconds, servers: copies }, station, multi: false });
    else if (s.servers === 1) simple.push({ kernel: { kind: 'queue', demand: s.demandSeconds, servers: 1 }, station, multi: false });
    else multi.push({ kernel: { kind: 'queue', demand: s.demandSeconds, servers: s.servers }, station, multi: true });
  });
  multi.sort((a, b) => a.kernel.demand / a.kernel.servers - b.kernel.demand / b.kernel.servers);
  const head: Item[] = delay > 0 ? [{ kernel: { kind: 'delay', demand: delay, servers: Infinity }, station: -1, multi: false }] : [];
  return [...head, ...simple, ...multi];
}

/** log G(m) and log G₋ₖ(m) on demand; `lo`: the smallest m it can give (a windowed solution). */
type LogAt = ((m: number) => number) & { lo?: number };

function withLo(f: (m: number) => number, lo: number): LogAt {
  return Object.assign(f, { lo });
}

/** A window reached the edge of a stored range with terms still counting: retry wider (or in full). */
class RangeTooNarrow extends Error {}

/** log of a sequence stored on [lo, N], with its ratios s(m)/s(m−1) for m > lo. */
interface RangeSeq {
  readonly lo: number;
  readonly log: Float64Array;
  readonly ratio: Float64Array;
}

function tooNarrow(): never {
  throw new RangeTooNarrow();
}

function rangeAt(seq: RangeSeq, m: number): number {
  if (m < seq.lo) throw new RangeTooNarrow();
  return seq.log[m - seq.lo]!;
}

/** The first factor on [lo, N]: its closed form at lo, then its own ratios. */
function kernelRange(k: Kernel, lo: number, n: number): RangeSeq {
  const log = new Float64Array(n - lo + 1);
  const ratios = new Float64Array(n - lo + 1);
  let start = 0;
  for (let j = 0; j < lo; j++) start += Math.log(ratio(k, j));
  log[0] = start;
  for (let m = lo + 1; m <= n; m++) {
    const r = ratio(k, m - 1);
    ratios[m - lo] = r;
    log[m - lo] = log[m - lo - 1]! + Math.log(r);
  }
  return { lo, log, ratio: ratios };
}

/**
 * (P ⊛ f)(m) for m in [lo, N] from P stored on [P.lo, N]: the sum over j < c walked from its mode with ratios,
 * a queue's geometric tail j ≥ c by T(m) = f(c)·P(m−c) + (D/c)·T(m−1) from one direct sum. A walk that would
 * need P below its range while its terms still count throws RangeTooNarrow.
 */
function convolveRange(p: RangeSeq, k: Kernel, lo: number, n: number): RangeSeq {
  const span = n - p.lo;
  const geometric = k.kind === 'queue';
  const c = k.servers;
  const cap = geometric ? Math.min(c - 1, span) : span;
  const r = new Float64Array(cap + 1);
  const lf = new Float64Array(cap + 1);
  for (let j = 0; j <= cap; j++) {
    r[j] = ratio(k, j);
    if (j > 0) lf[j] = lf[j - 1]! + Math.log(r[j - 1]!);
  }
  const logStep = geometric ? Math.log(k.demand / c) : 0;
  const lfc = geometric ? logKernel(k, c)[c]! : NEG;
  const pl = p.log;
  const pr = p.ratio;
  const base = p.lo;
  const natural = base === 0; // j = m is then the true end of the sum
  const log = new Float64Array(n - lo + 1);
  const ratios = new Float64Array(n - lo + 1);
  let mode = -1;
  let tail = NEG;
  let tailStarted = false;
  for (let m = lo; m <= n; m++) {
    const avail = m - base; // largest j with P(m − j) stored
    const top = Math.min(cap, avail);
    if (mode < 0) {
      let a = 0;
      let b = top;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (r[mid]! > pr[m - mid - base]!) a = mid + 1;
        else b = mid;
      }
      mode = a;
    } else {
      if (mode > top) mode = top;
      while (mode < top && r[mode]! > pr[m - mode - base]!) mode++;
      while (mode > 0 && r[mode - 1]! < pr[m - mode + 1 - base]!) mode--;
    }
    let sum = 1;
    let w = 1;
    let j = mode;
    for (; j < top; j++) {
      w *= r[j]! / pr[m - j - base]!;
      sum += w;
      if (w < REL_NEGLIGIBLE * sum) break;
    }
    const open = j >= top && w >= REL_NEGLIGIBLE * sum; // the walk ran to its end with terms still counting
    w = 1;
    for (let i = mode; i > 0; i--) {
      w *= pr[m - i + 1 - base]! / r[i - 1]!;
      sum += w;
      if (w < REL_NEGLIGIBLE * sum) break;
    }
    let value = lf[mode]! + pl[m - mode - base]! + Math.log(sum);
    if (open && top === avail && !natural) throw new RangeTooNarrow();
    if (geometric && m >= c) {
      if (avail < c) {
        // The tail lies wholly below the stored range: it must be negligible (the walk said so).
        if (open && !natural) throw new RangeTooNarrow();
      } else if (!tailStarted) {
        if (open) {
          tail = tailSum(p, k, lfc, m);
          tailStarted = true;
        }
      } else {
        tail = logAdd(logStep + tail, lfc + pl[m - c - base]!);
      }
      if (tailStarted) value = logAdd(value, tail);
    }
    log[m - lo] = value;
    if (m > lo) ratios[m - lo] = Math.exp(value - log[m - lo - 1]!);
  }
  return { lo, log, ratio: ratios };
}

/** Σ_{j ≥ c} f(j)·P(m−j) directly (unimodal), for the first m whose tail counts. */
function tailSum(p: RangeSeq, k: Kernel, lfc: number, m: number): number {
  const c = k.servers;
  const step = k.demand / c;
  const top = m - p.lo;
  const term = (j: number) => lfc + (j - c) * Math.log(step) + p.log[m - j - p.lo]!;
  // Mode of the tail: terms rise while D/c > ρ_P(m − j).
  let a = c;
  let b = top;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (step > p.ratio[m - mid - p.lo]!) a = mid + 1;
    else b = mid;
  }
  const mode = a;
  let sum = 1;
  let w = 1;
  let j = mode;
  for (; j < top; j++) {
    w *= step / p.ratio[m - j - p.lo]!;
    sum += w;
    if (w < REL_NEGLIGIBLE * sum) break;
  }
  if (j >= top && p.lo > 0 && w >= REL_NEGLIGIBLE * sum) throw new RangeTooNarrow();
  w = 1;
  for (let i = mode; i > c; i--) {
    w *= p.ratio[m - i + 1 - p.lo]! / step;
    sum += w;
    if (w < REL_NEGLIGIBLE * sum) break;
  }
  return term(mode) + Math.log(sum);
}

/** log of (A ⊛ B)(m), A stored on [A.lo, N], B (the stations after) on [0, U]. */
function pairRange(a: RangeSeq, b: Seq, m: number): number {
  const u = b.log.length - 1;
  if (m < a.lo) throw new RangeTooNarrow();
  const from = Math.max(a.lo, m - u);
  // t(i) = A(i)·B(m−i), unimodal in i; t(i+1) > t(i) when A's ratio at i+1 beats B's at m−i.
  let lo = from;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a.ratio[mid + 1 - a.lo]! > b.ratio[m - mid]!) lo = mid + 1;
    else hi = mid;
  }
  const mode = lo;
  let sum = 1;
  let w = 1;
  for (let i = mode; i < m; i++) {
    w *= a.ratio[i + 1 - a.lo]! / b.ratio[m - i]!;
    sum += w;
    if (w < REL_NEGLIGIBLE * sum) break;
  }
  w = 1;
  let i = mode;
  for (; i > from; i--) {
    w *= b.ratio[m - i + 1]! / a.ratio[i - a.lo]!;
    sum += w;
    if (w < REL_NEGLIGIBLE * sum) break;
  }
  if (i <= from && from > 0 && w >= REL_NEGLIGIBLE * sum) throw new RangeTooNarrow();
  return a.log[mode - a.lo]! + b.log[m - mode]! + Math.log(sum);
}

interface Structure {
  readonly g: LogAt;
  readonly rests: Map<number, LogAt | null>;
}

/**
 * Windowed: each prefix only on [N − window − (levels − i)·window, N] and the suffixes on [0, window], which
 * is all a network needs when its queues are short next to N (typically: clients thinking). Saturated queues
 * overflow the window (RangeTooNarrow) and the solver widens it, then falls back to the full sequences.
 */
function windowedStructure(items: readonly Item[], n: number, window: number, withRests: boolean): Structure {
  const last = items.length - 1;
  const levelLo = (i: number) => Math.max(0, n - window * (last - i + 1));
  const levels: RangeSeq[] = [kernelRange(items[0]!.kernel, levelLo(0), n)];
  for (let i = 1; i <= last; i++) levels.push(convolveRange(levels[i - 1]!, items[i]!.kernel, levelLo(i), n));
  const top = levels[last]!;
  const g: LogAt = withLo((m) => rangeAt(top, m), top.lo);
  return { g, rests: withRests ? restsOf(items, (i) => (i > 0 ? levels[i - 1]! : null), Math.min(n, window)) : new Map() };
}

/**
 * Full: every prefix and G on [0, N]; G₋ₖ = prefix_k ⊛ suffix_{k+1} of a multi-server station evaluated only at
 * the populations its marginal asks for.
 */
function fullStructure(items: readonly Item[], n: number, withRests: boolean): Structure {
  const last = items.length - 1;
  const prefixes: (Seq | null)[] = [null];
  // G in full too: a saturated queue's figures read it at every population.
  for (let i = 0; i <= last; i++) prefixes.push(convolve(prefixes[i]!, items[i]!.kernel, n));
  const whole = prefixes[last + 1]!;
  const g: LogAt = (m) => whole.log[m]!;
  const stored = (i: number): RangeSeq | null => (prefixes[i] ? { lo: 0, ...prefixes[i]! } : null);
  return { g, rests: withRests ? restsOf(items, stored, n) : new Map() };
}

/** G₋ₖ of each multi-server station: its prefix (stored near N) ⊛ the suffix after it (stored on [0, u]). */
function restsOf(items: readonly Item[], prefixOf: (i: number) => RangeSeq | null, u: number): Map<number, LogAt | null> {
  const last = items.length - 1;
  const rests = new Map<number, LogAt | null>();
  const suffixes = new Map<number, Seq>();
  let suffix: Seq | null = null;
  for (let i = last; i >= 1 && items[i - 1]!.multi; i--) {
    suffix = convolve(suffix, items[i]!.kernel, u);
    suffixes.set(i, suffix);
  }
  items.forEach((item, i) => {
    if (!item.multi) return;
    const prefix = prefixOf(i);
    const after = suffixes.get(i + 1);
    if (i === last) rests.set(item.station, prefix ? withLo((m) => rangeAt(prefix, m), prefix.lo) : null);
    else if (!prefix) rests.set(item.station, withLo((m) => (m <= u ? after!.log[m]! : tooNarrow()), 0));
    else rests.set(item.station, withLo(memoised((m) => pairRange(prefix, after!, m)), prefix.lo));
  });
  return rests;
}

/** Windows tried before the full sequences: a window is worth it while the levels' ranges stay well below N. */
const WINDOWS = [256, 2048, 16384];

function solve<T>(stations: readonly ClosedStation[], n: number, thinkSeconds: number, withRests: boolean, use: (s: Structure) => T): T {
  const items = itemsOf(stations, thinkSeconds);
  for (const window of WINDOWS) {
    if (window * (items.length + 1) >= n) break;
    try {
      return use(windowedStructure(items, n, window, withRests));
    } catch (error) {
      if (!(error instanceof RangeTooNarrow)) throw error;
    }
  }
  return use(fullStructure(items, n, withRests));
}

/** Throughput only (no per-station figures). */
export function exactThroughput(stations: readonly ClosedStation[], clients: number, thinkSeconds: number): number {
  if (clients <= 0 || itemsOf(stations, thinkSeconds).length === 0) return 0;
  return solve(stations, clients, thinkSeconds, false, ({ g }) => Math.exp(g(clients - 1) - g(clients)));
}

export function exactClosed(stations: readonly ClosedStation[], clients: number, thinkSeconds: number): ClosedSolution {
  const n = clients;
  if (n < 1 || itemsOf(stations, thinkSeconds).length === 0) {
    const zero = { meanInSystem: 0, residenceSeconds: 0, probWait: 0, utilization: 0, arrival: null };
    return { throughput: 0, stations: stations.map(() => zero), exact: true, method: EXACT_METHOD };
  }
  return solve(stations, n, thinkSeconds, true, (solved) => figures(stations, n, solved));
}

function figures(stations: readonly ClosedStation[], n: number, solved: Structure): ClosedSolution {
  const g = solved.g;
  const x = Math.exp(g(n - 1) - g(n));
  const results = stations.map((s, station): ClosedStationResult => {
    const d = s.demandSeconds;
    if (!(d > 0)) return { meanInSystem: 0, residenceSeconds: 0, probWait: 0, utilization: 0, arrival: null };
    const rest = solved.rests.get(station);
    if (s.servers === Infinity || (s.servers > 1 && (s.copies ?? 1) === 1 && rest === undefined)) {
      // A delay, or a station too light to count: it never queues.
      return { meanInSystem: x * d, residenceSeconds: d, probWait: 0, utilization: s.servers === Infinity ? 0 : Math.min(1, (x * d) / s.servers), arrival: null };
    }
    const utilization = Math.min(1, (x * d) / s.servers);
    const copies = s.copies ?? 1;
    let meanInSystem: number;
    let arrival: ArrivalQueue;
    if (copies > 1 || s.servers === 1) {
      meanInSystem = singleMeanQueue(g, d, n);
      arrival = singleArrival(g, d, n - 1);
    } else {
      const kernel: Kernel = { kind: 'queue', demand: d, servers: s.servers };
      meanInSystem = multiMarginal(kernel, rest!, g, n).mean;
      arrival = multiMarginal(kernel, rest!, g, n - 1).arrival;
    }
    return { meanInSystem, residenceSeconds: x > 0 ? meanInSystem / x : 0, probWait: arrival.probWait, utilization, arrival };
  });
  return { throughput: x, stations: results, exact: true, method: EXACT_METHOD };
}

/** Q(n) = Σ_{i≥1} D^i·G(n−i)/G(n) for a single server (Buzen 1973). */
function singleMeanQueue(g: LogAt, d: number, n: number): number {
  const logD = Math.log(d);
  let q = 0;
  for (let i = 1; i <= n; i++) {
    const term = Math.exp(i * logD + g(n - i) - g(n));
    q += term;
    if (term < REL_NEGLIGIBLE * q) break;
  }
  return q;
}

/** Single server at population n: P(J ≥ i) = D^i·G(n−i)/G(n); wait phases = J. */
function singleArrival(g: LogAt, d: number, n: number): ArrivalQueue {
  if (n < 1) return { probWait: 0, first: 1, weights: new Float64Array(0) };
  const logD = Math.log(d);
  const atLeast: number[] = [];
  for (let i = 1; i <= n; i++) {
    const v = Math.min(1, Math.exp(i * logD + g(n - i) - g(n)));
    atLeast.push(v);
    if (v < 1e-17) break;
  }
  const probWait = atLeast[0]!;
  // Skip leading phases with negligible mass (a saturated server: J is near n).
  let first = 0;
  while (first + 1 < atLeast.length && atLeast[first]! - atLeast[first + 1]! < 1e-18 * probWait && atLeast[first]! > 0.999999 * probWait) first++;
  const weights = new Float64Array(atLeast.length - first);
  for (let i = first; i < atLeast.length; i++) weights[i - first] = (atLeast[i]! - (atLeast[i + 1] ?? 0)) / probWait;
  return { probWait, first: first + 1, weights: normalised(weights) };
}

/** p(j|n) = f(j)·G₋ₖ(n−j)/G(n) over its non-negligible window. */
function multiMarginal(k: Kernel, rest: LogAt | null, g: LogAt, n: number): { mean: number; arrival: ArrivalQueue } {
  const c = k.servers;
  if (n < 1) return { mean: 0, arrival: { probWait: 0, first: 1, weights: new Float64Array(0) } };
  if (!rest) {
    // The station alone: all n requests are there.
    const waiting = n >= c;
    return { mean: n, arrival: { probWait: waiting ? 1 : 0, first: n - c + 1, weights: new Float64Array(waiting ? [1] : []) } };
  }
  const logF = logFactor(k, n);
  const gn = g(n);
  const logP = (j: number) => logF(j) + rest(n - j) - gn;
  // Unimodal in j: binary search for the mode on the sign of the difference.
  let lo = 0;
  let hi = n - Math.max(0, rest.lo ?? 0); // rest(n − j) is known for j ≤ hi
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (logP(mid + 1) > logP(mid)) lo = mid + 1;
    else hi = mid;
  }
  const top = logP(lo);
  let from = lo;
  while (from > 0 && logP(from - 1) > top + LOG_NEGLIGIBLE) from--;
  let to = lo;
  while (to < n && logP(to + 1) > top + LOG_NEGLIGIBLE) to++;
  let mean = 0;
  let waiting = 0;
  const start = Math.max(from, c);
  const weights = new Float64Array(Math.max(0, to - start + 1));
  for (let j = from; j <= to; j++) {
    const p = Math.exp(logP(j));
    mean += j * p;
    if (j >= c) {
      waiting += p;
      weights[j - start] = p;
    }
  }
  const probWait = Math.min(1, waiting);
  return { mean, arrival: { probWait, first: start - c + 1, weights: normalised(weights) } };
}

function normalised(w: Float64Array): Float64Array {
  let total = 0;
  for (const v of w) total += v;
  if (total > 0) for (let i = 0; i < w.length; i++) w[i] = w[i]! / total;
  return w;
}
