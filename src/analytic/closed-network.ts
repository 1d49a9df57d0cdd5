/**
 * Closed workloads: N clients, each sending a request, waiting for its response, thinking Z seconds, again.
 *
 *   segments ──segmentLoad──▶ per-pool demand D (Σ visits·mean service) ──▶ MVA stations
 *     (pool → c-server station; per-thread pool → c single-server copies with D/c each; infinite → delay;
 *      think time → a delay station excluded from latency)
 *   ──solveMva──▶ X, per-pool residence and queue ──▶ stage figures, latency mean = N/X − Z
 *   ──per-visit wait: the arrival theorem's marginal (a mixture of Erlangs), convolved with service──▶ percentiles
 *     (one exponential station alone: its exact finite-source tail, closed-sojourn.ts)
 *
 * MVA assumes product form: exponential service at FCFS stations. Non-exponential service, a pool mixing
 * segments of different means and `queueCapacity` are outside it; the notes say what was done with each.
 */
import type { ClosedWorkload, Model, Pool } from '../model/types.ts';
import type { LatencySummary, PoolResult, Result, StageResult } from '../model/result.ts';
import { PERCENTILE_KEYS, PERCENTILE_LEVELS } from '../model/result.ts';
import { segmentLoad, type SegmentLoad } from './segment-load.ts';
import { solveMva, type ClosedMethod, type MvaStation, type MvaStationResult } from './mva.ts';
import { erlangMixtureLst, singleStationDistribution } from './closed-sojourn.ts';
import { exactThroughput } from './closed-exact.ts';
import { exponentialLst, type Lst } from './sojourn.ts';
import type { AnalyzeOptions, DistributionSink } from './open-network.ts';
import { latticeSum, SMOOTHED_NOTE, type Lattice } from './lattice.ts';
import { latticeDistribution, type LatencyDistribution } from './latency-distribution.ts';
import { segmentLattice, segmentServiceLattice } from './visit-lattice.ts';
import { applyCoresClosed } from './cores.ts';

/** Kept for callers that caught the old placeholder's error; closed models are now solved. */
export class UnsupportedModelError extends Error {
  override name = 'UnsupportedModelError';
}

interface PoolDemand {
  readonly pool: Pool;
  /** Thread-seconds per request. */
  demand: number;
  /** Queue visits per request. */
  visits: number;
}

function threadsOf(pool: Pool): number | 'infinite' {
  return pool.threads === Infinity ? 'infinite' : pool.threads;
}

