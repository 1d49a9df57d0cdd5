/**
 * Open network of pools, solved station by station (Jackson decomposition).
 *
 *   segments ──segmentLoad──▶ per-segment visits and service moments
 *            ──flows (fixed point on blocking when a queue is finite)──▶ per-pool arrival rates
 *            ──solvePool──▶ per-pool metrics ──▶ stage figures, end-to-end mean and transform ──▶ percentiles
 *
 * Exact for means with Poisson arrivals and exponential single-stage segments (Jackson 1963), visits > 1
 * included. Variability of arrivals is carried from pool to pool with Whitt's QNA linking equation for
 * departures (Whitt 1983, eq. 39): cd² = 1 + (1 − ρ²)(ca² − 1) + ρ²(cs² − 1)/√c.
 */
import type { Model, OpenWorkload, Pool } from '../model/types.ts';
import type { ServiceDist } from '../model/distribution.ts';
import type { LatencySummary, PoolResult, Result, StageResult } from '../model/result.ts';
import { PERCENTILE_KEYS, PERCENTILE_LEVELS, type PercentileKey } from '../model/result.ts';
import { segmentLoad, type SegmentLoad } from './segment-load.ts';
import { solvePool, type PoolSolution } from './pool-solver.ts';
import type { StationMetrics } from './mmc.ts';
import {
  exponentialLst,
  pollaczekKhinchineWaitLst,
  truncatedGeometricWaitLst,
  twoMomentLst,
  type Lst,
} from './sojourn.ts';
import type { ExactTail } from './percentiles.ts';
import { latticeLst, latticeSum, SMOOTHED_NOTE, type Lattice } from './lattice.ts';
import { latticeDistribution, type LatencyDistribution } from './latency-distribution.ts';
import { isNearDeterministic, segmentLattice, segmentServiceLattice, SERVICE_TRANSFORM_NOTE, serviceLst } from './visit-lattice.ts';
import { singleServerWaitShape } from './wait-shape.ts';
import { departureScv, FLOW_NOTE, mergeScv, relaxationSeconds, scvSeenAt, splitScv, type FlowVariability } from './qna.ts';
import { compoundSecondMoment, feedbackEquivalent, perVisitSolution, REENTRY_NOTE, reentryLattice } from './feedback.ts';
import { applyCoresOpen, busyThreads, type ExactCoresPool } from './cores.ts';
import { capacity, carriedRates, cpuDemandPerRequest, impatienceBounds, stability, stabilityByEstimateNote } from '../model/capacity.ts';
import { refusalsOf } from '../model/refusals.ts';
import { MIN_RATE_PER_SECOND } from '../model/guard-limits.ts';
import { unstableResult } from '../model/unstable-result.ts';
import { assessParts, type PartUse } from './accuracy.ts';
import { interactionUses, type PoolFlow } from './network-interaction.ts';
import { isRenewalMM1Tandem } from './interchange.ts';

export interface AnalyzeOptions {
  /**
   * false skips the percentile inversion (a planner that only needs means); a list of keys inverts only those
   * (the others come back null): a planner checking a p99 bound pays for one quantile search, not five.
   */
  readonly percentiles?: boolean | readonly PercentileKey[];
  /** Closed workloads: 'exact' (default, any population) or 'schweitzer' (Bard–Schweitzer approximate MVA). */
  readonly closedMethod?: 'exact' | 'schweitzer';
}

/** Where analyze leaves the end-to-end distribution it inverted (latencyDistribution reads it). */
export interface DistributionSink {
  distribution: LatencyDistribution | null;
}

interface PoolState {
  readonly pool: Pool;
  arrivalRate: number;
  /** Σ visits·E[S], Σ visits·E[S²] over its segments, per second, to mix the service moments. */
  weightedMean: number;
  weightedSecond: number;
  arrivalScv: number;
  arrivalScvSum: number;
  /** Σ visits·(QNA scv of the flow reaching it, before the time-scale view): how far upstream queues reshaped it. */
  shortScvSum: number;
  /** QNA scv of the pool's departures, from the last solve. */
  departureScv: number | undefined;
  blocking: number;
  solution: PoolSolution | null;
  /** Per request, for the immediate-feedback equivalent of a re-entered pool (feedback.ts): rate, Σ rate·E[X²], Σ rate·ca². */
  jobRate: number;
  jobSecond: number;
  jobScvSum: number;
  /** The one stage's distribution, when the pool serves a single one-stage run visited at most once. */
  dist: ServiceDist | undefined;
}

