import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';

const MODEL = 'models/json-body-size.yaml';

describe('reqpath --var and sweep --param var:NAME', () => {
  it('--var overrides vars: (decode is 30us + bodyKB × 4us), and an undeclared name exits 2 naming the declared ones', async () => {
    const r = await cli('analyze', MODEL, '--json', '--var', 'bodyKB=64', '--var', 'growth=1.5');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.offeredRate).toBe(3000);
    const decode = json.stages.find((s: { name: string }) => s.name === 'decode');
    // Response of M/M/4 at 3000/s with 286 µs service: at least the service time.
    expect(decode.meanResponse).toBeGreaterThanOrEqual(286e-6);
    expect(decode.meanResponse).toBeLessThan(300e-6);
    const bad = await cli('validate', MODEL, '--var', 'bodyKb=3');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--var bodyKb: ');
    expect(bad.stderr).toContain('declared: bodyKB, growth');
  });

  it('sweeps a variable, one row per value', async () => {
    const r = await cli('sweep', MODEL, '--param', 'var:bodyKB', '--values', '1,256', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.rows.map((row: { x: number }) => row.x)).toEqual([1, 256]);
    expect(json.rows[1].mean).toBeGreaterThan(json.rows[0].mean);
  });
});
