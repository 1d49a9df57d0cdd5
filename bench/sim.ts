/**
 * Simulation benchmark: events/s of the fast and simjs engines on the six-stage reference model
 * (λ = 1000/s, threads [1, 2, 4, 2, 2, 16], every stage at ρ = 0.7, exponential service), a tight
 * hand-written loop on the same network in the same run (the ratio is what matters across machines), and
 * peak RSS. Run through bench/run.ts, or alone: `npx tsx bench/sim.ts`.
 */
import { parseModel } from '../src/model/load.ts';
import { simulate } from '../src/sim/simulate.ts';
import { Xoshiro128 } from '../src/sim/rng.ts';

const THREADS = [1, 2, 4, 2, 2, 16];
const RATE = 1000;
const RHO = 0.7;

export function referenceModelYaml(): string {
  const stages = THREADS.map((c, i) => `  - { name: s${i + 1}, service: ${(RHO * c) / RATE}, threads: ${c} }`).join('\n');
  return `name: reference\nworkload: { arrivalRate: ${RATE} }\nstages:\n${stages}\n`;
}

/**
 * The baseline: the same tandem of M/M/c queues as one flat loop: a typed-array heap, FIFO rings, no
 * statistics but the latency sum. What a careful programmer writes for this one network.
 */
export function handWrittenLoop(requests: number, seed: number): { events: number; meanLatency: number } {
  const rng = new Xoshiro128(seed);
  const n = THREADS.length;
  const mean = THREADS.map((c) => (RHO * c) / RATE);
  let cap = 4096;
  let ht = new Float64Array(cap);
  let hp = new Int32Array(cap);
  let size = 0;
  const push = (t: number, p: number) => {
    if (size === cap) {
      cap *= 2;
      const a = new Float64Array(cap);
      a.set(ht);
      ht = a;
      const b = new Int32Array(cap);
      b.set(hp);
      hp = b;
    }
    let i = size++;
    while (i > 0) {
      const j = (i - 1) >> 1;
      if (ht[j]! <= t) break;
      ht[i] = ht[j]!;
      hp[i] = hp[j]!;
      i = j;
    }
    ht[i] = t;
    hp[i] = p;
  };
  const pop = () => {
    const m = --size;
    const t = ht[m]!;
    const p = hp[m]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= m) break;
      if (c + 1 < m && ht[c + 1]! < ht[c]!) c++;
      if (ht[c]! >= t) break;
      ht[i] = ht[c]!;
      hp[i] = hp[c]!;
      i = c;
    }
    ht[i] = t;
    hp[i] = p;
  };
  // Request r: arrival time and stage; payload = r·8 + stage, stage 7 = arrival.
  const slots = 1 << 16;
  const arrival = new Float64Array(slots);
  const busy = new Int32Array(n);
  const rings = THREADS.map(() => new Int32Array(slots));
  const head = new Int32Array(n);
  const len = new Int32Array(n);
  let next = 0;
  let events = 0;
  let done = 0;
  let latency = 0;
  const join = (r: number, s: number, now: number) => {
    if (busy[s]! < THREADS[s]!) {
      busy[s]!++;
      push(now - mean[s]! * Math.log(rng.next()), r * 8 + s);
    } else {
      rings[s]![(head[s]! + len[s]!) & (slots - 1)] = r;
      len[s]!++;
    }
  };
  push(0, 7);
  while (done < requests) {
    const now = ht[0]!;
    const p = hp[0]!;
    pop();
    events++;
    const s = p & 7;
    if (s === 7) {
      const r = next++ & (slots - 1);
      arrival[r] = now;
      join(r, 0, now);
      push(now - Math.log(rng.next()) / RATE, 7);
      continue;
    }
    const r = p >> 3;
    if (len[s]! > 0) {
      const w = rings[s]![head[s]!]!;
      head[s] = (head[s]! + 1) & (slots - 1);
      len[s]!--;
      push(now - mean[s]! * Math.log(rng.next()), w * 8 + s);
    } else busy[s]!--;
    if (s + 1 < n) join(r, s + 1, now);
    else {
      done++;
      latency += now - arrival[r]!;
    }
  }
  return { events, meanLatency: latency / done };
}

function seconds(): number {
  return performance.now() / 1000;
}

export async function benchSimulation(): Promise<Record<string, unknown>> {
  const model = parseModel(referenceModelYaml());
  const fastRequests = 1_000_000;
  const simjsRequests = 100_000;

  // Warm the JIT on both paths, then measure.
  handWrittenLoop(50_000, 1);
  simulate(model, { engine: 'fast', requests: 50_000, replications: 1, seed: 1 });

  let t = seconds();
  const baseline = handWrittenLoop(fastRequests, 2);
  const baselineSeconds = seconds() - t;

  t = seconds();
  const fast = simulate(model, { engine: 'fast', requests: fastRequests, replications: 1, warmup: 0, seed: 2 });
  const fastSeconds = seconds() - t;

  // Memory must not grow with the number of requests: 10M requests in one replication, peak RSS read after.
  const tenMillion = 10_000_000;
  // maxRSS is the process's peak so far (earlier benchmarks included): the figure before shows what 10M added.
  const peakRssBeforeMB = Math.round(process.resourceUsage().maxRSS / 1024);
  t = seconds();
  const long = simulate(model, { engine: 'fast', requests: tenMillion, replications: 1, warmup: 0, seed: 3 });
  const longSeconds = seconds() - t;
  const peakRssAfter10MMB = Math.round(process.resourceUsage().maxRSS / 1024);

  t = seconds();
  const ref = simulate(model, { requests: simjsRequests, replications: 1, warmup: 0, seed: 2, engine: 'simjs' });
  const simjsSeconds = seconds() - t;

  const baselineRate = baseline.events / baselineSeconds;
  const fastRate = fast.events / fastSeconds;
  return {
    model: 'six-stage reference: λ=1000/s, threads [1,2,4,2,2,16], ρ=0.7 everywhere, exponential',
    fast: { requests: fastRequests, events: fast.events, seconds: round(fastSeconds), eventsPerSecond: Math.round(fastRate), meanLatency: fast.latency.mean },
    simjs: { requests: simjsRequests, events: ref.events, seconds: round(simjsSeconds), eventsPerSecond: Math.round(ref.events / simjsSeconds), meanLatency: ref.latency.mean },
    handWritten: { requests: fastRequests, events: baseline.events, seconds: round(baselineSeconds), eventsPerSecond: Math.round(baselineRate), meanLatency: baseline.meanLatency },
    fast10M: { requests: tenMillion, events: long.events, seconds: round(longSeconds), eventsPerSecond: Math.round(long.events / longSeconds), peakRssBeforeMB, peakRssMB: peakRssAfter10MMB },
    fastToHandWritten: round(fastRate / baselineRate),
    fastToSimjs: round(fastRate / (ref.events / simjsSeconds)),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await benchSimulation(), null, 2)}\n`);
}