/** Pass probability and visit attempts per request reaching a segment, given its pool's blocking B. */
function passage(load: SegmentLoad, blocking: number): { pass: number; attempts: number } {
  if (!load.repeated) return { pass: 1 - load.visits * blocking, attempts: load.visits };
  // A re-entry requeues the moment it leaves its thread, so it finds the place it just freed: only the first
  // entry can be refused. Feeding the pool λ·v visits is then exact for M/M/c/K: births λ·v with deaths
  // min(n, c)/S have the stationary law of births λ (first entries) with deaths min(n, c)/(v·S) (completions
  // that leave); both offer λ·v·S, and by PASTA a first entry is refused with that law's p_K.
  return { pass: 1 - blocking, attempts: load.visits };
}

/**
 * Mean visits to a segment among the requests that complete (latency is theirs alone): a request refused at a
 * segment it enters with probability v < 1 is gone, so the survivors entered it with probability
 * v(1 − B)/(1 − vB), not v (a loss stage skipped by a third of the requests held +6% on the mean otherwise). A
 * segment entered surely, or re-entered (only its first entry is refused), was visited as often by survivors.
 */
function completedVisits(load: SegmentLoad, blocking: number): number {
  if (load.repeated || load.visits >= 1 || !(blocking > 0)) return load.visits;
  return (load.visits * (1 - blocking)) / (1 - load.visits * blocking);
}

/** The pool's relaxation time (qna.ts relaxationSeconds); 0 for a pure delay, which reshapes no flow. */
function poolRelaxation(state: PoolState, arrivalScv: number, serviceScv: number): number {
  const pool = state.pool;
  if (pool.threads === Infinity || state.arrivalRate <= 0) return 0;
  const rho = Math.min(1, (state.weightedMean * (1 - state.blocking)) / pool.threads);
  const servers = pool.dispatch === 'per-thread' ? 1 : pool.threads;
  return relaxationSeconds(arrivalScv, serviceScv, state.weightedMean / state.arrivalRate, servers, rho);
}

/** cd² of a pool's departures (QNA eq. 39); a per-thread pool is c single-server queues, each fed a random split. */
function poolDepartureScv(state: PoolState, arrivalScv: number, serviceScv: number): number {
  const pool = state.pool;
  if (pool.threads === Infinity) return arrivalScv;
  const rho = Math.min(1, (state.weightedMean * (1 - state.blocking)) / pool.threads);
  if (pool.dispatch === 'per-thread' && pool.threads > 1) {
    return departureScv(splitScv(arrivalScv, 1 / pool.threads), serviceScv, rho, 1);
  }
  return departureScv(arrivalScv, serviceScv, rho, pool.threads);
}

interface Prepared {
  readonly loads: readonly SegmentLoad[];
  readonly poolIndex: ReadonlyMap<string, number>;
  readonly poolStages: ReadonlyMap<string, readonly string[]>;
  readonly hasFinite: boolean;
  readonly scvFixedPoint: boolean;
}

/**
 * What depends on the model's structure alone (segment loads, pool lookups), computed once: planners and sweeps
 * call analyze() thousands of times on copies that differ only in rate (model/edit.ts keeps the stage, pool and
 * segment arrays), so the cache is keyed on the stages array (a WeakMap: it never keeps a model alive) and
 * checked against the other inputs of segmentLoad.
 */
interface PreparedEntry extends Prepared {
  readonly pools: Model['pools'];
  readonly segments: Model['segments'];
  readonly requestsPerConnection: number;
}

const preparedCache = new WeakMap<Model['stages'], PreparedEntry>();

function prepared(model: Model): Prepared {
  const hit = preparedCache.get(model.stages);
  const rpc = model.workload.requestsPerConnection;
  if (hit && hit.pools === model.pools && hit.segments === model.segments && hit.requestsPerConnection === rpc) return hit;
  const loads = model.segments.map((segment) => segmentLoad(model, segment));
  const poolStages = new Map<string, string[]>();
  for (const stage of model.stages) {
    const list = poolStages.get(stage.pool);
    if (list) list.push(stage.name);
    else poolStages.set(stage.pool, [stage.name]);
  }
  const entry: PreparedEntry = {
    loads,
    poolIndex: new Map(model.pools.map((pool, i) => [pool.name, i])),
    poolStages,
    hasFinite: model.pools.some((pool) => pool.queueCapacity !== Infinity),
    scvFixedPoint: needsScvFixedPoint(loads, model.pools.length),
    pools: model.pools,
    segments: model.segments,
    requestsPerConnection: rpc,
  };
  preparedCache.set(model.stages, entry);
  return entry;
}

/** Pools visited from several segments, or re-entered, need the QNA pass iterated to a fixed point. */
function needsScvFixedPoint(loads: readonly SegmentLoad[], poolCount: number): boolean {
  return loads.length > poolCount || loads.some((l) => l.repeated);
}

/**
 * The conditional wait of a visit that waits (its atom at 0, 1 − probWait, is added by segmentLattice). An
 * M/G/1 pool serving one segment gets the exact Pollaczek–Khinchine transform with that segment's service
 * transform; a pool mixing segments keeps the two-moment (Takács) fit.
 */
