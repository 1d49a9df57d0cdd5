/**
 * Planning with SPEC §5 bounds: goodput and timeout rate at the retry fixed point, and sizing out of a bistable
 * region. The retry storm (M/M/16, µ = 50/s, λ = 560/s, 3 attempts, T = 1 s, nothing cancelled) is bistable
 * while the saturated state can feed itself, λ·3 ≥ cµ: sized out of it at c = ⌈3 · 560 / 50⌉ = 34; with a 10%
 * budget λ·1.1 < cµ from c = 13.
 */
import { describe, expect, it } from 'vitest';
import { mmcResponseTail } from '../../src/analytic/retry-fixed-point.ts';
import { ModelError } from '../../src/model/messages.ts';
import { loadModel, parseModel } from '../../src/model/load.ts';
import { plan } from '../../src/plan/plan.ts';
import { cli } from '../helpers/cli.ts';

const STORM = 'models/retry-storm.yaml';

describe('SLO bounds on goodput and timeouts', () => {
  const model = (slo: string) => parseModel(`workload: { arrivalRate: 100 }\nstages: [ { name: s, service: 1ms, threads: 1 } ]\nslo: ${slo}\n`);

  it('minGoodput is a rate or a share of the offered rate; maxTimeoutRate a number ≥ 0', () => {
    expect(model('{ minGoodput: "99%", maxTimeoutRate: 0.01 }').slo).toEqual({ minGoodputShare: 0.99, maxTimeoutRate: 0.01 });
    expect(model('{ minGoodput: "550/s" }').slo).toEqual({ minGoodputPerSecond: 550 });
    expect(model('{ minGoodput: 550 }').slo).toEqual({ minGoodputPerSecond: 550 });
    expect(() => model('{ minGoodput: "150%" }')).toThrow(/slo\.minGoodput: expected a rate such as 550 or "550\/s", or a share of the offered rate such as "99%" \(a share in \(0%, 100%\]\)/);
    expect(() => model('{ maxTimeoutRate: -1 }')).toThrow(ModelError);
  });
});

describe('plan with retries and timeouts', () => {
  it('sizes the retry storm out of its bistable region, and says so', () => {
    const result = plan(loadModel(STORM), { slo: { minGoodputShare: 0.99 } });
    expect(result.threads).toEqual({ api: 34 });
    expect(result.slo.avoidMetastable).toBe(true);
    expect(result.before.checks.find((c) => c.bound === 'metastable')).toMatchObject({ met: false, value: 1 });
    expect(result.after!.checks.find((c) => c.bound === 'metastable')).toMatchObject({ met: true, value: 0 });
    expect(result.after!.checks.find((c) => c.bound === 'goodput')!.value).toBeGreaterThanOrEqual(0.99 * 560);
    expect(result.notes.join('\n')).toMatch(/current sizing is bistable at 560\/s.*from 266\.7\/s up to the trigger 792\.2\/s/);
    expect(result.notes.join('\n')).toMatch(/planned sizing is out of the bistable region/);
    expect(result.notes.join('\n')).toMatch(/schedule: planned for the steady load/);
  });

  it('allowed to stay bistable, the plan sizes for the good point alone and names the bistable region', () => {
    const result = plan(loadModel(STORM), { slo: { minGoodputShare: 0.99 }, metastable: 'allow' });
    expect(result.threads!.api).toBeLessThan(16);
    expect(result.notes.join('\n')).toMatch(/planned sizing is bistable at 560\/s.*allowed/);
  });

  it('a 10% retry budget: out of the bistable region from 13 threads (560 × 1.1 < 13 × 50)', () => {
    const storm = loadModel(STORM, { overrides: [{ key: 'workload.retry.budget', value: 0.1 }] });
    expect(plan(storm, { slo: { minGoodputShare: 0.99 } }).threads).toEqual({ api: 13 });
  });

  it('a timeout-rate ceiling without retries: the fewest threads whose M/M/c response tail at T is within it', () => {
    const m = parseModel('workload: { arrivalRate: 400, timeout: 50ms, cancel: none }\nstages: [ { name: api, service: 20ms, threads: 9 } ]\n');
    let expected = 9;
    while (mmcResponseTail(400, 50, expected, 0.05) > 0.1) expected++;
    const result = plan(m, { slo: { maxTimeoutRate: 0.1 } });
    expect(result.threads).toEqual({ api: expected });
    expect(mmcResponseTail(400, 50, expected - 1, 0.05)).toBeGreaterThan(0.1);
    expect(result.after!.checks).toEqual([expect.objectContaining({ bound: 'timeoutRate', met: true })]);
  });

  it('a goodput bound no analytic method can check is infeasible, and says why', () => {
    const m = parseModel('workload: { arrivalRate: 400, timeout: 50ms }\nstages: [ { name: a, service: 1ms, threads: 2 }, { name: b, service: 2ms, threads: 2 } ]\n');
    const result = plan(m, { slo: { minGoodputShare: 0.9 } });
    expect(result.feasible).toBe(false);
    expect(result.infeasible[0]!.reason).toMatch(/goodput ≥ 360\/s cannot be met: .*unknown \(no analytic method for this model/);
  });
});

describe('reqpath plan --min-goodput / --max-timeout-rate / --allow-metastable', () => {
  it('plans the retry storm from the flags', async () => {
    const run = await cli('plan', STORM, '--min-goodput', '99%', '--max-timeout-rate', '1%');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/SLO: goodput ≥ 99% of offered, timeouts ≤ 1% per request, not bistable/);
    expect(run.stdout).toMatch(/metastable\s+bistable MISSED\s+no ok/);
    expect(run.stdout).toMatch(/apply with: --set stages\.api\.threads=34/);
    const allowed = JSON.parse((await cli('plan', STORM, '--min-goodput', '554/s', '--allow-metastable', '--json')).stdout);
    expect(allowed.slo).toEqual({ minGoodputPerSecond: 554 });
    expect(allowed.threads.api).toBeLessThan(16);
  });

  it.each([
    [['--min-goodput', 'lots'], /--min-goodput lots: expected a rate such as 550/],
    [['--min-goodput', '120%'], /--min-goodput 120%: .*a share in \(0%, 100%\]/],
    [['--max-timeout-rate', '-1'], /--max-timeout-rate -1: expected timed-out attempts per original request ≥ 0/],
  ])('refuses %j', async (args, message) => {
    const run = await cli('plan', STORM, ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
