/**
 * The reference engine: a plain process-oriented simulation on simjs's scheduler (Sim, Entity.setTimer),
 * written to check the fast engine, so it shares nothing with it but the model types and the result assembly.
 * Its own random streams and samplers (reference-random.ts), its own routing read from the Model, its own
 * tallies (reference-stats.ts), its own processor-sharing CPU.
 *
 * Each request is a process (a generator) that yields what it waits for: `hold` a time, `enter` a station
 * (start at once, queue, or be refused), run on the `cpu`. An open workload is an arrival process spawning
 * requests; a closed one is a process per client that thinks, then runs its request to the end. simjs supplies
 * only the clock and the timer queue (its Random, statistics and Facility are defective or unsuitable: see
 * test/sim/simjs-defects.test.ts). The loop calls sim.step() itself: sim.simulate(end) drops the first event
 * after `end`, so a run cut into chunks would lose events.
 *
 * Semantics (README "Simulation"; the same as the fast engine's, written from the model's definitions):
 *   - consecutive stages on one pool form a segment run to completion on one thread;
 *   - a stage with visits < 1 is visited with that probability; visits > 1: 1 + Geometric(1/v) visits, each
 *     queueing again when the stage is a segment alone, all within the same thread hold otherwise;
 *   - perConnection stages run exactly when the request opens a connection (probability 1/requestsPerConnection);
 *   - a segment none of whose stages is due is skipped without queueing;
 *   - per-thread dispatch sends each visit to one of the c single-thread queues at random;
 *   - a full waiting room refuses the visit and the whole request is dropped (a closed loop never refuses);
 *   - pure delays (`threads: infinite`) never queue;
 *   - `cores` (when the CPU-bound threads outnumber them): the stages of a segment run one at a time and the
 *     CPU-bound ones share the cores by processor sharing, each at min(1, k/n); the thread is busy for the wall
 *     time of each stage.
 */
import type { Model } from '../model/types.ts';
import type { RunControl } from './fast-engine.ts';
import { interArrivalSampler, sampler, Sfc32, type Sampler } from './reference-random.ts';
import { ReferenceStats } from './reference-stats.ts';
import { loadSimjs, type SimjsEntity, type SimjsSim } from './simjs-loader.ts';
import type { Tally } from './tally.ts';

type Command =
  | { readonly kind: 'hold'; readonly seconds: number }
  | { readonly kind: 'enter'; readonly station: Station }
  | { readonly kind: 'cpu'; readonly work: number };
type Outcome = 'started' | 'served' | 'refused' | undefined;
type Process = Generator<Command, void, Outcome>;

/** c servers and a FCFS waiting room of `room` places; a refused visit never waits. */
class Station {
  busy = 0;
  private waiting: (() => void)[] = [];
  private head = 0;

  constructor(
    readonly servers: number,
    readonly room: number,
  ) {}

  /** 'started' now, 'refused', or undefined: queued, and `resume` is called when a server takes the visit. */
  enter(resume: () => void): Outcome {
    if (this.busy < this.servers) {
      this.busy++;
      return 'started';
    }
    if (this.waiting.length - this.head < this.room) {
      this.waiting.push(resume);
      return undefined;
    }
    return 'refused';
  }

  /** A server is free: the longest-waiting visit takes it. */
  release(): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head++]!;
      if (this.head > 4096 && this.head * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.head);
        this.head = 0;
      }
      next();
    } else {
      this.busy--;
    }
  }
}

/** k cores shared by processor sharing, by the direct method: every job's remaining work is updated at each change. */
class SharedCpu {
  private jobs: { remaining: number; resume: () => void }[] = [];
  private last = 0;
  private version = 0;

  constructor(
    private readonly cores: number,
    private readonly now: () => number,
    private readonly after: (seconds: number, action: () => void) => void,
    private readonly onCompletion: () => void,
  ) {}

  private speed(): number {
    return this.jobs.length <= this.cores ? 1 : this.cores / this.jobs.length;
  }

  private progress(): void {
    const done = (this.now() - this.last) * this.speed();
    for (const job of this.jobs) job.remaining -= done;
    this.last = this.now();
  }

  private reschedule(): void {
    const version = ++this.version;
    if (this.jobs.length === 0) return;
    let first = this.jobs[0]!;
    for (const job of this.jobs) if (job.remaining < first.remaining) first = job;
    this.after(Math.max(0, first.remaining) / this.speed(), () => {
      if (version !== this.version) return; // the number of jobs changed since: already re-timed
      this.onCompletion();
      this.progress();
      this.jobs.splice(this.jobs.indexOf(first), 1);
      this.reschedule();
      first.resume();
    });
  }

