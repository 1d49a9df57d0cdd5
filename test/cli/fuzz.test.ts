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

// ---- --set keys and the public API (issue 17): prototype keys anywhere, deep paths, hostile numbers ----

const { tryParseModel, parseModel } = await import('../../src/model/load.ts');
const { parseAssignment } = await import('../../src/model/overrides.ts');
const { analyze, simulate, plan, withArrivalRate, withClients, withServiceMean, withThreads, ModelError } = await import('../../src/index.ts');

const BASE = `workload: { arrivalRate: 500 }
pools: { constructor: { threads: 4 } }
stages:
  - { name: a, service: 1ms, threads: 2 }
  - { name: b, service: 0.5ms, pool: constructor }
slo: { p99: 50ms }
`;

function assertPrototypeClean(): void {
  const probe = {} as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(Object.prototype)) {
    expect(['constructor', '__defineGetter__', '__defineSetter__', 'hasOwnProperty', '__lookupGetter__', '__lookupSetter__', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'valueOf', '__proto__', 'toLocaleString']).toContain(key);
  }
  expect(probe.x).toBeUndefined();
  expect(probe.threads).toBeUndefined();
}

/** Every number in a result is finite or null (JSON.stringify would hide a NaN as null, so walk it). */
function noNaN(value: unknown, path = ''): void {
  if (typeof value === 'number') expect(Number.isNaN(value), path).toBe(false);
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) noNaN(v, `${path}.${k}`);
}

const segment = fc.constantFrom('__proto__', 'constructor', 'prototype', 'stages', 'pools', 'workload', 'slo', '0', '1', 'a', 'b', 'threads', 'arrivalRate', 'x', 'toString', 'hasOwnProperty');
const hostileNumber = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, -1, 1e-300, 1e300, 2 ** 53, 0.5, 1, 2, 1e9),
  fc.double(),
  fc.integer({ min: -10, max: 100 }),
);

describe('fuzz: --set keys and the API', () => {
  it('--set with prototype keys and deep paths never pollutes, throws or accepts garbage', () => {
    fc.assert(
      fc.property(fc.array(fc.array(segment, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }), scalar, (paths, value) => {
        const overrides = paths.map((p) => parseAssignment(`${p.join('.')}=${String(value)}`)!);
        const r = tryParseModel(BASE, { file: 'base.yaml', overrides });
        assertPrototypeClean();
        if (r.ok) noNaN(analyze(r.model));
        else for (const issue of r.issues) expect(issue.file).toBe('base.yaml');
      }),
      { numRuns: 300 },
    );
  });

  it('hostile numbers through the API: a ModelError or a result without NaN, never a hang or TypeError', () => {
    const model = parseModel(BASE);
    const edits = [
      (x: number) => withArrivalRate(model, x),
      (x: number) => withClients(model, x),
      (x: number) => withServiceMean(model, 'a', x),
      (x: number) => withThreads(model, 'constructor', x),
      (x: number) => withThreads(model, 'a', x),
    ];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: edits.length - 1 }), hostileNumber, (which, x) => {
        let edited;
        try {
          edited = edits[which]!(x);
          noNaN(analyze(edited, { percentiles: false }));
        } catch (error) {
          expect(error, `${which} ${x}: ${String(error)}`).toBeInstanceOf(ModelError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('simulate and plan: hostile options are refused with ModelError at once', () => {
    const model = parseModel(BASE);
    fc.assert(
      fc.property(hostileNumber, fc.constantFrom('rate', 'requests', 'seed', 'replications', 'target'), (x, what) => {
        try {
          if (what === 'rate') noNaN(simulate(withArrivalRate(model, x), { requests: 200, replications: 2 }));
          else if (what === 'requests') noNaN(simulate(model, { requests: Math.min(x, 500) === x ? x : 500, replications: 2 }));
          else if (what === 'seed') noNaN(simulate(model, { requests: 300, replications: 2, seed: x }));
          else if (what === 'replications') noNaN(simulate(model, { requests: 300, replications: Math.min(x, 3) === x ? x : 3 }));
          else noNaN(plan(model, { targetRate: Math.min(x, 4000) === x ? x : 4000, headroom: false }));
        } catch (error) {
          expect(error, `${what} ${x}: ${String(error)}`).toBeInstanceOf(ModelError);
        }
      }),
      { numRuns: 25 },
    );
  });
});