export function analyzeClosed(
  given: Model,
  workload: ClosedWorkload,
  options: AnalyzeOptions = {},
  sink?: DistributionSink,
): Result {
  const notes: string[] = [];
  const method: ClosedMethod = options.closedMethod ?? 'exact';
  const cores = applyCoresClosed(given, (m) => throughputFor(m, workload, method));
  const model = cores.model;
  if (cores.note) notes.push(cores.note);
  const loads = loadsOf(model);
  const { demands, solution, poolIndex } = solveFor(model, workload, loads, method);
  const x = solution.throughput;
  notes.push(`closed workload (${workload.clients} clients, think ${workload.thinkSeconds} s): ${solution.method}`);
  if (model.pools.some((p) => p.dispatch === 'per-thread' && p.threads > 1 && p.threads !== Infinity)) {
    notes.push('closed: per-thread pools are c single-thread stations each given 1/c of the pool’s demand (random dispatch)');
  }
  if (loads.some((l) => Math.abs(l.scv - 1) > 1e-12)) {
    notes.push('closed: MVA assumes exponential service; non-exponential stages enter through their means only (an approximation)');
  }
  const capped = model.pools.filter((p) => p.queueCapacity !== Infinity && workload.clients > p.threads + p.queueCapacity);
  if (capped.length > 0) {
    notes.push(
      `closed: queueCapacity of ${capped.map((p) => p.name).join(', ')} is below the client count; a closed loop is solved as if the queue were unbounded (no drops: a client waits rather than being refused)`,
    );
  }

  // Saturation: the bottleneck pool's c/D.
  let maxThroughput: number | null = null;
  let bottleneck: string | null = null;
  for (const d of demands) {
    if (d.pool.threads === Infinity || d.demand <= 0) continue;
    const capacity = d.pool.threads / d.demand;
    if (maxThroughput === null || capacity < maxThroughput) {
      maxThroughput = capacity;
      bottleneck = d.pool.name;
    }
  }

  const perVisitWait = demands.map((d, i) => {
    const s = solution.stations[i]!;
    const copies = copiesOf(d.pool);
    const residence = s.residenceSeconds * copies;
    // With one client nothing waits; the subtraction would leave rounding dust, so dust is zero.
    const wait = residence - d.demand;
    return d.visits > 0 && wait > 1e-12 * residence ? wait / d.visits : 0;
  });
  const poolQueue = demands.map((d, i) => {
    const s = solution.stations[i]!;
    const copies = copiesOf(d.pool);
    const inSystem = s.meanInSystem * copies;
    return { inSystem, queue: Math.max(0, inSystem - x * d.demand) };
  });

  const stages: StageResult[] = [];
  for (const load of loads) {
    const p = poolIndex.get(load.segment.pool)!;
    const d = demands[p]!;
    const st = solution.stations[p]!;
    const share = d.visits > 0 ? load.visits / d.visits : 0;
    load.segment.stageIndices.forEach((stageIndex, position) => {
      const stage = model.stages[stageIndex]!;
      const first = position === 0;
      const visitRate = x * load.visits * load.stageCounts[position]!;
      const meanService = stage.service.meanSeconds;
      const busy = visitRate * meanService;
      const wait = first ? perVisitWait[p]! : 0;
      const queue = first ? poolQueue[p]!.queue * share : 0;
      stages.push({
        name: stage.name,
        pool: stage.pool,
        threads: threadsOf(d.pool),
        visits: stage.visits,
        utilization: d.pool.threads === Infinity ? 0 : busy / d.pool.threads,
        probWait: first ? st.probWait : 0,
        meanWait: wait,
        meanResponse: wait + meanService,
        meanQueueLength: queue,
        meanInSystem: queue + busy,
        throughput: visitRate,
        dropRate: 0,
      });
    });
  }

  const pools: PoolResult[] = demands.map((d, i) => {
    const st = solution.stations[i]!;
    return {
      name: d.pool.name,
      threads: threadsOf(d.pool),
      queueCapacity: d.pool.queueCapacity === Infinity ? null : d.pool.queueCapacity,
      dispatch: d.pool.dispatch,
      stages: model.stages.filter((s) => s.pool === d.pool.name).map((s) => s.name),
      utilization: d.pool.threads === Infinity ? 0 : (x * d.demand) / d.pool.threads,
      probWait: st.probWait,
      meanWait: perVisitWait[i]!,
      meanQueueLength: poolQueue[i]!.queue,
      meanInSystem: poolQueue[i]!.inSystem,
      arrivalRate: x * d.visits,
      dropRate: 0,
      method: d.pool.threads === Infinity ? 'delay station (exact)' : solution.exact ? 'exact (closed network)' : 'approximate MVA (Bard–Schweitzer, on request)',
    };
  });

  let mean = 0;
  for (let i = 0; i < demands.length; i++) mean += solution.stations[i]!.residenceSeconds * copiesOf(demands[i]!.pool);
  const latency: Record<string, number | null> = { mean };
  if (options.percentiles !== false || sink) {
    const parts: Lattice[] = [];
    for (const load of loads) {
      const p = poolIndex.get(load.segment.pool)!;
      const station = solution.stations[p]!;
      const wait = perVisitWait[p]!;
      const service = segmentServiceLattice(model, load.segment, load.meanService, load.scv);
      parts.push(segmentLattice(service, station.probWait, conditionalWait(demands[p]!, station, wait), load.visits));
    }
    const sum = latticeSum(parts);
    const single = singleStation(loads, demands, poolIndex, solution.stations, mean);
    const distribution = single ?? latticeDistribution(sum.lattice, mean);
    if (sum.smoothedParts > 0) notes.push(SMOOTHED_NOTE);
    if (sink) sink.distribution = distribution;
    const wanted = options.percentiles;
    const asked = typeof wanted === 'object' ? PERCENTILE_KEYS.filter((k) => wanted.includes(k)) : PERCENTILE_KEYS;
    const values = distribution.quantiles(asked.map((k) => PERCENTILE_LEVELS[k]));
    for (const key of PERCENTILE_KEYS) latency[key] = null;
    asked.forEach((key, i) => (latency[key] = values[i] ?? null));
    notes.push(percentileNote(solution.exact, single !== null, loads.length));
  } else {
    for (const key of PERCENTILE_KEYS) latency[key] = null;
  }

  return {
    model: model.name,
    method: 'analytic',
    stable: true,
    offeredRate: null,
    throughput: x,
    maxThroughput,
    bottleneck,
    dropRate: 0,
    latency: latency as unknown as LatencySummary,
    stages,
    pools,
    notes,
  };
}

