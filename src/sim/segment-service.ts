/**
 * The service of one segment visit, drawn on arrival by both the event engine and the recursion engine, so
 * the visit rules (network.ts) are applied in one place and in one draw order: per stage, the rule's draws
 * (Bernoulli, geometric re-visits), then one service per visit.
 */
import type { ServiceDist } from '../model/distribution.ts';
import { BERNOULLI, CONNECTION, GEOMETRIC, type Network } from './network.ts';
import type { Xoshiro128 } from './rng.ts';

export class SegmentService {
  /** Per stage of the last segment drawn: its total service and its number of visits. */
  readonly work: Float64Array;
  readonly count: Int32Array;
  /**
   * Total service of the last segment drawn. A field rather than a return value: a double returned from a
   * call that is not inlined is boxed, one allocation per visit.
   */
  total = 0;
  private readonly stageRule: Int32Array;
  private readonly stageVisits: Float64Array;
  private readonly stageExpMean: Float64Array;
  private readonly stageDist: readonly ServiceDist[];
  private readonly segStart: Int32Array;
  private readonly segStages: Int32Array;

  constructor(
    net: Network,
    private readonly rng: Xoshiro128,
  ) {
    this.work = new Float64Array(net.stageCount);
    this.count = new Int32Array(net.stageCount);
    this.stageRule = net.stageRule;
    this.stageVisits = net.stageVisits;
    this.stageExpMean = net.stageExpMean;
    this.stageDist = net.stageDist;
    this.segStart = net.segStart;
    this.segStages = net.segStages;
  }

  /**
   * Draws a visit of segment s by a request that does (connection) or does not open a connection: fills
   * work, count and total; false when none of its stages is due (the request passes the segment by).
   */
  draw(s: number, connection: boolean): boolean {
    const { rng, stageRule, stageVisits, stageExpMean, stageDist, segStages, work, count } = this;
    let due = false;
    let total = 0;
    for (let k = this.segStart[s]!, last = this.segStart[s + 1]!; k < last; k++) {
      const i = segStages[k]!;
      const rule = stageRule[i]!;
      let visits = 1;
      if (rule === CONNECTION) visits = connection ? 1 : 0;
      else if (rule === BERNOULLI) visits = rng.next() < stageVisits[i]! ? 1 : 0;
      else if (rule === GEOMETRIC) {
        const leave = 1 / stageVisits[i]!;
        while (rng.next() >= leave) visits++;
      }
      let sum = 0;
      const m = stageExpMean[i]!;
      for (let c = 0; c < visits; c++) sum += m > 0 ? -m * Math.log(rng.next()) : stageDist[i]!.sample(rng);
      work[i] = sum;
      count[i] = visits;
      if (visits > 0) due = true;
      total += sum;
    }
    this.total = total;
    return due;
  }
}
