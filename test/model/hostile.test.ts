/**
 * Hostile model input (issue 17): prototype keys, huge and odd files, key floods, limits. Every case is refused
 * with the file and the key path, fast, or answered correctly; Object.prototype is never touched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/analytic/analyze.ts';
import { MAX_CLIENTS, MAX_DESCRIPTION, MAX_MODEL_BYTES, MAX_SIMULATED_CLIENTS, MAX_STAGES, MAX_THREADS } from '../../src/model/guard-limits.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { ModelError } from '../../src/model/messages.ts';
import { loadModel, parseModel, tryLoadModel, tryParseModel } from '../../src/model/load.ts';
import { formatIssue, formatIssues, type ModelIssue } from '../../src/model/messages.ts';
import { normalizeModel } from '../../src/model/normalize.ts';
import { applyOverrides, parseAssignment } from '../../src/model/overrides.ts';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'reqpath-hostile-'));
const SMALL = `workload: { arrivalRate: 100 }\nstages:\n  - { name: a, service: 1ms, threads: 2 }\n`;

function refused(text: string, file = 'm.yaml'): ModelIssue[] {
  const r = tryParseModel(text, { file });
  if (r.ok) throw new Error(`expected a refusal for:\n${text.slice(0, 200)}`);
  return r.issues;
}

function prototypeIsClean(): void {
  for (const key of ['x', 'threads', 'polluted']) expect(Object.hasOwn(Object.prototype, key), key).toBe(false);
  expect(({} as Record<string, unknown>).x).toBeUndefined();
}

afterEach(() => {
  for (const key of ['x', 'threads', 'polluted']) delete (Object.prototype as Record<string, unknown>)[key];
});

describe('prototype keys', () => {
  it('--set __proto__.x=1 edits no prototype and is refused naming the key', async () => {
    for (const key of ['__proto__.x', 'stages.0.__proto__.x', 'workload.__proto__.polluted', 'constructor.prototype.x', '__proto__']) {
      const r = await cli('analyze', 'models/seda-https-json.yaml', '--set', `${key}=1`);
      prototypeIsClean();
      expect(r.code, key).toBe(2);
      // The file, or the option when the refused key is the one it set (`--set __proto__=1`).
      expect(r.stderr, key).toMatch(/^(models\/seda-https-json\.yaml|--set [^:]+): /);
      expect(r.stderr.split('\n').length, key).toBeLessThan(6);
    }
    // and the process still loads models afterwards
    expect(loadModel('models/seda-https-json.yaml').stages.length).toBeGreaterThan(0);
  });

  it('applyOverrides writes own keys only', () => {
    const doc = { workload: { arrivalRate: 1 } };
    const r = applyOverrides(doc, [parseAssignment('__proto__.x=1')!, parseAssignment('workload.__proto__=5')!], 'f');
    prototypeIsClean();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.hasOwn(r.doc as object, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf((r.doc as { workload: object }).workload)).toBe(Object.prototype);
  });

  it('sweep --param __proto__.x pollutes nothing', async () => {
    const r = await cli('sweep', 'models/seda-https-json.yaml', '--param', '__proto__.x', '--values', '1,2', '--json');
    prototypeIsClean();
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('pools named after Object.prototype members work like any name', () => {
    const names = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
    for (const pool of names) {
      const text = `workload: { arrivalRate: 500 }\npools: { ${pool}: { threads: 2 } }\nstages:\n  - { name: a, service: 1ms, pool: ${pool} }\n  - { name: ${pool === 'constructor' ? 'toString' : 'constructor'}, service: 1ms, threads: 1 }\n`;
      const model = parseModel(text);
      const plain = parseModel(text.replaceAll(pool, 'io').replace('name: constructor', 'name: other').replace('name: toString', 'name: other'));
      const [x, y] = [analyze(model), analyze(plain)];
      expect(x.stages.map((s) => s.utilization)).toEqual(y.stages.map((s) => s.utilization));
      expect(x.latency).toEqual(y.latency);
    }
  });

  it('a pool or stage named __proto__ is refused with its key path', () => {
    const cases: Array<[string, string]> = [
      [`workload: { arrivalRate: 1 }\npools:\n  __proto__: { threads: 4 }\nstages:\n  - { name: a, service: 1ms, pool: __proto__ }\n`, 'pools.__proto__'],
      [`{"workload": {"arrivalRate": 1}, "pools": {"__proto__": {"threads": 4}}, "stages": [{"name": "a", "service": 0.001, "pool": "io"}]}`, 'pools.__proto__'],
      [`workload: { arrivalRate: 1 }\nstages:\n  - { name: __proto__, service: 1ms, threads: 1 }\n`, 'stages[0].name'],
      [`workload: { arrivalRate: 1, __proto__: { x: 1 } }\nstages:\n  - { name: a, service: 1ms, threads: 1 }\n`, 'workload.__proto__'],
    ];
    for (const [text, path] of cases) {
      expect(refused(text).map((i) => i.path)).toContain(path);
      prototypeIsClean();
    }
  });

  it('a unit spelled like a prototype member is an unknown unit', () => {
    const issues = refused(`workload: { arrivalRate: "1/constructor" }\nstages:\n  - { name: a, service: 1toString, threads: 1 }\n`);
    expect(issues.map((i) => i.path).sort()).toEqual(['stages[0].service', 'workload.arrivalRate']);
  });
});

describe('resource limits', () => {
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('refuses devices, pipes and directories without reading them', async () => {
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', '/dev/urandom', dir, fifo]) {
      const started = performance.now();
      const r = await cli('validate', path);
      expect(r.code, path).toBe(2);
      expect(r.stderr, path).toMatch(new RegExp(`^${path}: expected a readable model file`));
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it(`refuses files and text over ${MAX_MODEL_BYTES} bytes, naming the limit`, async () => {
    const big = file('big.yaml', `${SMALL}description: "${'x'.repeat(MAX_MODEL_BYTES)}"\n`);
    const r = await cli('analyze', big);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected a model file of at most 1 MB \(reqpath's limit\), got 1\.0 MB/);
    expect(formatIssues(refused('#'.repeat(MAX_MODEL_BYTES + 1)))).toMatch(/at most 1 MB/);
  });

  it('reads at most the limit from files that misstate their size (/proc)', () => {
    const r = tryLoadModel('/proc/self/status');
    expect(r.ok).toBe(false);
  });

  it('a long description is refused, control sequences in text are escaped', () => {
    expect(refused(`${SMALL}description: "${'d'.repeat(MAX_DESCRIPTION + 1)}"\n`).map((i) => i.path)).toEqual(['description']);
    const [issue] = refused(`workload: { arrivalRate: 1 }\nstages:\n  - { name: a, service: "\\e[31mred\\u202e", threads: 1 }\n`);
    expect(formatIssue(issue!)).not.toMatch(/[\u001b\u202e]/);
  });

  it('a flood of unknown keys: the first 20 listed, the rest counted', () => {
    const keys = Array.from({ length: 8000 }, (_, i) => `k${i}: 1`).join('\n');
    const issues = refused(`${SMALL}${keys}\n`);
    expect(issues.length).toBe(21);
    expect(formatIssue(issues[20]!)).toBe('m.yaml: expected the problems above fixed first. And 7980 more not listed.');
  });

  it('duplicate keys are still refused, with their line', () => {
    expect(formatIssues(refused(`${SMALL}workload: { arrivalRate: 5 }\n`))).toMatch(/Map keys must be unique at line 4, column 1: "workload"/);
  });

  it(`100 000 stages through the API: refused at once (limit ${MAX_STAGES}); ${MAX_STAGES} stages validate in linear time`, () => {
    const stages = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, service: 0.000001, threads: 1 }));
    let started = performance.now();
    const r = normalizeModel({ workload: { arrivalRate: 1 }, stages: stages(100_000) }, 'big.json');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(formatIssues(r.issues)).toBe(`big.json: stages: expected at most ${MAX_STAGES} stages (reqpath's limit), got 100000 stages`);
    started = performance.now();
    const ok = normalizeModel({ workload: { arrivalRate: 1 }, stages: stages(MAX_STAGES) });
    expect(ok.ok).toBe(true);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('threads and clients beyond the limits are refused naming the limit; the floors users plan with pass', () => {
    const over = refused(`workload: { arrivalRate: 1 }\nstages:\n  - { name: a, service: 1ms, threads: 1000000000, dispatch: per-thread }\n`);
    expect(formatIssues(over)).toContain(`stages[0].threads: expected at most ${MAX_THREADS} threads (reqpath's limit)`);
    const clients = refused(`workload: { clients: 10000000 }\nstages:\n  - { name: a, service: 1ms, threads: 4 }\n`);
    expect(formatIssues(clients)).toContain(`workload.clients: expected a positive integer, at most ${MAX_CLIENTS} (reqpath's limit)`);
    expect(tryParseModel(`workload: { clients: 100000 }\nstages:\n  - { name: a, service: 1ms, threads: 100000, dispatch: per-thread }\n`).ok).toBe(true);
    const stages = Array.from({ length: 384 }, (_, i) => `  - { name: s${i}, service: 1us, threads: 1 }`).join('\n');
    expect(tryParseModel(`workload: { arrivalRate: 1 }\nstages:\n${stages}\n`).ok).toBe(true);
  });

  it('numbers written past the largest double are refused', () => {
    expect(refused(`workload: { arrivalRate: "1e400/s" }\nstages:\n  - { name: a, service: 1e400ms, threads: 1 }\n`).map((i) => i.path).sort()).toEqual([
      'stages[0].service',
      'workload.arrivalRate',
    ]);
  });

  it('a missing workload is named in our words, not the validator library\'s', () => {
    const [issue] = refused(`stages:\n  - { name: a, service: 1ms, threads: 1 }\n`);
    expect(formatIssue(issue!)).toBe('m.yaml: workload: expected a mapping with arrivalRate (open workload) or clients (closed workload) (the key is required)');
  });

  it('a closed loop past the simulator’s client limit is refused naming the file, the key and the limit; analysis still answers it', async () => {
    // Every client holds a request slot and an event in each replication: 1,000,000 clients peaked at 459 MB.
    expect(MAX_SIMULATED_CLIENTS).toBeGreaterThanOrEqual(100_000);
    const clients = (n: number) => `workload: { clients: ${n}, thinkTime: 1s }\nstages:\n  - { name: a, service: 1ms, threads: 100 }\n`;
    for (const n of [MAX_SIMULATED_CLIENTS + 1, MAX_CLIENTS]) {
      const path = file(`closed-${n}.yaml`, clients(n));
      for (const verb of [['simulate', path], ['sweep', path, '--param', 'threads:a', '--values', '100', '--simulate'], ['plan', path, '--slo-p99', '1s', '--simulate']]) {
        const started = Date.now();
        const r = await cli(...verb);
        expect(r.code, verb.join(' ')).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(`${path}: workload.clients: expected at most ${MAX_SIMULATED_CLIENTS} clients to simulate (reqpath's limit; analyze answers up to ${MAX_CLIENTS} exactly), got ${n}\n`);
        expect(Date.now() - started).toBeLessThan(5000);
      }
      const model = loadModel(path);
      expect(() => simulate(model, { requests: 100 })).toThrow(ModelError);
      expect(() => simulate(model, { requests: 100 })).toThrow(new RegExp(`<model>: workload\\.clients: expected at most ${MAX_SIMULATED_CLIENTS} clients to simulate`));
      expect(analyze(model).stable).toBe(true);
    }
  });

  it('the simulator holds a per-thread pool of 100 000 threads in little memory', async () => {
    const path = file('pt.yaml', `workload: { arrivalRate: 1000 }\nstages:\n  - { name: a, service: 1ms, threads: 100000, dispatch: per-thread }\n`);
    for (const engine of ['fast', 'simjs']) {
      const before = process.memoryUsage().rss;
      const r = await cli('simulate', path, '--requests', '2000', '--replications', '2', '--engine', engine, '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(process.memoryUsage().rss - before).toBeLessThan(150e6);
    }
  });
});
