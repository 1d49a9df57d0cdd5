/**
 * The departure-recursion engine: for a feed-forward pipeline of FCFS stations no event list is needed. At a
 * station with c threads and one queue, visit k (in the station's own arrival order) starts at
 * max(arrival, earliest time a thread is free) and departs at start + service (Kiefer & Wolfowitz 1955); the c
 * next-free times live in a small heap. This is what queuecomputer (Ebert et al., JSS 95, 2020) does in R.
 *
 * The trap: requests overtake each other at c > 1, so station j + 1 must not be fed in station j's arrival
 * order. Departures from station j wait in a reorder heap and are released, in time order, once no later
 * departure can come before them: every future departure from j is at or after its own arrival (and for a
 * shared FCFS queue that every request enters, at or after its start, and starts never decrease), so whatever
 * lies at or below the station's latest arrival (latest start) is final. A request that skips a segment leaves
 * at its arrival, so a segment some requests skip is bounded by its arrivals alone. Memory is the requests in flight, never the run length.
 *
 * Same semantics as the event engine (fast-engine.ts, network.ts): a segment visit's service is drawn on
 * arrival (Bernoulli and per-connection stages decide then whether the segment is due at all; a request that
 * skips a segment passes through at the same instant), per-thread pools send each visit to a random thread, a
 * full waiting room drops the whole request, time-based figures use the window from the first measured
 * arrival to the first arrival after the last measured one. It draws its random numbers in its own order, so
 * the two engines agree in distribution, not draw for draw.
 *
 * Qualifies (recursionEligibility): an open workload, every pool serving one segment (a pool left and
 * re-entered shares threads between two places in the pipeline), no stage re-entered in a queue of its own
 * (visits > 1 on a single-stage segment is feedback), no binding `cores` (processor sharing is not FCFS), no
 * overload keys.
 */
import type { Model } from '../model/types.ts';
import type { RunControl } from './fast-engine.ts';
import { BERNOULLI, CONNECTION, GEOMETRIC, ONCE, type Network } from './network.ts';
import type { Xoshiro128 } from './rng.ts';
import { Tally } from './tally.ts';

const POLL_EVERY = 1 << 18;
/** One next-free time per thread is kept: past this many the event engine (which keeps only busy ones) fits better. */
const MAX_THREADS_PER_STATION = 1 << 20;

/** Why a model cannot run on the recursion engine, or null when it can. */
export function recursionEligibility(model: Model, net: Network): string | null {
  if (model.workload.kind !== 'open') return 'a closed workload feeds requests back to the start (not feed-forward)';
  if (model.overload !== undefined) return 'timeouts, patience, retries and schedules need the event engine';
  if (net.cores > 0) return '`cores` binds: CPU-bound stages share the cores by processor sharing, not FCFS';
  for (let p = 0; p < net.poolCount; p++) {
    const threads = net.poolThreads[p]!;
    if (threads !== Infinity && threads > MAX_THREADS_PER_STATION) return `pool ${model.pools[p]!.name} has more than ${MAX_THREADS_PER_STATION} threads`;
  }
  const seen = new Set<number>();
  for (let s = 0; s < net.segmentCount; s++) {
    const pool = net.segPool[s]!;
    if (seen.has(pool)) return `pool ${model.pools[pool]!.name} serves two places in the pipeline (its threads are shared between them)`;
    seen.add(pool);
    const first = net.segStart[s]!;
    if (net.segStart[s + 1]! - first === 1 && net.stageRule[net.segStages[first]!] === GEOMETRIC) {
      return `stage ${model.stages[net.segStages[first]!]!.name} is re-entered (visits > 1): it queues again, a feedback loop`;
    }
  }
  return null;
}

/** A growable binary min-heap of (time, payload) pairs in typed arrays. */
class TimeHeap {
  time = new Float64Array(64);
  pay = new Int32Array(64);
  size = 0;

