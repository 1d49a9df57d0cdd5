import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatDuration, formatRate, parseDurationSeconds, parseRatePerSecond } from '../../src/model/units.ts';

const value = (p: ReturnType<typeof parseDurationSeconds>) => (p.ok ? p.value : NaN);

describe('durations and rates', () => {
  it('reads every unit of SPEC §1', () => {
    expect(value(parseDurationSeconds('20us'))).toBeCloseTo(20e-6, 15);
    expect(value(parseDurationSeconds('20µs'))).toBeCloseTo(20e-6, 15);
    expect(value(parseDurationSeconds('150ns'))).toBeCloseTo(150e-9, 18);
    expect(value(parseDurationSeconds('2ms'))).toBeCloseTo(0.002, 15);
    expect(value(parseDurationSeconds('1.5s'))).toBe(1.5);
    expect(value(parseDurationSeconds('2min'))).toBe(120);
    expect(value(parseDurationSeconds(0.25))).toBe(0.25);
    expect(value(parseRatePerSecond('2k/s'))).toBe(2000);
    expect(value(parseRatePerSecond('120/min'))).toBe(2);
    expect(value(parseRatePerSecond(750))).toBe(750);
  });

  it('refuses what it cannot read, saying what it expected', () => {
    for (const bad of ['fast', '12 parsecs', '', '1e', {}, null, Infinity]) {
      const parsed = parseDurationSeconds(bad);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(5);
    }
    expect(parseRatePerSecond('3k/fortnight').ok).toBe(false);
  });

  it('never prints NaN or Infinity, even at the edges of the doubles', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        expect(formatDuration(x)).not.toMatch(/NaN|Infinity/);
        expect(formatRate(x)).not.toMatch(/NaN|Infinity/);
      }),
    );
    expect(formatDuration(-1.797e308)).not.toMatch(/Infinity/);
  });

  it('a duration survives format → parse within the printed precision', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1e4, noNaN: true }), (seconds) => {
        const back = value(parseDurationSeconds(formatDuration(seconds, 12).replace('µs', 'us')));
        expect(Math.abs(back / seconds - 1)).toBeLessThan(1e-10);
      }),
    );
  });
});
