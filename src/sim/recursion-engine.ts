/**
 * The departure-recursion engine: for a feed-forward pipeline of FCFS stations no event list is needed. At a
 * station with c threads and one queue, visit k (in the station's own arrival order) starts at
 * max(arrival, earliest time a thread is free) and departs at start + service (Kiefer & Wolfowitz 1955); the c
 * next-free times live in a small heap. This is what queuecomputer (Ebert et al., JSS 95, 2020) does in R.
 *
 * The trap: requests overtake each other at c > 1, so station j + 1 must not be fed in station j's arrival
 * order. The engine works in rounds of ROUND arrivals, station after station: station j serves its new
 * arrivals in one loop, its departures (with those held from earlier rounds) are put in time order, and those
 * no later departure can come before are released to station j + 1 as its arrivals of the round: every future
 * departure from j is at or after its own arrival (and for a shared FCFS queue that every request enters, at
 * or after its start, and starts never decrease), so whatever lies at or below the station's latest arrival
 * (latest start) is final; the rest wait for the next round. A request that skips a segment leaves at its
 * arrival, so a segment some requests skip is bounded by its arrivals alone. The last station's departures
 * need no order (a response time does not depend on who finishes first) unless completions are observed in
 * order. Memory is the requests in flight, never the run length.
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
import { SegmentService } from './segment-service.ts';
import { LogHistogram } from './histogram.ts';
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

/**
 * Some requests pass the segment without queueing (every stage Bernoulli or per-connection): they leave at
 * their arrival, which can be before the threads' earliest free time, so only arrivals bound the future.
 */
function segmentSkippable(net: Network, s: number): boolean {
  for (let k = net.segStart[s]!; k < net.segStart[s + 1]!; k++) {
    const rule = net.stageRule[net.segStages[k]!]!;
    if (rule !== BERNOULLI && rule !== CONNECTION) return false;
  }
  return true;
}

const DELAY = 0;
const SHARED = 1;
const PER_THREAD = 2;

/**
 * Arrivals issued per round. A round carries them through the stations one after the other: each station
 * serves all of its new arrivals in one tight loop, so per visit there is no heap of departures to keep, only
 * a nearly sorted array to put in order once per round.
 */
const ROUND = 512;

/**
 * A station's departures not yet sent downstream, (time, request) pairs in typed arrays that grow to the
 * requests in flight. Kept in time order; the prefix at or below the station's bound is released.
 */
class Departures {
  time = new Float64Array(2 * ROUND);
  req = new Int32Array(2 * ROUND);
  size = 0;

  /** Room for n more. */
  reserve(n: number): void {
    if (this.size + n <= this.time.length) return;
    const capacity = Math.max(2 * this.time.length, this.size + n);
    const time = new Float64Array(capacity);
    time.set(this.time.subarray(0, this.size));
    this.time = time;
    const req = new Int32Array(capacity);
    req.set(this.req.subarray(0, this.size));
    this.req = req;
  }

  /**
   * Puts the entries in time order, those before `sorted` already being so. The new ones arrive almost in
   * order (a request overtakes only the few in service beside it), so insertion sort moves each a short way.
   */
  sort(sorted: number): void {
    const time = this.time;
    const req = this.req;
    for (let i = Math.max(sorted, 1); i < this.size; i++) {
      const t = time[i]!;
      if (t >= time[i - 1]!) continue;
      const r = req[i]!;
      let j = i - 1;
      do {
        time[j + 1] = time[j]!;
        req[j + 1] = req[j]!;
        j--;
      } while (j >= 0 && time[j]! > t);
      time[j + 1] = t;
      req[j + 1] = r;
    }
  }

  /** How many leading entries lie at or below t. */
  countUpTo(t: number): number {
    const time = this.time;
    let n = 0;
    while (n < this.size && time[n]! <= t) n++;
    return n;
  }

