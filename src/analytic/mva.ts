/**
 * Single-class closed product-form networks: exact solution by the convolution algorithm in log space, and
 * approximate MVA for large populations.
 *
 * Symbols: N = clients, D_k = demandSeconds (visits × mean service, per request) of station k, c_k = servers,
 * X(n) = throughput with n clients, G(n) = normalising constant.
 *
 * Exact (Buzen 1973; Reiser & Kobayashi 1975, load-dependent stations): G = f_1 ⊛ f_2 ⊛ … ⊛ f_K with
 * f_k(j) = D_k^j / Π_{i≤j} min(i, c_k) (c = ∞: a delay station, D^j/j!). Every term is positive, so the
 * sums cancel nothing; they are taken as log-sum-exp over logarithms, so no population or demand can
 * overflow. This gives exactly what load-dependent MVA (Reiser & Lavenberg 1980) gives, without the
 * recursion p(0|n) = 1 − Σ_{j≥1} p(j|n) that loses every digit once p(0|n) is small (high load, many servers).
 *   X(N) = G(N−1)/G(N);  p_k(j|N) = f_k(j)·G_{−k}(N−j)/G(N), where G_{−k} is the network without station k,
 *   built from prefix and suffix convolutions so each multi-server station costs one extra convolution.
 *   A visit's chance of waiting follows from the arrival theorem: P(j ≥ c | N−1).
 *
 * Approximate (cost N²·stations above EXACT_BUDGET): Bard–Schweitzer proportional estimate
 * Q_k(N−1) ≈ (N−1)/N·Q_k(N) (Schweitzer 1979), with each c-server station replaced by Seidmann's pair
 * (Seidmann, Schweitzer & Shalev-Oren 1987): a single server of demand D/c followed by a delay D·(c−1)/c.
 */
import { erlangC } from './erlang.ts';

export interface MvaStation {
  /** Thread-seconds per request, summed over one copy's visits. */
  readonly demandSeconds: number;
  /** Servers per copy; Infinity = delay station. */
  readonly servers: number;
  /** Identical independent copies (per-thread dispatch: c single-server queues each with D/c). Default 1. */
  readonly copies?: number;
}

export interface MvaStationResult {
  /** Requests at one copy, waiting plus in service. */
  readonly meanInSystem: number;
  /** Seconds a request spends at one copy, summed over its visits (Q/X). */
  readonly residenceSeconds: number;
  /** Chance that an arriving request finds every server of its copy busy. */
  readonly probWait: number;
  /** Busy share of one copy's servers, X·D/c. */
  readonly utilization: number;
}

export interface MvaSolution {
  /** Requests per second. */
  readonly throughput: number;
  readonly stations: readonly MvaStationResult[];
  readonly exact: boolean;
  readonly method: string;
}

/** Above this many N²·stations operations, the approximate method is used (exact stays under ~30 ms on one core). */
export const EXACT_BUDGET = 1.5e6;

const NEG = -Infinity;

