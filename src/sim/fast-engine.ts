/**
 * The fast engine: one event loop written for this network. Events live in a binary heap of parallel typed
 * arrays (time, payload); requests live in slots of typed arrays recycled through a free list; each queue is
 * a ring of slot numbers. Nothing is allocated per event (arrays only double when they fill, a handful of
 * times per run), so memory is constant in the number of requests.
 *
 * Heap payload: a slot number ≥ 0 = that request finishes its service (or, with cores, its current stage);
 * −1 = the next open arrival; −2 − k = closed client k issues a request; below −1 − clients = the CPU's next
 * completion, stamped with the processor-sharing version it was computed under. Ties in time are resolved by the heap's deterministic sift
 * order, so the same seed replays the same run (no sequence number is needed for reproducibility).
 *
 * Service of a segment visit is drawn when the visit arrives (before queueing): it is independent of the
 * queue, so drawing early changes nothing in distribution and lets a multi-stage segment know at once whether
 * any of its stages is due (if none is, the segment is skipped without queueing).
 *
 * Cores (when they bind): a request holding a thread runs its segment's stages one at a time; a CPU-bound
 * stage joins the processor-sharing CPU (processor-sharing.ts), any other is a plain delay. The thread's
 * busy time per stage is then measured (wall time in the stage), not the drawn work. Without binding cores
 * the segment is one service event, as before.
 */
import type { Network } from './network.ts';
import { BERNOULLI, CONNECTION, GEOMETRIC, ONCE } from './network.ts';
import type { Xoshiro128 } from './rng.ts';
import { ProcessorSharing } from './processor-sharing.ts';
import { Tally } from './tally.ts';

export interface RunControl {
  readonly requests: number;
  readonly warmup: number;
  /** Called every few hundred thousand events with events so far; returns true to stop now. */
  readonly poll?: (events: number, measuredIssued: number) => boolean;
  /** Called with each measured request's response time, in completion order (the MSER-5 pilot run). */
  readonly observe?: (latencySeconds: number) => void;
}

const POLL_EVERY = 1 << 18;

/** Runs one replication to the end (or until `poll` asks to stop). */
export function runFast(net: Network, rng: Xoshiro128, control: RunControl): Tally {
  return drive(fastReplication(net, rng, control));
}

/** Drives a replication generator synchronously. */
export function drive<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * One replication as a generator that yields after each poll, so an async caller can let the event loop run
 * (a Ctrl-C handler, a UI) between slices of a long run.
 */
