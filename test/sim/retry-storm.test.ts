/**
 * models/retry-storm.yaml, SPEC §5 / issue 14: as shipped (3 attempts, no budget, no cancellation) the 10 s
 * spike leaves the system in its bad state — goodput in the last timeline window below half the offered rate —
 * while without retries, or with a 10% retry budget, it recovers (≥ 90% of the offered rate).
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.ts';
import { parseAssignment } from '../../src/model/overrides.ts';
import { simulate } from '../../src/sim/simulate.ts';

function lastWindow(...set: string[]) {
  const model = loadModel('models/retry-storm.yaml', { overrides: set.map((a) => parseAssignment(a)!) });
  const result = simulate(model, { replications: 2, seed: 1 });
  const timeline = result.timeline!;
  return { last: timeline[timeline.length - 1]!, result };
}

describe('models/retry-storm.yaml', () => {
  it('as shipped: does not recover after the spike', () => {
    const { last, result } = lastWindow();
    expect(last.goodput).toBeLessThan(0.5 * last.offered);
    expect(result.notes.some((n) => n.startsWith('not recovered at the horizon'))).toBe(true);
    expect(result.wastedWork!).toBeGreaterThan(0.5);
    expect(result.stable).toBe(false); // the queue still grows at the horizon
  });

  it('--set workload.retry.attempts=1: recovers', () => {
    const { last, result } = lastWindow('workload.retry.attempts=1');
    expect(last.goodput).toBeGreaterThanOrEqual(0.9 * last.offered);
    expect(result.stable).toBe(true);
  });

  it('--set workload.retry.budget=0.1: recovers', () => {
    const { last, result } = lastWindow('workload.retry.budget=0.1');
    expect(last.goodput).toBeGreaterThanOrEqual(0.9 * last.offered);
    expect(result.retryRate!).toBeLessThanOrEqual(0.1 + 0.01);
  });
});
