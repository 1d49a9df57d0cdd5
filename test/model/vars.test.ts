import { describe, expect, it } from 'vitest';
import { tryParseModel } from '../../src/model/load.ts';
import { formatIssues } from '../../src/model/messages.ts';
import type { Override } from '../../src/model/overrides.ts';
import { sweep } from '../../src/plan/sweep.ts';

const base = (vars: string, service: string, rate = '"2k/s * growth"', extra = '') => `
vars:
${vars}
workload:
  arrivalRate: ${rate}
stages:
  - name: decode
    service: ${service}
    threads: ${extra === '' ? 2 : extra}
`;

const VARS = '  bodyKB: 16\n  growth: 1.5';

function load(text: string, overrides: Override[] = []) {
  return tryParseModel(text, { file: 'm.yaml', overrides });
}

function refusal(text: string, overrides: Override[] = []): string {
  const r = load(text, overrides);
  expect(r.ok).toBe(false);
  return r.ok ? '' : formatIssues(r.issues);
}

describe('parametric models: vars and expressions with units', () => {
  it('evaluates durations, rates and plain numbers, each against its hand-computed value', () => {
    const r = load(base(VARS, '"30us + bodyKB * 4us"', '"2k/s * growth"', '"bodyKB / 4"'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    // 30 µs + 16 × 4 µs = 94 µs; 2000/s × 1.5 = 3000/s; 16 / 4 = 4 threads.
    expect(r.model.stages[0]!.service.meanSeconds).toBeCloseTo(94e-6, 15);
    expect(r.model.workload.kind === 'open' && r.model.workload.arrivalRatePerSecond).toBe(3000);
    expect(r.model.pools[0]!.threads).toBe(4);
  });

  it('reads every unit and magnitude the literals read, inside expressions too', () => {
    const cases: [string, number][] = [
      ['"(2ms + 500us) * 2"', 0.005],
      ['"1min / 600"', 0.1],
      ['"150ns * 2"', 300e-9],
      ['"20µs + 0s"', 20e-6],
      ['"0.5h / 1800"', 1],
      ['"1 / (2k/s)"', 0.0005],
      ['"sqrt(4) * 1ms"', 0.002],
    ];
    for (const [expression, seconds] of cases) {
      const r = load(base(VARS, expression));
      expect(r.ok, expression).toBe(true);
      if (r.ok) expect(r.model.stages[0]!.service.meanSeconds, expression).toBeCloseTo(seconds, 15);
    }
    for (const [rate, perSecond] of [['"120/min * 2"', 4], ['"3.5M/h"', 3.5e6 / 3600], ['"1 / 250us"', 4000]] as const) {
      const r = load(base(VARS, '20us', rate));
      expect(r.ok, rate).toBe(true);
      if (r.ok && r.model.workload.kind === 'open') expect(r.model.workload.arrivalRatePerSecond, rate).toBeCloseTo(perSecond, 9);
    }
  });

  it('keeps the exact meaning of the literal forms (no expression evaluation for them)', () => {
    const plain = load(base(VARS, '20us', '2k/s'));
    expect(plain.ok).toBe(true);
    if (plain.ok) {
      expect(plain.model.stages[0]!.service.meanSeconds).toBe(Number('20') * 1e-6);
      expect(plain.model.workload.kind === 'open' && plain.model.workload.arrivalRatePerSecond).toBe(2000);
    }
  });

  it('variables may use earlier variables and carry units', () => {
    const r = load(base('  perKB: 4us\n  bodyKB: 16\n  body: "bodyKB * perKB"\n  growth: 2', '"30us + body"'));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.model.stages[0]!.service.meanSeconds).toBeCloseTo(94e-6, 15);
    expect(refusal(base('  body: "bodyKB * 4us"\n  bodyKB: 16\n  growth: 1', '"body"'))).toMatch(/vars\.body: .*unknown name "bodyKB"/);
  });

  it('an override of a variable (--var, --set vars.x) changes every expression using it', () => {
    const r = load(base(VARS, '"30us + bodyKB * 4us"'), [{ key: 'vars.bodyKB', value: 64 }, { key: 'vars.growth', value: '1' }]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model.stages[0]!.service.meanSeconds).toBeCloseTo(286e-6, 15);
    expect(r.model.workload.kind === 'open' && r.model.workload.arrivalRatePerSecond).toBe(2000);
  });

  it('refuses an unknown variable override, naming the declared ones', () => {
    const message = refusal(base(VARS, '"30us + bodyKB * 4us"'), [{ key: 'vars.bodyKb', value: 64 }]);
    expect(message).toContain('m.yaml: vars.bodyKb');
    expect(message).toContain('declared: bodyKB, growth');
    expect(message).toContain('Did you mean bodyKB?');
  });

  it('refuses a wrong dimension: a duration must be a time, a rate 1/time, a count a plain number', () => {
    expect(refusal(base(VARS, '"bodyKB * 4"'))).toMatch(/m\.yaml: stages\[0\]\.service: expected a duration.*comes out as a plain number \(64\)/);
    expect(refusal(base(VARS, '"2k/s"'))).toMatch(/stages\[0\]\.service: .*comes out as a rate \(2000\/s\)/);
    expect(refusal(base(VARS, '20us', '"growth * 1ms"'))).toMatch(/workload\.arrivalRate: expected a rate.*comes out as a time/);
    expect(refusal(base(VARS, '20us', '2k/s', '"2 * 1ms"'))).toMatch(/stages\[0\]\.threads: .*comes out as a time/);
    expect(refusal(base(VARS, '"bodyKB * 1ms * 1ms"'))).toMatch(/neither a time, a rate/);
  });

  it('refuses hostile or broken expressions before evaluating anything, naming file, key and problem', () => {
    const hostile: [string, RegExp][] = [
      ['f(x) = x', /function definition/],
      ['import("fs")', /call to import/],
      ['evaluate("1")', /call to evaluate/],
      ['parse("1")', /call to parse/],
      ['createUnit("foo")', /call to createUnit/],
      ['simplify("x")', /call to simplify/],
      ['x = 3', /assignment/],
      ['bodyKB.constructor', /property access/],
      ['nope * 1us', /unknown name "nope"/],
      ['[1, 2]', /matrix/],
      ['"a" + 1us', /constant "a"/],
      ['bodyKB > 1 ? 1us : 2us', /condition|comparison/],
      ['5 us to s', /operator "to"/],
      ['30us + (', /syntax error/],
      ['10^400 * 1us', /not a finite number/],
      ['(1ms)^1000 / (1ms)^999', /not a finite number|neither|cannot be evaluated/],
      ['cos(1) * 1us', /call to cos/],
      ['1us; 2us', /several statements/],
      ['2 bodyKB * 1us', /implicit multiplication/],
    ];
    for (const [expression, problem] of hostile) {
      const message = refusal(base(VARS, JSON.stringify(expression)));
      expect(message, expression).toMatch(/^m\.yaml: stages\[0\]\.service: /);
      expect(message, expression).toMatch(problem);
      expect(message, expression).not.toMatch(/NaN|Infinity|\n\s+at /);
    }
    expect(refusal(base('  s: 3\n  growth: 1', '20us'))).toMatch(/vars\.s: expected a variable name that is not a unit/);
    expect(refusal(base('  big: "10^400"\n  growth: 1', '20us'))).toMatch(/vars\.big: .*not a finite number/);
    // A refused variable is reported alone, not again at every expression that uses it.
    const cascade = refusal(base(VARS, '"30us + bodyKB * 4us"'), [{ key: 'vars.bodyKB', value: 'f(x) = x' }]);
    expect(cascade).toMatch(/^m\.yaml: vars\.bodyKB: .*function definition/);
    expect(cascade.split('\n')).toHaveLength(1);
  });

  it('a model without vars keeps its old message for a mistyped literal', () => {
    const text = 'workload:\n  arrivalRate: 100\nstages:\n  - name: a\n    service: fast\n';
    expect(refusal(text)).toMatch(/stages\[0\]\.service: expected a positive duration such as "120us"/);
  });

  it('sweeps over a variable by re-loading the model per value', () => {
    const text = base(VARS, '"30us + bodyKB * 4us"');
    const model = load(text);
    expect(model.ok).toBe(true);
    if (!model.ok) return;
    const result = sweep(model.model, {
      parameter: 'var:bodyKB',
      values: [1, 64],
      percentiles: false,
      resolveKeyPaths: (assignments) => {
        const r = load(text, [...assignments]);
        if (!r.ok) throw new Error(formatIssues(r.issues));
        return r.model;
      },
    });
    expect(result.rows.map((row) => row.x)).toEqual([1, 64]);
    // M/M/2 at λ = 3000/s (closed form): P(wait) = 2ρ²/(1 + ρ), mean = s + P(wait)·s / (2(1 − ρ)), ρ = λs/2.
    const mm2 = (service: number) => {
      const rho = (3000 * service) / 2;
      return service + ((2 * rho * rho) / (1 + rho)) * (service / (2 * (1 - rho)));
    };
    expect(result.rows[0]!.mean!).toBeCloseTo(mm2(34e-6), 12);
    expect(result.rows[1]!.mean!).toBeCloseTo(mm2(286e-6), 12);
  });
});