export function* fastReplication(net: Network, rng: Xoshiro128, control: RunControl): Generator<void, Tally> {
  const tally = new Tally(net.stageCount, net.segmentCount);
  const { stageRule, stageVisits, stageExpMean, stageDist, segPool, segStart, segStages } = net;
  const { poolThreads, poolCapacity, poolPerThread, poolQueues, poolServersPerQueue, poolQueueBase } = net;
  const segCount = net.segmentCount;
  const newConnProb = net.newConnectionProb;
  const warmup = control.warmup;
  const observe = control.observe;
  const lastMeasured = control.warmup + control.requests; // requests with index in [warmup, lastMeasured)
  const stageServices = tally.stageServices;
  const stageBusy = tally.stageBusySeconds;
  const segArrivals = tally.segArrivals;
  const segDrops = tally.segDrops;
  const segQueued = tally.segQueued;
  const segWait = tally.segWaitSeconds;
  const latency = tally.latency;
  const scratch = new Float64Array(net.stageCount);
  const scratchCount = new Int32Array(net.stageCount);
  const cpuOn = net.cores > 0;
  const cpu = new ProcessorSharing(Math.max(1, net.cores));
  const stageCpu = net.stageCpu;
  const maxSeg = net.maxSegmentStages;
  const cpuBase = -2 - net.clients;
  const VERSION_MASK = 0x3fffffff;
  let cpuScheduled = cpu.version;

  // Event heap.
  let heapCap = 1024;
  let heapTime = new Float64Array(heapCap);
  let heapPay = new Int32Array(heapCap);
  let heapSize = 0;
  function push(time: number, pay: number): void {
    if (heapSize === heapCap) {
      heapCap *= 2;
      const t = new Float64Array(heapCap);
      t.set(heapTime);
      heapTime = t;
      const p = new Int32Array(heapCap);
      p.set(heapPay);
      heapPay = p;
    }
    let i = heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = heapTime[parent]!;
      if (pt <= time) break;
      heapTime[i] = pt;
      heapPay[i] = heapPay[parent]!;
      i = parent;
    }
    heapTime[i] = time;
    heapPay[i] = pay;
  }
  /** Removes the root (the caller has read it). */
  function pop(): void {
    const n = --heapSize;
    if (n === 0) return;
    const time = heapTime[n]!;
    const pay = heapPay[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && heapTime[right]! < heapTime[child]!) child = right;
      const ct = heapTime[child]!;
      if (ct >= time) break;
      heapTime[i] = ct;
      heapPay[i] = heapPay[child]!;
      i = child;
    }
    heapTime[i] = time;
    heapPay[i] = pay;
  }

  // Request slots.
  let slotCap = 1024;
  let rArrival = new Float64Array(slotCap);
  let rEnqueued = new Float64Array(slotCap);
  let rService = new Float64Array(slotCap);
  let rSeg = new Int32Array(slotCap);
  let rQueue = new Int32Array(slotCap);
  let rClient = new Int32Array(slotCap);
  let rFlags = new Uint8Array(slotCap); // bit 0: opens a connection; bit 1: measured
  let free = new Int32Array(slotCap);
  // With cores: each stage's work in the current segment, the stage reached, and when it started.
  let rWork = new Float64Array(cpuOn ? slotCap * maxSeg : 0);
  let rPos = new Int32Array(cpuOn ? slotCap : 0);
  let rPhaseStart = new Float64Array(cpuOn ? slotCap : 0);
  let freeTop = 0;
  let slotsUsed = 0;
  function growSlots(): void {
    const cap = slotCap * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    rArrival = f64(rArrival);
    rEnqueued = f64(rEnqueued);
    rService = f64(rService);
    rSeg = i32(rSeg);
    rQueue = i32(rQueue);
    rClient = i32(rClient);
    const flags = new Uint8Array(cap);
    flags.set(rFlags);
    rFlags = flags;
    free = new Int32Array(cap);
    if (cpuOn) {
      const work = new Float64Array(cap * maxSeg);
      work.set(rWork);
      rWork = work;
      rPos = i32(rPos);
      rPhaseStart = f64(rPhaseStart);
    }
    slotCap = cap;
  }
  function allocSlot(): number {
    if (freeTop > 0) return free[--freeTop]!;
    if (slotsUsed === slotCap) growSlots();
    return slotsUsed++;
  }

  // Queues: busy servers and a ring of waiting slots each.
  const queueCount = net.queueCount;
  const qBusy = new Float64Array(queueCount);
  const qHead = new Int32Array(queueCount);
  const qLen = new Int32Array(queueCount);
  const qRing: Int32Array[] = [];
  for (let q = 0; q < queueCount; q++) qRing.push(new Int32Array(16));
  function enqueue(q: number, r: number): void {
    let ring = qRing[q]!;
    const len = qLen[q]!;
    if (len === ring.length) {
      const bigger = new Int32Array(ring.length * 2);
      const head = qHead[q]!;
      for (let k = 0; k < len; k++) bigger[k] = ring[(head + k) & (ring.length - 1)]!;
      qRing[q] = ring = bigger;
      qHead[q] = 0;
    }
    ring[(qHead[q]! + len) & (ring.length - 1)] = r;
    qLen[q] = len + 1;
  }

  // The clock lives in a typed array: a mutable double captured by the closures below would be boxed, and
  // every assignment would allocate a heap number (one per event).
  const clock = new Float64Array(1);
  let issued = 0;
  let outstanding = 0; // measured requests not yet finished
  let startSeconds = 0;
  let endSeconds = -1;
  let events = 0;
  const open = net.open;
  const arrivalExpMean = net.arrivalExpMean;
  const arrivalDist = net.arrivalDist;
  const think = net.thinkSeconds;

  function sampleStage(i: number): number {
    const m = stageExpMean[i]!;
    return m > 0 ? -m * Math.log(rng.next()) : stageDist[i]!.sample(rng);
  }

  /** Finishes a request (completed or dropped) and frees its slot; a closed client starts thinking. */
  function finish(r: number, completed: boolean): void {
    if (rFlags[r]! & 2) {
      outstanding--;
      if (completed) {
        const l = clock[0]! - rArrival[r]!;
        tally.completed++;
        tally.latencySum += l;
        latency.record(l);
        if (observe !== undefined) observe(l);
      } else {
        tally.dropped++;
      }
    }
    if (!open) push(think > 0 ? clock[0]! - think * Math.log(rng.next()) : clock[0]!, -2 - rClient[r]!);
    free[freeTop++] = r;
  }

  /**
   * Moves request r into segment s, or past it when none of its stages is due; `again` marks a re-entry of a
   * GEOMETRIC stage (always visited). Joins the pool's queue, starts service, or drops the request.
   */
  function enter(r: number, s: number, again: boolean): void {
    const connection = (rFlags[r]! & 1) === 1;
    const measured = (rFlags[r]! & 2) === 2;
    for (; s < segCount; s++, again = false) {
      const first = segStart[s]!;
      const last = segStart[s + 1]!;
      let service = 0;
      if (last - first === 1) {
        const i = segStages[first]!;
        const rule = stageRule[i]!;
        if (!again) {
          if (rule === CONNECTION && !connection) continue;
          if (rule === BERNOULLI && rng.next() >= stageVisits[i]!) continue;
        }
        // sampleStage inlined: a double returned from a call that is not inlined is boxed (one allocation).
        const m = stageExpMean[i]!;
        service = m > 0 ? -m * Math.log(rng.next()) : stageDist[i]!.sample(rng);
        scratch[i] = service;
        scratchCount[i] = 1;
      } else {
        let due = false;
        for (let k = first; k < last; k++) {
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
          for (let c = 0; c < count; c++) sum += sampleStage(i);
          scratch[i] = sum;
          scratchCount[i] = count;
          if (count > 0) due = true;
          service += sum;
        }
        if (!due) continue;
      }
      // Arrive at the pool.
      const p = segPool[s]!;
      rSeg[r] = s;
      rService[r] = service;
      if (measured) segArrivals[s]!++;
      const threads = poolThreads[p]!;
      let q = poolQueueBase[p]!;
      if (poolPerThread[p]) q += Math.floor(rng.next() * poolQueues[p]!);
      rQueue[r] = q;
      if (cpuOn) for (let k = first, o = r * maxSeg; k < last; k++, o++) rWork[o] = scratch[segStages[k]!]!;
      if (threads === Infinity || qBusy[q]! < poolServersPerQueue[p]!) {
        qBusy[q]!++;
        if (cpuOn) startService(r);
        else push(clock[0]! + service, r);
      } else if (qLen[q]! < poolCapacity[p]!) {
        rEnqueued[r] = clock[0]!;
        enqueue(q, r);
        if (measured) segQueued[s]!++;
      } else {
        if (measured) segDrops[s]!++;
        finish(r, false);
        return;
      }
      if (measured) {
        for (let k = first; k < last; k++) {
          const i = segStages[k]!;
          stageServices[i]! += scratchCount[i]!;
          if (!cpuOn) stageBusy[i]! += scratch[i]!;
        }
      }
      return;
    }
    finish(r, true);
  }

  /** The request has left its thread: hand the thread to the next in its queue, then route onwards. */
  function segmentDone(r: number): void {
    const q = rQueue[r]!;
    const s = rSeg[r]!;
    if (qLen[q]! > 0) {
      const ring = qRing[q]!;
      const head = qHead[q]!;
      const next = ring[head]!;
      qHead[q] = (head + 1) & (ring.length - 1);
      qLen[q]!--;
      if (rFlags[next]! & 2) segWait[rSeg[next]!]! += clock[0]! - rEnqueued[next]!;
      if (cpuOn) startService(next);
      else push(clock[0]! + rService[next]!, next);
    } else {
      qBusy[q]!--;
    }
    const i = segStages[segStart[s]!]!;
    if (stageRule[i] === GEOMETRIC && segStart[s + 1]! - segStart[s]! === 1 && rng.next() >= 1 / stageVisits[i]!) {
      enter(r, s, true);
    } else {
      enter(r, s + 1, false);
    }
  }

  /** Cores: the request got its thread; run the segment's first stage. */
  function startService(r: number): void {
    rPos[r] = 0;
    nextStage(r);
  }

  /** Cores: starts the request's next stage with work (on the CPU or as a delay), or leaves the thread. */
  function nextStage(r: number): void {
    const first = segStart[rSeg[r]!]!;
    const count = segStart[rSeg[r]! + 1]! - first;
    for (let k = rPos[r]!; k < count; k++) {
      const work = rWork[r * maxSeg + k]!;
      if (work > 0) {
        rPos[r] = k;
        rPhaseStart[r] = clock[0]!;
        if (stageCpu[segStages[first + k]!]) cpu.add(clock[0]!, r, work);
        else push(clock[0]! + work, r);
        return;
      }
    }
    segmentDone(r);
  }

  /** Cores: the request's current stage is done; its thread was busy for the wall time since it began. */
  function stageDone(r: number): void {
    const k = rPos[r]!;
    if (rFlags[r]! & 2) stageBusy[segStages[segStart[rSeg[r]!]! + k]!]! += clock[0]! - rPhaseStart[r]!;
    rPos[r] = k + 1;
    nextStage(r);
  }

  function issue(client: number): void {
    const r = allocSlot();
    const index = issued++;
    if (index === warmup) startSeconds = clock[0]!;
    if (index === lastMeasured) endSeconds = clock[0]!;
    const measured = index >= warmup && index < lastMeasured;
    if (measured) {
      outstanding++;
      tally.requests++;
    }
    rArrival[r] = clock[0]!;
    rClient[r] = client;
    rFlags[r] = (newConnProb >= 1 || rng.next() < newConnProb ? 1 : 0) | (measured ? 2 : 0);
    enter(r, 0, false);
  }

  // Prime the loop.
  if (open) push(0, -1);
  else for (let k = 0; k < net.clients; k++) push(think > 0 ? -think * Math.log(rng.next()) : 0, -2 - k);

  const poll = control.poll;
  let nextPoll = POLL_EVERY;
  const FINISHED = 0;
  const POLL = 1;
  /**
   * The event loop proper, up to the next poll. A plain function, not the generator itself: V8 optimises a
   * hot loop in an ordinary function better than one inside a generator (~10% more events/s measured).
   */
  function slice(): number {
    while (heapSize > 0) {
      clock[0] = heapTime[0]!;
      const pay = heapPay[0]!;
      pop();
      events++;
      if (pay >= 0) {
        // Service completion of request `pay` (with cores: of its current stage).
        if (cpuOn) stageDone(pay);
        else segmentDone(pay);
      } else if (pay === -1) {
        if (endSeconds < 0 || outstanding > 0) {
          issue(0);
          push(clock[0]! + (arrivalExpMean > 0 ? -arrivalExpMean * Math.log(rng.next()) : arrivalDist!.sample(rng)), -1);
        }
      } else if (pay > cpuBase) {
        if (endSeconds < 0 || outstanding > 0) issue(-2 - pay);
      } else if (cpuBase - pay === (cpu.version & VERSION_MASK)) {
        stageDone(cpu.complete(clock[0]!));
      } else {
        events--; // a CPU completion computed under an older number of jobs: stale
        continue;
      }
      if (cpuOn && cpu.version !== cpuScheduled) {
        // The number of jobs on the CPU changed during this event: its next completion moved.
        cpuScheduled = cpu.version;
        const at = cpu.nextCompletion();
        if (at !== Infinity) push(at, cpuBase - (cpu.version & VERSION_MASK));
      }
      if (endSeconds >= 0 && outstanding === 0) return FINISHED;
      if (events >= nextPoll) {
        nextPoll += POLL_EVERY;
        return POLL;
      }
    }
    return FINISHED;
  }
  while (slice() === POLL) {
    if (poll && poll(events, Math.max(0, Math.min(issued, lastMeasured) - warmup))) {
      tally.partial = true;
      break;
    }
    yield;
  }
  tally.events = events;
  tally.windowSeconds = (endSeconds >= 0 ? endSeconds : clock[0]!) - startSeconds;
  return tally;
}
