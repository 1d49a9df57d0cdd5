import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { erlangB, erlangC } from '../../src/analytic/erlang.ts';
import { Q, factorial, pow } from '../helpers/rational.ts';

function exactErlangB(c: number, a: Q): Q {
  let sum = Q.of(0);
  for (let n = 0; n <= c; n++) sum = sum.add(pow(a, n).div(Q.of(factorial(n))));
  return pow(a, c).div(Q.of(factorial(c))).div(sum);
}

function exactErlangC(c: number, a: Q): Q {
  const b = exactErlangB(c, a);
  const rho = a.div(Q.of(c));
  return b.div(Q.of(1).sub(rho.mul(Q.of(1).sub(b))));
}

describe('Erlang B and C', () => {
  it('matches published table values', () => {
    // Erlang B tables (e.g. Kleinrock, Queueing Systems Vol. 1; any traffic table): B(10, 5 E) = 0.018385.
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 6);
    // M/M/2 with a = 1: B = 1/5, C = 1/3 (Gross & Harris §2.3).
    expect(erlangB(2, 1)).toBeCloseTo(0.2, 14);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
    // M/M/1: C = ρ.
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 14);
  });

  it('agrees with exact rational arithmetic to 1e-12 relative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 9999 }), (c, permyriad) => {
        const a = Q.of(c * permyriad, 10000); // ρ = permyriad / 10000 in (0, 1)
        const b = erlangB(c, a.toNumber());
        const cc = erlangC(c, a.toNumber());
        expect(Math.abs(b / exactErlangB(c, a).toNumber() - 1)).toBeLessThan(1e-12);
        expect(Math.abs(cc / exactErlangC(c, a).toNumber() - 1)).toBeLessThan(1e-11);
      }),
      { numRuns: 150 },
    );
  });

  it('stays finite and in [0, 1] for 10,000 servers at ρ = 0.9999', () => {
    const c = 10_000;
    const a = 0.9999 * c;
    const b = erlangB(c, a);
    const cc = erlangC(c, a);
    expect(Number.isFinite(b) && b > 0 && b < 1).toBe(true);
    expect(Number.isFinite(cc) && cc > 0 && cc < 1).toBe(true);
    // Near saturation with many servers almost every arrival waits, but not all.
    expect(cc).toBeGreaterThan(0.95);
  });

  it('is 1 at or past saturation', () => {
    expect(erlangC(4, 4)).toBe(1);
    expect(erlangC(4, 5)).toBe(1);
  });
});
