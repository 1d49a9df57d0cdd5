/** Exact rational arithmetic on BigInt, for checking floating-point queueing formulas digit for digit. */
export class Q {
  readonly n: bigint;
  readonly d: bigint;
  constructor(n: bigint, d: bigint = 1n) {
    if (d === 0n) throw new RangeError('zero denominator');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    this.n = n / g;
    this.d = d / g;
  }
  static of(x: number | bigint, d: number | bigint = 1): Q {
    return new Q(BigInt(x), BigInt(d));
  }
  add(o: Q): Q {
    return new Q(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o: Q): Q {
    return new Q(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o: Q): Q {
    return new Q(this.n * o.n, this.d * o.d);
  }
  div(o: Q): Q {
    return new Q(this.n * o.d, this.d * o.n);
  }
  toNumber(): number {
    // Shift so the integer quotient carries 64 significant bits whatever the magnitude, then scale back.
    if (this.n === 0n) return 0;
    const negative = this.n < 0n;
    const n = negative ? -this.n : this.n;
    const shift = 64 - (n.toString(2).length - this.d.toString(2).length);
    const quotient = shift >= 0 ? (n << BigInt(shift)) / this.d : n / (this.d << BigInt(-shift));
    const value = Number(quotient) * Math.pow(2, -shift);
    return negative ? -value : value;
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

export function factorial(n: number): bigint {
  let f = 1n;
  for (let i = 2n; i <= BigInt(n); i++) f *= i;
  return f;
}

export function pow(x: Q, k: number): Q {
  let r = Q.of(1);
  for (let i = 0; i < k; i++) r = r.mul(x);
  return r;
}

/** Exact M/M/c/K stationary distribution p_0..p_K for offered load a (rational) and c servers. */
export function exactMmckDistribution(a: Q, c: number, k: number): Q[] {
  const weights: Q[] = [];
  for (let n = 0; n <= k; n++) {
    const w = n <= c ? pow(a, n).div(Q.of(factorial(n))) : pow(a, n).div(Q.of(factorial(c) * BigInt(c) ** BigInt(n - c)));
    weights.push(w);
  }
  const total = weights.reduce((s, w) => s.add(w), Q.of(0));
  return weights.map((w) => w.div(total));
}
