/** Windows at one load are judged on the mean of their errors; a missing figure never passes. */
import { describe, expect, it } from 'vitest';
import { judge } from '../../proof/judge.ts';
import { ciBoundFor } from '../../proof/ci-design.ts';

const row = (error: Record<string, number | null>) => ({ error }) as never;

describe('judging a proof run', () => {
  it('averages the windows measured at one load before the bound applies', () => {
    const run = { fractions: [0.5, 0.85, 0.85], comparison: { rows: [row({ throughput: 0.01, mean: 0.09, p99: 0.1 }), row({ throughput: 0, mean: 0.2, p99: 0.1 }), row({ throughput: 0, mean: -0.1, p99: 0.1 })] } } as never;
    const judged = judge(run, () => 0.15);
    const mean85 = judged.find((j) => j.fraction === 0.85 && j.key === 'mean')!;
    expect(mean85.windows).toBe(2);
    expect(mean85.error).toBeCloseTo(0.05, 12);
    expect(mean85.holds).toBe(true);
    expect(judged.filter((j) => !j.holds)).toEqual([]);
  });

  it('a window without the figure fails the point', () => {
    const run = { fractions: [0.5], comparison: { rows: [row({ throughput: 0, mean: null, p99: 0 })] } } as never;
    expect(judge(run, () => 1).find((j) => j.key === 'mean')!.holds).toBe(false);
  });

  it('CI keeps the issue bounds under closed load and at 50% open; only open above 50% widens to the sampling bound', () => {
    expect(ciBoundFor('closed', 'mean', 0.85)).toBe(0.15);
    expect(ciBoundFor('closed', 'p99', 0.7)).toBe(0.2);
    expect(ciBoundFor('open', 'mean', 0.5)).toBe(0.1);
    expect(ciBoundFor('open', 'throughput', 0.85)).toBe(0.08);
    expect(ciBoundFor('open', 'mean', 0.85)).toBeGreaterThan(0.15);
  });
});
