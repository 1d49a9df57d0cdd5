import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/index.ts';
import { calibrate } from '../../src/calibrate/calibrate.ts';
import { compare } from '../../src/calibrate/compare.ts';
import { exceptionalFirstRows, type ExceptionalFirstServer } from './exceptional-first.ts';
import { base, syntheticRows } from './synthetic.ts';

// An event loop that pays 0.23 ms more for a request that finds it idle (Welch's exceptional first service),
// 1.03 ms otherwise, behind 1 ms outside the server: per request 1.24 ms at 10% load, 1.05 ms at 90%, as the
// event loop of issue 13 measured. Capacity 1/s = 971/s.
const WAKE: ExceptionalFirstServer = { serviceSeconds: 1.03e-3, wakeSeconds: 0.23e-3, delaySeconds: 1e-3 };
const CAPACITY = 1 / WAKE.serviceSeconds;
const BASE = 'name: loop\nworkload: { arrivalRate: 100 }\nstages:\n  - { name: loop, service: 2ms, threads: 1 }\n';
const REQUESTS = 300_000;

function service(result: ReturnType<typeof calibrate>): number {
  return result.figures.find((f) => f.stage === 'loop' && f.field === 'service')!.value;
}

function expectWithinIssueBounds(result: ReturnType<typeof calibrate>, high: Parameters<typeof compare>[1], fractions: readonly number[]): void {
  compare(result.model, high).rows.forEach((row, i) => {
    const at = `at ${fractions[i]}`;
    expect(Math.abs(row.error.throughput!), `throughput ${at}`).toBeLessThan(0.08);
    expect(Math.abs(row.error.mean!), `mean ${at}`).toBeLessThan(fractions[i]! <= 0.7 ? 0.1 : 0.15);
    expect(Math.abs(row.error.p99!), `p99 ${at}`).toBeLessThan(0.2);
  });
}

describe('calibrate: a wake-up cost per request on one thread (wake.ts)', () => {
  it('recovers the busy cost s within 3% from three open rows at 10/20/30%, and predicts 50/70/85% within the issue bounds', () => {
    const b = base(BASE);
    const low = exceptionalFirstRows(WAKE, [0.1, 0.2, 0.3].map((f) => ({ rate: f * CAPACITY })), REQUESTS, 1);
    const result = calibrate(b.raw, b.model, low);
    expect(result.demand[0]!.wake!.used).toBe(true);
    expect(Math.abs(service(result) / WAKE.serviceSeconds - 1)).toBeLessThan(0.03);
    expect(result.notes.join('\n')).toMatch(/cpu: the wake-up fit is used \(w is above 0 .*s = 1\.0\d*ms ± .*straight line cpu = a \+ D·X: service D = 1\.1/s);
    // The straight line through the same rows reads the fall as an intercept: slope 1.15 ms, 12% high, and at 85% of
    // capacity that is a loop past saturation.
    const fractions = [0.5, 0.7, 0.85];
    const high = exceptionalFirstRows(WAKE, fractions.map((f) => ({ rate: f * CAPACITY })), REQUESTS, 2);
    expectWithinIssueBounds(result, high, fractions);
  });

  it('closed loads: the same fit from the measured busy fraction', () => {
    const b = base(BASE);
    const think = 0.02;
    const low = exceptionalFirstRows(WAKE, [2, 4, 7].map((clients) => ({ clients, thinkSeconds: think })), REQUESTS, 3);
    const result = calibrate(b.raw, b.model, low);
    expect(result.demand[0]!.wake!.used).toBe(true);
    expect(Math.abs(service(result) / WAKE.serviceSeconds - 1)).toBeLessThan(0.03);
    const clients = [12, 17, 22];
    const high = exceptionalFirstRows(WAKE, clients.map((n) => ({ clients: n, thinkSeconds: think })), REQUESTS, 4);
    const loads = high.map((r) => r.throughput / CAPACITY);
    expect(loads[2]!).toBeGreaterThan(0.8);
    expectWithinIssueBounds(result, high, loads.map((x) => Math.round(x * 20) / 20));
  });

  it('keeps the straight line when the fall is background (a/X), and says why', () => {
    const b = base(BASE);
    const low = exceptionalFirstRows({ ...WAKE, wakeSeconds: 0, background: 0.03 }, [0.1, 0.2, 0.3].map((f) => ({ rate: f * CAPACITY })), REQUESTS, 5);
    const result = calibrate(b.raw, b.model, low);
    expect(result.demand[0]!.wake!.used).toBe(false);
    expect(result.notes.join('\n')).toMatch(/cpu: the straight line is used \((s came out ≤ 0|w came out above s|w's one-sided 95% bound reaches 0|the straight line \(background\) fits)/);
    // The line's slope is s: the 0.03 CPU-s/s of background (outside the loop here) stays in the intercept.
    expect(Math.abs(service(result) / WAKE.serviceSeconds - 1)).toBeLessThan(0.03);
  });

  it('keeps the straight line when the cost per request does not fall', () => {
    const b = base(BASE);
    const low = exceptionalFirstRows({ ...WAKE, wakeSeconds: 0 }, [0.1, 0.2, 0.3].map((f) => ({ rate: f * CAPACITY })), REQUESTS, 6);
    const result = calibrate(b.raw, b.model, low);
    expect(result.demand[0]!.wake!.used).toBe(false);
    expect(Math.abs(service(result) / WAKE.serviceSeconds - 1)).toBeLessThan(0.03);
  });

  it('is not tried for a pool of several threads', () => {
    const truth = parseModel('name: t\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: workers, service: 4ms, threads: 4 }\n');
    const rows = syntheticRows(truth, [100, 200, 300].map((rate) => ({ rate })), { seed: 2, requests: 20_000, replications: 2 });
    const b = base('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: workers, service: 3ms, threads: 4 }\n');
    const result = calibrate(b.raw, b.model, rows);
    expect(result.demand[0]!.wake).toBeNull();
    expect(result.notes.join('\n')).not.toMatch(/wake-up fit/);
  });
});
