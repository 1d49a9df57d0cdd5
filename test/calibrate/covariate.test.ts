import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.ts';
import { analyze, parseModel, tryParseModel } from '../../src/index.ts';
import { calibrate } from '../../src/calibrate/calibrate.ts';
import { compare } from '../../src/calibrate/compare.ts';
import { fittedYaml } from '../../src/calibrate/fitted-yaml.ts';
import { ModelError } from '../../src/model/messages.ts';
import type { MeasurementRow } from '../../src/calibrate/measurements.ts';
import { base, syntheticRows } from './synthetic.ts';

// The truth: a decode stage whose service grows with the body, 0.5 ms + 20 µs per KB, behind a 1 ms delay.
const TRUTH = `name: truth
vars: { bodyKB: 16 }
workload: { arrivalRate: 1 }
stages:
  - { name: net, service: 1ms, threads: infinite, distribution: deterministic }
  - { name: decode, service: "0.5ms + bodyKB * 20us", threads: 2 }
`;
const A = 0.5e-3;
const B = 20e-6;

/** Load tests at three body sizes, each at 10/20/30% of the capacity at that size: one file of 9 rows. */
function rowsAcrossBodySizes(sizes: readonly number[], columns: 'busy' | 'cpu' = 'busy'): MeasurementRow[] {
  return sizes.flatMap((bodyKB, k) => {
    const truth = parseModel(TRUTH, { overrides: [{ key: 'vars.bodyKB', value: bodyKB }] });
    const capacity = analyze(truth).maxThroughput!;
    return syntheticRows(truth, [0.1, 0.2, 0.3].map((f) => ({ rate: f * capacity })), {
      seed: 20 + k,
      requests: 40_000,
      replications: 2,
      columns,
      covariates: { bodyKB },
      firstRow: 1 + 3 * k,
    });
  });
}

describe('calibrate: a stage service as a linear expression of a measured column', () => {
  const rows = rowsAcrossBodySizes([2, 16, 64]);

  it('recovers a and b of service = a + bodyKB × b within 3%, with intervals, from a BASE without vars (--covariate bodyKB)', () => {
    const b = base('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: decode, service: 2ms, threads: 2 }\n');
    const result = calibrate(b.raw, b.model, rows, { covariate: { column: 'bodyKB' } });
    const figure = result.figures.find((f) => f.stage === 'decode')!;
    expect(figure.linear).toBeDefined();
    expect(Math.abs(figure.linear!.intercept.value / A - 1)).toBeLessThan(0.03);
    expect(Math.abs(figure.linear!.slope.value / B - 1)).toBeLessThan(0.03);
    expect(figure.linear!.slope.ci95).not.toBeNull();
    expect(figure.linear!.slope.ci95![0]).toBeLessThan(B);
    expect(figure.linear!.slope.ci95![1]).toBeGreaterThan(B);
    expect(figure.rows).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Each row is predicted at its own body size: the residuals are small at 2 KB and at 64 KB alike.
    for (const r of result.residuals) expect(Math.abs(r.error.mean!), `row ${r.row}`).toBeLessThan(0.04);
    expect(Math.abs(result.model.stages.find((s) => s.name === 'overhead')!.service.meanSeconds / 1e-3 - 1)).toBeLessThan(0.05);

    // The fitted file declares bodyKB and writes the expression; --var bodyKB=64 then predicts at 64 KB.
    const yaml = fittedYaml('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: decode, service: 2ms, threads: 2 }\n', result, { measurementsFile: 'm.csv', baseFile: 'b.yaml' });
    expect(yaml).toMatch(/service: .*\+ bodyKB \* .*us/);
    expect(yaml).toMatch(/vars:\n {2}bodyKB: 16/);
    for (const bodyKB of [4, 64, 128]) {
      const fitted = parseModel(yaml, { overrides: [{ key: 'vars.bodyKB', value: bodyKB }] });
      const service = fitted.stages.find((s) => s.name === 'decode')!.service.meanSeconds;
      expect(Math.abs(service / (A + bodyKB * B) - 1), `bodyKB=${bodyKB}`).toBeLessThan(0.03);
    }
  });

  it('fits the variable a parametric BASE already declares and uses (no option needed), keeping its other expressions', () => {
    const text = 'name: b\nvars: { bodyKB: 8 }\nworkload: { arrivalRate: "50/s * 2" }\nstages:\n  - { name: decode, service: "1ms + bodyKB * 1us", threads: 2 }\n';
    const b = base(text);
    const result = calibrate(b.raw, b.model, rows);
    const figure = result.figures.find((f) => f.stage === 'decode')!;
    expect(Math.abs(figure.linear!.slope.value / B - 1)).toBeLessThan(0.03);
    expect(figure.linear!.at).toBe(8); // BASE's value of the variable
    const yaml = fittedYaml(text, result, { measurementsFile: 'm.csv', baseFile: 'b.yaml' });
    const reloaded = tryParseModel(yaml);
    expect(reloaded.ok).toBe(true);
    // compare of the fitted model against the rows, each at its own body size.
    const cmp = compare(result.model, rows);
    for (const r of cmp.rows) expect(Math.abs(r.error.mean!)).toBeLessThan(0.04);
  });

  it('works from a cpu column too, and the service of a model without the covariate fit is far off', () => {
    const b = base('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: decode, service: 2ms, threads: 2 }\n');
    const cpuRows = rowsAcrossBodySizes([2, 16, 64], 'cpu');
    const result = calibrate(b.raw, b.model, cpuRows, { covariate: { column: 'bodyKB', stage: 'decode' } });
    const linear = result.figures.find((f) => f.stage === 'decode')!.linear!;
    expect(Math.abs(linear.intercept.value / A - 1)).toBeLessThan(0.03);
    expect(Math.abs(linear.slope.value / B - 1)).toBeLessThan(0.03);
    // Without the column, one service time for every body size: the 64 KB rows are badly predicted.
    const plain = calibrate(b.raw, b.model, cpuRows);
    expect(plain.figures.find((f) => f.stage === 'decode')!.linear).toBeUndefined();
    expect(Math.max(...plain.residuals.map((r) => Math.abs(r.error.mean!)))).toBeGreaterThan(0.1);
  });

  it('refuses a covariate the rows do not carry or that never changes, naming it', () => {
    const b = base('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: decode, service: 2ms, threads: 2 }\n');
    expect(() => calibrate(b.raw, b.model, rows, { covariate: { column: 'bodyMB' } })).toThrow(/bodyMB.*extra columns: bodyKB/s);
    const one = rows.filter((r) => r.covariates['bodyKB'] === 16);
    expect(() => calibrate(b.raw, b.model, one, { covariate: { column: 'bodyKB' } })).toThrow(ModelError);
    expect(() => calibrate(b.raw, b.model, rows, { covariate: { column: 'bodyKB', stage: 'parse' } })).toThrow(/stage of BASE/);
  });
});

