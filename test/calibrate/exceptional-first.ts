/**
 * Measurement rows from a single-threaded server whose request costs extra when it finds the server idle: the
 * M/G/1 queue with exceptional first service (Welch 1964), which our simulator cannot express. Each request costs
 * an exponential s (mean `serviceSeconds`), plus `wakeSeconds` when it arrives at an idle server (an event loop
 * woken from epoll), plus a constant `delaySeconds` outside the server. The server is busy (and on CPU) for the
 * whole of both, so `cpu` is its busy fraction, and per request cpu/X = s + w·(1 − u) (PASTA, open load).
 *
 * FIFO with one server needs no event list: departure = max(arrival, previous departure) + service. A closed loop
 * takes its next arrival from a heap of the clients' next send times.
 */
import type { MeasurementRow } from '../../src/calibrate/measurements.ts';

export interface ExceptionalFirstServer {
  readonly serviceSeconds: number;
  readonly wakeSeconds: number;
  readonly delaySeconds: number;
  /** Added to cpu: CPU-seconds per second that do not scale with requests. */
  readonly background?: number;
}

export type Load = { readonly rate: number } | { readonly clients: number; readonly thinkSeconds: number };

function stream(seed: number): () => number {
  // Seeds 100, 101, … start xorshift in nearby states: mix the seed first (splitmix32's finaliser).
  let s = Math.imul(seed ^ (seed >>> 16), 0x85ebca6b);
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35);
  s = (s ^ (s >>> 16)) >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return (s + 0.5) / 4294967296;
  };
}

function quantile(sorted: Float64Array, p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i]!;
}

/** One row: `requests` completions after `requests / 10` discarded ones (the start from empty). */
export function exceptionalFirstRow(server: ExceptionalFirstServer, load: Load, requests: number, seed: number, row = 1): MeasurementRow {
  const random = stream(seed);
  const exp = (mean: number): number => -mean * Math.log(random());
  const warmup = Math.floor(requests / 10);
  const total = warmup + requests;
  const latencies = new Float64Array(requests);
  let lastDeparture = 0;
  let busy = 0;
  let start = 0;
  let end = 0;
  // Closed loop: each client's next arrival at the server (send time + the delay's first half).
  const clients = 'clients' in load ? load.clients : 0;
  const next: number[] = [];
  for (let c = 0; c < clients; c++) next.push(exp((load as { thinkSeconds: number }).thinkSeconds));
  let arrival = 0;
  for (let n = 0; n < total; n++) {
    let client = -1;
    if ('rate' in load) arrival += exp(1 / load.rate);
    else {
      client = 0;
      for (let c = 1; c < clients; c++) if (next[c]! < next[client]!) client = c;
      arrival = next[client]!;
    }
    const idle = arrival >= lastDeparture;
    const service = exp(server.serviceSeconds) + (idle ? server.wakeSeconds : 0);
    const departure = Math.max(arrival, lastDeparture) + service;
    lastDeparture = departure;
    if (client >= 0) next[client] = departure + server.delaySeconds + exp((load as { thinkSeconds: number }).thinkSeconds);
    if (n === warmup) start = arrival;
    if (n >= warmup) {
      latencies[n - warmup] = departure - arrival + server.delaySeconds;
      busy += service;
      end = departure;
    }
  }
  const window = end - start;
  latencies.sort();
  const mean = latencies.reduce((s, x) => s + x, 0) / requests;
  return {
    row,
    ...('rate' in load ? { rate: load.rate } : { clients: load.clients, thinkSeconds: load.thinkSeconds }),
    throughput: requests / window,
    latency: { mean, p50: quantile(latencies, 0.5), p90: quantile(latencies, 0.9), p99: quantile(latencies, 0.99) },
    busy: {},
    cpu: Math.min(1, busy / window) + (server.background ?? 0),
    covariates: {},
  };
}

export function exceptionalFirstRows(server: ExceptionalFirstServer, loads: readonly Load[], requests: number, seed: number): MeasurementRow[] {
  return loads.map((load, i) => exceptionalFirstRow(server, load, requests, seed * 100 + i, i + 1));
}
