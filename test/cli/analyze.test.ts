import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.ts';

const DEFAULT_MODEL = 'models/seda-https-json.yaml';

describe('reqpath analyze / validate', () => {
  it('prints SPEC §3 JSON with --json, and only JSON on stdout', async () => {
    const r = await cli('analyze', DEFAULT_MODEL, '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    for (const key of ['model', 'method', 'stable', 'offeredRate', 'throughput', 'maxThroughput', 'bottleneck', 'dropRate', 'latency', 'stages', 'notes']) {
      expect(json).toHaveProperty(key);
    }
    expect(json.method).toBe('analytic');
    expect(json.stages).toHaveLength(6);
    for (const key of ['name', 'pool', 'threads', 'visits', 'utilization', 'probWait', 'meanWait', 'meanResponse', 'meanQueueLength', 'meanInSystem', 'throughput', 'dropRate']) {
      expect(json.stages[0]).toHaveProperty(key);
    }
    expect(Object.keys(json.latency)).toEqual(['mean', 'p50', 'p90', 'p95', 'p99', 'p999']);
  });

  it('prints a table for people, with the bottleneck marked', async () => {
    const r = await cli('analyze', DEFAULT_MODEL);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/▶ process/);
    expect(r.stdout).toMatch(/p99/);
  });

  it('--rate and --set override the model', async () => {
    const r = await cli('analyze', DEFAULT_MODEL, '--json', '--rate', '4k/s', '--set', 'stages.process.threads=64');
    const json = JSON.parse(r.stdout);
    expect(json.offeredRate).toBe(4000);
    expect(json.stages[5].threads).toBe(64);
  });

  it('an unreadable --rate or --set value: one line naming the option, exit 2, nothing on stdout', async () => {
    const rate = await cli('analyze', DEFAULT_MODEL, '--json', '--rate', 'fast');
    expect(rate.code).toBe(2);
    expect(rate.stdout).toBe('');
    expect(rate.stderr.trim()).toBe('--rate: expected a positive rate such as 2000, "2k/s" or "120/min", got "fast"');
    const set = await cli('analyze', DEFAULT_MODEL, '--set', 'stages.read.service=soon');
    expect(set.stderr.trim()).toBe('--set stages.read.service: expected a positive duration such as "120us" or 0.002, got "soon"');
  });

  it('answers an overloaded model with stable: false and nulls, exit 0', async () => {
    const r = await cli('analyze', DEFAULT_MODEL, '--json', '--rate', '100000');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.stable).toBe(false);
    expect(json.latency.p99).toBeNull();
    expect(json.bottleneck).toBe('process');
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('refuses bad input with exit 2, a precise message on stderr and nothing on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqpath-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'workload: { arrivalRate: 10 }\nstages:\n  - { name: a, service: 1ms, threads: 0 }\n');
    for (const verb of ['validate', 'analyze']) {
      const r = await cli(verb, file);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${file}: stages[0].threads: expected a positive integer or "infinite", got 0`);
    }
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
    const missing = await cli('analyze', join(dir, 'nope.yaml'));
    expect(missing.code).toBe(2);
    const badSet = await cli('analyze', DEFAULT_MODEL, '--set', 'nonsense');
    expect(badSet.code).toBe(2);
    expect(badSet.stderr).toMatch(/KEY=VALUE/);
  });

  it('validate says valid and exits 0 on every shipped model', async () => {
    for (const file of readdirSync('models').filter((f) => /\.(ya?ml|json)$/.test(f))) {
      const r = await cli('validate', join('models', file));
      expect(r.code, `${file}: ${r.stderr}`).toBe(0);
    }
  });

  it('validate counts stages and pools in words that agree with the number', async () => {
    expect((await cli('validate', DEFAULT_MODEL)).stdout).toBe(`${DEFAULT_MODEL}: valid (seda-https-json: 6 stages, 6 pools)\n`);
    const file = join(mkdtempSync(join(tmpdir(), 'reqpath-validate-')), 'one.yaml');
    writeFileSync(file, 'name: one\nworkload: { arrivalRate: 10 }\nstages:\n  - { name: a, service: 1ms, threads: 1 }\n');
    expect((await cli('validate', file)).stdout).toBe(`${file}: valid (one: 1 stage, 1 pool)\n`);
  });

  it('works as the installed bin (npx reqpath)', () => {
    const out = execFileSync(process.execPath, ['bin/reqpath.js', 'analyze', DEFAULT_MODEL, '--json'], { encoding: 'utf8' });
    expect(JSON.parse(out).model).toBe('seda-https-json');
  });
});
