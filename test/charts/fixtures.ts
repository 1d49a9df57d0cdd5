/** Small hand-made builder inputs: snapshots of these stay short enough to read in review. */
import type {
  LatencyCdfInput,
  LatencyVsLoadInput,
  P99HeatmapInput,
  PlanBeforeAfterInput,
  ThroughputVsLoadInput,
  UtilizationInput,
  WaitVsServiceInput,
} from '../../src/charts/types.ts';
import { latencyVsLoadSpec } from '../../src/charts/latency-vs-load.ts';
import { throughputVsLoadSpec } from '../../src/charts/throughput-vs-load.ts';
import { utilizationSpec } from '../../src/charts/utilization.ts';
import { waitVsServiceSpec } from '../../src/charts/wait-vs-service.ts';
import { latencyCdfSpec } from '../../src/charts/latency-cdf.ts';
import { p99HeatmapSpec } from '../../src/charts/p99-heatmap.ts';
import { planBeforeAfterSpec } from '../../src/charts/plan-before-after.ts';

export const latencyVsLoad: LatencyVsLoadInput = {
  model: 'tiny',
  points: [
    { offeredRatePerSecond: 100, p50Seconds: 0.001, p95Seconds: 0.003, p99Seconds: 0.005, throughputPerSecond: 100, dropRate: 0 },
    { offeredRatePerSecond: 500, p50Seconds: 0.002, p95Seconds: 0.01, p99Seconds: 0.02, throughputPerSecond: 500, dropRate: 0 },
    { offeredRatePerSecond: 900, p50Seconds: 0.01, p95Seconds: 0.05, p99Seconds: 0.1, throughputPerSecond: 900, dropRate: 0 },
  ],
  simulated: [{ rate: 500, p50: 0.0021, p95: 0.0098, p99: 0.021, ciP50: 0.0001, ciP95: 0.0004, ciP99: 0.002 }],
  sloP99Seconds: 0.05,
  maxThroughputPerSecond: 1000,
  bottleneck: 'work',
  currentRatePerSecond: 500,
};

export const throughputVsLoad: ThroughputVsLoadInput = {
  model: 'tiny',
  points: [
    { offeredRatePerSecond: 500, p50Seconds: 0.002, p95Seconds: 0.01, p99Seconds: 0.02, throughputPerSecond: 499, dropRate: 0.002 },
    { offeredRatePerSecond: 1500, p50Seconds: null, p95Seconds: null, p99Seconds: null, throughputPerSecond: 1000, dropRate: 0, stable: false },
  ],
  maxThroughputPerSecond: 1000,
  maxDropRate: 0.001,
};

export const utilization: UtilizationInput = {
  model: 'tiny',
  offeredRatePerSecond: 500,
  bottleneck: 'work',
  stages: [
    { name: 'read', pool: 'read', utilization: 0.1, threads: 2 },
    { name: 'work', pool: 'work', utilization: 0.5, threads: 1 },
    { name: 'remote', pool: 'remote', utilization: 0, threads: 'infinite' },
  ],
};

export const waitVsService: WaitVsServiceInput = {
  model: 'tiny',
  loads: [
    { ratePerSecond: 500, label: 'configured', stages: [{ name: 'read', waitSeconds: 0, serviceSeconds: 0.0002 }, { name: 'work', waitSeconds: 0.001, serviceSeconds: 0.001 }] },
    { ratePerSecond: 900, stages: [{ name: 'read', waitSeconds: null, serviceSeconds: null }, { name: 'work', waitSeconds: 0.009, serviceSeconds: 0.001 }] },
  ],
};

export const latencyCdf: LatencyCdfInput = {
  model: 'tiny',
  offeredRatePerSecond: 500,
  analytic: [
    { seconds: 0, probability: 0 },
    { seconds: 0.002, probability: 0.63 },
    { seconds: 0.01, probability: 0.99 },
  ],
  percentiles: [{ name: 'p99', level: 0.99, seconds: 0.01 }],
  simulated: [{ level: 0.99, seconds: 0.011, ciSeconds: 0.001 }],
  sloP99Seconds: 0.012,
};

export const p99Heatmap: P99HeatmapInput = {
  model: 'tiny',
  offeredRatePerSecond: 500,
  xName: 'read threads',
  yName: 'work threads',
  cells: [
    { x: 1, y: 1, p99Seconds: null },
    { x: 2, y: 1, p99Seconds: null },
    { x: 1, y: 2, p99Seconds: 0.08 },
    { x: 2, y: 2, p99Seconds: 0.03 },
    { x: 3, y: 1, p99Seconds: 0.02, obtained: 'beyond-target', errorBand: 0.12 },
    { x: 3, y: 2, p99Seconds: 0.06, obtained: 'simulated' },
  ],
  sloP99Seconds: 0.05,
};

export const planBeforeAfter: PlanBeforeAfterInput = {
  model: 'tiny',
  offeredRatePerSecond: 500,
  pools: [
    { pool: 'read', threadsBefore: 4, threadsAfter: 1 },
    { pool: 'work', threadsBefore: 1, threadsAfter: 2 },
  ],
  p99BeforeSeconds: 0.2,
  p99AfterSeconds: 0.03,
  sloP99Seconds: 0.05,
};

/** Every builder applied to its fixture. */
export function fixtureSpecs() {
  return {
    latencyVsLoad: latencyVsLoadSpec(latencyVsLoad),
    throughputVsLoad: throughputVsLoadSpec(throughputVsLoad),
    utilization: utilizationSpec(utilization),
    waitVsService: waitVsServiceSpec(waitVsService),
    latencyCdf: latencyCdfSpec(latencyCdf),
    p99Heatmap: p99HeatmapSpec(p99Heatmap),
    planBeforeAfter: planBeforeAfterSpec(planBeforeAfter),
  };
}
