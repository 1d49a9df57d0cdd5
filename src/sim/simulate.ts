/**
 * simulate(model, options) → SimResult.
 *
 *   Model ──buildNetwork──▶ Network ──(per replication: own RNG stream)──▶ engine (recursion | fast | simjs) ──▶ Tally
 *         ──summarize (means, Student-t 95% half-widths across replications)──▶ SimResult
 *
 * Replication k draws from xoshiro128** stream k of the seed, so results depend only on (model, options):
 * the same seed gives the same JSON. With `precision`, replications are added until the relative 95%
 * half-width of the mean latency is within it (the sequential procedure of Law 2015, §9.4.1), capped at 200.
 * With `warmup: 'auto'`, a pilot replication (its own stream, at most 1M requests, nothing deleted) feeds
 * MSER-5 (mser.ts), and every replication then discards the warm-up it found.
 *
 * simulateAsync may run the replications on worker threads (parallel.ts) when spare cores exist and the run is
 * long enough to pay for starting them; replication k still uses stream k and the tallies are merged in order,
 * so the JSON is the same either way.
 */
import { capacity, carriedRates, stability, stabilityByEstimateNote, type RefusalEstimate, type Stability } from '../model/capacity.ts';
import { refusalsOf } from '../model/refusals.ts';
import { unstableResult } from '../model/unstable-result.ts';
import { assertSimulateInput } from '../model/guard-options.ts';
import type { Model } from '../model/types.ts';
import type { RunControl } from './fast-engine.ts';
import { replicationOf, resolveEngine } from './engines.ts';
import { BatchMeans, mser5Warmup } from './mser.ts';
import { buildNetwork } from './network.ts';
import { availableThreads, balancedWorkers, COMPILED, runParallel } from './parallel.ts';
import { halfWidth95, sampleMean } from './student-t.ts';
import { summarize } from './summarize.ts';
import type { Tally } from './tally.ts';
import type { EngineName, SimResult, SimulateOptions } from './types.ts';

export const DEFAULT_REQUESTS = 100_000;
export const DEFAULT_REPLICATIONS = 5;
export const DEFAULT_SEED = 1;
const MAX_REPLICATIONS = 200;
/** The MSER-5 pilot run: at most this many requests (its batch means are kept: 8 bytes per 5 requests). */
const MSER_PILOT_MAX = 1_000_000;
/** Stream of the pilot run, apart from the replications' streams 0, 1, 2, … */
const PILOT_STREAM = 1 << 30;

/**
 * Below this many simulated requests in all, worker threads do not pay. A worker loads the compiled simulator
 * from dist/ in tens of ms (`npm run bench` measures the speed-up at this size and at 10M). From source
 * (tests, tsx scripts) a worker compiles the simulator through tsx first (~0.4 s each), so only runs of
 * millions of requests gain.
 */
const PARALLEL_MIN_REQUESTS = COMPILED ? 200_000 : 2_000_000;

const defaultClock = () => globalThis.performance.now() / 1000;

/**
 * A closed loop starts with every client issuing at once: a burst of N requests that the measurement window
 * (from the issue of request `warmup` to that of `warmup + requests`) must not contain, or throughput,
 * utilisation and queues come out above what is possible (20,000 clients: 110.7% utilisation). The default
 * warm-up therefore spans this many issues per client…
 */
const CLOSED_WARMUP_CYCLES = 3;
/** …up to this many requests per replication; beyond it the run is declared too short. */
const CLOSED_WARMUP_MAX = 500_000;

/** Requests discarded per replication when no warm-up is given: a tenth of the run, or the closed loop's burst. */
export function defaultWarmup(model: Model, requests: number): number {
  const warmup = Math.floor(requests / 10);
  if (model.workload.kind !== 'closed') return warmup;
  return Math.max(warmup, Math.min(CLOSED_WARMUP_MAX, CLOSED_WARMUP_CYCLES * model.workload.clients));
}

/** What the simulation generator asks its async driver for: these replications, run on worker threads. */
interface ParallelRequest {
  readonly replications: readonly number[];
  readonly requests: number;
  readonly warmup: number;
  readonly engine: EngineName;
}
interface ParallelAnswer {
  readonly tallies: Tally[];
  readonly aborted: boolean;
}
type Simulation = Generator<ParallelRequest | void, SimResult, ParallelAnswer | undefined>;

