import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOtlpSpans, traceStatistics } from '../../src/calibrate/traces.ts';
import { calibrate } from '../../src/calibrate/calibrate.ts';
import { base } from './synthetic.ts';
import { cli } from '../helpers/cli.ts';

/**
 * Spans of a single-thread FCFS stage (M/M/1) built by Lindley's recursion, with their own random stream: the
 * reference shares nothing with reqpath's simulator. `carryWait`: the wait rides on each span as an attribute.
 */
function mm1Trace(rate: number, serviceSeconds: number, n: number, carryWait: 'attribute' | 'child' | 'none'): string {
  let seed = 12345;
  const uniform = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed + 0.5) / 2147483648;
  };
  const spans: object[] = [];
  let arrival = 0;
  let freeAt = 0;
  const t0 = 1_700_000_000_000_000_000n;
  const ns = (s: number): string => (t0 + BigInt(Math.round(s * 1e9))).toString();
  for (let i = 0; i < n; i++) {
    arrival += -Math.log(uniform()) / rate;
    const start = Math.max(arrival, freeAt);
    const service = -Math.log(uniform()) * serviceSeconds;
    freeAt = start + service;
    const traceId = i.toString(16).padStart(32, '0');
    const spanId = (i + 1).toString(16).padStart(16, '0');
    spans.push({
      traceId,
      spanId,
      name: 'decode',
      startTimeUnixNano: ns(arrival),
      endTimeUnixNano: ns(freeAt),
      attributes: carryWait === 'attribute' ? [{ key: 'reqpath.wait_ns', value: { intValue: String(Math.round((start - arrival) * 1e9)) } }] : [],
    });
    if (carryWait === 'child') {
      spans.push({ traceId, spanId: `w${spanId.slice(1)}`, parentSpanId: spanId, name: 'decode.queue', startTimeUnixNano: ns(arrival), endTimeUnixNano: ns(start) });
    }
  }
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }] });
}

const BASE = 'name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: decode, service: 1ms, threads: 1 }\n';

describe('OpenTelemetry traces (OTLP JSON)', () => {
  for (const carry of ['attribute', 'child'] as const) {
    it(`tells waiting from service when the spans carry it (${carry}), and shows the naive estimate's bias`, () => {
      // ρ = 0.6: the mean span is S + W = S / (1 − ρ), so the naive estimate is 2.5× the service time.
      const text = mm1Trace(300, 0.002, 8_000, carry);
      const stats = traceStatistics(parseOtlpSpans(text, 't.json'), ['decode'], 't.json');
      const decode = stats.stages[0]!;
      expect(Math.abs(decode.service!.value / 0.002 - 1)).toBeLessThan(0.03);
      expect(decode.naiveBias!).toBeGreaterThan(1.2);
      expect(decode.naiveBias!).toBeLessThan(1.8);
      expect(decode.scv!).toBeGreaterThan(0.9);
      expect(decode.scv!).toBeLessThan(1.1);
    });
  }

  it('without waiting in the spans, takes the model\'s predicted wait out of the mean span', () => {
    const text = mm1Trace(300, 0.002, 8_000, 'none');
    const stats = traceStatistics(parseOtlpSpans(text, 't.json'), ['decode'], 't.json');
    expect(stats.stages[0]!.service).toBeNull();
    const b = base(BASE);
    const result = calibrate(b.raw, b.model, [], { traces: stats });
    const figure = result.figures.find((f) => f.stage === 'decode')!;
    expect(figure.method).toBe('traces');
    expect(Math.abs(figure.value / 0.002 - 1)).toBeLessThan(0.05);
    // The naive figure would have been 2.5× too high.
    expect(stats.stages[0]!.naive.value / 0.002).toBeGreaterThan(2);
  });

  it('refuses a span it cannot read, naming the file and the span', () => {
    expect(() => parseOtlpSpans('{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"x","startTimeUnixNano":"5","endTimeUnixNano":"3"}]}]}]}', 't.json')).toThrow(
      /resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]/,
    );
  });

  it('reqpath calibrate --traces prints the per-stage table with the naive bias', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqpath-traces-'));
    writeFileSync(join(dir, 'base.yaml'), BASE);
    writeFileSync(join(dir, 't.json'), mm1Trace(300, 0.002, 5_000, 'attribute'));
    writeFileSync(join(dir, 'm.csv'), 'rate,throughput,mean_ms\n300,300,5.5\n');
    const r = await cli('calibrate', join(dir, 'm.csv'), '--model', join(dir, 'base.yaml'), '--traces', join(dir, 't.json'), '--out', join(dir, 'fit.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/naive bias/);
    expect(r.stdout).toMatch(/decode\.service\s+\d/);
  });
});
