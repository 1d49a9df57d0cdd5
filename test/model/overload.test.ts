import { describe, expect, it } from 'vitest';
import { tryParseModel } from '../../src/model/load.ts';
import { formatIssue, type ModelIssue } from '../../src/model/messages.ts';
import { parseAssignment } from '../../src/model/overrides.ts';

const SPEC_EXAMPLE = `
workload:
  arrivalRate: 2000
  schedule:
    - { at: 0s,  rate: 2000 }
    - { at: 60s, rate: 6000 }
    - { at: 70s, rate: 2000 }
  timeout: 1s
  patience: { mean: 500ms, distribution: exponential }
  cancel: queued
  retry: { attempts: 3, backoff: 50ms, multiplier: 2, jitter: full, budget: 0.1 }
stages:
  - { name: process, service: 2ms, threads: 32, queueTimeout: 200ms }
`;

function issuesOf(text: string, set: string[] = []): ModelIssue[] {
  const r = tryParseModel(text, { file: 'models/x.yaml', overrides: set.map((a) => parseAssignment(a)!) });
  if (r.ok) throw new Error('expected the model to be refused');
  return r.issues;
}

describe('overload keys (SPEC §5)', () => {
  it('reads the SPEC §5 example with units and defaults', () => {
    const r = tryParseModel(SPEC_EXAMPLE);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const o = r.model.overload!;
    expect(o.schedule).toEqual([
      { atSeconds: 0, ratePerSecond: 2000 },
      { atSeconds: 60, ratePerSecond: 6000 },
      { atSeconds: 70, ratePerSecond: 2000 },
    ]);
    expect(o.horizonSeconds).toBe(130);
    expect(o.timeoutSeconds).toBe(1);
    expect(o.patience!.meanSeconds).toBeCloseTo(0.5, 15);
    expect(o.patience!.name).toBe('exponential');
    expect(o.cancel).toBe('queued');
    expect(o.retry).toEqual({ attempts: 3, backoffSeconds: 0.05, multiplier: 2, jitter: 'full', budget: 0.1 });
    expect(r.model.stages[0]!.queueTimeoutSeconds).toBeCloseTo(0.2, 15);
  });

  it('leaves a model without the keys exactly as before (no overload, no queueTimeoutSeconds)', () => {
    const r = tryParseModel('workload: { arrivalRate: 10 }\nstages: [ { name: a, service: 1ms, threads: 1 } ]\n');
    expect(r.ok && r.model.overload).toBe(undefined);
    expect(r.ok && 'queueTimeoutSeconds' in r.model.stages[0]!).toBe(false);
  });

  it('takes the base rate from a schedule starting at 0', () => {
    const r = tryParseModel('workload: { schedule: [ { at: 0, rate: 50 }, { at: 5s, rate: 0 } ], horizon: 9s }\nstages: [ { name: a, service: 1ms, threads: 1 } ]\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.model.workload).toMatchObject({ kind: 'open', arrivalRatePerSecond: 50 });
    expect(r.model.overload!.horizonSeconds).toBe(9);
  });

  it('--set workload.retry.attempts=1 and --set workload.retry.budget=0.1 work', () => {
    const base = 'workload: { arrivalRate: 10, timeout: 1s, retry: { attempts: 3 } }\nstages: [ { name: a, service: 1ms, threads: 1 } ]\n';
    const one = tryParseModel(base, { overrides: [parseAssignment('workload.retry.attempts=1')!] });
    expect(one.ok && one.model.overload!.retry!.attempts).toBe(1);
    const budget = tryParseModel(base, { overrides: [parseAssignment('workload.retry.budget=0.1')!] });
    expect(budget.ok && budget.model.overload!.retry!.budget).toBe(0.1);
  });

  it('names file, key path and what was expected', () => {
    const bad = (workload: string, stage = '') =>
      issuesOf(`workload: { ${workload} }\nstages: [ { name: a, service: 1ms, threads: 1${stage} } ]\n`).map(formatIssue);
    expect(bad('arrivalRate: 10, timeout: -1s')).toEqual([
      'models/x.yaml: workload.timeout: expected a positive duration such as "120us" or 0.002, got "-1s"',
    ]);
    expect(bad('arrivalRate: 10, retry: { attempts: 0 }')[0]).toBe('models/x.yaml: workload.retry.attempts: expected a positive integer, got 0');
    expect(bad('arrivalRate: 10, retry: { attempts: 2, jitter: half }')[0]).toContain('workload.retry.jitter: expected "none", "full" or "equal"');
    expect(bad('arrivalRate: 10, cancel: all')[0]).toContain('workload.cancel: expected "queued"');
    expect(bad('arrivalRate: 10, schedule: [ { at: 5s, rate: 1 }, { at: 5s, rate: 2 } ]')[0]).toContain(
      'workload.schedule[1].at: expected a time after the previous step',
    );
    expect(bad('arrivalRate: 10, schedule: [ { at: 5s, rate: 1 } ], horizon: 4s')[0]).toContain('workload.horizon: expected a horizon after the last schedule step');
    expect(bad('schedule: [ { at: 5s, rate: 1 } ]')[0]).toContain('workload.arrivalRate: expected arrivalRate (the rate before the first step)');
    expect(bad('arrivalRate: 10, retry: { attempts: 1, budget: 0.1 }')[0]).toContain('workload.retry.budget');
    expect(bad('arrivalRate: 10, patience: { mean: 1s, distribution: deterministic, scv: 1 }')[0]).toBe(
      'models/x.yaml: workload.patience.scv: expected for deterministic, scv is 0 (omit it), got 1',
    );
    expect(bad('clients: 5, schedule: [ { at: 0, rate: 1 } ]')[0]).toContain('workload.schedule: expected schedule only with an open workload');
    expect(bad('arrivalRate: 10', ', queueTimeout: 0')[0]).toContain('stages[0].queueTimeout: expected a positive duration');
  });

  it('suggests the nearest key inside retry, patience and schedule', () => {
    const [typo] = issuesOf('workload: { arrivalRate: 10, retry: { attempts: 2, bakoff: 1s } }\nstages: [ { name: a, service: 1ms, threads: 1 } ]\n');
    expect(typo!.path).toBe('workload.retry.bakoff');
    expect(typo!.hint).toBe('Did you mean "backoff"?');
  });

  it('refuses a queueTimeout where nothing queues', () => {
    const issues = issuesOf(`workload: { arrivalRate: 10 }
pools: { io: { threads: 2 } }
stages:
  - { name: a, service: 1ms, pool: io }
  - { name: b, service: 1ms, pool: io, queueTimeout: 1s }
  - { name: rtt, service: 1ms, threads: infinite, queueTimeout: 1s }
`);
    expect(issues.map((i) => i.path)).toEqual(['stages[1].queueTimeout', 'stages[2].queueTimeout']);
    expect(issues[0]!.hint).toContain('put queueTimeout on a');
  });
});

describe('analyze never drops the overload keys silently', () => {
  it('names the keys it cannot analyse and the figures that are then missing', async () => {
    const { analyze } = await import('../../src/analytic/analyze.ts');
    const r = tryParseModel(SPEC_EXAMPLE);
    if (!r.ok) throw new Error('refused');
    const result = analyze(r.model);
    const note = result.notes.find((n) => n.startsWith('overload:'));
    expect(note).toContain('schedule, timeout, patience, retry, stages.process.queueTimeout');
    expect(note).toContain('simulate gives them');
    expect(result.goodput).toBe(null);
    const plain = tryParseModel('workload: { arrivalRate: 10 }\nstages: [ { name: a, service: 1ms, threads: 1 } ]\n');
    if (!plain.ok) throw new Error('refused');
    expect('goodput' in analyze(plain.model)).toBe(false);
  });
});
