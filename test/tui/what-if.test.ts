import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { withArrivalRate, withClients, withThreads } from '../../src/model/edit.ts';
import { editedPools, initialWhatIf, whatIfReducer, type WhatIfAction, type WhatIfState } from '../../src/tui/what-if.ts';
import { closedModel, defaultModel } from './helpers.ts';

const poolThreads = (s: WhatIfState, pool: string) => s.model.pools.find((p) => p.name === pool)!.threads;

describe('what-if reducer', () => {
  const base = defaultModel();

  it('starts on the loaded model and its analysis', () => {
    const s = initialWhatIf(base);
    expect(s.model).toBe(base);
    expect(s.result).toEqual(analyze(base));
    expect(s.selected).toBe(0);
  });

  it('adds a thread to the selected stage’s pool and re-analyses exactly that model', () => {
    let s = initialWhatIf(base);
    s = whatIfReducer(s, { type: 'select', delta: 2 }); // decrypt, 4 threads in the file
    s = whatIfReducer(s, { type: 'threads', delta: 1 });
    expect(poolThreads(s, 'decrypt')).toBe(5);
    expect(s.result.stages[2]!.threads).toBe(5);
    expect(s.result).toEqual(analyze(withThreads(base, 'decrypt', 5)));
    expect(editedPools(s)).toEqual(['decrypt']);
    s = whatIfReducer(s, { type: 'threads', delta: -1 });
    expect(editedPools(s)).toEqual([]);
  });

  it('never goes below one thread', () => {
    let s = initialWhatIf(base); // accept: 1 thread
    s = whatIfReducer(s, { type: 'threads', delta: -1 });
    expect(poolThreads(s, 'accept')).toBe(1);
  });

  it('steps the arrival rate by 10% of the file’s and back', () => {
    let s = initialWhatIf(base);
    s = whatIfReducer(s, { type: 'load', deltaPercent: 10 });
    expect(s.result.offeredRate).toBeCloseTo(12320, 9);
    expect(s.result).toEqual(analyze(withArrivalRate(base, 12320)));
    s = whatIfReducer(s, { type: 'load', deltaPercent: -10 });
    expect(s.result.offeredRate).toBe(11200);
  });

  it('refuses a load step to zero rather than clamping it', () => {
    let s = initialWhatIf(base);
    for (let i = 0; i < 9; i++) s = whatIfReducer(s, { type: 'load', deltaPercent: -10 });
    expect(s.loadPercent).toBe(10);
    const before = s;
    s = whatIfReducer(s, { type: 'load', deltaPercent: -10 });
    expect(s).toBe(before);
  });

  it('changes clients, not the arrival rate, for a closed workload', () => {
    const closed = closedModel();
    let s = initialWhatIf(closed);
    s = whatIfReducer(s, { type: 'load', deltaPercent: 20 });
    expect(s.model.workload).toMatchObject({ kind: 'closed', clients: 60 });
    expect(s.result).toEqual(analyze(withClients(closed, 60)));
    expect(s.result.offeredRate).toBeNull();
  });

  it('keeps the selection inside the table', () => {
    let s = initialWhatIf(base);
    s = whatIfReducer(s, { type: 'select', delta: -1 });
    expect(s.selected).toBe(0);
    s = whatIfReducer(s, { type: 'select', delta: 99 });
    expect(s.selected).toBe(5);
  });

  const action: fc.Arbitrary<WhatIfAction> = fc.oneof(
    fc.integer({ min: -2, max: 2 }).map((delta) => ({ type: 'select' as const, delta })),
    fc.integer({ min: -3, max: 3 }).map((delta) => ({ type: 'threads' as const, delta })),
    fc.constantFrom(-10, -1, 1, 10).map((deltaPercent) => ({ type: 'load' as const, deltaPercent })),
  );

  it('always shows the analysis of the model it holds, and r returns to the file', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 25 }), (actions) => {
        const s = actions.reduce(whatIfReducer, initialWhatIf(base));
        expect(s.result).toEqual(analyze(s.model));
        for (const pool of s.model.pools) expect(pool.threads).toBeGreaterThanOrEqual(1);
        const reset = whatIfReducer(s, { type: 'reset' });
        expect(reset.model).toBe(base);
        expect(reset.result).toEqual(analyze(base));
        expect(reset.loadPercent).toBe(100);
      }),
      { numRuns: 30 },
    );
  });
});