/** Runs the whole simulation synchronously, on this thread. */
export function simulate(model: Model, options: SimulateOptions = {}): SimResult {
  const steps = simulation(model, options, 1);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same run, giving the event loop a turn after every slice of a few hundred thousand events, so signal
 * handlers (Ctrl-C), timers and UIs stay live. Same seed, same result as simulate().
 */
export async function simulateAsync(model: Model, options: SimulateOptions = {}): Promise<SimResult> {
  const runner = options.replicationRunner;
  const forced = options.workers !== undefined;
  const threads = runner ? 2 : options.workers ?? (await availableThreads());
  const steps = simulation(model, options, threads);
  let answer: ParallelAnswer | undefined;
  for (;;) {
    const step = steps.next(answer);
    answer = undefined;
    if (step.done) return step.value;
    if (step.value === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      continue;
    }
    const request = step.value;
    const started = (options.clock ?? defaultClock)();
    answer = await (runner ?? runParallel)({
      model,
      engine: request.engine,
      seed: Math.floor(options.seed ?? DEFAULT_SEED) >>> 0,
      requests: request.requests,
      warmup: request.warmup,
      replications: request.replications,
      threads: forced ? threads : balancedWorkers(threads, request.replications.length),
      signal: options.signal,
      onDone: (done, events) =>
        options.onProgress?.({
          fraction: done / request.replications.length,
          events,
          replication: done,
          replications: request.replications.length,
          elapsedSeconds: (options.clock ?? defaultClock)() - started,
        }),
    });
  }
}

/**
 * The run as a generator: it yields undefined between slices (so an async driver can let the event loop run)
 * and, only when `threads` > 1 and the run is long enough, one ParallelRequest whose tallies the driver sends
 * back. simulate() passes threads = 1 and so never sees a request.
 */
function* simulation(givenModel: Model, options: SimulateOptions, threads: number): Simulation {
  assertSimulateInput(givenModel, options);
  // A warm start is an overload experiment: a plain model gets the neutral overload (nothing times out or
  // retries) so the engine tracks attempts and reports goodput.
  const model: Model =
    (options.initialInSystem ?? 0) > 0 && givenModel.overload === undefined
      ? { ...givenModel, overload: { schedule: null, horizonSeconds: null, timeoutSeconds: Infinity, patience: null, cancel: 'queued', retry: null } }
      : givenModel;
  const requests = Math.max(1, Math.floor(options.requests ?? DEFAULT_REQUESTS));
  const planned = Math.max(1, Math.floor(options.replications ?? DEFAULT_REPLICATIONS));
  const seed = Math.floor(options.seed ?? DEFAULT_SEED) >>> 0;
  const auto = options.warmup === 'auto';
  let warmup = options.warmup === undefined ? defaultWarmup(model, requests) : Math.max(0, Math.floor(options.warmup === 'auto' ? 0 : options.warmup));
  const clients = model.workload.kind === 'closed' ? model.workload.clients : 0;
  const clock = options.clock ?? defaultClock;
  const notes: string[] = [];
  const net = buildNetwork(model);
  const engine = resolveEngine(model, net, options.engine);
  const timeDriven = model.overload?.horizonSeconds != null;
  if (model.overload !== undefined) {
    if (engine === 'recursion') {
      notes.push(`overload: the ${engine} engine does not simulate timeouts, patience, retries, queue timeouts or schedules: figures are for the model without them (use --engine fast or simjs)`);
    }
    if (timeDriven) {
      notes.push(
        `time-driven run: ${model.overload.horizonSeconds} s simulated per replication from an empty system${options.initialInSystem ? ` plus ${options.initialInSystem} requests at time 0` : ''}; --requests and --warmup do not apply`,
      );
    }
  }

  // A time-driven run ends at its horizon, so a load beyond capacity is a transient to watch, not a run that
  // never ends.
  const { overloaded: unstable, decidedBy } = timeDriven ? NO_OVERLOAD : unstablePools(model);
  // An overload that refusals upstream, not known exactly, might remove is simulated and decided again with the
  // refusals measured (decidedByRun): growing queues are real for the run's length, not a run that never ends.
  if (unstable.length > 0 && decidedBy.length === 0) return unstableAnswer(model, unstable, { requests, seed, engine, warmup, notes });
  const replication = replicationOf(engine, model, net, seed);
  const overloadControl = {
    ...(options.windowSeconds !== undefined ? { windowSeconds: options.windowSeconds } : {}),
    ...(options.initialInSystem !== undefined ? { initialInSystem: options.initialInSystem } : {}),
  };
  const tallies: Tally[] = [];
  const started = clock();
  let events = 0;
  let stopped = false;
  if (auto) {
    const pilotRequests = Math.min(requests, MSER_PILOT_MAX);
    const batches = new BatchMeans();
    const pilot: Tally = yield* replication(PILOT_STREAM, {
      requests: pilotRequests,
      warmup: 0,
      observe: (latencySeconds) => batches.add(latencySeconds),
      poll: () => options.signal?.aborted === true,
    });
    events += pilot.events;
    warmup = mser5Warmup(batches);
    notes.push(
      `warm-up: MSER-5 (White 1997) on the response times of a ${pilotRequests}-request pilot run: ${warmup} requests discarded per replication`,
    );
  }
  const target = options.precision;
  const forced = options.workers !== undefined || options.replicationRunner !== undefined;
  const parallel =
    threads > 1 &&
    target === undefined &&
    (planned > 1 || options.replicationRunner !== undefined) &&
    model.overload === undefined && // patience distributions and timeline windows do not cross to workers (yet)
    !options.signal?.aborted &&
    (forced || (requests + warmup) * planned > PARALLEL_MIN_REQUESTS);
  if (parallel) {
    const answer = yield { replications: Array.from({ length: planned }, (_, k) => k), requests, warmup, engine };
    for (const tally of answer!.tallies) {
      events += tally.events;
      tallies.push(tally);
    }
    if (answer!.aborted) {
      stopped = true;
      notes.push(`interrupted: ${tallies.length} of ${planned} replications finished; the others were discarded`);
    }
  }
  for (let k = tallies.length; !parallel; k++) {
    const enough =
      k >= planned &&
      (target === undefined || k >= MAX_REPLICATIONS || (k >= 2 && relativeHalfWidth(tallies) <= target));
    if (enough || stopped) break;
    const eventsBefore = events;
    const control: RunControl = {
      requests,
      warmup,
      ...overloadControl,
      poll: (eventsNow, measured) => {
        options.onProgress?.({
          fraction: Math.min(1, (k + measured / requests) / Math.max(planned, k + 1)),
          events: eventsBefore + eventsNow,
          replication: k + 1,
          replications: Math.max(planned, k + 1),
          elapsedSeconds: clock() - started,
        });
        return options.signal?.aborted === true;
      },
    };
    if (options.signal?.aborted && tallies.length > 0) break;
    const tally: Tally = yield* replication(k, control);
    events += tally.events;
    if (tally.partial) {
      stopped = true;
      notes.push(`interrupted: replication ${k + 1} stopped early${tallies.length > 0 ? ' and was discarded' : ''}`);
      if (tallies.length > 0) break;
    }
    tallies.push(tally);
    // A turn for the event loop between replications: one shorter than the engine's poll interval never yields
    // inside, and a run of several would otherwise hold simulateAsync's caller (a live screen) for all of them.
    yield;
  }
  if (target !== undefined) {
    const reached = relativeHalfWidth(tallies);
    if (!(reached <= target)) {
      const achieved = Number.isFinite(reached) ? `relative half-width ${reached.toPrecision(3)}` : 'half-width undetermined';
      notes.push(`precision ${target} not reached after ${tallies.length} replications (${achieved})`);
    }
  }
  if (clients > 0) notes.push(...closedLoopNotes(clients, requests, auto ? null : warmup));
  const wallSeconds = clock() - started;
  const summary = summarize(model, tallies, {
    requests,
    seed,
    engine,
    warmup,
    events,
    eventsPerSecond: wallSeconds > 0 ? Math.round(events / wallSeconds) : 0,
    notes,
  });
  if (decidedBy.length > 0) return decidedByRun(model, summary, decidedBy);
  return clients > 0 ? boundClosed(model, summary, clients) : summary;
}

const NO_OVERLOAD: Stability = { overloaded: [], decidedBy: [] };

/**
 * The stability rule applied again with the refusals the run measured upstream (model/refusals.ts refusalsOf).
 * Still overloaded: the unstable answer, with the measured drop rate and the measured figures of the pools the
 * overload does not hold up (the queues of the overloaded ones grew through the run: their waits are nulls).
 */
function decidedByRun(model: Model, summary: SimResult, decidedBy: readonly string[]): SimResult {
  const { overloaded } = unstablePools(model, refusalsOf(summary.stages));
  const notes = [...summary.notes, stabilityByEstimateNote(decidedBy, overloaded, 'measured')];
  if (overloaded.length === 0) return { ...summary, notes };
  const over = new Set(overloaded);
  const nulls = { probWait: null, meanWait: null, meanQueueLength: null, meanInSystem: null };
  const nullLatency = { mean: null, p50: null, p90: null, p95: null, p99: null, p999: null };
  return {
    ...summary,
    ...unstableResult(model, {
      method: 'simulation',
      overloaded,
      dropRate: summary.dropRate,
      notes,
      stages: summary.stages.map((row) => (over.has(row.pool) ? { ...row, ...nulls, meanResponse: null } : row)),
      pools: summary.pools.map((row) => (over.has(row.name) ? { ...row, ...nulls } : row)),
    }),
    ci: { ...nullLatency, latency: nullLatency, throughput: null, dropRate: summary.ci.dropRate, stages: [] },
  };
}

/** Says so when a closed-loop run is too short to leave the initial burst and reach a steady state. */
function closedLoopNotes(clients: number, requests: number, warmup: number | null): string[] {
  const shortWarmup = warmup !== null && warmup < 2 * clients;
  const shortWindow = requests < clients;
  if (!shortWarmup && !shortWindow) return [];
  const needs = [
    shortWarmup ? `a warm-up of about ${CLOSED_WARMUP_CYCLES * clients} requests (it was ${warmup})` : '',
    shortWindow ? `at least ${clients} measured requests per replication (it was ${requests})` : '',
  ].filter((x) => x !== '');
  return [
    `warning: too short to reach steady state: the ${clients} clients all start at once, and a steady state needs ${needs.join(' and ')}; the figures are not steady-state values (raise --warmup / --requests)`,
  ];
}

/**
 * Estimates of a closed loop kept within what is possible: no thread busier than 100%, no throughput above the
 * bottleneck's capacity, no more requests queued than clients. A correction above 1% is said in the notes.
 */
function boundClosed(model: Model, result: SimResult, clients: number): SimResult {
  const { maxThroughput } = capacity(model);
  let worst = 0;
  const bound = <T extends number | null>(value: T, limit: number | null): T => {
    if (value === null || limit === null || !(value > limit)) return value;
    worst = Math.max(worst, value / limit - 1);
    return limit as T;
  };
  const stages = result.stages.map((s) => ({
    ...s,
    utilization: bound(s.utilization, 1),
    meanQueueLength: bound(s.meanQueueLength, clients),
    meanInSystem: bound(s.meanInSystem, clients),
  }));
  const pools = result.pools.map((p) => ({
    ...p,
    utilization: bound(p.utilization, 1),
    meanQueueLength: bound(p.meanQueueLength, clients),
    meanInSystem: bound(p.meanInSystem, clients),
  }));
  const throughput = bound(result.throughput, maxThroughput);
  const notes =
    worst > 0.01
      ? [...result.notes, `warning: estimates up to ${(100 * worst).toFixed(1)}% above a physical bound (100% busy, the bottleneck's capacity, the ${clients} clients) were clamped to it: the run is too short for a steady state`]
      : result.notes;
  return { ...result, stages, pools, throughput, notes };
}

function relativeHalfWidth(tallies: readonly Tally[]): number {
  const means = tallies.filter((t) => t.completed > 0).map((t) => t.latencySum / t.completed);
  const h = halfWidth95(means);
  return h === null ? Infinity : h / sampleMean(means);
}

/** Open pools whose queues grow without bound: the shared definition (model/capacity.ts), as analysis uses it. */
function unstablePools(model: Model, measured?: RefusalEstimate): Stability {
  const w = model.workload;
  if (w.kind !== 'open') return NO_OVERLOAD;
  return stability(model, w.arrivalRatePerSecond, measured);
}

function unstableAnswer(
  model: Model,
  overloaded: readonly string[],
  facts: { requests: number; seed: number; engine: EngineName; warmup: number; notes: string[] },
): SimResult {
  const nullLatency = { mean: null, p50: null, p90: null, p95: null, p99: null, p999: null };
  // Refusals upstream known exactly (model/refusals.ts) still happen, and analysis reports them too.
  const offered = model.workload.kind === 'open' ? model.workload.arrivalRatePerSecond : 0;
  return {
    ...unstableResult(model, {
      method: 'simulation',
      overloaded,
      dropRate: offered > 0 ? carriedRates(model, offered).refused / offered : 0,
      notes: [...facts.notes, 'not simulated: no steady state to measure'],
      poolMethod: () => 'simulation (not run: unstable)',
    }),
    ci: { ...nullLatency, latency: nullLatency, throughput: null, dropRate: null, stages: [] },
    requests: facts.requests,
    replications: 0,
    seed: facts.seed,
    engine: facts.engine,
    warmup: facts.warmup,
    events: 0,
    eventsPerSecond: 0,
  };
}