function conditionalWaitLst(metrics: StationMetrics, ownService: Lst | null): Lst | null {
  const w = metrics.wait;
  if (w.kind === 'none' || metrics.probWait <= 0) return null;
  if (w.kind === 'two-moment' && w.serverArrivalRate !== undefined && ownService) {
    return pollaczekKhinchineWaitLst(w.serverArrivalRate, ownService, w.mean);
  }
  return w.kind === 'exponential'
    ? exponentialLst(1 / w.rate)
    : w.kind === 'two-moment'
      ? twoMomentLst(w.mean, w.scv)
      : truncatedGeometricWaitLst(w.rho, w.places, w.drainRate);
}

/** Closed-form tail of an M/M/c response time: Wq (0 w.p. 1 − C, else Exp(θ)) plus Exp(µ) service. */
function mmcExactTail(probWait: number, theta: number, mu: number): ExactTail {
  const d = theta - mu;
  // P(Exp(θ) + Exp(µ) > t) = e^{−µt}·(1 − µ·expm1(−d·t)/d), and (1 + µt)e^{−µt} at d = 0.
  const sumTail = (t: number) => Math.exp(-mu * t) * (d === 0 ? 1 + mu * t : 1 - (mu * Math.expm1(-d * t)) / d);
  const sumPdf = (t: number) =>
    d === 0 ? mu * mu * t * Math.exp(-mu * t) : ((theta * mu) / d) * (Math.exp(-mu * t) - Math.exp(-theta * t));
  return {
    // probWait = 0 (a delay station) skips the sum, whose expm1 overflows far in the tail (0 · ∞).
    ccdf: (t) => (1 - probWait) * Math.exp(-mu * t) + (probWait > 0 ? probWait * sumTail(t) : 0),
    pdf: (t) => (1 - probWait) * mu * Math.exp(-mu * t) + (probWait > 0 ? probWait * sumPdf(t) : 0),
  };
}

const NULL_LATENCY: LatencySummary = { mean: null, p50: null, p90: null, p95: null, p99: null, p999: null };

