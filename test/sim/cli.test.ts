import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

describe('reqpath simulate', () => {
  it('--json prints SPEC §3 JSON with ci, requests, replications, seed, engine, events, eventsPerSecond', async () => {
    const run = await cli('simulate', 'models/seda-https-json.yaml', '--json', '--requests', '2000', '--replications', '3', '--seed', '9');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(result.method).toBe('simulation');
    expect(result).toMatchObject({ requests: 2000, replications: 3, seed: 9, engine: 'recursion' });
    expect(result.events).toBeGreaterThan(0);
    expect(typeof result.eventsPerSecond).toBe('number');
    expect(result.ci.mean).toBeGreaterThan(0);
    expect(result.ci.latency.p99).toBeGreaterThanOrEqual(0);
    expect(result.ci.stages).toHaveLength(result.stages.length);
    expect(run.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('--rate and --set apply; --engine simjs runs the reference engine', async () => {
    const run = await cli('simulate', 'models/seda-https-json.yaml', '--json', '--requests', '1000', '--replications', '2', '--rate', '1k/s', '--set', 'stages.process.threads=8', '--engine', 'simjs');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.offeredRate).toBe(1000);
    expect(result.engine).toBe('simjs');
    expect(result.stages.find((s: { name: string }) => s.name === 'process').threads).toBe(8);
  });

  it('the human table ends with the run summary', async () => {
    const run = await cli('simulate', 'models/seda-https-json.yaml', '--requests', '1000', '--replications', '2');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/simulation: recursion engine, 2 × 1000 requests/);
  });

  it('a time-driven run summarises its length in seconds, not the request count it ignores', async () => {
    const run = await cli('simulate', 'models/seda.yaml', '--set', 'workload.horizon=1s', '--replications', '2');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--requests and --warmup do not apply/);
    expect(run.stdout).toMatch(/simulation: fast engine, 2 × 1 s time-driven, seed 1/);
    expect(run.stdout).not.toMatch(/requests \(warm-up/);
    // Thousands per second read as a rate, not 4.997e+3/s.
    expect(run.stdout).toMatch(/^overload: goodput \d+(\.\d+)?k\/s /m);
  });

  it('--engine recursion on a model that does not qualify: exit 2 with the reason', async () => {
    const run = await cli('simulate', 'models/nginx-reuseport.yaml', '--engine', 'recursion', '--requests', '100');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/serves two places in the pipeline/);
  });

  it('refuses a bad engine or count with exit status 2', async () => {
    expect((await cli('simulate', 'models/seda-https-json.yaml', '--engine', 'simpy')).code).toBe(2);
    expect((await cli('simulate', 'models/seda-https-json.yaml', '--requests', '0')).code).toBe(2);
    expect((await cli('simulate', 'models/seda-https-json.yaml', '--precision', '2')).code).toBe(2);
  });
});
