/**
 * `sweep --param rate` on a workload with a schedule: the swept rate is the schedule's time average (the
 * result's offeredRate), the schedule scaled to it with its shape kept. Setting only the base rate changed
 * nothing when the first step is at 0 s (every row of models/retry-storm.yaml was the same run).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { withArrivalRate, withoutSchedule } from '../../src/model/edit.ts';
import { parseModel } from '../../src/model/load.ts';
import { scheduledMeanRate } from '../../src/model/schedule-rate.ts';
import type { Model } from '../../src/model/types.ts';
import { sweep } from '../../src/plan/sweep.ts';

// 100 s at 50/s, 10 s at 150/s, 10 s at 50/s: mean (50·110 + 150·10) / 120 = 58.33/s.
const SPIKE = parseModel(`workload: { arrivalRate: 50, schedule: [ { at: 0s, rate: 50 }, { at: 100s, rate: 150 }, { at: 110s, rate: 50 } ], horizon: 120s }
stages: [ { name: s, service: 5ms, threads: 1 } ]
`);

describe('rate of a scheduled workload', () => {
  it('is the time average over the horizon', () => {
    expect(scheduledMeanRate(SPIKE)).toBeCloseTo(7000 / 120, 9);
    expect(scheduledMeanRate(withoutSchedule(SPIKE))).toBe(null);
  });

  it('withArrivalRate scales every step to the new average, the spike ratio kept', () => {
    const doubled = withArrivalRate(SPIKE, (2 * 7000) / 120);
    expect(scheduledMeanRate(doubled)).toBeCloseTo((2 * 7000) / 120, 9);
    expect(doubled.overload!.schedule!.map((s) => s.ratePerSecond)).toEqual([100, 300, 100]);
    expect(doubled.overload!.schedule!.map((s) => s.atSeconds)).toEqual([0, 100, 110]);
  });

  it('a sweep of rate evaluates a differently loaded schedule at every point', () => {
    const seen: Model[] = [];
    const result = sweep(SPIKE, {
      parameter: 'rate',
      values: [40, 80],
      evaluator: (m) => {
        seen.push(m);
        return analyze(withoutSchedule(m));
      },
    });
    expect(result.rows).toHaveLength(2);
    expect(seen.map((m) => scheduledMeanRate(m))).toEqual([expect.closeTo(40, 9), expect.closeTo(80, 9)]);
    expect(seen[1]!.overload!.schedule![1]!.ratePerSecond).toBeCloseTo(2 * seen[0]!.overload!.schedule![1]!.ratePerSecond, 9);
  });
});
