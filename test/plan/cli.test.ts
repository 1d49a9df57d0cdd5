import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

const MODEL = 'models/seda-https-json.yaml';

describe('reqpath plan', () => {
  it('--json: the plan at 3x with before/after per pool, p99 and headroom, and no NaN or Infinity', async () => {
    const run = await cli('plan', MODEL, '--growth', '3x', '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toMatch(/NaN|Infinity/);
    const plan = JSON.parse(run.stdout);
    expect(plan).toMatchObject({ model: 'seda-https-json', method: 'analytic', feasible: true, currentRate: 11200, targetRate: 33600, growth: 3 });
    expect(plan.slo).toEqual({ p99Seconds: 0.05, maxDropRate: 0.001 });
    expect(plan.pools.map((p: { name: string }) => p.name)).toEqual(['accept', 'read', 'decrypt', 'parse', 'decode', 'process']);
    expect(plan.pools[5]).toMatchObject({ role: 'resized', before: { threads: 32 }, after: { threads: plan.threads.process } });
    expect(plan.after.summary.p99).toBeLessThanOrEqual(0.05);
    // At 3× the current sizing is past process's 16k/s: no steady state, so no p99 (null, never Infinity).
    expect(plan.before.summary.p99).toBeNull();
    // The current sizing runs process at 70%: its p99 holds up to about 1.4× (process saturates at 16k/s).
    expect(plan.headroom.multiple).toBeGreaterThan(1.3);
    expect(plan.headroom.multiple).toBeLessThan(16000 / 11200);
    expect(plan.totals.threadsAfter).toBe(Object.values(plan.threads as Record<string, number>).reduce((a, b) => a + b, 0));
  });

  it('human table by default, with the apply line', async () => {
    const run = await cli('plan', MODEL, '--target-rate', '33.6k/s', '--slo-p99', '20ms', '--max-util', '80%');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/plan for 33\.6k\/s \(3× the current 11\.2k\/s\), fewest threads, analytic/);
    expect(run.stdout).toMatch(/SLO: p99 ≤ 20ms, drops ≤ 0\.1%, utilisation ≤ 80\.0%/);
    expect(run.stdout).toMatch(/headroom of the current sizing: .*× the current rate/);
    expect(run.stdout).toMatch(/apply with: --set stages\.\w+\.threads=\d+/);
  });

  it('an unreachable SLO is an answer (exit 0) that names the bound and the lowest achievable value', async () => {
    const run = await cli('plan', MODEL, '--slo-p99', '1ms', '--json');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.feasible).toBe(false);
    expect(plan.threads).toBeNull();
    expect(plan.infeasible[0]).toMatchObject({ bound: 'p99', limit: 0.001 });
    expect(plan.infeasible[0].lowestAchievable).toBeGreaterThan(0.005);
    const human = await cli('plan', MODEL, '--slo-p99', '1ms');
    expect(human.stdout).toMatch(/No sizing meets the SLO at this rate:\n {2}- p99 ≤ 1ms cannot be met/);
  });

  it('least cost with per-pool costs and a restricted set of pools', async () => {
    const run = await cli('plan', MODEL, '--growth', '2', '--objective', 'cost', '--cost', 'process=3,decode=1', '--pools', 'process,decode', '--json');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan.objective).toBe('cost');
    expect(plan.pools.filter((p: { role: string }) => p.role === 'resized').map((p: { name: string }) => p.name)).toEqual(['decode', 'process']);
    expect(plan.threads.read).toBe(4);
    expect(plan.totals.costAfter).toBe(plan.threads.process * 3 + plan.threads.decode + 1 + 4 + 4 + 4);
  });

  it('a pool the target rate overloads reads "overloaded" under util now, not a capped 100.0%', async () => {
    const run = await cli('plan', MODEL, '--growth', '3x');
    expect(run.code).toBe(0);
    const row = (pool: string) => run.stdout.split('\n').find((line) => line.startsWith(`${pool} `))!;
    // 3 × 11.2k/s: process at 210% of its 16k/s, decrypt at 101%; read at 42% stays a percentage.
    expect(row('process')).toMatch(/^process +32 +\d+ +\+\d+ +overloaded +\d+\.\d%$/);
    expect(row('decrypt')).toMatch(/ overloaded /);
    expect(row('read')).toMatch(/ 42\.0% /);
  });

  it('a closed workload\'s check table keeps its columns under a long "at" label', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'reqpath-plan-')), 'closed.json');
    writeFileSync(file, JSON.stringify({ name: 'c', workload: { clients: 40, thinkTime: '5ms' }, stages: [{ name: 's', service: '1ms', threads: 4 }], slo: { p99: '20ms' } }));
    const run = await cli('plan', file);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const at = lines.indexOf('at its closed workload:');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(`${' '.repeat(18)}current sizing      planned`);
  });

  it('a plan at the SLO edge says so without rounding the margin to "within 0%"', async () => {
    // Least cost at 2× runs process at ~99.6%: the planned headroom is under 1 % of the target rate.
    const run = await cli('plan', MODEL, '--growth', '2', '--objective', 'cost', '--cost', 'process=3', '--pools', 'process,decode');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/careful: the plan sits within less than 1% of the SLO edge/);
    expect(run.stdout).not.toMatch(/within 0%/);
  });

  it.each([
    [['--growth', '3y'], /--growth 3y: expected a positive factor such as 3x, 1\.5 or 250%/],
    [['--growth', '3x', '--target-rate', '5000'], /give one of them, not both/],
    [['--slo-p99', 'fast'], /--slo-p99 fast: expected a positive duration/],
    [['--max-util', '1.5'], /--max-util 1\.5: expected a fraction in \(0, 1\]/],
    [['--objective', 'speed'], /--objective speed: expected threads or cost/],
    [['--pools', 'process,nope'], /no pool named "nope" \(have accept, read/],
    [['--objective', 'cost', '--cost', 'process=-1'], /--cost process=-1: expected POOL=COST with a positive cost/],
    [['--max-threads', '0'], /--max-threads 0: expected a whole number ≥ 1/],
    [['--requests', '100'], /--requests: only with --simulate/],
    [['--set', 'stages.decode.threads=0'], /^--set stages.decode.threads: expected a positive integer/],
  ])('refuses %j with exit 2 and a precise message, printing nothing', async (args, message) => {
    const run = await cli('plan', MODEL, ...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('refuses a model with no SLO unless one is given', async () => {
    const run = await cli('plan', MODEL, '--set', 'slo={}');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no SLO to plan for: the model has no slo and no --slo-p99/);
    expect((await cli('plan', MODEL, '--set', 'slo={}', '--slo-mean', '5ms', '--json')).code).toBe(0);
  });
});

describe('reqpath sweep', () => {
  it('--json over rate: one row per point, p99 non-decreasing, null past saturation', async () => {
    const run = await cli('sweep', MODEL, '--param', 'rate', '--from', '500', '--to', '20000', '--steps', '5', '--json');
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/NaN|Infinity/);
    const result = JSON.parse(run.stdout);
    expect(result.parameters).toEqual([{ name: 'rate', kind: 'rate', unit: 'perSecond', values: [500, 5375, 10250, 15125, 20000] }]);
    type Row = { x: number; p99: number | null; stable: boolean; utilization: Record<string, number | null>; accuracy: { percentiles: { ci?: number | null } } };
    const rows = result.rows as Row[];
    expect(rows.map((r) => r.x)).toEqual([500, 5375, 10250, 15125, 20000]);
    // A point analyze answers from its seeded simulation carries its 95% half-width: the order holds within it.
    const stable = rows.filter((r) => r.stable);
    const ci = (r: Row) => r.accuracy.percentiles.ci ?? 0;
    stable.slice(1).forEach((r, i) => expect(r.p99! + ci(r) + ci(stable[i]!)).toBeGreaterThanOrEqual(stable[i]!.p99!));
    expect(rows[4]).toMatchObject({ stable: false, p99: null, bottleneck: 'process' });
    expect(Object.keys(rows[0]!.utilization)).toEqual(['accept', 'read', 'decrypt', 'parse', 'decode', 'process']);
  });

  it('--csv over two parameters: a header and one line per point, empty cells for infinite figures', async () => {
    const run = await cli('sweep', MODEL, '--param', 'rate', '--values', '2000,9000', '--param2', 'threads:process', '--values2', '16,32', '--csv');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^rate,threads:process,method,stable,meetsSlo,throughput,maxThroughput,mean,p50,p90,p95,p99,p999,dropRate,bottleneck,utilization\.accept,/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      '2000,16,analytic,true',
      '2000,32,analytic,true',
      '9000,16,analytic,false',
      '9000,32,analytic,true',
    ]);
    expect(lines[3]).toMatch(/,false,false,8000,8000,,,,,,,0,process,/);
  });

  it('a --set key path is validated per value like the file; a table by default', async () => {
    const run = await cli('sweep', MODEL, '--param', 'stages.decode.distribution', '--values', 'lognormal,hyperexponential,gamma');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/sweep of stages\.decode\.distribution, analytic/);
    expect(run.stdout).toMatch(/lognormal[^\n]*\n\s*hyperexponential[^\n]*\n\s*gamma/);
    const bad = await cli('sweep', MODEL, '--param', 'stages.decode.threads', '--values', '2,0');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/stages\.decode\.threads=0 is refused:\n.*stages\[4\]\.threads: expected a positive integer/);
  });

  it.each([
    [['--param', 'threads:nope', '--values', '1'], /--param threads:nope: no pool named "nope"/],
    [['--param', 'rate'], /--param rate: give --from and --to, or --values/],
    [['--param', 'rate', '--from', '1', '--to', '2', '--steps', '0'], /--steps 0: expected a whole number of points/],
    [['--param', 'rate', '--values', '100,-5'], /--values -5: rate: expected a positive rate/],
    [['--param', 'threads:process', '--values', '2.5'], /expected a whole number of threads/],
    // Unreadable values say what was expected (they read 'cannot read "fast"' and 'got NaN').
    [['--param', 'rate', '--from', 'fast', '--to', '3k'], /^--from fast: rate: expected a positive rate such as 2000, "2k\/s" or "120\/min", got "fast"\n$/],
    [['--param', 'service:process', '--values', 'soon'], /^--values soon: service:process: expected a positive duration such as "120us" or 0\.002, got "soon"\n$/],
    [['--param', 'threads:process', '--values', '4,lots'], /^--values lots: threads:process: expected a whole number of threads ≥ 1 or "infinite", got "lots"\n$/],
    [['--param', 'rate', '--values', '1', '--json', '--csv'], /choose one output format/],
    [['--param', 'rate', '--values', '1', '--param2', 'rate', '--values2', '2'], /already swept/],
    [['--param', 'rate', '--values', '1', '--to2', '5'], /--to2: only with --param2/],
    // --steps alone with --values: the message names it, not only --from/--to, which were not given.
    [['--param', 'rate', '--values', '2k,6k', '--steps', '3'], /--values: give either values or --from\/--to\/--steps, not both/],
    [['--param', 'bogus', '--values', '1'], /expected rate, clients, threads:<pool>, service:<stage>, var:<name> or a model key path/],
  ])('refuses %j with exit 2', async (args, message) => {
    const run = await cli('sweep', MODEL, ...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});

describe('--simulate', () => {
  it('plan: searched analytically, refined by simulation; the SLO holds in the simulated figures', async () => {
    const run = await cli('plan', MODEL, '--growth', '3x', '--simulate', '--requests', '3000', '--replications', '2', '--json');
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout);
    expect(plan).toMatchObject({ method: 'simulation', feasible: true });
    expect(plan.after.meetsSlo).toBe(true);
    expect(plan.after.summary.ci.p99).toBeGreaterThan(0);
    expect(plan.notes.join('\n')).toMatch(/refined by simulation: \d+ runs of 3000 requests × 2 replications, seed 1/);
  });

  it('sweep: simulated rows carry 95% half-widths, and the same seed gives the same rows', async () => {
    const args = ['sweep', MODEL, '--param', 'rate', '--values', '1000,4000', '--simulate', '--requests', '2000', '--replications', '2', '--json'];
    const first = await cli(...args);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout);
    expect(result.method).toBe('simulation');
    expect(result.rows[1].ci.p99).toBeGreaterThan(0);
    expect((await cli(...args)).stdout).toBe(first.stdout);
    const compared = JSON.parse((await cli('sweep', MODEL, '--param', 'rate', '--values', '1000,4000', '--compare', '--requests', '2000', '--replications', '2', '--json')).stdout);
    expect(compared.method).toBe('both');
    expect(compared.rows.map((r: { x: number; method: string }) => `${r.x} ${r.method}`)).toEqual(['1000 analytic', '1000 simulation', '4000 analytic', '4000 simulation']);
    expect(compared.rows[3]).toEqual(result.rows[1]);
    expect((await cli('sweep', MODEL, '--param', 'rate', '--values', '1000', '--simulate', '--replications', '0')).stderr).toMatch(/--replications 0: expected a whole number ≥ 1/);
  });
});

