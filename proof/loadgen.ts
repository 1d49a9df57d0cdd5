/**
 * Load generators for the real-server proof, one HTTP/1.0 request per TCP connection on loopback.
 *
 * Open loop (Poisson): send times are drawn in advance; each request's latency is measured from its SCHEDULED
 * send time, so a late generator or a stalled server shows up as latency instead of silently spacing the
 * requests out (coordinated omission: Tene, "How NOT to Measure Latency"; wrk2's README). The generator's own
 * lateness is recorded too: a large one means the machine was disturbed.
 * Closed loop: N clients, each sends, waits for the answer, thinks an exponential time, and sends again; the
 * think time reported is the one measured (timers run late), not the one asked for.
 */
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

const REQUEST = 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n';

export interface ServerStats {
  busySeconds: number;
  requests: number;
  cpuSeconds: number;
  now: number;
  threads: number;
}

export interface RunResult {
  /** Latencies (seconds) of the requests inside the measured window. */
  readonly latencies: Float64Array;
  readonly completed: number;
  readonly errors: number;
  readonly windowSeconds: number;
  /** Seconds from the first send to the last completion, warm-up included (busy and cpu are averaged over it). */
  readonly scheduledSeconds: number;
  readonly busySeconds: number;
  readonly serverCpuSeconds: number;
  /** CPU-seconds per second the rest of the machine used (total − server − this generator). */
  readonly othersCpu: number;
  /** 99th percentile of how late the generator sent (open) or woke from think time (closed), seconds. */
  readonly latenessP99: number;
  /** Mean of the same. */
  readonly latenessMean: number;
  /** Closed loop: mean think time actually taken. */
  readonly thinkSeconds?: number;
}

/** xorshift32 stream with exponential draws: seeded, so a run's schedule repeats. */
export function exponentialStream(seed: number): (mean: number) => number {
  let s = seed >>> 0 || 1;
  return (mean) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return -mean * Math.log((s + 0.5) / 4294967296);
  };
}

function request(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    let ok = false;
    let settled = false;
    const done = (result: boolean): void => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const socket = connect({ host: '127.0.0.1', port, noDelay: true }, () => socket.write(REQUEST));
    socket.on('data', (chunk: Buffer) => {
      if (!ok && chunk.toString('latin1', 0, 12).startsWith('HTTP/1.')) ok = true;
    });
    socket.on('end', () => {
      socket.destroy();
      done(ok);
    });
    socket.on('error', () => done(false));
    socket.on('close', () => done(ok));
    socket.setTimeout(30_000, () => {
      socket.destroy();
      done(false);
    });
  });
}

export function fetchStats(port: number): Promise<ServerStats> {
  return new Promise((resolve, reject) => {
    let body = '';
    const socket = connect({ host: '127.0.0.1', port }, () => socket.write('GET /stats HTTP/1.0\r\n\r\n'));
    socket.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    socket.on('end', () => {
      try {
        resolve(JSON.parse(body.slice(body.indexOf('\r\n\r\n') + 4)) as ServerStats);
      } catch (error) {
        reject(error);
      }
    });
    socket.on('error', reject);
  });
}

function machineBusySeconds(): number | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    return (total - idle) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

interface Bracket {
  stats: ServerStats;
  machine: number | null;
  self: NodeJS.CpuUsage;
  at: number;
}

async function bracketStart(port: number): Promise<Bracket> {
  return { stats: await fetchStats(port), machine: machineBusySeconds(), self: process.cpuUsage(), at: performance.now() };
}

async function bracketEnd(port: number, start: Bracket): Promise<{ busy: number; cpu: number; others: number; seconds: number }> {
  const stats = await fetchStats(port);
  const machine = machineBusySeconds();
  const self = process.cpuUsage(start.self);
  const seconds = (performance.now() - start.at) / 1000;
  const cpu = stats.cpuSeconds - start.stats.cpuSeconds;
  const selfCpu = (self.user + self.system) / 1e6;
  const others = machine === null || start.machine === null ? 0 : Math.max(0, (machine - start.machine - cpu - selfCpu) / seconds);
  return { busy: stats.busySeconds - start.stats.busySeconds, cpu, others, seconds };
}

export interface OpenOptions {
  readonly port: number;
  readonly rate: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly seed: number;
}

/**
 * The send clock of the open loop, on its own thread. A timer on the sending thread fires on libuv's 1 ms clock,
 * and only when that loop wakes: idle at low rates it sent 0.5–1 ms late, busy at high rates nearly on time, so
 * the lateness (part of each latency measured from the scheduled time) shrank as the load grew and the delay
 * fitted at low load overstated the high-load latency. This thread sleeps with Atomics.wait (a futex, no
 * millisecond clock) until each scheduled instant and hands it over; the sender wakes for it at once.
 */
