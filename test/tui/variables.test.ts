import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { loadModel, tryParseModel } from '../../src/model/load.ts';
import type { Override } from '../../src/model/overrides.ts';
import { niceStep, valueAfter, variablesOf, type ModelSource } from '../../src/tui/variables.ts';
import { editKey, initialWhatIf, whatIfReducer } from '../../src/tui/what-if.ts';

const BODY = 'models/json-body-size.yaml';

/** The model file as the CLI hands it over, counting the loads (each evaluates the expressions once). */
function sourceOf(path: string, loadedWith: readonly Override[] = []): ModelSource & { loads: () => number } {
  const text = readFileSync(path, 'utf8');
  let loads = 0;
  return {
    reload: (more) => {
      loads++;
      return tryParseModel(text, { file: path, overrides: [...loadedWith, ...more] });
    },
    loads: () => loads,
  };
}

describe('model variables in the TUI', () => {
  it('lists the declared variables with their units and a 1-2-5 step near a tenth of the value', () => {
    const raw = { vars: { bodyKB: 16, growth: 1.0, base: '30us', peak: '2k/s', many: '2k', twice: 'base * 2' } };
    const v = variablesOf(raw);
    expect(v.steppable).toEqual([
      { name: 'bodyKB', unit: 'number', value: 16, step: 2 },
      { name: 'growth', unit: 'number', value: 1, step: 0.1 },
      { name: 'base', unit: 'duration', value: expect.closeTo(30e-6, 15), step: 2e-6 },
      { name: 'peak', unit: 'rate', value: 2000, step: 200 },
      { name: 'many', unit: 'number', value: 2000, step: 200 },
    ]);
    expect(v.derived).toEqual([{ name: 'twice', expression: 'base * 2' }]);
    expect(niceStep(4, 'number')).toBe(1); // a whole number steps by whole numbers
    expect(niceStep(0, 'number')).toBe(1);
  });

  it('Tab then + steps bodyKB: the model is loaded again with the new value, as --var would load it', () => {
    const source = sourceOf(BODY);
    let s = initialWhatIf(loadModel(BODY), source);
    expect(s.variables.steppable.map((v) => v.name)).toEqual(['bodyKB', 'growth']);
    s = whatIfReducer(s, { type: 'focus' });
    expect(s.focus).toBe('variables');
    const loadsBefore = source.loads();
    s = whatIfReducer(s, { type: 'threads', delta: 1 });
    s = whatIfReducer(s, { type: 'threads', delta: 1 });
    // Two steps of 2 KB: decode costs 30 µs + 20 × 4 µs = 110 µs.
    const expected = loadModel(BODY, { overrides: [{ key: 'vars.bodyKB', value: 20 }] });
    expect(s.model.stages[1]!.service.meanSeconds).toBeCloseTo(110e-6, 12);
    expect(JSON.stringify(s.model)).toBe(JSON.stringify(expected));
    expect(s.result).toEqual(analyze(expected));
    // One load per key press: expressions are never evaluated anywhere else.
    expect(source.loads() - loadsBefore).toBe(2);
    // ↓ selects growth; its steps scale the arrival rate (2k/s × 1.1).
    s = whatIfReducer(s, { type: 'select', delta: 1 });
    s = whatIfReducer(s, { type: 'threads', delta: 1 });
    expect(s.result.offeredRate).toBeCloseTo(2200, 9);
    // The stage table keeps its own selection; the load keys still act on top of the variables.
    expect(s.selected).toBe(0);
    s = whatIfReducer(s, { type: 'load', deltaPercent: 10 });
    expect(s.result.offeredRate).toBeCloseTo(2420, 9);
  });

  it('steps back to exactly the loaded model, and r returns there from anywhere', () => {
    const base = loadModel(BODY);
    let s = initialWhatIf(base, sourceOf(BODY));
    s = whatIfReducer(s, { type: 'focus' });
    const start = editKey(s);
    s = whatIfReducer(s, { type: 'select', delta: 1 }); // growth, step 0.1: float steps must not drift
    for (let i = 0; i < 7; i++) s = whatIfReducer(s, { type: 'threads', delta: 1 });
    expect(valueAfter(s.variables.steppable[1]!, 7)).toBe(1.7);
    for (let i = 0; i < 7; i++) s = whatIfReducer(s, { type: 'threads', delta: -1 });
    expect(editKey(s)).toBe(start);
    expect(s.model).toBe(base);
    s = whatIfReducer(s, { type: 'threads', delta: 3 });
    s = whatIfReducer(s, { type: 'reset' });
    expect(s.model).toBe(base);
    expect(s.varSteps).toEqual({});
  });

  it('starts from the --var values the model was loaded with', () => {
    const loadedWith = [{ key: 'vars.bodyKB', value: 64 }];
    const s = initialWhatIf(loadModel(BODY, { overrides: loadedWith }), sourceOf(BODY, loadedWith));
    expect(s.variables.steppable[0]).toMatchObject({ name: 'bodyKB', value: 64, step: 5 });
  });

  it('refuses a value the model refuses, says why, and keeps the model it had', () => {
    let s = initialWhatIf(loadModel(BODY), sourceOf(BODY));
    s = whatIfReducer(s, { type: 'focus' });
    s = whatIfReducer(s, { type: 'select', delta: 1 }); // growth 1.0, step 0.1
    for (let i = 0; i < 9; i++) s = whatIfReducer(s, { type: 'threads', delta: -1 });
    expect(s.result.offeredRate).toBeCloseTo(200, 9);
    const before = s;
    s = whatIfReducer(s, { type: 'threads', delta: -1 }); // growth 0: arrival rate 0
    expect(s.model).toBe(before.model);
    expect(s.varSteps).toEqual(before.varSteps);
    expect(s.message).toMatch(/^growth = 0: refused, .*workload\.arrivalRate/);
    s = whatIfReducer(s, { type: 'threads', delta: 1 });
    expect(s.message).toBeUndefined();
  });

  it('says so when the model has no variables, or when no model file is at hand', () => {
    const seda = 'models/seda-https-json.yaml';
    expect(whatIfReducer(initialWhatIf(loadModel(seda), sourceOf(seda)), { type: 'focus' }).message).toMatch(/declares no variables/);
    expect(whatIfReducer(initialWhatIf(loadModel(BODY)), { type: 'focus' }).message).toMatch(/need the model file/);
  });
});