function logAdd(a: number, b: number): number {
  if (a === NEG) return b;
  if (b === NEG) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log f(j), j = 0..N, for one server group. */
function logFactors(demand: number, servers: number, n: number): Float64Array {
  const out = new Float64Array(n + 1);
  const logD = Math.log(demand);
  for (let j = 1; j <= n; j++) out[j] = out[j - 1]! + logD - Math.log(Math.min(j, servers));
  return out;
}

/** log of (A ⊛ B)(n) for n = 0..N: Σ_j exp(A(j) + B(n−j)), shifted by the largest term. */
function convolveLog(a: Float64Array, b: Float64Array): Float64Array {
  const n = a.length - 1;
  const out = new Float64Array(n + 1);
  for (let m = 0; m <= n; m++) {
    let max = NEG;
    for (let j = 0; j <= m; j++) {
      const t = a[j]! + b[m - j]!;
      if (t > max) max = t;
    }
    if (max === NEG) {
      out[m] = NEG;
      continue;
    }
    let sum = 0;
    for (let j = 0; j <= m; j++) sum += Math.exp(a[j]! + b[m - j]! - max);
    out[m] = max + Math.log(sum);
  }
  return out;
}

/** A single load-independent server: G'(n) = G(n) + D·G'(n−1), O(N). */
function convolveSingle(g: Float64Array, logD: number): Float64Array {
  const out = new Float64Array(g.length);
  out[0] = g[0]!;
  for (let m = 1; m < g.length; m++) out[m] = logAdd(g[m]!, logD + out[m - 1]!);
  return out;
}

interface Group {
  readonly station: number;
  readonly demand: number;
  readonly servers: number;
}

function unitConstant(n: number): Float64Array {
  const g = new Float64Array(n + 1).fill(NEG);
  g[0] = 0;
  return g;
}

function addGroup(g: Float64Array, group: Group): Float64Array {
  if (group.demand <= 0) return g;
  if (group.servers === 1) return convolveSingle(g, Math.log(group.demand));
  return convolveLog(g, logFactors(group.demand, group.servers, g.length - 1));
}

/** Cost of the exact method in elementary operations (for choosing exact or approximate). */
export function exactCost(stations: readonly MvaStation[], clients: number): number {
  let heavy = 0;
  for (const s of stations) if (s.servers !== 1 && s.demandSeconds > 0) heavy += 2;
  let light = 0;
  for (const s of stations) light += s.copies ?? 1;
  return clients * clients * (heavy + 1) + clients * light * 4;
}

export function solveMva(stations: readonly MvaStation[], clients: number, thinkSeconds: number): MvaSolution {
  return exactCost(stations, clients) <= EXACT_BUDGET
    ? exactMva(stations, clients, thinkSeconds)
    : approximateMva(stations, clients, thinkSeconds);
}

/** Exact solution by log-space convolution; see the file comment. */
export function exactMva(stations: readonly MvaStation[], clients: number, thinkSeconds: number): MvaSolution {
  const n = clients;
  const groups: Group[] = [];
  stations.forEach((s, station) => {
    const copies = s.copies ?? 1;
    for (let i = 0; i < copies; i++) groups.push({ station, demand: s.demandSeconds, servers: s.servers });
  });
  if (thinkSeconds > 0) groups.push({ station: -1, demand: thinkSeconds, servers: Infinity });
  // prefix[i] = groups 0..i−1, suffix[i] = groups i..end.
  const prefix: Float64Array[] = [unitConstant(n)];
  for (const group of groups) prefix.push(addGroup(prefix[prefix.length - 1]!, group));
  const suffix: Float64Array[] = new Array<Float64Array>(groups.length + 1);
  suffix[groups.length] = unitConstant(n);
  for (let i = groups.length - 1; i >= 0; i--) suffix[i] = addGroup(suffix[i + 1]!, groups[i]!);
  const g = prefix[groups.length]!;
  const throughputAt = (m: number) => (m <= 0 ? 0 : Math.exp(g[m - 1]! - g[m]!));
  const x = throughputAt(n);

  const results: MvaStationResult[] = stations.map((s, station) => {
    const first = groups.findIndex((grp) => grp.station === station);
    const d = s.demandSeconds;
    const utilization = s.servers === Infinity ? 0 : Math.min(1, (x * d) / s.servers);
    if (d <= 0) return { meanInSystem: 0, residenceSeconds: 0, probWait: 0, utilization: 0 };
    if (s.servers === Infinity) return { meanInSystem: x * d, residenceSeconds: d, probWait: 0, utilization };
    if (s.servers === 1) {
      // Q(N) = Σ_{m=1..N} D^m·G(N−m)/G(N) (Buzen 1973), all terms positive.
      const logD = Math.log(d);
      let q = 0;
      for (let m = 1; m <= n; m++) q += Math.exp(m * logD + g[n - m]! - g[n]!);
      const probWait = Math.min(1, throughputAt(n - 1) * d);
      return { meanInSystem: q, residenceSeconds: q / x, probWait, utilization };
    }
    const without = convolveLog(prefix[first]!, suffix[first + 1]!);
    const f = logFactors(d, s.servers, n);
    let q = 0;
    for (let j = 1; j <= n; j++) q += j * Math.exp(f[j]! + without[n - j]! - g[n]!);
    let probWait = 0;
    if (n >= 1) for (let j = s.servers; j <= n - 1; j++) probWait += Math.exp(f[j]! + without[n - 1 - j]! - g[n - 1]!);
    return { meanInSystem: q, residenceSeconds: q / x, probWait: Math.min(1, probWait), utilization };
  });
  return { throughput: x, stations: results, exact: true, method: 'exact MVA (load-dependent, by log-space convolution; Reiser & Lavenberg 1980, Buzen 1973)' };
}

/** Bard–Schweitzer approximate MVA with Seidmann's multi-server decomposition; see the file comment. */
export function approximateMva(stations: readonly MvaStation[], clients: number, thinkSeconds: number): MvaSolution {
  const n = clients;
  const k = stations.length;
  const queueDemand = new Float64Array(k); // D/c per copy: the single-server part
  const delayDemand = new Float64Array(k); // D(c−1)/c per copy, or D for a delay station
  const copies = new Float64Array(k);
  stations.forEach((s, i) => {
    copies[i] = s.copies ?? 1;
    if (s.servers === Infinity) delayDemand[i] = s.demandSeconds;
    else {
      queueDemand[i] = s.demandSeconds / s.servers;
      delayDemand[i] = (s.demandSeconds * (s.servers - 1)) / s.servers;
    }
  });
  const q = new Float64Array(k);
  let queuing = 0;
  for (let i = 0; i < k; i++) if (queueDemand[i]! > 0) queuing += copies[i]!;
  for (let i = 0; i < k; i++) if (queueDemand[i]! > 0) q[i] = n / Math.max(1, queuing);
  let x = 0;
  const r = new Float64Array(k);
  for (let iteration = 0; iteration < 10000; iteration++) {
    let cycle = thinkSeconds;
    for (let i = 0; i < k; i++) {
      r[i] = queueDemand[i]! * (1 + ((n - 1) / n) * q[i]!) + delayDemand[i]!;
      cycle += copies[i]! * r[i]!;
    }
    x = n / cycle;
    let change = 0;
    for (let i = 0; i < k; i++) {
      const next = x * queueDemand[i]! * (1 + ((n - 1) / n) * q[i]!);
      change = Math.max(change, Math.abs(next - q[i]!));
      q[i] = next;
    }
    if (change < 1e-10 * Math.max(1, n)) break;
  }
  const results = stations.map((s, i): MvaStationResult => {
    const d = s.demandSeconds;
    if (s.servers === Infinity || d <= 0) {
      return { meanInSystem: x * d, residenceSeconds: d, probWait: 0, utilization: 0 };
    }
    const offered = x * d;
    const probWait = s.servers === 1 ? Math.min(1, offered) : erlangC(s.servers, offered);
    return { meanInSystem: x * r[i]!, residenceSeconds: r[i]!, probWait, utilization: offered / s.servers };
  });
  return {
    throughput: x,
    stations: results,
    exact: false,
    method:
      'approximate MVA: Bard–Schweitzer (Schweitzer 1979) with Seidmann et al. (1987) multi-server decomposition; probWait by Erlang C at the MVA throughput',
  };
}
