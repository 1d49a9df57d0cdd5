import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cli } from '../helpers/cli.ts';

describe('reqpath schema', () => {
  it('prints the JSON Schema, and the committed schema/model.schema.json is up to date (npm run schema)', async () => {
    const r = await cli('schema');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.required).toEqual(['workload', 'stages']);
    expect(schema.properties.stages.items.properties.service.anyOf).toHaveLength(3);
    expect(schema.properties.stages.items.additionalProperties).toBe(false);
    expect(readFileSync('schema/model.schema.json', 'utf8')).toBe(r.stdout);
  });

  it('its duration and rate patterns accept what the parser accepts', async () => {
    const schema = JSON.parse((await cli('schema')).stdout);
    const duration = new RegExp(schema.properties.stages.items.properties.service.anyOf[1].pattern);
    const rate = new RegExp(schema.properties.workload.properties.arrivalRate.anyOf[1].pattern);
    for (const ok of ['120us', '20µs', '2ms', '0.5 s', '1min']) expect(duration.test(ok), ok).toBe(true);
    for (const bad of ['fast', '12 parsecs', '']) expect(duration.test(bad), bad).toBe(false);
    for (const ok of ['2k/s', '120/min', '3000', '1.5M/h']) expect(rate.test(ok), ok).toBe(true);
    expect(rate.test('3k/fortnight')).toBe(false);
  });
});
