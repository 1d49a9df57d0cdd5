/**
 * SPEC §5 in the reference engine: the client side of a request (timeout, patience, retries with backoff,
 * jitter and budget) and the schedule of the offered rate, written from the model's definitions
 * (src/model/types.ts, README "Overload") and sharing nothing with the fast engine's timers and slots.
 *
 * An original request is sent as attempt 1; each attempt walks the segments as its own process (the engine's
 * walk) and tells its Attempt object what happens at each visit. The client stops waiting for an attempt when
 * it succeeds, times out (timeout after the attempt was sent), abandons (patience used up while waiting, summed
 * over the queues), or is dropped (a full queue, or a stage's queue timeout). A failure sends attempt k + 1
 * after backoff · multiplier^(k−1) (jittered) while k < attempts and the budget has a token; otherwise the
 * request has failed. A timed-out attempt still waiting is withdrawn with `cancel: queued` and, in service,
 * runs on (wasted thread time) and is not queued again; with `cancel: none` it runs to the end.
 *
 * The retry budget is a token bucket each original request fills by `budget` (up to
 * RETRY_BUDGET_WINDOW_SECONDS of deposits at the base rate, at least one token) and each retry takes a token
 * from: the definition the README gives, so both engines must agree on it.
 */
import type { Model, Overload } from '../model/types.ts';
import { RETRY_BUDGET_WINDOW_SECONDS } from './overload-network.ts';
import { interArrivalSampler, sampler, type Sampler, type Sfc32 } from './reference-random.ts';
import type { ReferenceOverloadStats, ReferenceStats } from './reference-stats.ts';
import type { Station, Ticket } from './reference-station.ts';

/** What a walk through the segments tells an attempt about its visits (null for a plain request). */
export interface VisitHooks {
  /** False when the request must not queue again: its client gave up and the server cancels such requests. */
  mayQueue(): boolean;
  /** The visit waits in `station` from now; a waiting visit leaves after `queueTimeoutSeconds` (Infinity = never). */
  waiting(station: Station, ticket: Ticket, queueTimeoutSeconds: number): void;
  /** The wait ended with a server after `seconds`. */
  waited(seconds: number): void;
  /** A thread was held from `from` to `to`. */
  held(from: number, to: number): void;
  /** The last wait ended by the queue timeout (the visit was dropped at its stage). */
  timedOut(): boolean;
}

export type Ending = 'done' | 'refused' | 'left';

/** An original request: resolved by its first success or its last failure. */
interface Original {
  readonly sentAt: number;
  readonly measured: boolean;
  readonly connection: boolean;
  readonly onResolved: () => void;
}

export interface ClientEnv {
  readonly model: Model;
  readonly random: Sfc32;
  readonly stats: ReferenceStats;
  now(): number;
  after(seconds: number, action: () => void): void;
  /** Called with each measured success's response time (the MSER-5 pilot run). */
  readonly observe?: ((latencySeconds: number) => void) | undefined;
  /** Runs the attempt through the segments as a process, then calls client.ended(attempt, ending). */
  run(attempt: Attempt): void;
}

export class Attempt implements VisitHooks {
  /** The client no longer waits for this attempt (it succeeded, timed out, abandoned or was dropped). */
  settled = false;
  gaveUpAt = Infinity;
  patienceLeft = Infinity;
  /** The last wait was ended by the queue timeout. */
  private timedOutOfQueue = false;
  /** The queue the attempt waits in now, and since when. */
  private place: { station: Station; ticket: Ticket; since: number } | null = null;

  constructor(
    private readonly client: ReferenceClient,
    readonly original: Original,
    readonly number: number,
  ) {}

  get measured(): boolean {
    return this.original.measured;
  }
  get gaveUp(): boolean {
    return this.gaveUpAt < Infinity;
  }

  timedOut(): boolean {
    return this.timedOutOfQueue;
  }

  mayQueue(): boolean {
    return !(this.gaveUp && this.client.cancelsQueued);
  }

