/**
 * The reference engine's own random numbers, written apart from the fast engine's (rng.ts, and the samplers
 * in src/model/distribution.ts) so a defect in one cannot hide in both: a different generator (sfc32, Doty-
 * Humphrey's Small Fast Counter, PractRand-clean), a different seeding (MurmurHash3's finaliser over seed and
 * stream), 53-bit uniforms, and different algorithms for the families: Box–Muller normals, Cheng's GB (1977)
 * and Ahrens–Dieter GS (1974) gammas, Erlang as a sum of exponentials.
 *
 * Only the definitions are shared, as they must be (they are the model's meaning): each family is fixed by
 * its mean and scv; hyperexponential is the balanced-means two-phase fit; uniform is symmetric about the
 * mean; inter-arrival times are exponential at scv 1, gamma below, balanced hyperexponential above.
 */
import type { DistributionName } from '../model/distribution.ts';

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private counter = 1;

  constructor(seed: number, stream: number) {
    const h = fmix32((seed ^ 0x5bd1e995) >>> 0);
    this.a = fmix32((h + Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
    this.b = fmix32((this.a ^ 0x165667b1) >>> 0);
    this.c = fmix32((this.b + h) >>> 0);
    for (let i = 0; i < 15; i++) this.next32();
  }

  next32(): number {
    const t = (((this.a + this.b) | 0) + this.counter) | 0;
    this.counter = (this.counter + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on the open interval (0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.next32() >>> 5;
    const low = this.next32() >>> 6;
    return (high * 67108864 + low + 0.5) / 9007199254740992;
  }
}

export type Sampler = (random: Sfc32) => number;

const exponential = (random: Sfc32, mean: number) => -mean * Math.log(random.uniform());

function normal(random: Sfc32): number {
  return Math.sqrt(-2 * Math.log(random.uniform())) * Math.cos(2 * Math.PI * random.uniform());
}

/** Gamma(shape, 1): Cheng's GB for shape ≥ 1, Ahrens–Dieter GS below. */
function gammaUnit(shape: number): Sampler {
  if (shape >= 1) {
    const a = 1 / Math.sqrt(2 * shape - 1);
    const b = shape - Math.log(4);
    const q = shape + 1 / a;
    const theta = 4.5;
    const d = 1 + Math.log(theta);
    return (random) => {
      for (;;) {
        const u1 = random.uniform();
        const u2 = random.uniform();
        const v = a * Math.log(u1 / (1 - u1));
        const y = shape * Math.exp(v);
        const z = u1 * u1 * u2;
        const w = b + q * v - y;
        if (w + d - theta * z >= 0 || w >= Math.log(z)) return y;
      }
    };
  }
  const bound = (Math.E + shape) / Math.E;
  return (random) => {
    for (;;) {
      const p = bound * random.uniform();
      if (p <= 1) {
        const x = Math.pow(p, 1 / shape);
        if (random.uniform() <= Math.exp(-x)) return x;
      } else {
        const x = -Math.log((bound - p) / shape);
        if (random.uniform() <= Math.pow(x, shape - 1)) return x;
      }
    }
  };
}

export function sampler(name: DistributionName, mean: number, scv: number): Sampler {
  switch (name) {
    case 'exponential':
      return (random) => exponential(random, mean);
    case 'deterministic':
      return () => mean;
    case 'erlang': {
      if (scv === 0) return () => mean;
      const phases = Math.round(1 / scv);
      if (Math.abs(phases * scv - 1) < 1e-9) {
        const phaseMean = mean / phases;
        return (random) => {
          let sum = 0;
          for (let i = 0; i < phases; i++) sum += exponential(random, phaseMean);
          return sum;
        };
      }
      return sampler('gamma', mean, scv);
    }
    case 'gamma': {
      if (scv === 0) return () => mean;
      const unit = gammaUnit(1 / scv);
      const scale = mean * scv;
      return (random) => scale * unit(random);
    }
    case 'lognormal': {
      const s2 = Math.log(1 + scv);
      const m = Math.log(mean) - s2 / 2;
      const s = Math.sqrt(s2);
      return (random) => Math.exp(m + s * normal(random));
    }
    case 'hyperexponential': {
      const p = (1 + Math.sqrt((scv - 1) / (scv + 1))) / 2;
      const fast = mean / (2 * p);
      const slow = mean / (2 * (1 - p));
      return (random) => exponential(random, random.uniform() < p ? fast : slow);
    }
    case 'uniform': {
      const half = mean * Math.sqrt(3 * scv);
      return (random) => mean + half * (2 * random.uniform() - 1);
    }
  }
}

export function interArrivalSampler(mean: number, scv: number): Sampler {
  if (scv === 1) return sampler('exponential', mean, 1);
  return scv < 1 ? sampler('gamma', mean, scv) : sampler('hyperexponential', mean, scv);
}