export function analyzeOpen(
  given: Model,
  workload: OpenWorkload,
  options: AnalyzeOptions = {},
  sink?: DistributionSink,
): Result {
  const lambda = workload.arrivalRatePerSecond;
  const cores = applyCoresOpen(given, lambda);
  const model = cores.model;
  const { loads, poolIndex, hasFinite, scvFixedPoint } = prepared(model);
  const states: PoolState[] = model.pools.map((pool) => ({
    pool,
    arrivalRate: 0,
    weightedMean: 0,
    weightedSecond: 0,
    arrivalScv: -1,
    arrivalScvSum: 0,
    shortScvSum: 0,
    departureScv: undefined,
    blocking: 0,
    solution: null,
    jobRate: 0,
    jobSecond: 0,
    jobScvSum: 0,
    dist: undefined,
  }));
  for (const state of states) {
    const own = loads.filter((l) => l.segment.pool === state.pool.name);
    if (own.length === 1 && !own[0]!.repeated) state.dist = own[0]!.dist;
  }
  const notes: string[] = cores.note ? [cores.note] : [];
  const reachRates = new Float64Array(loads.length);
  // Past a saturated pool the path carries its capacity, not the offered rate (model/capacity.ts).
  const { through } = carriedRates(given, lambda);

  // Fixed point on blocking probabilities and, where a pool is visited from several places or re-entered,
  // on the QNA flow variabilities; a single pass when neither applies.
  const iterate = hasFinite || scvFixedPoint;
  for (let iteration = 0; iteration < (iterate ? 200 : 1); iteration++) {
    for (const state of states) {
      state.arrivalRate = 0;
      state.weightedMean = 0;
      state.weightedSecond = 0;
      state.arrivalScvSum = 0;
      state.shortScvSum = 0;
      state.jobRate = 0;
      state.jobSecond = 0;
      state.jobScvSum = 0;
    }
    let rate = lambda;
    for (const load of loads) {
      const state = states[poolIndex.get(load.segment.pool)!]!;
      reachRates[load.segment.index] = rate;
      const { pass, attempts } = passage(load, state.blocking);
      const visitRate = rate * attempts;
      state.arrivalRate += visitRate;
      state.weightedMean += visitRate * load.meanService;
      state.weightedSecond += visitRate * load.meanService * load.meanService * (1 + load.scv);
      state.jobRate += load.repeated ? rate : visitRate;
      state.jobSecond += load.repeated
        ? rate * compoundSecondMoment(load.meanService, load.scv, load.visits)
        : visitRate * load.meanService * load.meanService * (1 + load.scv);
      // A capacity below the smallest rate reqpath takes (a service of 1e305 s) carries nothing to speak of:
      // solved at such a rate the pools after it would answer NaN.
      const carried = through[load.segment.stageIndices.at(-1)!]!;
      rate = Math.min(rate * pass, carried < MIN_RATE_PER_SECOND ? 0 : carried);
    }
    // QNA pass (Whitt 1983): the request flow's scv, segment by segment. Departure scvs of pools come from the
    // previous iteration when a pool is visited again later in the path.
    let flow: FlowVariability = { short: workload.arrivalScv, long: workload.arrivalScv, scale: 0 };
    for (const load of loads) {
      const state = states[poolIndex.get(load.segment.pool)!]!;
      const reach = reachRates[load.segment.index]!;
      const { pass, attempts } = passage(load, state.blocking);
      // The pool sees the flow's variability at its own time scale (qna.ts FlowVariability).
      const scale = poolRelaxation(state, flow.long, load.scv);
      const flowScv = scvSeenAt(flow, scale);
      const visitRate = reach * attempts;
      const share = state.arrivalRate > 0 ? visitRate / state.arrivalRate : 1;
      let into: number;
      let out: number;
      let intoShort: number | undefined;
      if (load.repeated && feedbackEquivalent(state.pool)) {
        // One compound service per request (feedback.ts): the station sees the requests' own flow.
        into = flowScv;
        out = splitScv(state.departureScv ?? flowScv, state.jobRate > 0 ? reach / state.jobRate : 1);
        state.jobScvSum += reach * flowScv;
      } else if (load.repeated) {
        // External arrivals merge with the fed-back share (1 − 1/v) of the segment's own departures, which
        // depend on the merged arrivals in turn: the previous iteration's departures close the loop.
        const stay = 1 - 1 / load.visits;
        const ownDepartures = splitScv(state.departureScv ?? flowScv, share);
        into = mergeScv(reach, flowScv, visitRate - reach, splitScv(ownDepartures, stay));
        out = splitScv(ownDepartures, 1 - stay);
      } else {
        const p = Math.min(1, load.visits);
        into = splitScv(flowScv, p);
        intoShort = splitScv(flow.short, p);
        // Leaving: this segment's share of the pool's departures, merged with the requests that skipped it.
        // A pool serving only this segment is solved in path order; a shared pool uses the last iteration's.
        const poolDeparture = share >= 1 ? poolDepartureScv(state, into, load.scv) : (state.departureScv ?? into);
        const done = splitScv(poolDeparture, share);
        out = p < 1 ? mergeScv(p, done, 1 - p, splitScv(flowScv, 1 - p)) : done;
      }
      state.arrivalScvSum += visitRate * into;
      state.shortScvSum += visitRate * (intoShort ?? into);
      if (!load.repeated) state.jobScvSum += visitRate * into;
      const kept = Math.min(1, Math.max(0, pass));
      flow = { short: splitScv(out, kept), long: splitScv(flow.long, kept), scale: scale > 0 ? scale : flow.scale };
    }
    let change = 0;
    for (const state of states) {
      if (state.arrivalRate === 0) continue;
      const meanService = state.weightedMean / state.arrivalRate;
      const second = state.weightedSecond / state.arrivalRate;
      const serviceScv = Math.max(0, second / (meanService * meanService) - 1);
      const arrivalScv = state.arrivalScvSum / state.arrivalRate;
      change = Math.max(change, Math.abs(arrivalScv - state.arrivalScv));
      state.arrivalScv = arrivalScv;
      if (state.jobRate < state.arrivalRate && feedbackEquivalent(state.pool)) {
        // Re-entered: solved as its immediate-feedback equivalent, waits converted back to per visit (feedback.ts).
        const job = { meanService: state.weightedMean / state.jobRate, scv: 0, arrivalScv: state.jobScvSum / state.jobRate };
        job.scv = Math.max(0, state.jobSecond / state.jobRate / (job.meanService * job.meanService) - 1);
        const equivalent = solvePool({ pool: state.pool, arrivalRate: state.jobRate, meanService: job.meanService, serviceScv: job.scv, arrivalScv: job.arrivalScv });
        state.solution = perVisitSolution(equivalent, state.jobRate / state.arrivalRate);
        state.blocking = 0;
        state.departureScv = poolDepartureScv(state, job.arrivalScv, job.scv);
        continue;
      }
      state.solution = solvePool({ pool: state.pool, arrivalRate: state.arrivalRate, meanService, serviceScv, arrivalScv, dist: state.dist });
      const blocking = state.solution.metrics?.blocking ?? 0;
      change = Math.max(change, Math.abs(blocking - state.blocking));
      state.blocking = blocking;
      state.departureScv = poolDepartureScv(state, arrivalScv, serviceScv);
    }
    if (change < 1e-12) break;
  }

  // Saturation and stability from the one shared definition (model/capacity.ts), on the model as given: the
  // cores' slowdown is how sharing is modelled, not extra work. Where the solver cannot reach a steady state
  // that the shared definition says exists (an approximation saturating early), the answer is unstable too and
  // says why; the public analyze then simulates.
  let stages = stageResults(model, loads, states, poolIndex, reachRates);
  const { maxThroughput, bottleneck } = capacity(given);
  // Refusals upstream the model cannot know exactly are this solution's own (model/refusals.ts refusalsOf).
  const { overloaded, decidedBy } = stability(given, lambda, refusalsOf(stages));
  if (decidedBy.length > 0) notes.push(stabilityByEstimateNote(decidedBy, overloaded, 'approximate'));
  const solverStuck = states.filter((s) => s.solution && !s.solution.stable).map((s) => s.pool.name);
  const stable = overloaded.length === 0 && solverStuck.length === 0;
  let pass = 1;
  for (const load of loads) pass *= passage(load, states[poolIndex.get(load.segment.pool)!]!.blocking).pass;
  const throughput = lambda * pass;
  // Drops at full queues upstream of an overloaded pool still happen: the rate is known even when waits are not.
  const dropRate = Math.max(0, 1 - pass);

  for (const state of states) {
    const solution = state.solution;
    if (solution && !solution.exact) notes.push(`${state.pool.name}: ${solution.method}`);
  }
  if (states.some((s) => s.pool.threads !== Infinity && s.arrivalRate > 0 && Math.abs(s.arrivalScv - 1) > 1e-9)) notes.push(FLOW_NOTE);
  if (loads.length > states.filter((s) => s.arrivalRate > 0).length) {
    notes.push(
      'shared pools: a pool reached from several runs of stages is one station whose service mixes the runs (mean and scv from their moments); a request queues again on each return; QNA flows iterated to a fixed point',
    );
  }
  // Jackson (1963): Poisson arrivals, exponential service, no finite queue, no shared cores make the network
  // product form, so no part's input is shaped by another's (network-interaction.ts).
  const productForm =
    workload.arrivalScv === 1 &&
    !hasFinite &&
    cores.note === undefined &&
    loads.every((l) => states[poolIndex.get(l.segment.pool)!]!.pool.threads === Infinity || l.dist?.name === 'exponential');
  const accuracy = assessParts(
    partUses(model, loads, states, poolIndex, cores.note === undefined ? null : coreLoad(given, lambda), cores.exact, productForm),
  );
  let pools = poolResults(model, states);
  if (cores.exact) ({ stages, pools } = withThreadsOnCores(cores.exact, states, poolIndex, stages, pools));
  if (!stable) {
    const bounded = overloaded.length === 0 ? solverStuck.filter((pool) => impatienceBounds(given, pool)) : [];
    if (overloaded.length === 0 && bounded.length === 0) {
      notes.push(
        `analytic method saturates early: ${solverStuck.join(', ')} has no steady state in the approximation although the offered load is below capacity (${round(maxThroughput)} requests/s)`,
      );
    }
    return unstableResult(given, {
      method: 'analytic',
      overloaded: overloaded.length > 0 ? overloaded : solverStuck,
      // Offered its capacity or more, bounded only by impatience: stable by the shared definition, not solved here.
      ...(bounded.length > 0
        ? {
            reason: `unstable in this method only: ${bounded.join(', ')} is offered its capacity (${round(maxThroughput)} requests/s) or more and only impatience (patience, a queue timeout or a cancelling client timeout) bounds its queue, which the plain method here does not model (the model itself is stable: simulate, or the public analyze, gives its figures)`,
          }
        : {}),
      dropRate,
      notes,
      accuracy,
      stages,
      pools,
    });
  }

  // End-to-end: per segment, (wait + service) repeated over its visits; segments convolved. Deterministic parts
  // are kept out of the transform as shifts (lattice.ts). Only built when percentiles are asked for.
  const wantPercentiles = options.percentiles !== false || sink !== undefined;
  const parts: Lattice[] = [];
  let mean = 0;
  const poolSegments = new Uint16Array(states.length);
  for (const load of loads) poolSegments[poolIndex.get(load.segment.pool)!]!++;
  for (const load of loads) {
    const state = states[poolIndex.get(load.segment.pool)!]!;
    const metrics = state.solution!.metrics!;
    const visits = completedVisits(load, state.blocking);
    mean += visits * (metrics.meanWait + load.meanService);
    if (!wantPercentiles) continue;
    const service = segmentServiceLattice(model, load.segment, load.meanService, load.scv);
    const ownService = poolSegments[poolIndex.get(load.segment.pool)!] === 1 ? (load.dist ? serviceLst(load.dist, load.meanService, load.scv) : latticeLst(service)) : null;
    parts.push(
      load.repeated && feedbackEquivalent(state.pool) && service.length === 1
        ? reentryLattice(service[0]!, metrics.probWait, conditionalWaitLst(metrics, null), load.visits, Math.sqrt(metrics.probWait))
        : segmentLattice(service, metrics.probWait, singleServerWaitShape(metrics, ownService, load.meanService * load.meanService * (1 + load.scv), state.pool, state.arrivalRate) ?? conditionalWaitLst(metrics, ownService), visits),
    );
  }
  const latency: Record<string, number | null> = { mean };
  if (wantPercentiles) {
    const exact = exactSingleStation(loads, states, poolIndex);
    const sum = latticeSum(parts);
    const distribution = latticeDistribution(sum.lattice, mean, exact);
    if (sum.smoothedParts > 0) notes.push(SMOOTHED_NOTE);
    if (sink) sink.distribution = distribution;
    const wanted = options.percentiles;
    const asked = typeof wanted === 'object' ? PERCENTILE_KEYS.filter((k) => wanted.includes(k)) : PERCENTILE_KEYS;
    const values = distribution.quantiles(asked.map((k) => PERCENTILE_LEVELS[k]));
    for (const key of PERCENTILE_KEYS) latency[key] = null;
    asked.forEach((key, i) => (latency[key] = values[i] ?? null));
    if (!exact && loads.length > 1) {
      notes.push(
        'percentiles: stage sojourn times treated as independent (exact for a tandem of M/M/1 queues, an approximation otherwise); distribution by Euler transform inversion (Abate–Whitt 2006)',
      );
    }
    const mg1 = states.flatMap((st, i) => (st.solution?.metrics?.wait.kind === 'two-moment' ? [i] : []));
    if (mg1.some((i) => poolSegments[i] === 1)) {
      notes.push(
        'percentiles: M/G/1 waits (one server, Poisson arrivals) enter the transform exactly, as the Pollaczek–Khinchine transform of the wait with the stage’s own service transform; deterministic times are exact jumps of the CDF, kept out of the inversion',
      );
    }
    if (mg1.some((i) => poolSegments[i] !== 1)) {
      notes.push(
        'percentiles: M/G/1 waits of a pool shared by several runs of stages enter the transform as an atom at 0 plus a two-moment fit of the conditional wait (gamma for scv ≤ 1, balanced hyperexponential above) from Takács’ second moment with a gamma third moment of service; other non-exponential waits as an exponential of the right mean',
      );
    }
    if (loads.some((l) => isNearDeterministic(l.dist, l.scv))) {
      notes.push(
        'percentiles: near-deterministic service (scv below 1/300) enters as a constant plus a gamma of shape 300 with the same mean and variance (a near-step is out of reach of Euler inversion)',
      );
    }
    if (!exact && loads.some((l) => l.dist && (l.dist.name === 'lognormal' || l.dist.name === 'uniform'))) notes.push(SERVICE_TRANSFORM_NOTE);
    if (loads.some((l) => l.repeated && feedbackEquivalent(states[poolIndex.get(l.segment.pool)!]!.pool))) notes.push(REENTRY_NOTE);
  } else {
    for (const key of PERCENTILE_KEYS) latency[key] = null;
  }
  return {
    model: model.name,
    method: 'analytic',
    stable: true,
    offeredRate: lambda,
    throughput,
    maxThroughput,
    bottleneck,
    dropRate,
    latency: latency as unknown as LatencySummary,
    stages,
    pools,
    notes,
    accuracy,
  };
}

