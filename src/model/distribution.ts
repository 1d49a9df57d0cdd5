/**
 * Service-time distributions as small objects shared by analysis and simulation (Ciw's habit):
 * the analytic side reads `meanSeconds` and `scv`, the simulator calls `sample(rng)`.
 * Every family is parameterised by its mean and squared coefficient of variation (scv = variance / mean²).
 */

export const DISTRIBUTION_NAMES = [
  'exponential',
  'deterministic',
  'erlang',
  'gamma',
  'lognormal',
  'hyperexponential',
  'uniform',
] as const;
export type DistributionName = (typeof DISTRIBUTION_NAMES)[number];

/**
 * An scv computed from moments (E[S²]/E[S]² − 1) carries rounding: a deterministic stage came out 2e-16. Below
 * this it is deterministic: solved as M/D/c (not Kimura's low-variability interpolation, whose narrower band let
 * an M/D/4/4 at ρ 0.9 claim ±4.3% on a mean 10% off) and transformed as a point mass (a gamma of shape 5e15
 * loses 2.7% of its transform to cancellation).
 */
const DETERMINISTIC_SCV = 1e-9;

export function isDeterministicScv(scv: number): boolean {
  return scv < DETERMINISTIC_SCV;
}

/** Uniform draws in the open interval (0, 1); never 0, so -log(u) is finite. */
export interface Rng {
  next(): number;
}

export interface ServiceDist {
  readonly name: DistributionName;
  readonly meanSeconds: number;
  readonly scv: number;
  sample(rng: Rng): number;
}

/** The scv each family takes when the model gives none. */
export function defaultScv(name: DistributionName, erlangK?: number): number {
  switch (name) {
    case 'deterministic':
      return 0;
    case 'erlang':
      return 1 / (erlangK ?? 1);
    case 'uniform':
      return 1 / 3; // U(0, 2·mean)
    case 'hyperexponential':
      return 2;
    default:
      return 1;
  }
}

/** Standard normal by Marsaglia's polar method (two uniforms per pair, one value kept: simple and branch-light). */
function standardNormal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost U^(1/shape). */
function standardGamma(shape: number, rng: Rng): number {
  if (shape < 1) return standardGamma(shape + 1, rng) * Math.pow(rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * Build a distribution from its mean and scv. The caller (normalizeModel) has already checked that the
 * scv is admissible for the family (e.g. uniform ≤ 1/3, hyperexponential ≥ 1).
 */
/**
 * Two exponential phases with balanced means (Whitt 1982): p1/µ1 = p2/µ2, which fixes the fit from mean and scv
 * (≥ 1) alone. The one fit the simulator draws and the analysis transforms, so both see the same law.
 */
export function balancedHyperexponential(mean: number, scv: number): { p1: number; mean1: number; mean2: number } {
  const p1 = 0.5 * (1 + Math.sqrt((scv - 1) / (scv + 1)));
  return { p1, mean1: mean / (2 * p1), mean2: mean / (2 * (1 - p1)) };
}

export function makeServiceDist(name: DistributionName, meanSeconds: number, scv: number): ServiceDist {
  const mean = meanSeconds;
  switch (name) {
    case 'exponential':
      return { name, meanSeconds, scv: 1, sample: (rng) => -mean * Math.log(rng.next()) };
    case 'deterministic':
      return { name, meanSeconds, scv: 0, sample: () => mean };
    case 'erlang':
    case 'gamma': {
      if (scv === 0) return { name, meanSeconds, scv, sample: () => mean };
      const shape = 1 / scv;
      const scale = mean * scv;
      if (name === 'erlang' && Number.isInteger(shape) && shape <= 16) {
        // Product of uniforms is exact and faster than the rejection sampler for small k.
        return {
          name,
          meanSeconds,
          scv,
          sample: (rng) => {
            let product = 1;
            for (let i = 0; i < shape; i++) product *= rng.next();
            return -scale * Math.log(product);
          },
        };
      }
      return { name, meanSeconds, scv, sample: (rng) => scale * standardGamma(shape, rng) };
    }
    case 'lognormal': {
      const sigma2 = Math.log1p(scv);
      const mu = Math.log(mean) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      return { name, meanSeconds, scv, sample: (rng) => Math.exp(mu + sigma * standardNormal(rng)) };
    }
    case 'hyperexponential': {
      const { p1, mean1, mean2 } = balancedHyperexponential(mean, scv);
      return {
        name,
        meanSeconds,
        scv,
        sample: (rng) => -(rng.next() < p1 ? mean1 : mean2) * Math.log(rng.next()),
      };
    }
    case 'uniform': {
      // U(a, b) with mean m and scv: half-width h = m·sqrt(3·scv).
      const halfWidth = mean * Math.sqrt(3 * scv);
      return { name, meanSeconds, scv, sample: (rng) => mean - halfWidth + 2 * halfWidth * rng.next() };
    }
  }
}