describe('reqpath calibrate --covariate → analyze --var → compare', () => {
  it('writes the line with vars:, predicts at another value with --var, compares each row at its own value', async () => {
    const rows = rowsAcrossBodySizes([2, 16, 64]);
    const dir = mkdtempSync(join(tmpdir(), 'reqpath-covariate-'));
    const lines = rows.map((r) => [r.rate, r.throughput, r.latency.mean, r.latency.p99, r.busy['decode'], r.covariates['bodyKB']].join(','));
    writeFileSync(join(dir, 'rows.csv'), `rate,throughput,mean,p99,busy.decode,bodyKB\n${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'base.yaml'), 'name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: decode, service: 2ms, threads: 2 }\n');
    const fit = await cli('calibrate', join(dir, 'rows.csv'), '--model', join(dir, 'base.yaml'), '--covariate', 'decode=bodyKB', '--out', join(dir, 'fit.yaml'));
    expect(fit.code, fit.stderr).toBe(0);
    expect(readFileSync(join(dir, 'fit.yaml'), 'utf8')).toMatch(/service: [\d.]+µs \+ bodyKB \* [\d.]+µs # fitted/);
    const at64 = JSON.parse((await cli('analyze', join(dir, 'fit.yaml'), '--var', 'bodyKB=64', '--rate', '300', '--json')).stdout);
    const decode = at64.stages.find((s: { name: string }) => s.name === 'decode');
    expect(Math.abs(decode.meanResponse - decode.meanWait - (A + 64 * B)) / (A + 64 * B)).toBeLessThan(0.03);
    const cmp = await cli('compare', join(dir, 'fit.yaml'), join(dir, 'rows.csv'), '--max-error', 'throughput=3%,mean=4%');
    expect(cmp.code, cmp.stdout).toBe(0);
    const bad = await cli('calibrate', join(dir, 'rows.csv'), '--model', join(dir, 'base.yaml'), '--covariate', 'bodyMB');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bodyMB/);
  }, 120_000);
});