function round(x: number | null): string {
  return x === null ? 'unbounded' : String(Number(x.toPrecision(4)));
}

/**
 * A pool solved as the threads-on-cores chain was handed to the solver as k core servers; what a user reads is
 * its T threads, busy E[min(N, T)] of the time.
 */
function withThreadsOnCores(
  exact: ExactCoresPool,
  states: readonly PoolState[],
  poolIndex: ReadonlyMap<string, number>,
  stages: StageResult[],
  pools: PoolResult[],
): { stages: StageResult[]; pools: PoolResult[] } {
  const state = states[poolIndex.get(exact.name)!]!;
  const meanService = state.arrivalRate > 0 ? state.weightedMean / state.arrivalRate : 0;
  const utilization = busyThreads(state.arrivalRate, meanService, exact) / exact.threads;
  return {
    stages: stages.map((st) => (st.pool === exact.name ? { ...st, threads: exact.threads, utilization } : st)),
    pools: pools.map((p) =>
      p.name === exact.name
        ? {
            ...p,
            threads: exact.threads,
            queueCapacity: exact.queueCapacity === Infinity ? null : exact.queueCapacity,
            utilization,
            method: `threads on cores: M/M/${exact.cores} chain with ${exact.threads}${exact.queueCapacity === Infinity ? '' : ` + ${exact.queueCapacity}`} places (exact means)`,
          }
        : p,
    ),
  };
}