const CLOCK_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
const cell = new Int32Array(new SharedArrayBuffer(4));
parentPort.once('message', ({ times, origin }) => {
  const base = origin - performance.timeOrigin;
  for (let i = 0; i < times.length; i++) {
    const wait = base + times[i] - performance.now();
    if (wait > 0.05) Atomics.wait(cell, 0, 0, wait);
    parentPort.postMessage(i);
  }
});
parentPort.postMessage('ready');
`;

export async function runOpen(options: OpenOptions): Promise<RunResult> {
  const draw = exponentialStream(options.seed);
  // The clock thread takes tens of milliseconds to start (more on a busy machine): the schedule begins once it
  // runs, or its first sends all count as late (a CI run flagged 7–10 ms p99 lateness at 100/s for that).
  const clock = new Worker(CLOCK_SOURCE, { eval: true });
  await new Promise<void>((resolve, reject) => {
    clock.once('message', () => resolve());
    clock.once('error', reject);
  });
  const before = await bracketStart(options.port);
  const t0 = performance.now() + 20;
  const windowStart = t0 + options.warmupSeconds * 1000;
  const end = windowStart + options.seconds * 1000;
  // The schedule, drawn in advance; times are ms on this thread's clock (performance.now()).
  const times: number[] = [];
  for (let next = t0 + draw(1000 / options.rate); next < end; next += draw(1000 / options.rate)) times.push(next);
  // Preallocated, and no promise kept per request: the sender's garbage collections stall every send due during
  // them. At 700/s this took the p99 lateness from 6.9–9.6 ms to 5.1–5.9 ms (two runs each); at 100–300/s it
  // stays 2.4–3.6 ms, the machine's own wake-up tail.
  const latencies = new Float64Array(times.length);
  const lateness = new Float64Array(times.length);
  let measured = 0;
  let errors = 0;
  let outstanding = 0;
  let allSent = false;
  let drained = (): void => {};
  const finished = new Promise<void>((resolve) => (drained = resolve));
  await new Promise<void>((resolve, reject) => {
    clock.on('message', (i: number) => {
      const scheduled = times[i]!;
      lateness[i] = (performance.now() - scheduled) / 1000;
      outstanding++;
      void request(options.port).then((ok) => {
        if (!ok) errors++;
        else if (scheduled >= windowStart) latencies[measured++] = (performance.now() - scheduled) / 1000;
        if (--outstanding === 0 && allSent) drained();
      });
      if (i === times.length - 1) resolve();
    });
    clock.on('error', reject);
    if (times.length === 0) resolve();
    else clock.postMessage({ times: Float64Array.from(times), origin: performance.timeOrigin });
  });
  await clock.terminate();
  allSent = true;
  if (outstanding > 0) await finished;
  const after = await bracketEnd(options.port, before);
  const scheduledSeconds = (end - t0) / 1000;
  const sortedLate = lateness.sort();
  return {
    latencies: latencies.slice(0, measured),
    completed: measured,
    errors,
    windowSeconds: options.seconds,
    scheduledSeconds,
    busySeconds: after.busy,
    serverCpuSeconds: after.cpu,
    othersCpu: after.others,
    latenessP99: percentile(sortedLate, 0.99),
    latenessMean: sortedLate.reduce((sum, x) => sum + x, 0) / Math.max(1, sortedLate.length),
  };
}

export interface ClosedOptions {
  readonly port: number;
  readonly clients: number;
  readonly thinkSeconds: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly seed: number;
}

export async function runClosed(options: ClosedOptions): Promise<RunResult> {
  const before = await bracketStart(options.port);
  const t0 = performance.now();
  const windowStart = t0 + options.warmupSeconds * 1000;
  const end = windowStart + options.seconds * 1000;
  const latencies: number[] = [];
  const lateness: number[] = [];
  let thinkTotal = 0;
  let thinks = 0;
  let errors = 0;
  let completedInWindow = 0;
  const client = async (index: number): Promise<void> => {
    const draw = exponentialStream(options.seed * 7919 + index);
    // Start the clients spread over one think time, as a steady closed loop would be.
    await new Promise((r) => setTimeout(r, draw(options.thinkSeconds * 1000)));
    while (performance.now() < end) {
      const sent = performance.now();
      const ok = await request(options.port);
      const done = performance.now();
      if (!ok) errors++;
      else if (sent >= windowStart && done <= end) latencies.push((done - sent) / 1000);
      if (ok && done >= windowStart && done <= end) completedInWindow++;
      if (options.thinkSeconds > 0) {
        const want = draw(options.thinkSeconds * 1000);
        const slept = performance.now();
        await new Promise((r) => setTimeout(r, want));
        const took = performance.now() - slept;
        lateness.push(Math.max(0, took - want) / 1000);
        if (slept >= windowStart && slept <= end) {
          thinkTotal += took / 1000;
          thinks++;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
  const after = await bracketEnd(options.port, before);
  const sortedLate = Float64Array.from(lateness).sort();
  return {
    latencies: Float64Array.from(latencies),
    completed: completedInWindow,
    errors,
    windowSeconds: options.seconds,
    scheduledSeconds: (end - t0) / 1000,
    busySeconds: after.busy,
    serverCpuSeconds: after.cpu,
    othersCpu: after.others,
    latenessP99: percentile(sortedLate, 0.99),
    latenessMean: sortedLate.reduce((sum, x) => sum + x, 0) / Math.max(1, sortedLate.length),
    thinkSeconds: thinks > 0 ? thinkTotal / thinks : options.thinkSeconds,
  };
}

/** Summary figures of a run's latencies: mean and the SPEC's percentiles. */
export function latencySummary(latencies: Float64Array): { mean: number; p50: number; p90: number; p99: number } {
  const sorted = Float64Array.from(latencies).sort();
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return { mean, p50: percentile(sorted, 0.5), p90: percentile(sorted, 0.9), p99: percentile(sorted, 0.99) };
}
