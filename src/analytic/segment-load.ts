/**
 * What one run-to-completion segment asks of its pool, per request: how many queue visits, and the mean and
 * scv of one visit's service. Single-stage segments keep the stage's visit pattern (Bernoulli for v ≤ 1,
 * 1 + Geometric re-entries for v > 1, each re-entry queueing again). Multi-stage segments are entered once
 * when any of their stages is due and hold the thread for the whole run; perConnection stages are all due
 * together, on the request that opens a connection (probability 1/requestsPerConnection).
 */
import type { ServiceDist } from '../model/distribution.ts';
import type { Model, Segment, Stage } from '../model/types.ts';

export interface SegmentLoad {
  readonly segment: Segment;
  /** Mean queue visits per request that reaches the segment. */
  readonly visits: number;
  /** v > 1 on a single stage: visits are 1 + Geometric and each queues again. */
  readonly repeated: boolean;
  readonly meanService: number;
  readonly scv: number;
  /** A single stage's own distribution, when the segment is one stage (exact transforms where known). */
  readonly dist?: ServiceDist;
  /** Mean count of each stage's services within one segment visit, in segment order. */
  readonly stageCounts: readonly number[];
}

interface CountMoments {
  readonly mean: number;
  readonly variance: number;
  readonly probZero: number;
}

function stageCount(stage: Stage, newConnection: boolean): CountMoments {
  if (stage.perConnection) return { mean: newConnection ? 1 : 0, variance: 0, probZero: newConnection ? 0 : 1 };
  const v = stage.visits;
  if (v <= 1) return { mean: v, variance: v * (1 - v), probZero: 1 - v };
  return { mean: v, variance: v * (v - 1), probZero: 0 };
}

export function segmentLoad(model: Model, segment: Segment): SegmentLoad {
  const stages = segment.stageIndices.map((i) => model.stages[i]!);
  if (stages.length === 1) {
    const stage = stages[0]!;
    return {
      segment,
      visits: stage.visits,
      repeated: stage.visits > 1,
      meanService: stage.service.meanSeconds,
      scv: stage.service.scv,
      dist: stage.service,
      stageCounts: [1],
    };
  }
  const newConnectionProb = 1 / model.workload.requestsPerConnection;
  const cases: Array<[number, boolean]> =
    newConnectionProb >= 1 ? [[1, true]] : [[newConnectionProb, true], [1 - newConnectionProb, false]];
  let entry = 0;
  let firstMoment = 0;
  let secondMoment = 0;
  const countSums = new Array<number>(stages.length).fill(0);
  for (const [weight, newConnection] of cases) {
    let mean = 0;
    let variance = 0;
    let probNone = 1;
    stages.forEach((stage, i) => {
      const count = stageCount(stage, newConnection);
      const m = stage.service.meanSeconds;
      mean += count.mean * m;
      variance += count.mean * stage.service.scv * m * m + count.variance * m * m;
      probNone *= count.probZero;
      countSums[i] = countSums[i]! + weight * count.mean;
    });
    entry += weight * (1 - probNone);
    firstMoment += weight * mean;
    secondMoment += weight * (variance + mean * mean);
  }
  const meanService = firstMoment / entry;
  const second = secondMoment / entry;
  return {
    segment,
    visits: entry,
    repeated: false,
    meanService,
    scv: Math.max(0, second / (meanService * meanService) - 1),
    stageCounts: countSums.map((c) => c / entry),
  };
}
