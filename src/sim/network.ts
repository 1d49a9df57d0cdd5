/**
 * The model flattened for the event loops: numbers and arrays only, decided once at build time so the hot
 * loop never asks "which distribution?" or "which visit rule?" (simmer's habit).
 *
 * Visit rules (identical to src/analytic/segment-load.ts):
 *   ONCE        v = 1: one visit
 *   BERNOULLI   v < 1: one visit with probability v
 *   GEOMETRIC   v > 1: 1 + Geometric visits; after each, again with probability 1 − 1/v
 *   CONNECTION  perConnection: one visit exactly when the request opens a connection
 */
import { makeServiceDist, type ServiceDist } from '../model/distribution.ts';
import { capacity, isCpuStage } from '../model/capacity.ts';
import type { Model } from '../model/types.ts';
import { buildOverloadNet, type OverloadNet } from './overload-network.ts';

export const ONCE = 0;
export const BERNOULLI = 1;
export const GEOMETRIC = 2;
export const CONNECTION = 3;

export interface Network {
  readonly stageCount: number;
  readonly segmentCount: number;
  readonly poolCount: number;
  readonly stageRule: Int32Array;
  readonly stageVisits: Float64Array;
  /** Mean of an exponential stage (sampled inline), or −1 when `stageDist` must be called. */
  readonly stageExpMean: Float64Array;
  readonly stageDist: readonly ServiceDist[];
  readonly segPool: Int32Array;
  /** Segment stages: segStages[segStart[s] .. segStart[s+1]). */
  readonly segStart: Int32Array;
  readonly segStages: Int32Array;
  readonly poolThreads: Float64Array;
  readonly poolCapacity: Float64Array;
  readonly poolPerThread: Uint8Array;
  /** Queues per pool (c for per-thread dispatch, else 1) and servers per queue (1 or c). */
  readonly poolQueues: Int32Array;
  readonly poolServersPerQueue: Float64Array;
  readonly poolQueueBase: Int32Array;
  readonly queueCount: number;
  readonly newConnectionProb: number;
  readonly open: boolean;
  readonly arrivalExpMean: number;
  readonly arrivalDist: ServiceDist | null;
  readonly clients: number;
  readonly thinkSeconds: number;
  /**
   * Cores shared by the CPU-bound threads, or 0 when the limit never binds (no `cores`, or no more CPU-bound
   * threads than cores: min(1, k/n) is then always 1) and the engines skip the processor-sharing CPU.
   */
  readonly cores: number;
  /** 1 for a CPU-bound stage on a finite pool (slowed by the cores), 0 for cpuBound: false and pure delays. */
  readonly stageCpu: Uint8Array;
  /** Most stages in one segment (per-request scratch size when the CPU is simulated). */
  readonly maxSegmentStages: number;
  /** SPEC §5 behaviour; null for a model without overload keys. */
  readonly overload: OverloadNet | null;
}

export function interArrivalDist(meanSeconds: number, scv: number): ServiceDist {
  if (scv === 1) return makeServiceDist('exponential', meanSeconds, 1);
  return scv < 1 ? makeServiceDist('gamma', meanSeconds, scv) : makeServiceDist('hyperexponential', meanSeconds, scv);
}

export function buildNetwork(model: Model): Network {
  const stages = model.stages;
  const poolIndex = new Map(model.pools.map((p, i) => [p.name, i]));
  const stageRule = new Int32Array(stages.length);
  const stageVisits = new Float64Array(stages.length);
  const stageExpMean = new Float64Array(stages.length);
  stages.forEach((stage, i) => {
    stageRule[i] = stage.perConnection ? CONNECTION : stage.visits === 1 ? ONCE : stage.visits < 1 ? BERNOULLI : GEOMETRIC;
    stageVisits[i] = stage.visits;
    stageExpMean[i] = stage.service.name === 'exponential' ? stage.service.meanSeconds : -1;
  });
  const segPool = new Int32Array(model.segments.length);
  const segStart = new Int32Array(model.segments.length + 1);
  const flat: number[] = [];
  model.segments.forEach((segment, s) => {
    segPool[s] = poolIndex.get(segment.pool)!;
    segStart[s] = flat.length;
    flat.push(...segment.stageIndices);
  });
  segStart[model.segments.length] = flat.length;
  const pools = model.pools;
  const poolThreads = Float64Array.from(pools, (p) => p.threads);
  // A closed loop does not refuse: a client whose request meets a full queue waits for room, as the analytic
  // MVA assumes (src/analytic/closed-network.ts), so waiting rooms are unbounded under a closed workload.
  const closed = model.workload.kind === 'closed';
  const poolCapacity = Float64Array.from(pools, (p) => (closed ? Infinity : p.queueCapacity));
  const poolPerThread = Uint8Array.from(pools, (p) => (p.dispatch === 'per-thread' && p.threads !== Infinity && p.threads > 1 ? 1 : 0));
  const poolQueues = Int32Array.from(pools, (p, i) => (poolPerThread[i] ? p.threads : 1));
  const poolServersPerQueue = Float64Array.from(pools, (p, i) => (poolPerThread[i] ? 1 : p.threads));
  const poolQueueBase = new Int32Array(pools.length);
  let queueCount = 0;
  pools.forEach((_, i) => {
    poolQueueBase[i] = queueCount;
    queueCount += poolQueues[i]!;
  });
  // Which stages need a core and whether the cores bind: the shared definitions (model/capacity.ts).
  const stageCpu = Uint8Array.from(stages, (stage) => (isCpuStage(model, stage) ? 1 : 0));
  const cores = capacity(model).coresBind ? model.cores! : 0;
  const w = model.workload;
  const open = w.kind === 'open';
  const arrivalMean = open ? 1 / w.arrivalRatePerSecond : 0;
  const arrivalScv = open ? w.arrivalScv : 1;
  return {
    stageCount: stages.length,
    segmentCount: model.segments.length,
    poolCount: pools.length,
    stageRule,
    stageVisits,
    stageExpMean,
    stageDist: stages.map((s) => s.service),
    segPool,
    segStart,
    segStages: Int32Array.from(flat),
    poolThreads,
    poolCapacity,
    poolPerThread,
    poolQueues,
    poolServersPerQueue,
    poolQueueBase,
    queueCount,
    newConnectionProb: 1 / w.requestsPerConnection,
    open,
    arrivalExpMean: open && arrivalScv === 1 ? arrivalMean : -1,
    arrivalDist: open ? interArrivalDist(arrivalMean, arrivalScv) : null,
    clients: w.kind === 'closed' ? w.clients : 0,
    thinkSeconds: w.kind === 'closed' ? w.thinkSeconds : 0,
    cores,
    stageCpu,
    maxSegmentStages: Math.max(1, ...model.segments.map((g) => g.stageIndices.length)),
    overload: buildOverloadNet(model),
  };
}
