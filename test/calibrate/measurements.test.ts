import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMeasurements } from '../../src/calibrate/measurements.ts';
import { formatIssue, ModelError } from '../../src/model/messages.ts';
import { cli } from '../helpers/cli.ts';

function issues(text: string, file = 'm.csv'): string[] {
  try {
    parseMeasurements(text, file);
  } catch (error) {
    if (error instanceof ModelError) return error.issues.map((i) => formatIssue(i).slice(`${file}: `.length));
    throw error;
  }
  return [];
}

describe('measurement rows (SPEC §4)', () => {
  it('reads CSV: units in cells and in headers, bare numbers as seconds, busy as fraction or percent, covariates kept', () => {
    const { rows } = parseMeasurements('rate,throughput,mean,p99_ms,p50 (us),busy.io,cpu,bodyKB\n2k/s,1990,4.2ms,12.5,800,45%,0.61,64\n', 'm.csv');
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.rate).toBe(2000);
    expect(row.throughput).toBe(1990);
    expect(row.latency.mean).toBeCloseTo(0.0042, 12);
    expect(row.latency.p99).toBeCloseTo(0.0125, 12);
    expect(row.latency.p50).toBeCloseTo(0.0008, 12);
    expect(row.busy).toEqual({ io: 0.45 });
    expect(row.cpu).toBe(0.61);
    expect(row.covariates).toEqual({ bodyKB: 64 });
    const bare = parseMeasurements('rate,throughput,mean\n10,10,0.004\n').rows[0]!;
    expect(bare.latency.mean).toBe(0.004);
  });

  it('reads a JSON array with the same keys, closed rows with think time', () => {
    const { rows } = parseMeasurements(JSON.stringify([{ clients: 8, thinkTime: '5ms', throughput: 700, p99: '9ms' }]), 'm.json');
    expect(rows[0]).toMatchObject({ clients: 8, thinkSeconds: 0.005, throughput: 700 });
    expect(rows[0]!.latency.p99).toBeCloseTo(0.009, 12);
  });

  it('refuses a row that cannot be read, naming the file, row and column, all at once', () => {
    expect(issues('rate,throughput,p99_ms\n100,99,abc\n200,,12\n')).toEqual([
      expect.stringMatching(/^row 1, column p99_ms: expected a duration/),
      expect.stringMatching(/^row 2, column throughput: expected completed requests/),
    ]);
    expect(issues('rate,throughput,busy.io\n100,99,1.5\n')).toEqual([expect.stringMatching(/^row 1, column busy.io: expected a busy fraction/)]);
    expect(issues('rate,clients,throughput\n100,3,99\n')).toEqual([expect.stringMatching(/^row 1, column clients: expected either rate .* or clients/)]);
    expect(issues('[{"throughput": true}]', 'm.json')).toEqual([expect.stringMatching(/^row 1, column throughput: expected a number or a string/)]);
    expect(issues('rate,throughput\n', 'm.csv')).toEqual([expect.stringMatching(/at least one measurement row/)]);
  });

  it('a bad cell of a column named with a unit is asked for that unit, not seconds', () => {
    // p99_ms's bare numbers are milliseconds; its refusal once asked for "a number of seconds".
    expect(issues('rate,throughput,p99_ms,p50 (us),mean\n100,99,abc,-2,x\n')).toEqual([
      'row 1, column p99_ms: expected a duration such as "4.2ms" or a number in milliseconds as the header says, got "abc"',
      'row 1, column p50 (us): expected a non-negative duration in microseconds as the header says, got "-2"',
      'row 1, column mean: expected a duration such as "4.2ms" or a number in seconds, got "x"',
    ]);
  });

  it('the CLI exits 2 with file, row and column, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqpath-cal-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'rate,throughput,mean_ms\n100,99,4\n200,198,fast\n');
    const out = join(dir, 'fitted.yaml');
    const r = await cli('calibrate', bad, '--model', 'models/seda-https-json.yaml', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad}: row 2, column mean_ms: expected`);
    expect(existsSync(out)).toBe(false);
  });
});
