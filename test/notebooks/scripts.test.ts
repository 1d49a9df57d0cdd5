/**
 * The what-if scripts run as a user runs them (`npx tsx notebooks/<name>.ts`, and under Deno) and print the
 * tables that answer their question. Checks are on the kind of answer (columns, rows, monotone trends the
 * queueing argument predicts), not on digits that the analytic solver may refine.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { deno, perSecond, seconds, tables, tsx, type Run } from './run.ts';

const SCRIPTS = ['threads-at-3x', 'p99-breakdown', 'shared-vs-reuseport', 'tls-json-cost'] as const;
type Script = (typeof SCRIPTS)[number];

const viaTsx = {} as Record<Script, Run>;
const viaDeno = {} as Record<Script, Run>;

beforeAll(async () => {
  // Two at a time: tsx start-up dominates, and the machine has two cores. About a minute on a quiet machine;
  // the limit leaves room for a loaded one (some scripts now wait for analyze's fallback simulations).
  for (const pair of [SCRIPTS.slice(0, 2), SCRIPTS.slice(2)]) {
    await Promise.all(pair.map(async (s) => (viaTsx[s] = await tsx(`notebooks/${s}.ts`))));
  }
  await Promise.all(SCRIPTS.map(async (s) => (viaDeno[s] = await deno(`notebooks/${s}.ts`))));
}, 360_000);

describe('what-if scripts', () => {
  it.each(SCRIPTS)('%s exits 0 under tsx and Deno, prints tables, no NaN/undefined', (s) => {
    for (const r of [viaTsx[s], viaDeno[s]]) {
      expect(r.stderr.replace(/^Warning.*\n/gm, '')).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).not.toMatch(/NaN|undefined|Infinity|\[object/);
      expect(tables(r.stdout).length).toBeGreaterThan(0);
    }
    // Same tables, same shape, whichever runtime.
    expect(tables(viaDeno[s].stdout).map((t) => t.length)).toEqual(tables(viaTsx[s].stdout).map((t) => t.length));
  });

  it('threads-at-3x: a plan per sizing, the planned ones meet the SLO with fewer or as many threads', () => {
    const out = viaTsx['threads-at-3x'].stdout;
    expect(out).toContain('sizing for 3× = 33.6k/s');
    const [pools, sizings] = tables(out);
    expect(pools!.map((r) => r.pool)).toEqual(['accept', 'read', 'decrypt', 'parse', 'decode', 'process']);
    for (const row of pools!) {
      // A plan never sizes a pool at or below its offered load in threads (it would be unstable).
      expect(Number(row.fewest)).toBeGreaterThan(Number(row['offered (threads)']));
      expect(Number(row['≤70% busy'])).toBeGreaterThanOrEqual(Number(row.fewest));
    }
    expect(sizings!.map((r) => r.sizing)).toEqual(['current', 'fewest meeting SLO', 'fewest, every pool ≤70% busy']);
    const [, fewest, roomy] = sizings!;
    const multiple = (r: Record<string, string>) => Number(r['SLO holds up to']!.replace('× target', ''));
    // Both plans meet the SLO at the target, so it holds at least up to 1× the target; the 70 % ceiling buys more.
    expect(multiple(fewest!)).toBeGreaterThanOrEqual(1);
    expect(multiple(roomy!)).toBeGreaterThan(multiple(fewest!));
    expect(Number(roomy!['busiest pool']!.replace('%', ''))).toBeLessThanOrEqual(70);
    expect(Number(roomy!.threads)).toBeGreaterThanOrEqual(Number(fewest!.threads));
    expect(out).toMatch(/apply with: --set stages\.\w+\.threads=\d+/);
  });

  it('p99-breakdown: shares of the mean add to 100%, and near saturation the bottleneck queue owns the tail', () => {
    const out = viaTsx['p99-breakdown'].stdout;
    const found = tables(out);
    expect(found).toHaveLength(6); // breakdown + counterfactual at three loads
    for (const breakdown of [found[0]!, found[2]!, found[4]!]) {
      const total = breakdown.reduce((sum, r) => sum + Number(r['share of mean']!.replace('%', '')), 0);
      expect(total).toBeGreaterThan(99.5);
      expect(total).toBeLessThan(100.5);
    }
    const saved = (t: Record<string, string>[], pool: string) => Number(t.find((r) => r['pool never queues'] === pool)!['of p99']!.replace('%', ''));
    expect(saved(found[1]!, 'process')).toBeLessThan(1); // configured load: service tail, not queueing
    expect(saved(found[5]!, 'process')).toBeGreaterThan(20); // 98% of saturation: the queue
    // Removing a pool's queueing never makes the p99 worse: both sides are one method, not a simulation's noise.
    for (const t of [found[1]!, found[3]!, found[5]!]) for (const r of t) expect(saved(t, r['pool never queues']!)).toBeGreaterThanOrEqual(0);
  });

  it('shared-vs-reuseport: same capacity; reuseport waits longer, more so as load grows', () => {
    const out = viaTsx['shared-vs-reuseport'].stdout;
    expect(out).toMatch(/both saturate at/);
    const [rows] = tables(out);
    expect(rows).toHaveLength(6);
    const ratios = rows!.map((r) => Number(r['p99 ratio']!.replace('×', '')));
    for (const r of rows!) expect(seconds(r['wait reuseport']!)).toBeGreaterThan(seconds(r['wait shared']!));
    for (let i = 1; i < ratios.length; i++) expect(ratios[i]!).toBeGreaterThanOrEqual(ratios[i - 1]!);
    expect(ratios.at(-1)!).toBeGreaterThan(1.1);
    // The simulation check at 90%: both dispatches simulated, reuseport's simulated p99 above the shared one's.
    const [, check] = tables(out);
    expect(check!.map((r) => r.dispatch)).toEqual(['shared accept', 'SO_REUSEPORT']);
    const simulatedP99 = check!.map((r) => seconds(r['p99 (simulation)']!.split(' ± ')[0]!));
    expect(simulatedP99[1]!).toBeGreaterThan(simulatedP99[0]!);
  });

  it('tls-json-cost: slower decrypt/decode never lowers latency, and capacity falls once the stage binds', () => {
    const out = viaTsx['tls-json-cost'].stdout;
    const [decrypt, decode] = tables(out);
    for (const [table, column] of [[decrypt!, 'decrypt mean'], [decode!, 'decode mean']] as const) {
      expect(table).toHaveLength(4);
      for (let i = 1; i < table.length; i++) {
        expect(seconds(table[i]![column]!)).toBeGreaterThan(seconds(table[i - 1]![column]!));
        expect(seconds(table[i]!.mean!)).toBeGreaterThan(seconds(table[i - 1]!.mean!));
        expect(perSecond(table[i]!['saturates at']!)).toBeLessThanOrEqual(perSecond(table[i - 1]!['saturates at']!));
      }
    }
    // 4× decode: 8 threads / 800µs = 10k/s, below the configured 11.2k/s: the script says so instead of printing a number.
    expect(decode![3]!['saturates at']).toBe('10k/s');
    expect(decode![3]!.bottleneck).toBe('decode');
    expect(decode![3]!['util @14.56k/s']).toBe('overloaded');
    expect(decode![3]!['p99 @14.56k/s']).toBe('∞');
    expect(decode![3]!.mean).toBe('∞');
  });
});
