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
 *
 * Stations (station.ts) own the threads and waiting rooms, and a queue discipline (queue-discipline.ts, FIFO)
 * picks who a freed thread serves. SPEC §5 overload (a model with overload keys only; `ov` is null otherwise
 * and the loop runs exactly as without it, same draws, same JSON): every slot is one *attempt*; timers
 * (timer-heap.ts) fire the client's timeout, the patience of a waiting request and a stage's queue timeout, and
 * send retries. Leaving a queue early (abandonment, queue timeout, a cancelled request) is the station's
 * `withdraw`. A failed attempt (timed out, abandoned, dropped) makes a new slot for its retry when the policy
 * and the budget allow; the original request is resolved by its first success or its last failure.
 */
import type { Network } from './network.ts';
import { BERNOULLI, CONNECTION, GEOMETRIC } from './network.ts';
import type { Xoshiro128 } from './rng.ts';
import { JITTER_EQUAL, JITTER_FULL, nextStepAfter, rateAt } from './overload-network.ts';
import { ProcessorSharing } from './processor-sharing.ts';
import { Fifo } from './queue-discipline.ts';
import { SegmentService } from './segment-service.ts';
import { QUEUED, REFUSED, SERVE, Stations } from './station.ts';
import { OverloadTally, Tally } from './tally.ts';
import { TimerHeap } from './timer-heap.ts';

export interface RunControl {
  readonly requests: number;
  readonly warmup: number;
  /** Called every few hundred thousand events with events so far; returns true to stop now. */
  readonly poll?: (events: number, measuredIssued: number) => boolean;
  /** Called with each measured request's response time, in completion order (the MSER-5 pilot run). */
  readonly observe?: (latencySeconds: number) => void;
  /** Time-driven runs (a model with a schedule or horizon): timeline window length; default 1 s. */
  readonly windowSeconds?: number;
  /** Warm start: this many original requests arrive at time 0, before the workload starts. */
  readonly initialInSystem?: number;
}