const TWO_MOMENT_PERCENTILES = new Set(['lognormal', 'uniform']);

/**
 * The parts of an open model and the method that solved each (accuracy.ts weighs their measured bands). A
 * part's share is the mean latency it holds; without a steady state, its share of the service time.
 */
function partUses(
  model: Model,
  loads: readonly SegmentLoad[],
  states: readonly PoolState[],
  poolIndex: ReadonlyMap<string, number>,
  coreLoad: number | null,
  exactCores: ExactCoresPool | undefined,
  productForm: boolean,
): PartUse[] {
  const held = new Float64Array(states.length);
  const waited = new Float64Array(states.length);
  const segmentHeld = new Float64Array(loads.length);
  const poolLoads = new Uint16Array(states.length);
  let total = 0;
  loads.forEach((load, k) => {
    const i = poolIndex.get(load.segment.pool)!;
    const metrics = states[i]!.solution?.metrics;
    const visits = completedVisits(load, states[i]!.blocking);
    const t = visits * ((metrics ? metrics.meanWait : 0) + load.meanService);
    segmentHeld[k] = t;
    held[i]! += t;
    waited[i]! += visits * (metrics ? metrics.meanWait : 0);
    poolLoads[i]!++;
    total += t;
  });
  const share = (t: number) => (total > 0 ? Math.min(1, t / total) : 0);
  const uses: PartUse[] = [];
  states.forEach((state, i) => {
    if (state.arrivalRate === 0) return;
    const pool = state.pool;
    const rho = pool.threads === Infinity ? 0 : state.weightedMean / pool.threads;
    const repeated = loads.find((l) => l.repeated && l.segment.pool === pool.name);
    // The threads-on-cores chain is exact for Poisson arrivals only: fed a smoother or burstier flow, its k core
    // servers are solved by the pool's G/G/k method and banded as that, with the chain's percentile band on top
    // (arrivals of scv 0.25 into 8 threads on 2 cores claimed an exact mean that was +7.1 % off).
    const coresChain = exactCores?.name === pool.name;
    const chainFed = coresChain && state.solution?.exact === false;
    const method = coresChain && !chainFed
      ? 'cores-birth-death'
      : repeated
      ? Math.abs(repeated.scv - 1) < 1e-12 && pool.queueCapacity === Infinity ? 'reentry-exponential' : 'reentry-general'
      : poolLoads[i]! > 1
        ? 'shared-pool-mix'
        : (state.solution?.methodId ?? 'mmc');
    const finite = pool.queueCapacity !== Infinity;
    const blockingMethod = state.solution?.methodId;
    // The re-entry and mixed-service treatments shape waits; a finite queue's refusals still come from the
    // pool's blocking method, approximate unless M/M/c/K, so the drop rate carries that method's band (a
    // re-entered Erlang stage's 0.05% drop rate, claimed exact there, was half the simulated 0.1%).
    const apart = finite && blockingMethod !== undefined && method !== blockingMethod && method !== 'cores-birth-death';
    uses.push({ part: pool.name, method, x: rho, share: share(held[i]!), drops: finite && !apart });
    if (apart) uses.push({ part: pool.name, method: blockingMethod, x: rho, share: 0, drops: true });
    if (chainFed) uses.push({ part: pool.name, method: 'cores-birth-death', x: rho, share: share(held[i]!), drops: false });
  });
  const flows: PoolFlow[] = states.map((state, i) => ({
    name: state.pool.name,
    queueing: state.pool.threads !== Infinity && state.arrivalRate > 0,
    rho: state.pool.threads === Infinity ? 0 : state.weightedMean / state.pool.threads,
    arrivalScv: state.arrivalScv,
    shortScv: state.arrivalRate > 0 ? state.shortScvSum / state.arrivalRate : 1,
    reentered: poolLoads[i]! > 1 || loads.some((l) => l.repeated && l.segment.pool === state.pool.name),
    finite: state.pool.queueCapacity !== Infinity,
    blocking: state.blocking,
    waitShare: share(waited[i]!),
    firstPosition: loads.findIndex((l) => l.segment.pool === state.pool.name),
  }));
  uses.push(...interactionUses(flows, productForm, isRenewalMM1Tandem(model)));
  loads.forEach((load, k) => {
    for (const stageIndex of load.segment.stageIndices) {
      const stage = model.stages[stageIndex]!;
      if (!TWO_MOMENT_PERCENTILES.has(stage.distribution)) continue;
      uses.push({ part: stage.name, method: 'lognormal-transform', x: stage.service.scv, share: share(segmentHeld[k]!), drops: false });
    }
  });
  if (coreLoad !== null && !exactCores) {
    let cpuHeld = 0;
    loads.forEach((load, k) => {
      if (load.segment.stageIndices.some((j) => model.stages[j]!.cpuBound)) cpuHeld += segmentHeld[k]!;
    });
    // Slowed service reshapes a finite queue's blocking too: its drop band is the cores part's, not the pool's.
    uses.push({ part: 'cores', method: 'cores-ps-slowdown', x: coreLoad, share: share(cpuHeld), drops: model.pools.some((p) => p.queueCapacity !== Infinity) });
  }
  return uses;
}

