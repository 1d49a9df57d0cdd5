/**
 * --rate on a model with a schedule (models/retry-storm.yaml: its first step is at 0 s, so the base rate alone
 * is never used): the schedule is scaled to that time-averaged rate, as `sweep --param rate` scales it.
 */
import { describe, expect, it } from 'vitest';
import { loadWithOptions } from '../../src/cli/model-options.ts';
import { scheduledMeanRate } from '../../src/model/schedule-rate.ts';

describe('--rate with a schedule', () => {
  it('scales the schedule to the rate (its time average), spike ratio kept', () => {
    const loaded = loadWithOptions('models/retry-storm.yaml', { rate: '300/s' });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(scheduledMeanRate(loaded.model)).toBeCloseTo(300, 9);
    const rates = loaded.model.overload!.schedule!.map((s) => s.ratePerSecond);
    expect(rates[1]! / rates[0]!).toBeCloseTo(3, 12);
  });

  it('refuses a bad rate as before, and leaves a model without a schedule to the plain override', () => {
    expect(loadWithOptions('models/retry-storm.yaml', { rate: '-3' }).ok).toBe(false);
    const plain = loadWithOptions('models/seda.yaml', { rate: '123' });
    expect(plain.ok && plain.model.workload.kind === 'open' && plain.model.workload.arrivalRatePerSecond).toBe(123);
  });
});