/** Timer kinds (code = slot · 4 + kind). */
const TIMEOUT = 0;
const PATIENCE = 1;
const QUEUE_TIMEOUT = 2;
const RETRY = 3;
/** Attempt state bits. */
const GAVE_UP = 1;
const WAITING = 2;
const PENDING = 4;
/** rFlags bits. */
const NEW_CONNECTION = 1;
const MEASURED = 2;

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
  const ov = net.overload;
  const timeDriven = ov !== null && ov.horizonSeconds >= 0;
  const horizon = timeDriven ? ov.horizonSeconds : Infinity;
  const windowLength = control.windowSeconds ?? 1;
  const windowCount = timeDriven ? Math.max(1, Math.ceil(horizon / windowLength - 1e-9)) : 0;
  const ovt = ov === null ? undefined : new OverloadTally(windowCount, windowLength);
  if (ovt !== undefined) tally.overload = ovt;
  const { stageRule, stageVisits, stageExpMean, stageDist, segPool, segStart, segStages } = net;
  const { poolThreads, poolCapacity, poolPerThread, poolQueues, poolServersPerQueue, poolQueueBase } = net;
  const segCount = net.segmentCount;
  const newConnProb = net.newConnectionProb;
  // A time-driven run measures every request up to the horizon.
  const warmup = timeDriven ? 0 : control.warmup;
  const observe = control.observe;
  const lastMeasured = timeDriven ? Infinity : control.warmup + control.requests; // requests with index in [warmup, lastMeasured)
  const stageServices = tally.stageServices;
  const stageBusy = tally.stageBusySeconds;
  const segArrivals = tally.segArrivals;
  const segDrops = tally.segDrops;
  const segQueued = tally.segQueued;
  const segWait = tally.segWaitSeconds;
  const latency = tally.latency;
  const segment = new SegmentService(net, rng);
  const scratch = segment.work;
  const scratchCount = segment.count;
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
  // Per stage of the current segment: its work (cores), and with overload its visit count, so a request that
  // leaves the queue before service takes back the services counted when it was admitted.
  const keepWork = cpuOn || ov !== null;
  let rWork = new Float64Array(keepWork ? slotCap * maxSeg : 0);
  let rCount = new Int32Array(ov !== null ? slotCap * maxSeg : 0);
  let rPos = new Int32Array(cpuOn ? slotCap : 0);
  let rPhaseStart = new Float64Array(cpuOn ? slotCap : 0);
  // Overload: the original request's send time, attempt number, state, serials that validate timers (life:
  // bumped when the slot is taken or freed; queue: on every entry to or exit from a queue), patience left,
  // when the client gave up, and when the attempt took its thread.
  const ovCap = (n: number) => (ov !== null ? n : 0);
  let oOrigin = new Float64Array(ovCap(slotCap));
  let oAttempt = new Int32Array(ovCap(slotCap));
  let oState = new Uint8Array(ovCap(slotCap));
  let oLife = new Int32Array(ovCap(slotCap));
  let oQueueSerial = new Int32Array(ovCap(slotCap));
  let oPatience = new Float64Array(ovCap(slotCap));
  let oGaveUpAt = new Float64Array(ovCap(slotCap));
  let oServiceStart = new Float64Array(ovCap(slotCap));
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
    if (keepWork) {
      const work = new Float64Array(cap * maxSeg);
      work.set(rWork);
      rWork = work;
    }
    if (cpuOn) {
      rPos = i32(rPos);
      rPhaseStart = f64(rPhaseStart);
    }
    if (ov !== null) {
      const count = new Int32Array(cap * maxSeg);
      count.set(rCount);
      rCount = count;
      oOrigin = f64(oOrigin);
      oAttempt = i32(oAttempt);
      const state = new Uint8Array(cap);
      state.set(oState);
      oState = state;
      oLife = i32(oLife);
      oQueueSerial = i32(oQueueSerial);
      oPatience = f64(oPatience);
      oGaveUpAt = f64(oGaveUpAt);
      oServiceStart = f64(oServiceStart);
    }
    slotCap = cap;
  }
  function allocSlot(): number {
    if (freeTop > 0) return free[--freeTop]!;
    if (slotsUsed === slotCap) growSlots();
    return slotsUsed++;
  }

  // Stations: every queue of every pool (per-thread dispatch: one per thread), FIFO.
  const queueServers = new Float64Array(net.queueCount);
  const queueCapacity = new Float64Array(net.queueCount);
  for (let p = 0; p < net.poolCount; p++) {
    for (let k = 0; k < poolQueues[p]!; k++) {
      queueServers[poolQueueBase[p]! + k] = poolServersPerQueue[p]!;
      queueCapacity[poolQueueBase[p]! + k] = poolCapacity[p]!;
    }
  }
  // A withdrawn entry's slot is recycled when the discipline reaches it (until then the ring still names it).
  const stations = new Stations(queueServers, queueCapacity, new Fifo(net.queueCount), (slot) => releaseSlot(slot));
  const timers = new TimerHeap();

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
  // Overload bookkeeping: attempts in the system (waiting or in service) for the timeline, the retry budget.
  let inSystem = 0;
  let inSystemSince = 0;
  let budgetTokens = 0;

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
        if (!segment.draw(s, connection)) continue;
        service = segment.total;
      }
      // Arrive at the pool. A request whose client gave up is cancelled before it queues again.
      if (ov !== null && ov.cancelQueued && (oState[r]! & GAVE_UP) !== 0) {
        leaveSystem();
        releaseSlot(r);
        return;
      }
      const p = segPool[s]!;
      rSeg[r] = s;
      rService[r] = service;
      if (measured) segArrivals[s]!++;
      let q = poolQueueBase[p]!;
      if (poolPerThread[p]) q += Math.floor(rng.next() * poolQueues[p]!);
      rQueue[r] = q;
      if (keepWork) {
        for (let k = first, o = r * maxSeg; k < last; k++, o++) {
          rWork[o] = scratch[segStages[k]!]!;
          if (ov !== null) rCount[o] = scratchCount[segStages[k]!]!;
        }
      }
      const admitted = stations.arrive(q, r);
      if (admitted === SERVE) {
        if (ov !== null) oServiceStart[r] = clock[0]!;
        if (cpuOn) startService(r);
        else push(clock[0]! + service, r);
      } else if (admitted === QUEUED) {
        rEnqueued[r] = clock[0]!;
        if (measured) segQueued[s]!++;
        if (ov !== null) queued(r, s);
      } else if (admitted === REFUSED) {
        if (measured) segDrops[s]!++;
        if (ov !== null) refused(r);
        else finish(r, false);
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
    if (ov !== null) completed(r);
    else finish(r, true);
  }

  /** The request has left its thread: hand the thread to the next in its queue, then route onwards. */
  function segmentDone(r: number): void {
    const q = rQueue[r]!;
    const s = rSeg[r]!;
    const next = stations.release(q);
    if (next >= 0) {
      if (rFlags[next]! & 2) segWait[rSeg[next]!]! += clock[0]! - rEnqueued[next]!;
      if (ov !== null) leftQueue(next);
      if (cpuOn) startService(next);
      else push(clock[0]! + rService[next]!, next);
    }
    if (ov !== null) serviceEnded(r);
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
    if (ov === null) {
      enter(r, 0, false);
      return;
    }
    oOrigin[r] = clock[0]!;
    oAttempt[r] = 1;
    if (ov.budget >= 0) budgetTokens = Math.min(ov.budgetCap, budgetTokens + ov.budget);
    if (timeDriven && client >= 0) ovt!.offered[windowOf(clock[0]!)]!++;
    startAttempt(r);
  }

  function windowOf(t: number): number {
    const w = Math.floor(t / windowLength);
    return w < windowCount ? w : windowCount - 1;
  }

  /** Adds attempts-in-system × time since the last change to the timeline windows it spans. */
  function integrateInSystem(now: number): void {
    let t = inSystemSince;
    while (t < now) {
      let w = Math.floor(t / windowLength);
      let end = (w + 1) * windowLength;
      if (end <= t) end = (++w + 1) * windowLength; // rounding put t on the next window's edge
      if (w >= windowCount) break;
      const until = Math.min(now, end);
      ovt!.inSystemArea[w]! += inSystem * (until - t);
      t = until;
    }
    inSystemSince = now;
  }
  function enterSystem(): void {
    if (timeDriven) integrateInSystem(clock[0]!);
    inSystem++;
  }
  function leaveSystem(): void {
    if (timeDriven) integrateInSystem(clock[0]!);
    inSystem--;
  }

  /** Overload: a slot returns to the free list; its life serial moves on, so its pending timers go stale. */
  function releaseSlot(r: number): void {
    oLife[r]!++;
    free[freeTop++] = r;
  }

  /** Overload: attempt r is sent (first try or retry): its timeout starts and its patience is drawn. */
  function startAttempt(r: number): void {
    const now = clock[0]!;
    oState[r] = 0;
    oGaveUpAt[r] = Infinity;
    enterSystem();
    if (ov!.timeoutSeconds < Infinity) timers.push(now + ov!.timeoutSeconds, r * 4 + TIMEOUT, oLife[r]!);
    if (ov!.patience !== null) oPatience[r] = ov!.patience.sample(rng);
    enter(r, 0, false);
  }

  /** Overload: r waits in a queue of segment s; its patience and the stage's queue timeout run. */
  function queued(r: number, s: number): void {
    const now = clock[0]!;
    oState[r]! |= WAITING;
    const serial = ++oQueueSerial[r]!;
    if (ov!.patience !== null) timers.push(now + oPatience[r]!, r * 4 + PATIENCE, serial);
    const limit = ov!.segQueueTimeout[s]!;
    if (limit < Infinity) timers.push(now + limit, r * 4 + QUEUE_TIMEOUT, serial);
  }

  /** Overload: r leaves its queue for a thread; the patience it spent waiting is gone. */
  function leftQueue(r: number): void {
    const now = clock[0]!;
    oState[r]! &= ~WAITING;
    oQueueSerial[r]!++;
    oPatience[r]! -= now - rEnqueued[r]!;
    oServiceStart[r] = now;
  }

  /** Overload: r leaves its queue early (abandoned, queue timeout, cancelled): the station withdraws it. */
  function withdrawFromQueue(r: number): void {
    stations.withdraw(rQueue[r]!, r);
    if (rFlags[r]! & MEASURED) {
      // Its wait counts (queue lengths by Little's law include it); the services counted on admission do not.
      segWait[rSeg[r]!]! += clock[0]! - rEnqueued[r]!;
      uncountServices(r);
    }
    oState[r]! &= ~WAITING;
    oQueueSerial[r]!++;
    leaveSystem();
  }

  /** Overload: takes back the services counted when waiting request r was admitted (it was never served). */
  function uncountServices(r: number): void {
    const s = rSeg[r]!;
    for (let k = segStart[s]!, o = r * maxSeg; k < segStart[s + 1]!; k++, o++) {
      const i = segStages[k]!;
      stageServices[i]! -= rCount[o]!;
      if (!cpuOn) stageBusy[i]! -= rWork[o]!;
    }
  }

  /** Overload: r frees its thread; thread time after its client gave up is wasted. */
  function serviceEnded(r: number): void {
    if ((rFlags[r]! & MEASURED) === 0) return;
    const now = clock[0]!;
    const start = oServiceStart[r]!;
    ovt!.busySeconds += now - start;
    if ((oState[r]! & GAVE_UP) !== 0) ovt!.wastedSeconds += now - Math.max(start, oGaveUpAt[r]!);
  }

  function giveUp(r: number): void {
    oState[r]! |= GAVE_UP;
    oGaveUpAt[r] = clock[0]!;
  }

  /** Overload: the original request of r is settled (success or last failure); a closed client thinks. */
  function resolve(r: number): void {
    if (rFlags[r]! & MEASURED) outstanding--;
    if (!open) push(think > 0 ? clock[0]! - think * Math.log(rng.next()) : clock[0]!, -2 - rClient[r]!);
  }

  /** Overload: attempt r failed; a retry is scheduled when attempts and the budget allow, else r's request fails. */
  function failed(r: number): void {
    const k = oAttempt[r]!;
    const measured = (rFlags[r]! & MEASURED) !== 0;
    if (k < ov!.attempts && (ov!.budget < 0 || budgetTokens >= 1)) {
      if (ov!.budget >= 0) budgetTokens -= 1;
      const n = allocSlot();
      rFlags[n] = rFlags[r]!;
      rClient[n] = rClient[r]!;
      oOrigin[n] = oOrigin[r]!;
      oAttempt[n] = k + 1;
      oState[n] = PENDING;
      let delay = ov!.backoffSeconds * Math.pow(ov!.multiplier, k - 1);
      if (ov!.jitter === JITTER_FULL) delay *= rng.next();
      else if (ov!.jitter === JITTER_EQUAL) delay *= 0.5 + 0.5 * rng.next();
      timers.push(clock[0]! + delay, n * 4 + RETRY, oLife[n]!);
      if (measured) ovt!.retries++;
    } else {
      if (measured) ovt!.failed++;
      resolve(r);
    }
  }

  /** Overload: the waiting room was full. */
  function refused(r: number): void {
    leaveSystem();
    if ((oState[r]! & GAVE_UP) === 0) {
      giveUp(r);
      if (rFlags[r]! & MEASURED) tally.dropped++;
      failed(r);
    }
    releaseSlot(r);
  }

  /** Overload: r left its last stage: a success if its client still waits, else wasted (late). */
  function completed(r: number): void {
    leaveSystem();
    const now = clock[0]!;
    const measured = (rFlags[r]! & MEASURED) !== 0;
    const w = timeDriven ? windowOf(now) : 0;
    if (timeDriven) ovt!.completed[w]!++;
    if ((oState[r]! & GAVE_UP) !== 0) {
      if (measured) ovt!.late++;
    } else {
      const l = now - oOrigin[r]!;
      if (measured) {
        tally.completed++;
        tally.latencySum += l;
        latency.record(l);
        if (observe !== undefined) observe(l);
      }
      if (timeDriven) {
        ovt!.good[w]!++;
        ovt!.goodLatencies[w]!.push(l);
      }
      resolve(r);
    }
    releaseSlot(r);
  }

  /** Overload: a timer fires; one whose request has moved on since it was set is stale and ignored. */
  function fire(code: number, serial: number): void {
    const r = code >> 2;
    const kind = code & 3;
    const measured = (rFlags[r]! & MEASURED) !== 0;
    if (kind === TIMEOUT) {
      if (oLife[r] !== serial || (oState[r]! & (GAVE_UP | PENDING)) !== 0) return;
      giveUp(r);
      if (measured) ovt!.timeouts++;
      if ((oState[r]! & WAITING) !== 0 && ov!.cancelQueued) withdrawFromQueue(r);
      failed(r);
    } else if (kind === RETRY) {
      if (oLife[r] !== serial || (oState[r]! & PENDING) === 0) return;
      events++; // a retry is an arrival
      rArrival[r] = clock[0]!;
      startAttempt(r);
    } else {
      if (oQueueSerial[r] !== serial || (oState[r]! & WAITING) === 0) return;
      const gone = (oState[r]! & GAVE_UP) !== 0;
      // Patience is the client's: once it has given up there is no one left to abandon. A queue timeout is
      // the server's and removes even an orphan.
      if (kind === PATIENCE && gone) return;
      // A queue timeout drops the visit at its stage, orphan or not (stage dropRate; the request's below).
      if (kind !== PATIENCE && measured) tally.segTimedOut[rSeg[r]!]!++;
      withdrawFromQueue(r);
      if (gone) return;
      giveUp(r);
      if (measured) {
        if (kind === PATIENCE) ovt!.abandons++;
        else tally.dropped++;
      }
      failed(r);
    }
  }

  /** The next original arrival after t under the schedule (restarted at each step: exact for Poisson). */
  function nextScheduledArrival(t: number): number {
    for (;;) {
      const rate = rateAt(ov!, t);
      const stepAt = nextStepAfter(ov!, t);
      if (rate > 0) {
        const gap = arrivalExpMean > 0 ? -Math.log(rng.next()) / rate : (arrivalDist!.sample(rng) * ov!.baseRate) / rate;
        if (t + gap <= stepAt) return t + gap;
      }
      if (stepAt === Infinity) return Infinity;
      t = stepAt;
    }
  }
  const scheduled = ov !== null && ov.stepAt.length > 0;

  // Prime the loop.
  const initial = ov !== null && open ? (control.initialInSystem ?? 0) : 0;
  for (let k = 0; k < initial; k++) issue(-1);
  if (open && scheduled) {
    const first = nextScheduledArrival(0);
    if (first < Infinity) push(first, -1);
  } else if (open) push(0, -1);
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
    for (;;) {
      if (ov !== null && timers.size > 0 && (heapSize === 0 || timers.peekTime() < heapTime[0]!)) {
        const at = timers.peekTime();
        if (at > horizon) return FINISHED;
        clock[0] = at;
        const code = timers.peekCode();
        const serial = timers.peekSerial();
        timers.pop();
        fire(code, serial);
        if (endSeconds >= 0 && outstanding === 0) return FINISHED;
        continue;
      }
      if (heapSize === 0) return FINISHED;
      if (heapTime[0]! > horizon) return FINISHED;
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
          if (scheduled) {
            const at = nextScheduledArrival(clock[0]!);
            if (at < Infinity) push(at, -1);
          } else push(clock[0]! + (arrivalExpMean > 0 ? -arrivalExpMean * Math.log(rng.next()) : arrivalDist!.sample(rng)), -1);
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
  }
  while (slice() === POLL) {
    if (poll && poll(events, Math.max(0, Math.min(issued, lastMeasured) - warmup))) {
      tally.partial = true;
      break;
    }
    yield;
  }
  tally.events = events;
  if (ov !== null) {
    // Attempts still waiting when the run ends (a horizon, or orphans of resolved requests) were never served:
    // without this a run ending with a backlog counted their services, and utilisation passed 100%.
    for (let r = 0; r < slotsUsed; r++) if ((oState[r]! & WAITING) !== 0 && (rFlags[r]! & MEASURED) !== 0) uncountServices(r);
  }
  if (timeDriven) {
    if (!tally.partial) clock[0] = horizon;
    integrateInSystem(clock[0]!);
    tally.windowSeconds = clock[0]!;
  } else {
    tally.windowSeconds = (endSeconds >= 0 ? endSeconds : clock[0]!) - startSeconds;
  }
  return tally;
}