  run(work: number, resume: () => void): void {
    this.progress();
    this.jobs.push({ remaining: work, resume });
    this.reschedule();
  }
}

interface StagePlan {
  readonly index: number;
  readonly rule: 'once' | 'chance' | 'repeat' | 'connection';
  readonly visits: number;
  readonly draw: Sampler;
  readonly cpu: boolean;
}
interface SegmentPlan {
  readonly index: number;
  readonly stages: readonly StagePlan[];
  readonly stations: Stations;
}

/**
 * A pool's stations: one shared queue, or one per thread (per-thread dispatch). Per-thread stations are made on
 * first use: a pool of 10^6 threads would otherwise hold 10^6 objects before the first arrival.
 */
class Stations {
  private readonly made: Station[] = [];
  constructor(
    readonly count: number,
    private readonly servers: number,
    private readonly room: number,
  ) {}
  at(k: number): Station {
    return (this.made[k] ??= new Station(this.servers, this.room));
  }
}

const POLL_EVERY = 1 << 14;

/** One replication for simulate(): the reference engine's tallies handed to the shared result assembly. */
export function* simjsReplication(model: Model, seed: number, stream: number, control: RunControl): Generator<void, Tally> {
  const stats: ReferenceStats = yield* referenceReplication(model, seed, stream, control);
  return stats.toTally();
}

