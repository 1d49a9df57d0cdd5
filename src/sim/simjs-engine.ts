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
import { ReferenceClient, scheduledArrivals, type Ending, type VisitHooks } from './reference-overload.ts';
import { ReferenceOverloadStats, ReferenceStats } from './reference-stats.ts';
import { Station, Stations, Ticket } from './reference-station.ts';
import { loadSimjs, type SimjsEntity, type SimjsSim } from './simjs-loader.ts';
import type { Tally } from './tally.ts';

type Command =
  | { readonly kind: 'hold'; readonly seconds: number }
  /** Take a server or a place in the queue: resumed at once with 'started', 'queued' or 'refused'. */
  | { readonly kind: 'enter'; readonly station: Station; readonly ticket: Ticket }
  /** Wait in the queue: resumed with 'served' when a server takes the ticket, or 'withdrawn'. */
  | { readonly kind: 'wait'; readonly ticket: Ticket }
  | { readonly kind: 'cpu'; readonly work: number }
  /** Sleep until `register`'s callback is called (a closed client waiting for its request's last attempt). */
  | { readonly kind: 'until'; readonly register: (wake: () => void) => void };
type Outcome = 'started' | 'queued' | 'refused' | 'served' | 'withdrawn' | undefined;
type Process = Generator<Command, void, Outcome>;

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

  const o = model.overload;
  // A time-driven run (SPEC §5: a schedule or horizon) measures every request up to the horizon.
  const horizon = o?.horizonSeconds ?? null;
  const warmup = horizon === null ? control.warmup : 0;
  const lastMeasured = horizon === null ? warmup + control.requests : Infinity;
  let issued = 0;
  let outstanding = 0;
  let windowStart = 0;
  let windowEnd = -1;
  let ended = false;
  const finished = () => ended || (windowEnd >= 0 && outstanding === 0);

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
      } else if (command.kind === 'enter') {
        step(command.station.enter(command.ticket));
      } else if (command.kind === 'wait') {
        command.ticket.resume = step;
      } else {
        command.register(() => step());
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

  /** The queue timeout of each segment's queue (its first stage's), Infinity when none. */
  const queueTimeouts = model.segments.map((g) => model.stages[g.stageIndices[0]!]!.queueTimeoutSeconds ?? Infinity);

  /**
   * One request (or, with overload keys, one attempt) through the segments: 'done' after the last, 'refused' at
   * a full queue, 'left' when withdrawn from a queue or not let in again (`hooks` says which, and is told of
   * every wait and thread hold).
   */
  function* walk(connection: boolean, measured: boolean, hooks: VisitHooks | null): Generator<Command, Ending, Outcome> {
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
        if (hooks !== null && !hooks.mayQueue()) return 'left';
        const stations = segment.stations;
        const station = stations.count === 1 ? stations.at(0) : stations.at(Math.floor(random.uniform() * stations.count));
        const sums = stats.segments[segment.index]!;
        if (measured) sums.arrivals++;
        const queuedAt = now();
        const ticket = new Ticket();
        let outcome = yield { kind: 'enter', station, ticket };
        if (outcome === 'refused') {
          if (measured) sums.drops++;
          return 'refused';
        }
        if (outcome === 'queued') {
          // A visit still waiting when a time-driven run ends has waited, and a withdrawn visit's wait counts
          // too: the queue held it (Little's law for the queue length).
          if (measured) sums.queued++;
          hooks?.waiting(station, ticket, queueTimeouts[segment.index]!);
          outcome = yield { kind: 'wait', ticket };
          if (measured) sums.waitSeconds += now() - queuedAt;
          if (outcome === 'withdrawn') {
            if (measured && hooks?.timedOut()) sums.timedOut++;
            return 'left';
          }
          hooks?.waited(now() - queuedAt);
        }
        const began = now();
        if (measured) segment.stages.forEach((stage, k) => (stats.stages[stage.index]!.services += counts[k]!));
        if (cpu === null) {
          if (measured) segment.stages.forEach((stage, k) => (stats.stages[stage.index]!.busySeconds += work[k]!));
          yield { kind: 'hold', seconds: work.reduce((a, b) => a + b, 0) };
        } else {
          for (let k = 0; k < segment.stages.length; k++) {
            if (work[k]! <= 0) continue;
            const stageBegan = now();
            yield segment.stages[k]!.cpu ? { kind: 'cpu', work: work[k]! } : { kind: 'hold', seconds: work[k]! };
            if (measured) stats.stages[segment.stages[k]!.index]!.busySeconds += now() - stageBegan;
          }
        }
        hooks?.held(began, now());
        station.release();
        const only = segment.stages.length === 1 ? segment.stages[0]! : null;
        returning = only !== null && only.rule === 'repeat' && random.uniform() > 1 / only.visits;
        if (!returning) break;
      }
    }
    return 'done';
  }

  /** Numbers the next original request; says whether it is measured and opens the measurement window. */
  function arrive(): boolean {
    const index = issued++;
    if (index === warmup) windowStart = now();
    if (index === lastMeasured) windowEnd = now();
    const measured = index >= warmup && index < lastMeasured;
    if (measured) {
      outstanding++;
      stats.requests++;
    }
    return measured;
  }

  /** One request of a model without overload keys, from its arrival to completion or drop. */
  function* request(): Process {
    const measured = arrive();
    const arrival = now();
    const connection = w.requestsPerConnection <= 1 || random.uniform() < 1 / w.requestsPerConnection;
    const ending = yield* walk(connection, measured, null);
    if (!measured) return;
    if (ending === 'refused') {
      stats.dropped++;
    } else {
      const latency = now() - arrival;
      stats.recordLatency(latency);
      control.observe?.(latency);
    }
    outstanding--;
  }

  let client: ReferenceClient | null = null;
  if (o !== undefined) {
    const width = control.windowSeconds ?? 1;
    stats.overload = new ReferenceOverloadStats(horizon === null ? 0 : Math.max(1, Math.ceil(horizon / width - 1e-9)), width);
    client = new ReferenceClient({
      model,
      random,
      stats,
      now,
      after,
      observe: control.observe,
      run: (attempt) =>
        spawn(
          (function* attemptProcess(): Process {
            const ending = yield* walk(attempt.original.connection, attempt.measured, attempt);
            client!.ended(attempt, ending);
          })(),
        ),
    });
  }

  /** An original request of a model with overload keys; `onResolved` runs at its success or last failure. */
  function sendOriginal(offered: boolean, onResolved: () => void): void {
    const measured = arrive();
    if (offered) {
      const window = stats.overload!.windowAt(now());
      if (window !== null) window.offered++;
    }
    const connection = w.requestsPerConnection <= 1 || random.uniform() < 1 / w.requestsPerConnection;
    client!.send(measured, connection, () => {
      if (measured) outstanding--;
      onResolved();
    });
  }

  if (w.kind === 'open') {
    if (client !== null) for (let k = 0; k < (control.initialInSystem ?? 0); k++) sendOriginal(false, () => {});
    const scheduled = o?.schedule != null;
    const nextArrival = scheduled ? scheduledArrivals(model, random) : null;
    const gap = interArrivalSampler(1 / w.arrivalRatePerSecond, w.arrivalScv);
    spawn(
      (function* arrivals(): Process {
        if (nextArrival !== null) {
          const first = nextArrival(0);
          if (first === Infinity) return;
          yield { kind: 'hold', seconds: first };
        }
        while (!finished()) {
          if (client === null) spawn(request());
          else sendOriginal(true, () => {});
          const at = nextArrival === null ? now() + gap(random) : nextArrival(now());
          if (at === Infinity) return;
          yield { kind: 'hold', seconds: at - now() };
        }
      })(),
    );
  } else {
    const think = () => (w.thinkSeconds > 0 ? -w.thinkSeconds * Math.log(random.uniform()) : 0);
    for (let k = 0; k < w.clients; k++) {
      spawn(
        (function* closedClient(): Process {
          for (;;) {
            yield { kind: 'hold', seconds: think() };
            if (finished()) return;
            if (client === null) yield* request();
            else yield { kind: 'until', register: (wake) => sendOriginal(true, wake) };
          }
        })(),
      );
    }
  }
  if (horizon !== null) after(horizon, () => (ended = true));

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
  if (horizon !== null) {
    const end = stats.partial ? now() : horizon;
    stats.overload!.bankInSystem(end);
    stats.windowSeconds = end;
  } else {
    stats.windowSeconds = (windowEnd >= 0 ? windowEnd : now()) - windowStart;
  }
  return stats;
}
