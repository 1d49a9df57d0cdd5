/**
 * A first run (issue 17 §13): --version, the units rule in every --help, and a package that ships what a user
 * runs and not the tests.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.ts';

describe('first run', () => {
  it('--version prints the package version', async () => {
    const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    for (const flag of ['--version', '-V']) {
      const r = await cli(flag);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('every --help states that a bare number is seconds', async () => {
    for (const verb of [[], ['plan'], ['sweep'], ['simulate'], ['analyze']]) {
      const r = await cli(...verb, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout, verb.join(' ')).toMatch(/a duration without a unit is seconds/);
    }
  });

  it('no --help cites SPEC sections, which a user of the package does not have', async () => {
    for (const verb of [[], ['sweep'], ['calibrate'], ['compare'], ['chart']]) {
      const r = await cli(...verb, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout, verb.join(' ')).not.toMatch(/\bSPEC\b/);
    }
  });

  it('a bare --slo-p99 20 is 20 s, and plan and sweep echo every bound with its unit (text and JSON)', async () => {
    const model = 'models/seda-https-json.yaml';
    const plan = await cli('plan', model, '--slo-p99', '20', '--max-util', '90%');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^SLO: p99 ≤ 20s, drops ≤ 0\.1%, utilisation ≤ 90\.0%$/m);
    expect(JSON.parse((await cli('plan', model, '--slo-p99', '20', '--json')).stdout).slo).toEqual({ p99Seconds: 20, maxDropRate: 0.001 });
    const sweep = await cli('sweep', model, '--param', 'rate', '--values', '5k,10k', '--slo-p99', '20');
    expect(sweep.code).toBe(0);
    expect(sweep.stdout.split('\n')[1]).toBe('SLO: p99 ≤ 20s, drops ≤ 0.1%');
    const json = JSON.parse((await cli('sweep', model, '--param', 'rate', '--values', '5k', '--slo-p99', '7ms', '--json')).stdout);
    expect(json.slo).toEqual({ p99Seconds: 0.007, maxDropRate: 0.001 });
    expect(json.rows[0].meetsSlo).toBe(false); // p99 ≈ 9.7 ms > 7 ms: the bound given was used
    // The model's own bounds are echoed too, and a model without an slo gets no SLO line.
    expect((await cli('sweep', model, '--param', 'rate', '--values', '5k')).stdout.split('\n')[1]).toBe('SLO: p99 ≤ 50ms, drops ≤ 0.1%');
    const file = join(mkdtempSync(join(tmpdir(), 'reqpath-slo-')), 'no-slo.json');
    writeFileSync(file, JSON.stringify({ name: 'no-slo', workload: { arrivalRate: 100 }, stages: [{ name: 'a', service: '1ms', threads: 1 }] }));
    expect((await cli('sweep', file, '--param', 'rate', '--values', '100')).stdout.split('\n')[1]).toBe('');
    expect(JSON.parse((await cli('sweep', file, '--param', 'rate', '--values', '100', '--json')).stdout).slo).toBeNull();
  });

  it('the README’s first lesson is exactly what `npm start` prints (issue 17 §10)', async () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
    const args = start.split(' ').slice(start.split(' ').indexOf('bin/reqpath.js') + 1);
    expect(args[0]).toBe('analyze');
    const readme = readFileSync('README.md', 'utf8');
    const lesson = readme.slice(readme.indexOf('## A first analysis'), readme.indexOf('\n## ', readme.indexOf('## A first analysis') + 3));
    const shown = /```\n(seda-https-json — [\s\S]*?)```\n/.exec(lesson)?.[1];
    const r = await cli(...args);
    expect(r.code).toBe(0);
    // When this fails after a change to the analysis or its notes: paste the output of `npm start` into the README.
    expect(shown).toBe(r.stdout);
    // The default model queues (a bottleneck near 70 %), so its first screen shows waits, not <1ns everywhere.
    const bottleneck = r.stdout.split('\n').find((line) => line.startsWith('▶'))!;
    const util = Number(/([\d.]+)%/.exec(bottleneck)![1]);
    expect(util).toBeGreaterThanOrEqual(60);
    expect(util).toBeLessThanOrEqual(80);
    expect(r.stdout).toMatch(/SLO p99 ≤ 50ms: met/);
    expect(r.stdout.split('\n').filter((line) => /^[ ▶] \w/.test(line) && line.includes('<1ns'))).toEqual([]);
  });

  it('the README stands on its own: it cites no SPEC.md or SPEC section the repository does not hold', () => {
    expect(readFileSync('README.md', 'utf8')).not.toMatch(/\bSPEC\b/);
  });

  it('the package ships bin, the code and models, not test/ (a files list in package.json)', () => {
    const files = (JSON.parse(readFileSync('package.json', 'utf8')) as { files?: string[] }).files;
    expect(files).toBeDefined();
    for (const needed of ['bin', 'models']) expect(files).toContain(needed);
    expect(files!.some((f) => f === 'dist' || f === 'src')).toBe(true);
    expect(files!.filter((f) => /^\.?\/?test/.test(f))).toEqual([]);
  });
});
