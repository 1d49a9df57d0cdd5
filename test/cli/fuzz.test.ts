import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'reqpath-fuzz-'));
let counter = 0;

/** Every input is either accepted (exit 0, finite JSON) or refused (exit 2, a located message); never a crash. */
async function check(text: string): Promise<void> {
  const file = join(dir, `m${counter++}.yaml`);
  writeFileSync(file, text);
  const r = await cli('analyze', file, '--json');
  expect([0, 2], `exit ${r.code} for:\n${text}\nstderr: ${r.stderr}`).toContain(r.code);
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/); // no stack trace
  if (r.code === 0) {
    expect(r.stdout).not.toMatch(/NaN|Infinity|undefined/);
    JSON.parse(r.stdout);
  } else {
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(file)).toBe(true);
    expect(r.stderr).toMatch(/expected/);
  }
}

const scalar = fc.oneof(
  fc.integer({ min: -5, max: 100 }),
  fc.double({ noNaN: false }),
  fc.constantFrom('infinite', '2ms', '2k/s', '-1ms', 'fast', '', '0', 'exponential', 'per-thread', true, false, null),
  fc.string({ maxLength: 8 }),
);

const stageArb = fc.dictionary(
  fc.constantFrom('name', 'service', 'threads', 'pool', 'perConnection', 'queueCapacity', 'visits', 'distribution', 'scv', 'k', 'dispatch', 'thread', 'servce'),
  scalar,
  { maxKeys: 6 },
);

const plausibleStage = fc.record({
  name: fc.constantFrom('a', 'b', 'c', 'accept', 'io'),
  service: fc.oneof(fc.constantFrom('20us', '1ms', '0.5ms'), fc.double({ min: -1, max: 0.1, noNaN: true })),
  threads: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant('infinite')),
  queueCapacity: fc.option(fc.integer({ min: -1, max: 50 }), { nil: undefined }),
  distribution: fc.option(fc.constantFrom('exponential', 'deterministic', 'erlang', 'gamma', 'lognormal', 'hyperexponential', 'uniform', 'weibull'), { nil: undefined }),
  scv: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: undefined }),
  visits: fc.option(fc.constantFrom(0.1, 1, 2.5, 0, -1), { nil: undefined }),
});

const documentArb = fc.record({
  workload: fc.oneof(
    fc.record({ arrivalRate: fc.oneof(fc.double({ min: -10, max: 1e5, noNaN: true }), fc.constantFrom('2k/s', 'x')) }),
    fc.dictionary(fc.constantFrom('arrivalRate', 'clients', 'thinkTime', 'arrivalScv', 'requestsPerConnection', 'rate'), scalar, { maxKeys: 3 }),
  ),
  stages: fc.oneof(fc.array(plausibleStage, { minLength: 0, maxLength: 4 }), fc.array(stageArb, { maxLength: 3 }), scalar),
  pools: fc.option(fc.dictionary(fc.constantFrom('io', 'cpu'), fc.dictionary(fc.constantFrom('threads', 'queueCapacity', 'dispatch'), scalar)), { nil: undefined }),
});

describe('fuzz: random and malformed model files', () => {
  it('structured random models are accepted or refused cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(documentArb, async (doc) => {
        await check(stringify(doc));
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary text is accepted or refused cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        await check(text);
      }),
      { numRuns: 200 },
    );
    for (const text of ['', '---', '[]', '42', 'null', '{', ': :', 'workload: !!binary aGk=', '&a [*a]', '\u0000']) await check(text);
  });
});