function loadsOf(model: Model): SegmentLoad[] {
  return model.segments.map((segment) => segmentLoad(model, segment));
}

function copiesOf(pool: Pool): number {
  return pool.dispatch === 'per-thread' && pool.threads > 1 && pool.threads !== Infinity ? pool.threads : 1;
}

function solveFor(model: Model, workload: ClosedWorkload, loads: readonly SegmentLoad[], method: ClosedMethod) {
  const { demands, stations, poolIndex } = stationsOf(model, loads);
  const solution = solveMva(stations, workload.clients, workload.thinkSeconds, method);
  return { demands, solution, poolIndex };
}

/** Throughput alone (the cores fixed point asks for it many times): no per-station figures. */
function throughputFor(model: Model, workload: ClosedWorkload, method: ClosedMethod): number {
  const { stations } = stationsOf(model, loadsOf(model));
  return method === 'schweitzer'
    ? solveMva(stations, workload.clients, workload.thinkSeconds, method).throughput
    : exactThroughput(stations, workload.clients, workload.thinkSeconds);
}

function stationsOf(model: Model, loads: readonly SegmentLoad[]) {
  const poolIndex = new Map(model.pools.map((pool, i) => [pool.name, i]));
  const demands: PoolDemand[] = model.pools.map((pool) => ({ pool, demand: 0, visits: 0 }));
  for (const load of loads) {
    const d = demands[poolIndex.get(load.segment.pool)!]!;
    d.demand += load.visits * load.meanService;
    d.visits += load.visits;
  }
  const stations: MvaStation[] = demands.map((d) => {
    const copies = copiesOf(d.pool);
    return copies > 1
      ? { demandSeconds: d.demand / copies, servers: 1, copies }
      : { demandSeconds: d.demand, servers: d.pool.threads };
  });
  return { demands, stations, poolIndex };
}

/**
 * The wait of a visit that waits. Exact method: the arrival theorem's marginal, a mixture of Erlangs in phases
 * of c/S (S the pool's mean per visit). Approximate MVA has no marginal: an exponential of the MVA mean.
 */
function conditionalWait(d: PoolDemand, station: MvaStationResult, wait: number): Lst | null {
  if (!(station.probWait > 0) || !(wait > 0)) return null;
  const arrival = station.arrival;
  if (arrival && arrival.weights.length > 0 && d.visits > 0 && d.demand > 0) {
    const servers = copiesOf(d.pool) > 1 ? 1 : d.pool.threads;
    return erlangMixtureLst(arrival, (servers * d.visits) / d.demand);
  }
  return exponentialLst(wait / station.probWait);
}

/** One exponential FCFS station visited once and nothing else: the exact M/M/c//N tail, no inversion. */
function singleStation(
  loads: readonly SegmentLoad[],
  demands: readonly PoolDemand[],
  poolIndex: ReadonlyMap<string, number>,
  stations: readonly MvaStationResult[],
  mean: number,
): LatencyDistribution | null {
  if (loads.length !== 1) return null;
  const load = loads[0]!;
  const p = poolIndex.get(load.segment.pool)!;
  const pool = demands[p]!.pool;
  const arrival = stations[p]!.arrival;
  const exponential = Math.abs(load.scv - 1) < 1e-12 && (!load.dist || load.dist.name === 'exponential');
  if (!arrival || load.visits !== 1 || pool.threads === Infinity || !exponential) return null;
  return singleStationDistribution(arrival, load.meanService, copiesOf(pool) > 1 ? 1 : pool.threads, mean);
}

function percentileNote(exact: boolean, single: boolean, segments: number): string {
  if (!exact) {
    return 'percentiles (closed, approximate MVA): each visit waits 0 with the MVA probWait, else an exponential of the MVA mean wait; visits independent. An approximation';
  }
  if (single) {
    return 'percentiles (closed): exact for this one exponential FCFS station (arrival theorem: a request finds the N−1-client equilibrium; wait = Erlang in phases of c/S; finite-source tail by Poisson sums, Gross & Harris §2.7)';
  }
  return `percentiles (closed): arrival theorem per station (each visit finds the N−1-client equilibrium; its wait is a mixture of Erlangs, exact for one exponential station); the ${segments} segments are composed as independent, an approximation (its measured band is in accuracy: bench/accuracy-bands.ts, closed-mva and closed-mva-general); Euler transform inversion (Abate–Whitt 2006)`;
}