/** CPU-bound work offered per core (before any slowdown). */
function coreLoad(model: Model, lambda: number): number {
  return (lambda * cpuDemandPerRequest(model)) / (model.cores ?? 1);
}

function exactSingleStation(
  loads: readonly SegmentLoad[],
  states: readonly PoolState[],
  poolIndex: ReadonlyMap<string, number>,
): ExactTail | undefined {
  if (loads.length !== 1) return undefined;
  const load = loads[0]!;
  const state = states[poolIndex.get(load.segment.pool)!]!;
  const metrics = state.solution?.metrics;
  if (!metrics || load.visits !== 1 || load.dist?.name !== 'exponential') return undefined;
  if (state.pool.threads === Infinity) return mmcExactTail(0, 1, 1 / load.meanService);
  if (state.pool.queueCapacity !== Infinity || Math.abs(state.arrivalScv - 1) > 1e-12) return undefined;
  const w = metrics.wait;
  if (w.kind === 'none') return mmcExactTail(0, 1, 1 / load.meanService);
  if (w.kind !== 'exponential') return undefined;
  return mmcExactTail(metrics.probWait, w.rate, 1 / load.meanService);
}

function threadsOf(pool: Pool): number | 'infinite' {
  return pool.threads === Infinity ? 'infinite' : pool.threads;
}