  waiting(station: Station, ticket: Ticket, queueTimeoutSeconds: number): void {
    const place = { station, ticket, since: this.client.env.now() };
    this.place = place;
    const stillThere = () => this.place === place && ticket.state === 'waiting';
    if (this.patienceLeft < Infinity) {
      this.client.env.after(this.patienceLeft, () => {
        // Patience is the client's: a request whose client has gone has no one left to abandon.
        if (stillThere() && !this.settled) this.client.abandoned(this);
      });
    }
    if (queueTimeoutSeconds < Infinity) {
      this.client.env.after(queueTimeoutSeconds, () => {
        if (stillThere()) this.client.queueTimedOut(this);
      });
    }
  }

  markTimedOut(): void {
    this.timedOutOfQueue = true;
  }

  waited(seconds: number): void {
    this.place = null;
    this.patienceLeft -= seconds;
  }

  held(from: number, to: number): void {
    const o = this.client.ov;
    if (!this.measured) return;
    o.threadSeconds += to - from;
    if (this.gaveUp) o.wastedThreadSeconds += to - Math.max(from, this.gaveUpAt);
  }

  /** Leaves the queue it waits in; false when it was not waiting. */
  withdraw(): boolean {
    const place = this.place;
    if (place === null || !place.station.withdraw(place.ticket)) return false;
    this.place = null;
    // Resumes the attempt's process, which ends its walk with 'left'.
    place.ticket.resume('withdrawn');
    return true;
  }

  giveUp(): void {
    this.settled = true;
    this.gaveUpAt = this.client.env.now();
  }
}

export class ReferenceClient {
  readonly ov: ReferenceOverloadStats;
  readonly cancelsQueued: boolean;
  private readonly o: Overload;
  private readonly patience: Sampler | null;
  private tokens = 0;
  private readonly tokenCap: number;

  constructor(readonly env: ClientEnv) {
    const o = env.model.overload!;
    this.o = o;
    this.ov = env.stats.overload!;
    this.cancelsQueued = o.cancel === 'queued';
    this.patience = o.patience === null ? null : sampler(o.patience.name, o.patience.meanSeconds, o.patience.scv);
    const w = env.model.workload;
    const deposits = w.kind === 'open' ? w.arrivalRatePerSecond * RETRY_BUDGET_WINDOW_SECONDS : w.clients;
    this.tokenCap = Math.max(1, (o.retry?.budget ?? 0) * deposits);
  }

  /** Sends an original request (attempt 1); `onResolved` is called once, at its success or final failure. */
  send(measured: boolean, connection: boolean, onResolved: () => void): void {
    const budget = this.o.retry?.budget ?? null;
    if (budget !== null) this.tokens = Math.min(this.tokenCap, this.tokens + budget);
    this.start(new Attempt(this, { sentAt: this.env.now(), measured, connection, onResolved }, 1));
  }

  private start(attempt: Attempt): void {
    const env = this.env;
    this.ov.changeInSystem(env.now(), +1);
    if (this.o.timeoutSeconds < Infinity) {
      env.after(this.o.timeoutSeconds, () => {
        if (attempt.settled) return;
        attempt.giveUp();
        if (attempt.measured) this.ov.timeouts++;
        if (this.cancelsQueued) attempt.withdraw();
        this.failed(attempt);
      });
    }
    if (this.patience !== null) attempt.patienceLeft = this.patience(env.random);
    env.run(attempt);
  }

  /** The attempt's process has left the system: after its last stage, refused, withdrawn or cancelled. */
  ended(attempt: Attempt, ending: Ending): void {
    const now = this.env.now();
    this.ov.changeInSystem(now, -1);
    if (ending === 'refused') {
      if (attempt.settled) return;
      attempt.giveUp();
      if (attempt.measured) this.env.stats.dropped++;
      this.failed(attempt);
    } else if (ending === 'done') {
      const window = this.ov.windowAt(now);
      if (window !== null) window.finished++;
      if (attempt.settled) {
        if (attempt.measured) this.ov.lateCompletions++;
        return;
      }
      attempt.settled = true;
      const latency = now - attempt.original.sentAt;
      if (attempt.measured) {
        this.env.stats.recordLatency(latency);
        this.env.observe?.(latency);
      }
      if (window !== null) {
        window.succeeded++;
        window.successLatencies.push(latency);
      }
      attempt.original.onResolved();
    }
  }

