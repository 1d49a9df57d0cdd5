/**
 * Issue 17 §8: past a saturated pool the path carries that pool's capacity, not the offered rate. A tandem
 * a → b → c at 3000/s where b (2 threads of 1 ms) passes at most 2000/s: a works at 3000/s, b and c at 2000/s,
 * in the analysis and in the simulator's unstable answer alike (one assembly, model/unstable-result.ts), and
 * c, which the offered rate would overload (3000 × 1.2 ms = 3.6 > 3 threads), is a stable M/M/3 queue at 80 %.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { parseModel } from '../../src/model/load.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { cli } from '../helpers/cli.ts';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TEXT = JSON.stringify({
  name: 'carried',
  workload: { arrivalRate: 3000 },
  stages: [
    { name: 'a', service: '100us', threads: 1 },
    { name: 'b', service: '1ms', threads: 2 },
    { name: 'c', service: '1.2ms', threads: 3 },
  ],
});
const model = parseModel(TEXT);

/** Erlang C wait of M/M/c: P(wait) / (c·µ − λ), P(wait) by the Erlang B recursion. */
function mmcWait(lambda: number, service: number, c: number): number {
  const a = lambda * service;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  const probWait = b / (1 - rho * (1 - b));
  return probWait / (c / service - lambda);
}

const figures = (r: { stages: readonly { name: string; throughput: number | null; utilization: number | null }[] }) =>
  r.stages.map((s) => [s.name, s.throughput, s.utilization]);

describe('downstream of a saturated pool (issue 17 §8)', () => {
  it('analysis: upstream at the offered rate, the saturated pool and what follows at its capacity', () => {
    const r = analyze(model);
    expect(r.stable).toBe(false);
    expect(r.notes.join('\n')).toMatch(/capacity of b; waits grow/);
    const [a, b, c] = r.stages;
    expect(a!.throughput).toBeCloseTo(3000, 6);
    expect(a!.utilization).toBeCloseTo(0.3, 9);
    expect(b!.throughput).toBeCloseTo(2000, 6);
    expect(b!.utilization).toBe(1);
    expect(b!.meanWait).toBeNull();
    expect(c!.throughput).toBeCloseTo(2000, 6);
    expect(c!.utilization).toBeCloseTo(0.8, 9);
    // A saturated M/M/2 emits a Poisson stream at its capacity, so c is exactly M/M/3 at 2000/s.
    expect(c!.meanWait).toBeCloseTo(mmcWait(2000, 0.0012, 3), 9);
    const pool = (name: string) => r.pools.find((p) => p.name === name)!;
    expect(pool('b').arrivalRate).toBeCloseTo(3000, 6);
    expect(pool('c').arrivalRate).toBeCloseTo(2000, 6);
    expect(pool('c').utilization).toBeCloseTo(0.8, 9);
  });

  it('simulation refuses to run it and shows the same carried rates', () => {
    const s = simulate(model, { requests: 1000, replications: 1 });
    expect(s.stable).toBe(false);
    expect(figures(s)).toEqual([
      ['a', expect.closeTo(3000, 6), expect.closeTo(0.3, 9)],
      ['b', expect.closeTo(2000, 6), 1],
      ['c', expect.closeTo(2000, 6), expect.closeTo(0.8, 9)],
    ]);
    const a = analyze(model);
    for (const [i, stage] of s.stages.entries()) {
      expect(stage.throughput).toBeCloseTo(a.stages[i]!.throughput!, 6);
      expect(stage.utilization).toBeCloseTo(a.stages[i]!.utilization!, 9);
    }
    expect(s.pools.map((p) => [p.name, p.utilization])).toEqual([
      ['a', expect.closeTo(0.3, 9)],
      ['b', 1],
      ['c', expect.closeTo(0.8, 9)],
    ]);
  });

  it('the text tables: c at 80 %; a stage the refused simulation did not measure is "—", not ∞', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqpath-carried-'));
    const file = join(dir, 'carried.json');
    writeFileSync(file, TEXT);
    const analysed = await cli('analyze', file);
    expect(analysed.code).toBe(0);
    const row = (out: string, stage: string) => out.split('\n').find((l) => new RegExp(`^[ ▶] ${stage} `).test(l))!;
    expect(row(analysed.stdout, 'c')).toMatch(/^ {2}c\s+3\s+1\s+80\.0%/);
    const simulated = await cli('simulate', file, '--requests', '1000', '--json');
    const json = JSON.parse(simulated.stdout);
    expect(json.stages.map((s: { throughput: number }) => Math.round(s.throughput))).toEqual([3000, 2000, 2000]);
    const text = (await cli('simulate', file, '--requests', '1000')).stdout;
    expect(row(text, 'a')).toMatch(/^ {2}a\s+1\s+1\s+30\.0%\s+—\s+—\s+—\s+—/);
    expect(row(text, 'b')).toMatch(/^▶ b\s+2\s+1\s+100\.0%\s+—\s+∞\s+∞\s+∞/);
    expect(row(text, 'c')).toMatch(/^ {2}c\s+3\s+1\s+80\.0%\s+—\s+—/);
  });
});