  push(t: number, p: number): void {
    if (this.size === this.time.length) {
      const time = new Float64Array(this.size * 2);
      time.set(this.time);
      this.time = time;
      const pay = new Int32Array(this.size * 2);
      pay.set(this.pay);
      this.pay = pay;
    }
    const time = this.time;
    const pay = this.pay;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (time[parent]! <= t) break;
      time[i] = time[parent]!;
      pay[i] = pay[parent]!;
      i = parent;
    }
    time[i] = t;
    pay[i] = p;
  }

  /** Removes the minimum (read it from time[0], pay[0] first). */
  pop(): void {
    const n = --this.size;
    if (n > 0) this.siftDown(this.time[n]!, this.pay[n]!);
  }

  /** Replaces the minimum by t and restores the heap (the thread that was free first takes new work). */
  replaceMin(t: number): void {
    this.siftDown(t, this.pay[0]!);
  }

  /** Puts (t, p) at the root and moves it down to its place. */
  private siftDown(t: number, p: number): void {
    const time = this.time;
    const pay = this.pay;
    const n = this.size;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && time[child + 1]! < time[child]!) child++;
      if (time[child]! >= t) break;
      time[i] = time[child]!;
      pay[i] = pay[child]!;
      i = child;
    }
    time[i] = t;
    pay[i] = p;
  }
}

/** A FIFO of departure times (one thread's requests leave in the order they came). */
class TimeRing {
  buf = new Float64Array(8);
  head = 0;
  length = 0;

  push(t: number): void {
    if (this.length === this.buf.length) {
      const bigger = new Float64Array(this.buf.length * 2);
      for (let k = 0; k < this.length; k++) bigger[k] = this.buf[(this.head + k) & (this.buf.length - 1)]!;
      this.buf = bigger;
      this.head = 0;
    }
    this.buf[(this.head + this.length) & (this.buf.length - 1)] = t;
    this.length++;
  }

  /** Forgets departures at or before t; returns how many remain (requests still in the station). */
  dropUpTo(t: number): number {
    while (this.length > 0 && this.buf[this.head]! <= t) {
      this.head = (this.head + 1) & (this.buf.length - 1);
      this.length--;
    }
    return this.length;
  }
}

/** One station's state: its threads' next-free times, who is inside (for a finite room), its reorder heap. */
interface Station {
  readonly kind: 'delay' | 'shared' | 'per-thread';
  readonly threads: number;
  /** Most requests the station holds (threads + waiting places); Infinity when unbounded. */
  readonly limit: number;
  /** shared: next-free time of each thread (a heap of size threads). */
  readonly free: TimeHeap;
  /** shared, finite room: departures of the requests inside. */
  readonly inside: TimeHeap;
  /** per-thread: each thread's next-free time and, with a finite room, its requests inside. */
  readonly threadFree: Float64Array;
  readonly threadInside: TimeRing[];
  /** Departures (and pass-throughs) waiting to be released to the next station in time order. */
  readonly out: TimeHeap;
  /** No departure still to come from this station can be earlier than this. */
  bound: number;
  /**
   * Some requests pass the segment without queueing (every stage Bernoulli or per-connection): they leave at
   * their arrival, which can be before the threads' earliest free time, so only arrivals bound the future.
   */
  readonly skippable: boolean;
}

function makeStation(net: Network, s: number): Station {
  const p = net.segPool[s]!;
  const threads = net.poolThreads[p]!;
  const capacity = net.poolCapacity[p]!;
  const kind = threads === Infinity ? 'delay' : net.poolPerThread[p] ? 'per-thread' : 'shared';
  const free = new TimeHeap();
  if (kind === 'shared') for (let k = 0; k < threads; k++) free.push(0, 0);
  const perThreadLimit = kind === 'per-thread' && capacity !== Infinity;
  return {
    kind,
    threads,
    limit: kind === 'delay' ? Infinity : kind === 'per-thread' ? 1 + capacity : threads + capacity,
    free,
    inside: new TimeHeap(),
    threadFree: new Float64Array(kind === 'per-thread' ? threads : 0),
    threadInside: perThreadLimit ? Array.from({ length: threads }, () => new TimeRing()) : [],
    out: new TimeHeap(),
    bound: 0,
    skippable: segmentSkippable(net, s),
  };
}