/** One replication: the model on stream `stream` of `seed` (the reference engine's own streams), own tallies. */
export function* referenceReplication(model: Model, seed: number, stream: number, control: RunControl): Generator<void, ReferenceStats> {
  const Simjs = loadSimjs();
  const sim: SimjsSim = new Simjs.Sim();
  class Clock extends Simjs.Entity {
    start(): void {}
  }
  const entity = sim.addEntity(Clock as unknown as new () => object) as SimjsEntity;
  const now = () => sim.time();
  const after = (seconds: number, action: () => void) => entity.setTimer(seconds).done(action);
  const random = new Sfc32(seed, stream);
  const stats = new ReferenceStats(model.stages.length, model.segments.length);
  const w = model.workload;
  const closed = w.kind === 'closed';

  const finitePools = new Set(model.pools.filter((p) => p.threads !== Infinity).map((p) => p.name));
  const cpuStage = (i: number) => model.stages[i]!.cpuBound && finitePools.has(model.stages[i]!.pool);
  let cpuThreads = 0;
  for (const pool of model.pools) {
    if (finitePools.has(pool.name) && model.stages.some((s) => s.pool === pool.name && cpuStage(s.index))) cpuThreads += pool.threads;
  }
  const cpu =
    model.cores !== undefined && cpuThreads > model.cores
      ? new SharedCpu(model.cores, now, after, () => stats.events++)
      : null;

  const stationsOf = new Map(
    model.pools.map((pool) => {
      const room = closed ? Infinity : pool.queueCapacity;
      const perThread = pool.dispatch === 'per-thread' && pool.threads !== Infinity && pool.threads > 1;
      const stations = perThread ? new Stations(pool.threads, 1, room) : new Stations(1, pool.threads, room);
      return [pool.name, stations] as const;
    }),
  );
  const segments: SegmentPlan[] = model.segments.map((segment) => ({
    index: segment.index,
    stations: stationsOf.get(segment.pool)!,
    stages: segment.stageIndices.map((i) => {
      const stage = model.stages[i]!;
      const rule = stage.perConnection ? 'connection' : stage.visits === 1 ? 'once' : stage.visits < 1 ? 'chance' : 'repeat';
      return { index: i, rule, visits: stage.visits, draw: sampler(stage.distribution, stage.service.meanSeconds, stage.service.scv), cpu: cpuStage(i) };
    }),
  }));

  const warmup = control.warmup;
  const lastMeasured = warmup + control.requests;
  let issued = 0;
  let outstanding = 0;
  let windowStart = 0;
  let windowEnd = -1;
  const finished = () => windowEnd >= 0 && outstanding === 0;

  /** Drives a process: each command it yields is carried out, and the process resumed when it completes. */
  function spawn(process: Process): void {
    const step = (outcome?: Outcome): void => {
      const next = process.next(outcome);
      if (next.done) return;
      const command = next.value;
      if (command.kind === 'hold') {
        after(command.seconds, () => {
          stats.events++;
          step();
        });
      } else if (command.kind === 'cpu') {
        cpu!.run(command.work, () => step());
      } else {
        const outcome = command.station.enter(() => step('served'));
        if (outcome !== undefined) step(outcome);
      }
    };
    step();
  }

  /** How many services each stage of the segment takes on this pass; null when none is due. */
  function servicesDue(segment: SegmentPlan, connection: boolean, returning: boolean): number[] | null {
    let any = false;
    const counts = segment.stages.map((stage) => {
      let n = 1;
      if (returning) n = 1;
      else if (stage.rule === 'connection') n = connection ? 1 : 0;
      else if (stage.rule === 'chance') n = random.uniform() < stage.visits ? 1 : 0;
      else if (stage.rule === 'repeat' && segment.stages.length > 1) {
        // Run to completion: every repetition happens within this thread hold.
        while (random.uniform() > 1 / stage.visits) n++;
      }
      if (n > 0) any = true;
      return n;
    });
    return any ? counts : null;
  }

  /** One request, from its arrival to completion or drop. */
  function* request(): Process {
    const index = issued++;
    if (index === warmup) windowStart = now();
    if (index === lastMeasured) windowEnd = now();
    const measured = index >= warmup && index < lastMeasured;
    if (measured) {
      outstanding++;
      stats.requests++;
    }
    const arrival = now();
    const connection = w.requestsPerConnection <= 1 || random.uniform() < 1 / w.requestsPerConnection;
    for (const segment of segments) {
      let returning = false;
      for (;;) {
        const counts = servicesDue(segment, connection, returning);
        if (counts === null) break;
        const work = segment.stages.map((stage, k) => {
          let sum = 0;
          for (let n = 0; n < counts[k]!; n++) sum += stage.draw(random);
          return sum;
        });
        const stations = segment.stations;
        const station = stations.count === 1 ? stations.at(0) : stations.at(Math.floor(random.uniform() * stations.count));
        const sums = stats.segments[segment.index]!;
        if (measured) sums.arrivals++;
        const queuedAt = now();
        const outcome = yield { kind: 'enter', station };
        if (outcome === 'refused') {
          if (measured) {
            sums.drops++;
            stats.dropped++;
            outstanding--;
          }
          return;
        }
        if (measured) {
          if (outcome === 'served') {
            sums.queued++;
            sums.waitSeconds += now() - queuedAt;
          }
          segment.stages.forEach((stage, k) => (stats.stages[stage.index]!.services += counts[k]!));
        }
        if (cpu === null) {
          if (measured) segment.stages.forEach((stage, k) => (stats.stages[stage.index]!.busySeconds += work[k]!));
          yield { kind: 'hold', seconds: work.reduce((a, b) => a + b, 0) };
        } else {
          for (let k = 0; k < segment.stages.length; k++) {
            if (work[k]! <= 0) continue;
            const began = now();
            yield segment.stages[k]!.cpu ? { kind: 'cpu', work: work[k]! } : { kind: 'hold', seconds: work[k]! };
            if (measured) stats.stages[segment.stages[k]!.index]!.busySeconds += now() - began;
          }
        }
        station.release();
        const only = segment.stages.length === 1 ? segment.stages[0]! : null;
        returning = only !== null && only.rule === 'repeat' && random.uniform() > 1 / only.visits;
        if (!returning) break;
      }
    }
    if (measured) {
      const latency = now() - arrival;
      stats.recordLatency(latency);
      control.observe?.(latency);
      outstanding--;
    }
  }

  if (w.kind === 'open') {
    const gap = interArrivalSampler(1 / w.arrivalRatePerSecond, w.arrivalScv);
    spawn(
      (function* arrivals(): Process {
        while (!finished()) {
          spawn(request());
          yield { kind: 'hold', seconds: gap(random) };
        }
      })(),
    );
  } else {
    const think = () => (w.thinkSeconds > 0 ? -w.thinkSeconds * Math.log(random.uniform()) : 0);
    for (let k = 0; k < w.clients; k++) {
      spawn(
        (function* client(): Process {
          for (;;) {
            yield { kind: 'hold', seconds: think() };
            if (finished()) return;
            yield* request();
          }
        })(),
      );
    }
  }

  let steps = 0;
  while (!finished() && sim.step()) {
    if (++steps % POLL_EVERY === 0) {
      const measuredIssued = Math.max(0, Math.min(issued, lastMeasured) - warmup);
      if (control.poll?.(stats.events, measuredIssued)) {
        stats.partial = true;
        break;
      }
      yield;
    }
  }
  stats.windowSeconds = (windowEnd >= 0 ? windowEnd : now()) - windowStart;
  return stats;
}