  /** Forgets the first n entries (released downstream). */
  drop(n: number): void {
    if (n === 0) return;
    this.time.copyWithin(0, n, this.size);
    this.req.copyWithin(0, n, this.size);
    this.size -= n;
  }
}

/** One replication, as a generator that yields after each poll (like fastReplication). */
export function* recursionReplication(net: Network, rng: Xoshiro128, control: RunControl): Generator<void, Tally> {
  const tally = new Tally(net.stageCount, net.segmentCount);
  const segCount = net.segmentCount;
  const segment = new SegmentService(net, rng);
  const newConnProb = net.newConnectionProb;
  const warmup = control.warmup;
  const lastMeasured = warmup + control.requests;
  const observe = control.observe;
  const latency = tally.latency;
  const { segArrivals, segDrops, segQueued, segWaitSeconds, stageServices, stageBusySeconds } = tally;
  const { segStart, segStages, stageRule, stageExpMean, stageDist } = net;

  // Stations, decided once and kept in typed arrays: the hot path reads numbers, never an object per station.
  const kind = new Int32Array(segCount);
  const threads = new Float64Array(segCount);
  /** Most requests the station holds (threads + waiting places); Infinity when unbounded. */
  const limit = new Float64Array(segCount);
  /** The stage when the segment is one stage visited once (the common case, drawn inline), else −1. */
  const only = new Int32Array(segCount);
  /** No departure still to come from this station can be earlier than this. */
  const bound = new Float64Array(segCount);
  const skippable = Uint8Array.from({ length: segCount }, (_, s) => (segmentSkippable(net, s) ? 1 : 0));
  /**
   * Next-free times of each station's threads at freeAt[freeBase[s] …]: a min-heap for a shared queue (the
   * thread free first takes the next visit), one entry per thread for per-thread queues.
   */
  const freeBase = new Int32Array(segCount);
  let freeSlots = 0;
  for (let s = 0; s < segCount; s++) {
    const p = net.segPool[s]!;
    const c = net.poolThreads[p]!;
    const capacity = net.poolCapacity[p]!;
    kind[s] = c === Infinity ? DELAY : net.poolPerThread[p] ? PER_THREAD : SHARED;
    threads[s] = c;
    limit[s] = kind[s] === DELAY ? Infinity : kind[s] === PER_THREAD ? 1 + capacity : c + capacity;
    const first = segStart[s]!;
    only[s] = segStart[s + 1]! - first === 1 && stageRule[segStages[first]!] === ONCE ? segStages[first]! : -1;
    freeBase[s] = freeSlots;
    if (kind[s] !== DELAY) freeSlots += c;
  }
  const freeAt = new Float64Array(freeSlots);
  /** Shared queue with a finite room: departures of the requests inside. Per-thread: each thread's. */
  const inside = Array.from({ length: segCount }, () => new TimeHeap());
  const threadInside = Array.from({ length: segCount }, (_, s) =>
    kind[s] === PER_THREAD && limit[s] !== Infinity ? Array.from({ length: threads[s]! }, () => new TimeRing()) : [],
  );
  const pending = Array.from({ length: segCount }, () => new Departures());
  /** The latest arrival each station has served: its arrivals must never go back in time. */
  const lastArrival = new Float64Array(segCount);

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

  /*
   * Measured or not, a request runs the same code: the measured bit weighs each count (0 or 1) and the
   * latencies of the others go to a histogram nobody reads. A branch taken only once the warm-up is over
   * would find the optimised code without type feedback there and throw it away (a deoptimisation and a
   * recompilation of the hottest functions in every run).
   */
  const unmeasured = new LogHistogram();

  /** Request r leaves the system at time now[0], completed or dropped. */
  const now = new Float64Array(1);
  function finish(r: number, completed: boolean): void {
    const weight = (rFlags[r]! >> 1) & 1;
    outstanding -= weight;
    if (completed) {
      const l = now[0]! - rArrival[r]!;
      tally.completed += weight;
      tally.latencySum += weight * l;
      (weight === 1 ? latency : unmeasured).record(l);
      if (observe !== undefined && weight === 1) observe(l);
    } else {
      tally.dropped += weight;
    }
    free[freeTop++] = r;
  }

  /**
   * Station s serves the visits (inT[q], inR[q]), q < count, given in its own arrival order: each is served,
   * passed through or dropped, and its departure joins pending[s]. Then the station's bound moves up to what
   * the round has made final. One loop in one function, so that times stay unboxed doubles.
   */
  function serve(s: number, inT: Float64Array, inR: Int32Array, count: number): void {
    const out = pending[s]!;
    out.reserve(count);
    const outT = out.time;
    const outR = out.req;
    let size = out.size;
    const i = only[s]!;
    const k = kind[s]!;
    const base = freeBase[s]!;
    const n = threads[s]!;
    const bounded = limit[s]! !== Infinity;
    // The station's tallies are summed here and added once per round (no memory round trip per visit).
    let served = 0;
    let arrivals = 0;
    let queued = 0;
    let waited = 0;
    let services = 0;
    let busy = 0;
    for (let q = 0; q < count; q++) {
      const t = inT[q]!;
      const r = inR[q]!;
      const flags = rFlags[r]!;
      const weight = (flags >> 1) & 1; // measured: 1
      let departs = t; // a request with no stage due in the segment passes through at once
      if (i >= 0 || segment.draw(s, (flags & 1) === 1)) {
        let service: number;
        if (i >= 0) {
          const m = stageExpMean[i]!;
          service = m > 0 ? m * rng.nextExponential() : stageDist[i]!.sample(rng);
        } else service = segment.total;
        arrivals += weight;
        let start = t;
        if (k === SHARED) {
          if (freeAt[base]! > start) start = freeAt[base]!;
          if (bounded) {
            const room = inside[s]!;
            while (room.size > 0 && room.time[0]! <= t) room.pop();
            if (room.size >= limit[s]!) {
              now[0] = t;
              drop(s, r);
              continue;
            }
            room.push(start + service, 0);
          }
          // The thread free first takes the visit: the heap's root becomes its new next-free time.
          const done = start + service;
          let at = 0;
          for (;;) {
            let child = 2 * at + 1;
            if (child >= n) break;
            if (child + 1 < n && freeAt[base + child + 1]! < freeAt[base + child]!) child++;
            const next = freeAt[base + child]!;
            if (next >= done) break;
            freeAt[base + at] = next;
            at = child;
          }
          freeAt[base + at] = done;
        } else if (k === PER_THREAD) {
          const thread = Math.floor(rng.next() * n);
          if (bounded && threadInside[s]![thread]!.dropUpTo(t) >= limit[s]!) {
            now[0] = t;
            drop(s, r);
            continue;
          }
          const at = base + thread;
          if (freeAt[at]! > start) start = freeAt[at]!;
          freeAt[at] = start + service;
          if (bounded) threadInside[s]![thread]!.push(start + service);
        }
        served++;
        if (start > t) {
          queued += weight;
          waited += weight * (start - t);
        }
        if (i >= 0) {
          services += weight;
          busy += weight * service;
        } else tallySegment(s, weight);
        departs = start + service;
      }
      outT[size] = departs;
      outR[size] = r;
      size++;
    }
    out.size = size;
    events += served;
    segArrivals[s]! += arrivals;
    segQueued[s]! += queued;
    segWaitSeconds[s]! += waited;
    if (i >= 0) {
      stageServices[i]! += services;
      stageBusySeconds[i]! += busy;
    }
    // Every later visit arrives at or after the last one here, so departs no earlier; at a shared queue every
    // request enters, it also starts once a thread is free, at or after the earliest next-free time (with one
    // thread, this round's last departure). A segment some requests skip is bounded by its arrivals alone.
    if (count > 0 && inT[count - 1]! > bound[s]!) bound[s] = inT[count - 1]!;
    if (k === SHARED && skippable[s] === 0 && freeAt[base]! > bound[s]!) bound[s] = freeAt[base]!;
  }

  /**
   * One round: the arrivals (inT, inR) go through the stations in order; each station's departures at or
   * below its bound, now in time order, are the next station's arrivals; the last station's complete.
   */
  const last = segCount - 1;
  const inOrder = observe !== undefined;
  function round(inT: Float64Array, inR: Int32Array, count: number): void {
    for (let s = 0; s < segCount; s++) {
      const out = pending[s]!;
      const carried = out.size;
      if (count > 0) {
        // The whole method rests on this; checking it costs two comparisons per station per round.
        if (inT[0]! < lastArrival[s]!) throw new Error(`internal error: the recursion engine fed segment ${s} out of time order (use --engine fast)`);
        lastArrival[s] = inT[count - 1]!;
        serve(s, inT, inR, count);
      }
      if (s > 0) pending[s - 1]!.drop(count); // the upstream departures just served
      if (s === last && !inOrder) {
        // A request's response time does not depend on when the others complete: the last station's
        // departures are final as they are, unless someone watches completions in their order.
        count = out.size;
      } else {
        if (out.size > carried) out.sort(carried);
        count = count > 0 ? out.countUpTo(bound[s]!) : 0;
      }
      inT = out.time;
      inR = out.req;
    }
    for (let q = 0; q < count; q++) {
      now[0] = inT[q]!;
      finish(inR[q]!, true);
    }
    pending[last]!.drop(count);
  }

  /** A multi-stage segment's visit counts toward each of its stages (weight 1 when measured, else 0). */
  function tallySegment(s: number, weight: number): void {
    for (let k = segStart[s]!, last = segStart[s + 1]!; k < last; k++) {
      const j = segStages[k]!;
      stageServices[j]! += weight * segment.count[j]!;
      stageBusySeconds[j]! += weight * segment.work[j]!;
    }
  }

  /** A full waiting room refuses the visit (at now[0]): the whole request is dropped. */
  function drop(s: number, r: number): void {
    segDrops[s]! += (rFlags[r]! >> 1) & 1;
    finish(r, false);
  }

  const arrivalExpMean = net.arrivalExpMean;
  const arrivalDist = net.arrivalDist!;
  const arrivalT = new Float64Array(ROUND);
  const arrivalR = new Int32Array(ROUND);
  // Times live in a typed array: a mutable double captured by a closure is boxed, one allocation per write.
  // Clock, start of the window, end of the window (−1: not yet), and a slot the other arrivals mark in vain.
  const times = new Float64Array(4);
  times[2] = -1;
  let issued = 0;
  let nextPoll = POLL_EVERY;
  /** Issues rounds of external arrivals until every measured request is done or a poll is due. */
  function slice(): boolean {
    while (outstanding > 0 || times[2]! < 0) {
      for (let q = 0; q < ROUND; q++) {
        const clock = times[0]!;
        const index = issued++;
        times[index === warmup ? 1 : index === lastMeasured ? 2 : 3] = clock;
        const weight = (index >= warmup ? 1 : 0) & (index < lastMeasured ? 1 : 0); // both compared every time
        const r = allocSlot();
        rArrival[r] = clock;
        rFlags[r] = (newConnProb >= 1 || rng.next() < newConnProb ? 1 : 0) | (weight << 1);
        outstanding += weight;
        tally.requests += weight;
        arrivalT[q] = clock;
        arrivalR[q] = r;
        times[0] = clock + (arrivalExpMean > 0 ? arrivalExpMean * rng.nextExponential() : arrivalDist.sample(rng));
      }
      events += ROUND;
      round(arrivalT, arrivalR, ROUND);
      if (events >= nextPoll) return true; // (nextPoll moves on out here: no rarely run arithmetic inside)
    }
    return false;
  }
  while (slice()) {
    nextPoll += POLL_EVERY;
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