function segmentSkippable(net: Network, s: number): boolean {
  for (let k = net.segStart[s]!; k < net.segStart[s + 1]!; k++) {
    const rule = net.stageRule[net.segStages[k]!]!;
    if (rule !== BERNOULLI && rule !== CONNECTION) return false;
  }
  return true;
}

/** One replication, as a generator that yields after each poll (like fastReplication). */
export function* recursionReplication(net: Network, rng: Xoshiro128, control: RunControl): Generator<void, Tally> {
  const tally = new Tally(net.stageCount, net.segmentCount);
  const { stageRule, stageVisits, stageExpMean, stageDist, segStart, segStages } = net;
  const segCount = net.segmentCount;
  const stations = Array.from({ length: segCount }, (_, s) => makeStation(net, s));
  const scratch = new Float64Array(net.stageCount);
  const scratchCount = new Int32Array(net.stageCount);
  const newConnProb = net.newConnectionProb;
  const warmup = control.warmup;
  const lastMeasured = warmup + control.requests;
  const observe = control.observe;
  const latency = tally.latency;
  const { segArrivals, segDrops, segQueued, segWaitSeconds, stageServices, stageBusySeconds } = tally;

  // Request slots, recycled: arrival time, flags (bit 0 opens a connection, bit 1 measured).
  let slotCap = 1024;
  let rArrival = new Float64Array(slotCap);
  let rFlags = new Uint8Array(slotCap);
  let free = new Int32Array(slotCap);
  let freeTop = 0;
  let slotsUsed = 0;
  function allocSlot(): number {
    if (freeTop > 0) return free[--freeTop]!;
    if (slotsUsed === slotCap) {
      slotCap *= 2;
      const arrival = new Float64Array(slotCap);
      arrival.set(rArrival);
      rArrival = arrival;
      const flags = new Uint8Array(slotCap);
      flags.set(rFlags);
      rFlags = flags;
      free = new Int32Array(slotCap);
    }
    return slotsUsed++;
  }

  let outstanding = 0;
  let events = 0;

  function finish(r: number, completed: boolean, at: number): void {
    if (rFlags[r]! & 2) {
      outstanding--;
      if (completed) {
        const l = at - rArrival[r]!;
        tally.completed++;
        tally.latencySum += l;
        latency.record(l);
        if (observe !== undefined) observe(l);
      } else {
        tally.dropped++;
      }
    }
    free[freeTop++] = r;
  }

  /** Request r reaches station s at time t (in the station's arrival order): serve, pass through or drop. */
  function arrive(s: number, r: number, t: number): void {
    const station = stations[s]!;
    if (t > station.bound) station.bound = t;
    const connection = (rFlags[r]! & 1) === 1;
    const measured = (rFlags[r]! & 2) === 2;
    const first = segStart[s]!;
    const last = segStart[s + 1]!;
    let service = 0;
    let due = false;
    const only = last - first === 1 ? segStages[first]! : -1;
    if (only >= 0 && stageRule[only] === ONCE) {
      // The common case, inlined: one stage visited once.
      const m = stageExpMean[only]!;
      service = m > 0 ? -m * Math.log(rng.next()) : stageDist[only]!.sample(rng);
      scratch[only] = service;
      scratchCount[only] = 1;
      due = true;
    } else for (let k = first; k < last; k++) {
      const i = segStages[k]!;
      const rule = stageRule[i]!;
      let count = 1;
      if (rule === CONNECTION) count = connection ? 1 : 0;
      else if (rule === BERNOULLI) count = rng.next() < stageVisits[i]! ? 1 : 0;
      else if (rule === GEOMETRIC) {
        const leave = 1 / stageVisits[i]!;
        while (rng.next() >= leave) count++;
      }
      let sum = 0;
      const m = stageExpMean[i]!;
      for (let c = 0; c < count; c++) sum += m > 0 ? -m * Math.log(rng.next()) : stageDist[i]!.sample(rng);
      scratch[i] = sum;
      scratchCount[i] = count;
      if (count > 0) due = true;
      service += sum;
    }
    if (!due) {
      station.out.push(t, r);
      return;
    }
    if (measured) segArrivals[s]!++;
    let start = t;
    if (station.kind === 'shared') {
      if (station.limit !== Infinity) {
        const inside = station.inside;
        while (inside.size > 0 && inside.time[0]! <= t) inside.pop();
        if (inside.size >= station.limit) {
          if (measured) segDrops[s]!++;
          finish(r, false, t);
          return;
        }
      }
      const freeAt = station.free.time[0]!;
      if (freeAt > start) start = freeAt;
      station.free.replaceMin(start + service);
      if (station.limit !== Infinity) station.inside.push(start + service, 0);
      // Every later visit starts once a thread is free, at or after the earliest next-free time: nothing still
      // to come departs before it (with one thread, before this departure, so it leaves at once).
      const earliestStart = station.free.time[0]!;
      if (earliestStart > station.bound && !station.skippable) station.bound = earliestStart;
    } else if (station.kind === 'per-thread') {
      const thread = Math.floor(rng.next() * station.threads);
      if (station.limit !== Infinity && station.threadInside[thread]!.dropUpTo(t) >= station.limit) {
        if (measured) segDrops[s]!++;
        finish(r, false, t);
        return;
      }
      const freeAt = station.threadFree[thread]!;
      if (freeAt > start) start = freeAt;
      station.threadFree[thread] = start + service;
      if (station.limit !== Infinity) station.threadInside[thread]!.push(start + service);
    }
    events++;
    if (measured) {
      if (start > t) {
        segQueued[s]!++;
        segWaitSeconds[s]! += start - t;
      }
      for (let k = first; k < last; k++) {
        const i = segStages[k]!;
        stageServices[i]! += scratchCount[i]!;
        stageBusySeconds[i]! += scratch[i]!;
      }
    }
    station.out.push(start + service, r);
  }

  /** Moves every departure that is final downstream, station by station; the last station's complete. */
  function release(): void {
    for (let s = 0; s < segCount; s++) {
      const station = stations[s]!;
      const out = station.out;
      const bound = station.bound;
      while (out.size > 0 && out.time[0]! <= bound) {
        const t = out.time[0]!;
        const r = out.pay[0]!;
        out.pop();
        if (s + 1 < segCount) arrive(s + 1, r, t);
        else finish(r, true, t);
      }
    }
  }

  const arrivalExpMean = net.arrivalExpMean;
  const arrivalDist = net.arrivalDist!;
  // Times live in a typed array: a mutable double captured by a closure is boxed, one allocation per write.
  const times = new Float64Array(3); // clock, start of the window, end of the window (−1: not yet)
  times[2] = -1;
  let issued = 0;
  let nextPoll = POLL_EVERY;
  /** Issues external arrivals until every measured request is done or a poll is due. */
  function slice(): boolean {
    while (times[2]! < 0 || outstanding > 0) {
      const clock = times[0]!;
      const index = issued++;
      if (index === warmup) times[1] = clock;
      if (index === lastMeasured) times[2] = clock;
      if (index >= lastMeasured && outstanding === 0) break;
      const measured = index >= warmup && index < lastMeasured;
      const r = allocSlot();
      rArrival[r] = clock;
      rFlags[r] = (newConnProb >= 1 || rng.next() < newConnProb ? 1 : 0) | (measured ? 2 : 0);
      if (measured) {
        outstanding++;
        tally.requests++;
      }
      events++;
      arrive(0, r, clock);
      release();
      times[0] = clock + (arrivalExpMean > 0 ? -arrivalExpMean * Math.log(rng.next()) : arrivalDist.sample(rng));
      if (events >= nextPoll) {
        nextPoll += POLL_EVERY;
        return true;
      }
    }
    return false;
  }
  while (slice()) {
    if (control.poll && control.poll(events, Math.max(0, Math.min(issued, lastMeasured) - warmup))) {
      tally.partial = true;
      break;
    }
    yield;
  }
  tally.events = events;
  tally.windowSeconds = (times[2]! >= 0 ? times[2]! : times[0]!) - times[1]!;
  return tally;
}
