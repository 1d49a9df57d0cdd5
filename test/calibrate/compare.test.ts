import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseModel } from '../../src/index.ts';
import { compare, parseMaxError } from '../../src/calibrate/compare.ts';
import { cli } from '../helpers/cli.ts';
import { syntheticRows } from './synthetic.ts';

const TRUTH = 'name: truth\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: net, service: 1ms, threads: infinite, distribution: deterministic }\n  - { name: work, service: 5ms, threads: 4 }\n';
const BASE = 'name: base\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: work, service: 2ms, threads: 4 }\n';

function csv(rows: ReturnType<typeof syntheticRows>): string {
  const lines = rows.map((r) => [r.rate, r.throughput, r.latency.mean, r.latency.p50, r.latency.p99, r.busy['work']].join(','));
  return `rate,throughput,mean,p50,p99,busy.work\n${lines.join('\n')}\n`;
}

describe('reqpath calibrate → compare', () => {
  const truth = parseModel(TRUTH);
  const low = syntheticRows(truth, [80, 160, 240].map((rate) => ({ rate })), { seed: 21, requests: 30_000, replications: 2 });
  const high = syntheticRows(truth, [400, 560, 680].map((rate) => ({ rate })), { seed: 22, requests: 30_000, replications: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'reqpath-compare-'));
  writeFileSync(join(dir, 'base.yaml'), BASE);
  writeFileSync(join(dir, 'low.csv'), csv(low));
  writeFileSync(join(dir, 'high.csv'), csv(high));

  it('calibrate writes YAML with a comment per fitted figure and prints residuals', async () => {
    const r = await cli('calibrate', join(dir, 'low.csv'), '--model', join(dir, 'base.yaml'), '--out', join(dir, 'fit.yaml'));
    expect(r.code).toBe(0);
    const yaml = readFileSync(join(dir, 'fit.yaml'), 'utf8');
    expect(yaml).toMatch(/- name: overhead\n\s+service: [\d.]+m?s # fitted ± [\d.]+µs \(95%\): pure delay/);
    expect(yaml).toMatch(/service: 4\.9\d*ms # fitted ± [\d.]+µs \(95%\): utilisation law: busy\.work × 4 threads/);
    expect(r.stdout).toMatch(/residuals/);
    // Without --out the YAML is the only thing on stdout; with --json, only JSON.
    const plain = await cli('calibrate', join(dir, 'low.csv'), '--model', join(dir, 'base.yaml'));
    expect(plain.stdout).toMatch(/^# Calibrated by reqpath calibrate/);
    expect(plain.stderr).toMatch(/residuals/);
    const json = JSON.parse((await cli('calibrate', join(dir, 'low.csv'), '--model', join(dir, 'base.yaml'), '--json')).stdout);
    expect(json.figures.map((f: { stage: string }) => f.stage).sort()).toEqual(['overhead', 'work']);
    expect(json.residuals).toHaveLength(3);
    expect(typeof json.yaml).toBe('string');
  });

  it('compare predicts the higher loads from the low-load calibration, with errors as fractions and a band', async () => {
    const r = await cli('compare', join(dir, 'fit.yaml'), join(dir, 'high.csv'), '--json', '--max-error', 'throughput=8%,mean=10%,p99=20%', '--chart', join(dir, 'chart.json'));
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.passed).toBe(true);
    for (const row of json.rows) {
      expect(Math.abs(row.error.mean)).toBeLessThan(0.1);
      expect(row.band.mean[0]).toBeLessThan(row.predicted.mean);
      expect(row.band.mean[1]).toBeGreaterThan(row.predicted.mean);
    }
    const chart = JSON.parse(readFileSync(join(dir, 'chart.json'), 'utf8'));
    expect(chart.$schema).toMatch(/vega-lite/);
    expect(chart.layer).toHaveLength(3);
  });

  it('exits 1 when a bound breaks, naming the row; the table shows errors in %', async () => {
    const r = await cli('compare', join(dir, 'base.yaml'), join(dir, 'high.csv'), '--max-error', 'mean=10%');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/mean .*-\d+\.\d%\s+✗ > 10%/);
    expect(r.stderr).toMatch(/--max-error broken: row 1 \(400\/s\) mean/);
    expect((await cli('compare', join(dir, 'fit.yaml'), join(dir, 'high.csv'), '--max-error', 'latency=5%')).code).toBe(2);
  });

  it('parses bounds as percentages or fractions, and compare flags an unstable prediction', () => {
    expect(parseMaxError('throughput=8%, p99=0.2')).toEqual({ ok: true, bounds: { throughput: 0.08, p99: 0.2 } });
    const result = compare(parseModel(BASE.replace('2ms', '20ms')), high, { bounds: { mean: 0.5 } });
    expect(result.rows[0]!.predicted.mean).toBeNull();
    expect(result.passed).toBe(false);
  });
});