function stageResults(
  model: Model,
  loads: readonly SegmentLoad[],
  states: readonly PoolState[],
  poolIndex: ReadonlyMap<string, number>,
  reachRates: Float64Array,
): StageResult[] {
  const out: StageResult[] = [];
  for (const load of loads) {
    const state = states[poolIndex.get(load.segment.pool)!]!;
    const metrics = state.solution?.metrics ?? null;
    const blocking = state.blocking;
    const reach = reachRates[load.segment.index]!;
    const { attempts } = passage(load, blocking);
    const admittedSegmentVisits = reach * attempts * (1 - blocking);
    const segmentShare = state.arrivalRate > 0 ? (reach * attempts) / state.arrivalRate : 0;
    const threads = state.pool.threads;
    load.segment.stageIndices.forEach((stageIndex, position) => {
      const stage = model.stages[stageIndex]!;
      const first = position === 0;
      const stageVisitRate = admittedSegmentVisits * load.stageCounts[position]!;
      const busy = stageVisitRate * stage.service.meanSeconds;
      const utilization = threads === Infinity ? 0 : busy / threads;
      const queue = metrics && first ? metrics.meanQueueLength * segmentShare : metrics ? 0 : null;
      const wait = metrics ? (first ? metrics.meanWait : 0) : null;
      out.push({
        name: stage.name,
        pool: stage.pool,
        threads: threadsOf(state.pool),
        visits: stage.visits,
        utilization: metrics || threads === Infinity ? utilization : Math.min(1, utilization),
        probWait: metrics ? (first ? metrics.probWait : 0) : null,
        meanWait: wait,
        meanResponse: wait === null ? null : wait + stage.service.meanSeconds,
        meanQueueLength: queue,
        meanInSystem: queue === null ? null : queue + busy,
        throughput: stageVisitRate,
        // Per arriving visit: only first entries are refused, re-entries always find their place.
        dropRate: first ? (load.repeated ? blocking / (1 + (1 - blocking) * (load.visits - 1)) : blocking) : 0,
      });
    });
  }
  return out;
}

function poolResults(model: Model, states: readonly PoolState[]): PoolResult[] {
  return states.map((state) => {
    const metrics = state.solution?.metrics ?? null;
    const threads = state.pool.threads;
    const busy = state.weightedMean * (1 - state.blocking);
    return {
      name: state.pool.name,
      threads: threadsOf(state.pool),
      queueCapacity: state.pool.queueCapacity === Infinity ? null : state.pool.queueCapacity,
      dispatch: state.pool.dispatch,
      stages: prepared(model).poolStages.get(state.pool.name) ?? [],
      utilization: threads === Infinity ? 0 : metrics ? metrics.utilization : Math.min(1, busy / threads),
      probWait: metrics ? metrics.probWait : null,
      meanWait: metrics ? metrics.meanWait : null,
      meanQueueLength: metrics ? metrics.meanQueueLength : null,
      meanInSystem: metrics ? metrics.meanInSystem : null,
      arrivalRate: state.arrivalRate,
      dropRate: state.blocking,
      method: state.solution?.method ?? 'unused',
    };
  });
}
