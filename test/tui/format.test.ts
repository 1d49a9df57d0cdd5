import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bar, change, fit, percent, rate, threads, time } from '../../src/tui/format.ts';

describe('TUI cell formatting', () => {
  it('writes durations and rates with units, and infinite figures as ∞ or —', () => {
    expect(time(0.00012)).toBe('120µs');
    expect(time(0.00965)).toBe('9.65ms');
    expect(time(3e-13)).toBe('<1ns');
    expect(time(null)).toBe('∞');
    expect(time(Infinity)).toBe('∞');
    expect(rate(2200)).toBe('2.2k/s');
    expect(rate(null)).toBe('—');
    expect(percent(0.125)).toBe('12.5%');
    expect(percent(0.00012)).toBe('0.012%');
    expect(percent(null)).toBe('—');
    expect(threads('infinite')).toBe('∞');
    expect(threads(32)).toBe('32');
  });

  it('draws utilisation bars in eighths of a cell, always `width` wide', () => {
    expect(bar(0, 8)).toBe('        ');
    expect(bar(0.5, 8)).toBe('████    ');
    expect(bar(1, 8)).toBe('████████');
    expect(bar(1 / 64, 8)).toBe('▏       ');
    expect(bar(0.125 + 3 / 64, 8)).toBe('█▍      ');
    expect(bar(null, 4)).toBe('····');
  });

  it('fits text to a column, marking a cut with …', () => {
    expect(fit('decrypt', 10)).toBe('decrypt   ');
    expect(fit('32', 5, true)).toBe('   32');
    expect(fit('a-very-long-stage-name', 8)).toBe('a-very-…');
  });

  it('names the load change against the file', () => {
    expect(change(100)).toBe('');
    expect(change(130)).toBe('+30%');
    expect(change(90)).toBe('−10%');
  });

  it('never prints NaN or Infinity, whatever number arrives', () => {
    const anyNumber = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, null));
    fc.assert(
      fc.property(anyNumber, (x) => {
        for (const text of [time(x), rate(x), percent(x), bar(x)]) {
          expect(text).not.toMatch(/NaN|Infinity|undefined/);
        }
        expect([...bar(x, 6)]).toHaveLength(6);
      }),
    );
  });
});
