/**
 * Sweeps of the SPEC §5 keys (timeout, attempts, budget): each row carries goodput, timeoutRate and retryRate,
 * and analytically whether the point is bistable. The steady retry storm (M/M/16, µ = 50/s, λ = 560/s, T = 1 s,
 * nothing cancelled) is bistable with 2 or 3 attempts and no budget (560 · A ≥ 800), not with one attempt, nor
 * with a 10% budget (560 · 1.1 < 800).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { tryParseModel } from '../../src/model/load.ts';
import type { Override } from '../../src/model/overrides.ts';
import { sweep } from '../../src/plan/sweep.ts';
import { cli } from '../helpers/cli.ts';

const STEADY_STORM = `name: steady-storm
workload: { arrivalRate: 560, timeout: 1s, cancel: none, retry: { attempts: 3, backoff: 100ms, jitter: full } }
stages: [ { name: api, service: 20ms, threads: 16 } ]
`;

function fromText(text: string) {
  return (assignments: readonly Override[]) => {
    const parsed = tryParseModel(text, { overrides: [...assignments] });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return parsed.model;
  };
}

function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'reqpath-sweep-'));
  const path = join(dir, 'model.yaml');
  writeFileSync(path, text);
  return path;
}

describe('sweep of overload keys', () => {
  const resolve = fromText(STEADY_STORM);

  it('attempts: whole numbers, goodput/timeoutRate/retryRate per row from the fixed point, bistable from 2 attempts', () => {
    const result = sweep(resolve([]), { parameter: 'workload.retry.attempts', from: 1, to: 4, steps: 3, resolveKeyPaths: resolve });
    expect(result.rows.map((r) => r.x)).toEqual([1, 3, 4]);
    expect(result.rows.map((r) => r.bistable)).toEqual([false, true, true]);
    for (const row of result.rows) {
      const direct = analyze(resolve([{ key: 'workload.retry.attempts', value: row.x }]));
      expect(row).toMatchObject({ goodput: direct.goodput, timeoutRate: direct.timeoutRate, retryRate: direct.retryRate });
      expect(row.goodput!).toBeGreaterThan(0.99 * 560);
    }
  });

  it('budget and timeout: a 10% budget leaves the bistable region; a timeout near the service time times attempts out', () => {
    const budget = sweep(resolve([]), { parameter: 'workload.retry.budget', values: [0.5, 0.1], resolveKeyPaths: resolve });
    expect(budget.rows.map((r) => r.bistable)).toEqual([true, false]);
    const timeout = sweep(resolve([]), { parameter: 'workload.timeout', values: ['1s', '30ms'], resolveKeyPaths: resolve });
    expect(timeout.rows[0]!.timeoutRate!).toBeLessThan(1e-6);
    expect(timeout.rows[1]!.timeoutRate!).toBeGreaterThan(0.2);
    expect(timeout.rows[1]!.retryRate!).toBeGreaterThan(0.2);
  });

  it('a plain model keeps its row shape (no overload columns)', () => {
    const plain = fromText('workload: { arrivalRate: 100 }\nstages: [ { name: api, service: 1ms, threads: 1 } ]\n');
    const row = sweep(plain([]), { parameter: 'rate', values: [10] }).rows[0]!;
    expect('goodput' in row).toBe(false);
  });

  it('CLI: goodput, timeouts, retries and bistable columns in the table and the CSV', async () => {
    const path = file(STEADY_STORM);
    const table = await cli('sweep', path, '--param', 'workload.retry.budget', '--values', '0.5,0.1');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/workload\.retry\.budget\s+throughput\s+goodput\s+timeouts\s+retries\s+bistable/);
    expect(table.stdout).toMatch(/\n\s+0\.5\s+\S+\s+560\/s\s+0\.000%\s+0\.000%\s+YES/);
    expect(table.stdout).toMatch(/\n\s+0\.1\s+\S+\s+560\/s\s+0\.000%\s+0\.000%\s+no/);
    const csv = await cli('sweep', path, '--param', 'workload.timeout', '--values', '1s,30ms', '--csv');
    const [header, , second] = csv.stdout.trim().split('\n');
    expect(header).toContain('goodput,timeoutRate,retryRate,abandonRate,wastedWork,bistable');
    const cells = Object.fromEntries(header!.split(',').map((h, i) => [h, second!.split(',')[i]]));
    expect(Number(cells.timeoutRate)).toBeGreaterThan(0.2);
  });

  it('CLI --simulate on a schedule: the last window says whether the run recovered', async () => {
    const path = file(`workload:
  arrivalRate: 40
  schedule: [ { at: 0s, rate: 40 }, { at: 2s, rate: 200 }, { at: 4s, rate: 40 } ]
  horizon: 20s
  timeout: 200ms
  cancel: none
  retry: { attempts: 3, backoff: 10ms }
stages: [ { name: api, service: 20ms, threads: 2 } ]
`);
    const run = await cli('sweep', path, '--param', 'workload.retry.attempts', '--values', '1,3', '--simulate', '--replications', '2', '--json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout).rows;
    // One attempt: the spike's backlog drains at 100 − 40 = 60/s. Three: 40 · 3 > 100, the storm holds.
    expect(rows[0].endGoodput).toBeGreaterThan(0.9 * rows[0].endOffered);
    expect(rows[1].endGoodput).toBeLessThan(0.5 * rows[1].endOffered);
    expect(rows[1].ci.goodput).toBeGreaterThanOrEqual(0);
  });
});