  abandoned(attempt: Attempt): void {
    attempt.withdraw();
    attempt.giveUp();
    if (attempt.measured) this.ov.abandons++;
    this.failed(attempt);
  }

  /** A queue timeout is the server's: it removes even a request whose client has gone, and counts as a drop. */
  queueTimedOut(attempt: Attempt): void {
    attempt.markTimedOut();
    attempt.withdraw();
    if (attempt.settled) return;
    attempt.giveUp();
    if (attempt.measured) this.env.stats.dropped++;
    this.failed(attempt);
  }

  /** The client saw the attempt fail: retry when the policy and the budget allow, else the request failed. */
  private failed(attempt: Attempt): void {
    const retry = this.o.retry;
    const k = attempt.number;
    const allowed = retry !== null && k < retry.attempts && (retry.budget === null || this.tokens >= 1);
    if (!allowed) {
      if (attempt.measured) this.ov.failedRequests++;
      attempt.original.onResolved();
      return;
    }
    if (retry.budget !== null) this.tokens -= 1;
    if (attempt.measured) this.ov.retries++;
    const nominal = retry.backoffSeconds * retry.multiplier ** (k - 1);
    const u = retry.jitter === 'none' ? 1 : this.env.random.uniform();
    const delay = retry.jitter === 'full' ? u * nominal : retry.jitter === 'equal' ? nominal * (0.5 + 0.5 * u) : nominal;
    this.env.after(delay, () => {
      this.env.stats.events++;
      this.start(new Attempt(this, attempt.original, k + 1));
    });
  }
}

/**
 * Open arrivals under a schedule: Poisson by thinning (Lewis & Shedler 1979) against the largest rate, which
 * needs no restart at the steps; a renewal process (arrivalScv ≠ 1) at each piece's rate, its draw restarted
 * at each step (README "Overload"). Returns the next arrival time after t, or Infinity.
 */
export function scheduledArrivals(model: Model, random: Sfc32): (t: number) => number {
  const w = model.workload;
  if (w.kind !== 'open') throw new Error('a schedule needs an open workload');
  const steps = model.overload?.schedule ?? [];
  const rateAt = (t: number) => {
    let rate = w.arrivalRatePerSecond;
    for (const step of steps) if (step.atSeconds <= t) rate = step.ratePerSecond;
    return rate;
  };
  const nextStep = (t: number) => steps.find((s) => s.atSeconds > t)?.atSeconds ?? Infinity;
  const top = Math.max(steps[0] !== undefined && steps[0].atSeconds <= 0 ? 0 : w.arrivalRatePerSecond, ...steps.map((s) => s.ratePerSecond));
  if (w.arrivalScv === 1) {
    return (t) => {
      if (top <= 0) return Infinity;
      for (;;) {
        t += -Math.log(random.uniform()) / top;
        if (random.uniform() * top < rateAt(t)) return t;
        if (rateAt(t) === 0 && nextStep(t) === Infinity) return Infinity;
      }
    };
  }
  const gaps = new Map<number, Sampler>();
  return (t) => {
    for (;;) {
      const rate = rateAt(t);
      const step = nextStep(t);
      if (rate > 0) {
        let gap = gaps.get(rate);
        if (gap === undefined) gaps.set(rate, (gap = interArrivalSampler(1 / rate, w.arrivalScv)));
        const at = t + gap(random);
        if (at <= step) return at;
      }
      if (step === Infinity) return Infinity;
      t = step;
    }
  };
}
