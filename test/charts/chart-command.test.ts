/** `reqpath chart`: what it writes, where, atomically, and what it refuses. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from 'vega-lite';
import { cli } from '../helpers/cli.ts';

const MODEL = 'models/seda-https-json.yaml';
const root = mkdtempSync(join(tmpdir(), 'reqpath-chart-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('reqpath chart', () => {
  it('creates the directory, writes the chosen charts and formats, prints each path, leaves no temp file', async () => {
    const out = join(root, 'new', 'nested');
    const r = await cli('chart', MODEL, '--out', out, '--format', 'vl.json,svg', '--which', 'utilization,latency-vs-load');
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['latency-vs-load.svg', 'latency-vs-load.vl.json', 'utilization.svg', 'utilization.vl.json']);
    expect(r.stdout.trim().split('\n')).toEqual(
      ['latency-vs-load.vl.json', 'latency-vs-load.svg', 'utilization.vl.json', 'utilization.svg'].map((f) => `wrote ${join(out, f)}`),
    );
    const spec = JSON.parse(readFileSync(join(out, 'utilization.vl.json'), 'utf8'));
    expect(spec.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
    expect(() => compile(spec)).not.toThrow();
    expect(readFileSync(join(out, 'utilization.svg'), 'utf8')).toMatch(/^<svg[\s\S]*Thread utilisation per stage/);
  });

  it('--json lists what it wrote and prints nothing else on stdout', async () => {
    const out = join(root, 'json');
    const r = await cli('chart', MODEL, '--out', out, '--format', 'png', '--which', 'utilization', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.written).toEqual([join(out, 'utilization.png')]);
    expect(readFileSync(join(out, 'utilization.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('overwrites an existing chart in place', async () => {
    const out = join(root, 'again');
    await cli('chart', MODEL, '--out', out, '--format', 'vl.json', '--which', 'utilization');
    writeFileSync(join(out, 'utilization.vl.json'), 'stale');
    const r = await cli('chart', MODEL, '--out', out, '--format', 'vl.json', '--which', 'utilization', '--rate', '4000');
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'utilization.vl.json'), 'utf8')).toContain('4,000 req/s');
    expect(readdirSync(out)).toEqual(['utilization.vl.json']);
  });

  it('--simulate draws simulated points with CI bounds over the load curve and the CDF, progress on stderr', async () => {
    const out = join(root, 'simulated');
    const r = await cli('chart', MODEL, '--out', out, '--format', 'vl.json', '--which', 'latency-vs-load,latency-cdf', '--simulate', '--requests', '2000', '--replications', '3');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/simulating .*\(7\/7\)/);
    const load = JSON.parse(readFileSync(join(out, 'latency-vs-load.vl.json'), 'utf8'));
    const pointsOf = (spec: any) => spec.layer.find((l: any) => l.mark?.type === 'point' && l.data).data.values;
    const simulated = pointsOf(load).filter((v: any) => v.simulated === 'p99');
    expect(simulated).toHaveLength(6);
    for (const v of simulated) expect(v.low).toBeLessThanOrEqual(v.ms), expect(v.high).toBeGreaterThanOrEqual(v.ms);
    const cdf = JSON.parse(readFileSync(join(out, 'latency-cdf.vl.json'), 'utf8'));
    const points = pointsOf(cdf);
    expect(points.map((p: any) => p.probability)).toEqual([0.5, 0.9, 0.95, 0.99, 0.999]);
  });

  it('refuses --requests 0 with exit 2', async () => {
    const r = await cli('chart', MODEL, '--out', join(root, 'zero'), '--simulate', '--requests', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--requests 0: expected a positive integer/);
  });

  it('refuses an unknown format or chart with exit 2 and writes nothing', async () => {
    const out = join(root, 'refused');
    const a = await cli('chart', MODEL, '--out', out, '--format', 'svg,gif');
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/--format svg,gif: expected .*unknown: gif/);
    const b = await cli('chart', MODEL, '--out', out, '--which', 'pie');
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/unknown: pie/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a bad model with exit 2 and writes nothing', async () => {
    const out = join(root, 'bad-model');
    const bad = join(root, 'bad.yaml');
    writeFileSync(bad, 'name: x\nworkload: { arrivalRate: 10 }\nstages: [{ name: a, service: 1ms, threads: 0 }]\n');
    const r = await cli('chart', bad, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/threads/);
    expect(existsSync(out)).toBe(false);
  });

  it('fails cleanly when the output path is a file, without a stack trace', async () => {
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const r = await cli('chart', MODEL, '--out', file, '--format', 'vl.json', '--which', 'utilization');
    expect(r.code).toBe(2); // a bad --out is refused input, said in words (issue 17)
    expect(r.stderr).toMatch(/^--out .*a-file: expected a directory, but .* is a file/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});

describe('writeAtomic', () => {
  it('on a failed rename removes its temporary file and leaves the target as it was', async () => {
    const { writeAtomic } = await import('../../src/cli/chart-run.ts');
    const dir = mkdtempSync(join(root, 'atomic-'));
    const target = join(dir, 'chart.svg');
    // A non-empty directory where the file should go: the rename must fail.
    await import('node:fs').then((fs) => {
      fs.mkdirSync(target);
      fs.writeFileSync(join(target, 'keep'), 'k');
    });
    expect(() => writeAtomic(target, '<svg/>')).toThrow();
    expect(readdirSync(dir)).toEqual(['chart.svg']);
    expect(readdirSync(target)).toEqual(['keep']);
  });
});
