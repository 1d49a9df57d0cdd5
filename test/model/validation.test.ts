import { describe, expect, it } from 'vitest';
import { tryParseModel } from '../../src/model/load.ts';
import { rateOverride } from '../../src/model/overrides.ts';
import { formatIssue, type ModelIssue } from '../../src/model/messages.ts';

function issuesOf(text: string): ModelIssue[] {
  const r = tryParseModel(text, { file: 'models/x.yaml' });
  if (r.ok) throw new Error('expected the model to be refused');
  return r.issues;
}

const base = `workload: { arrivalRate: 100 }
stages:
`;

describe('model validation', () => {
  it('accepts the SPEC example with units, pools and defaults filled in', () => {
    const r = tryParseModel(`
name: x
workload: { arrivalRate: "2k/s", requestsPerConnection: 10 }
pools: { io: { threads: 4, queueCapacity: 100 } }
stages:
  - { name: accept, service: 20us, threads: 1, perConnection: true, queueCapacity: 511 }
  - { name: read, service: 50us, pool: io }
  - { name: decrypt, service: 120us, pool: io }
  - { name: rtt, service: 1ms, threads: infinite, distribution: deterministic }
  - { name: process, service: 2ms, threads: 32, distribution: erlang, k: 4 }
slo: { p99: 50ms }
`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const m = r.model;
    expect(m.workload).toEqual({ kind: 'open', arrivalRatePerSecond: 2000, arrivalScv: 1, requestsPerConnection: 10 });
    expect(m.stages[0]!.visits).toBeCloseTo(0.1, 15);
    expect(m.stages[1]!.pool).toBe('io');
    expect(m.segments.map((s) => s.stageIndices)).toEqual([[0], [1, 2], [3], [4]]);
    expect(m.pools.find((p) => p.name === 'rtt')!.threads).toBe(Infinity);
    expect(m.stages[4]!.service.scv).toBeCloseTo(0.25, 15);
    expect(m.slo?.p99Seconds).toBeCloseTo(0.05, 15);
  });

  it('names the file, the key path and what was expected', () => {
    const [issue] = issuesOf(`${base}  - { name: a, service: 1ms, threads: 0 }\n`);
    expect(issue!.path).toBe('stages[0].threads');
    expect(formatIssue(issue!)).toBe('models/x.yaml: stages[0].threads: expected a positive integer or "infinite", got 0');
  });

  it('suggests the nearest key for a typo', () => {
    const issues = issuesOf(`${base}  - { name: a, service: 1ms, thread: 2 }\n`);
    const typo = issues.find((i) => i.path === 'stages[0].thread');
    expect(typo?.hint).toBe('Did you mean "threads"?');
  });

  it('reports every issue at once', () => {
    const issues = issuesOf(`workload: { arrivalRate: -5 }
stages:
  - { name: a, service: -1ms, threads: 2 }
  - { name: b, service: 1ms, threads: 2.5 }
`);
    expect(issues.map((i) => i.path).sort()).toEqual(['stages[0].service', 'stages[1].threads', 'workload.arrivalRate']);
  });

  it('refuses cross-field mistakes', () => {
    const cases: Array<[string, string]> = [
      [`workload: { arrivalRate: 1, clients: 5 }\nstages:\n  - { name: a, service: 1ms, threads: 1 }\n`, 'workload'],
      [`${base}  - { name: a, service: 1ms, pool: nope }\n`, 'stages[0].pool'],
      [`${base}  - { name: a, service: 1ms }\n`, 'stages[0]'],
      [`${base}  - { name: a, service: 1ms, threads: 1 }\n  - { name: a, service: 1ms, threads: 1 }\n`, 'stages[1].name'],
      [`${base}  - { name: a, service: 1ms, threads: 1, distribution: uniform, scv: 2 }\n`, 'stages[0].scv'],
      [`${base}  - { name: a, service: 1ms, threads: 1, distribution: hyperexponential, scv: 0.5 }\n`, 'stages[0].scv'],
      [`${base}  - { name: a, service: 1ms, threads: 1, k: 3 }\n`, 'stages[0].k'],
      [`${base}  - { name: a, service: 1ms, threads: infinite, queueCapacity: 3 }\n`, 'stages[0].queueCapacity'],
      [`workload: { arrivalRate: 1 }\npools: { io: { threads: 2 } }\nstages:\n  - { name: a, service: 1ms, threads: 1 }\n`, 'pools.io'],
      [`workload: { arrivalRate: 1, thinkTime: 5ms }\nstages:\n  - { name: a, service: 1ms, threads: 1 }\n`, 'workload.thinkTime'],
      [`workload: { arrivalRate: 1 }\nstages: []\n`, 'stages'],
      [`workload: { arrivalRate: 1 }\n`, 'stages'],
    ];
    for (const [text, path] of cases) {
      const issues = issuesOf(text);
      expect(issues.map((i) => i.path)).toContain(path);
    }
  });

  it('reports YAML syntax errors with a line number', () => {
    const [issue] = issuesOf('workload: { arrivalRate: 1\nstages: [');
    expect(issue!.expected).toBe('valid YAML or JSON');
    expect(issue!.hint).toMatch(/line \d+/);
  });

  it('reads JSON as well as YAML', () => {
    const r = tryParseModel(JSON.stringify({ workload: { arrivalRate: 10 }, stages: [{ name: 'a', service: 0.01, threads: 1 }] }));
    expect(r.ok).toBe(true);
  });

  it('applies --set overrides before validation, by stage name', () => {
    const text = `${base}  - { name: decrypt, service: 1ms, threads: 1 }\n`;
    const r = tryParseModel(text, { overrides: [{ key: 'stages.decrypt.threads', value: 8 }] });
    expect(r.ok && r.model.pools[0]!.threads).toBe(8);
    const bad = tryParseModel(text, { overrides: [{ key: 'stages.decrypt.threads', value: 0 }] });
    expect(bad.ok).toBe(false);
    const missing = tryParseModel(text, { overrides: [{ key: 'stages.nope.threads', value: 2 }] });
    expect(!missing.ok && missing.issues[0]!.hint).toMatch(/No entry "nope"/);
  });

  it('refuses an unreadable --rate or --set value in one line naming the option, not the file', () => {
    // `--rate fast` read: models/x.yaml: workload.arrivalRate: expected a positive rate such as 2000 or "2k/s"
    // (a rate such as 2000, "2k/s" or "120/min"), got "fast" — the forms twice, and the file blamed for it.
    const text = `${base}  - { name: decrypt, service: 1ms, threads: 1 }\n`;
    const refused = (overrides: { key: string; value: unknown; origin?: string }[]) => {
      const r = tryParseModel(text, { file: 'models/x.yaml', overrides });
      if (r.ok) throw new Error('expected a refusal');
      return r.issues.map(formatIssue);
    };
    expect(refused(rateOverride('fast'))).toEqual(['--rate: expected a positive rate such as 2000, "2k/s" or "120/min", got "fast"']);
    expect(refused([{ key: 'stages.decrypt.service', value: 'soon', origin: '--set stages.decrypt.service' }])).toEqual([
      '--set stages.decrypt.service: expected a positive duration such as "120us" or 0.002, got "soon"',
    ]);
    // A reason that adds something (an unknown unit) is kept; a value from the file is still the file's.
    expect(issuesOf(`${base}  - { name: decrypt, service: 1fortnight, threads: 1 }\n`).map(formatIssue)[0]).toMatch(
      /^models\/x\.yaml: stages\[0\]\.service: expected .*fortnight/,
    );
  });
});
