/**
 * The error bands of the analytic methods: one table, measured, never guessed. A row says how far (worst
 * relative error |analytic / simulated − 1| over the random models measured) a method's mean, p99 and drop
 * rate were from long simulations when the method's load figure x (ρ for a queue; see `METHODS[...].x`) was at
 * most `upTo`. 0 means exact (a closed form, or exact numerics); null means "not measured", which analyze
 * treats as beyond its target.
 *
 * Regenerate: `npx tsx bench/accuracy-bands.ts --write --models 10` (random seeded models per method and load
 * bucket; the two-moment classes — Lee–Longton, Allen–Cunneen and their finite forms, split by the service's
 * scv at NEAR_EXPONENTIAL_SCV — with `--models 20 --only` those ids; VERBOSE=1 prints every model;
 * each against a simulation of 5 × 100,000 requests; the worst error seen, the simulation's own noise
 * included, so a bucket whose reference is too noisy to tell — near saturation — gets a wide band and is
 * simulated). The closed-network rows are from an older run that subtracted the simulation's half-width; all but
 * the exact closed row are beyond the target anyway. The finite-mg1 rows are the larger of that older run (8 lone
 * stages, which analyze now solves exactly as mg1k-embedded) and 20 models a bucket of what still reaches the
 * method (one thread with a finite queue serving a run of 2–3 stages; `--only finite-mg1 --models 20`): its drop
 * rate also bands a shared or re-entered finite pool's refusals.
 * The cores-ps-slowdown rows are the larger of two runs too (10 models of two exponential pools, then 20 with
 * `--only` of 1–4 pools of any work, few threads as often as many, sometimes a delay: ≤ 0.3 went from 0.2 % to
 * 6.5 % on the mean, ≤ 0.7 to 450 % where a pool of fewer threads than cores nears its own saturation).
 * The mdc-cosmetatos and mgc-kimura rows are the larger of two runs (10 models, then 20 with `--only`: an M/D/2 at
 * ρ 0.43 of the out-of-sample models was +6.0% on p99 under the first run's 1.9%); a rerun keeps the larger. The harness of `npm run accuracy` reports errors by feature
 * in the same terms and can replace rows.
 */

import { NEAR_EXPONENTIAL_SCV } from './pool-solver.ts';

const LV = NEAR_EXPONENTIAL_SCV.low;
const HV = NEAR_EXPONENTIAL_SCV.high;

export interface MethodInfo {
  /** The method in words (for notes and the JSON). */
  readonly words: string;
  /** What `upTo` in its rows measures. */
  readonly x: 'rho' | 'scv' | 'none';
  /** Figures the method gets exactly (a closed form): their band is 0 by construction, never measured. */
  readonly exact?: readonly ('mean' | 'p99' | 'dropRate')[];
}

/** Every method id analyze can report for a part of a model. */
export const METHODS: Readonly<Record<string, MethodInfo>> = {
  delay: { words: 'M/G/∞ pure delay', x: 'none', exact: ['mean', 'p99', 'dropRate'] },
  mmc: { words: 'M/M/c (Erlang C)', x: 'rho', exact: ['mean', 'p99', 'dropRate'] },
  mmck: { words: 'M/M/c/K birth–death chain', x: 'rho', exact: ['mean', 'p99', 'dropRate'] },
  'erlang-a': { words: 'M/M/c+M exact (Erlang-A; Garnett, Mandelbaum & Reiman 2002)', x: 'rho', exact: ['mean', 'p99', 'dropRate'] },
  'mmc-deterministic-patience': { words: 'M/M/c+D exact (deterministic patience; Baccelli & Hébuterne 1981)', x: 'rho', exact: ['mean', 'p99', 'dropRate'] },
  mg1: { words: 'M/G/1 Pollaczek–Khinchine (exact wait transform)', x: 'rho', exact: ['mean', 'p99', 'dropRate'] },
  'mdc-cosmetatos': { words: 'M/D/c, Cosmetatos (1975)', x: 'rho', exact: ['dropRate'] },
  'mgc-kimura': { words: 'M/G/c with cs² < 1, Kimura (1994) interpolation', x: 'rho', exact: ['dropRate'] },
  'mgc-lee-longton': { words: `M/G/c with 1 < cs² ≤ ${HV}, Lee–Longton (1959)`, x: 'rho', exact: ['dropRate'] },
  'mgc-lee-longton-high-cv': { words: `M/G/c with cs² > ${HV}, Lee–Longton (1959)`, x: 'rho', exact: ['dropRate'] },
  'gim-c': {
    words: 'GI/M/c: exponential service, the arrivals as a phase-type renewal flow of their scv (exact for balanced-H2 and Erlang renewal arrivals)',
    x: 'rho',
    exact: ['dropRate'],
  },
  'gim-c-k': {
    words: 'GI/M/c/K: exponential service, a finite queue, the arrivals as a phase-type renewal flow of their scv (exact for balanced-H2 and Erlang renewal arrivals)',
    x: 'rho',
  },
  'ggc-allen-cunneen-low-cv': { words: `G/G/c with cs² < ${LV}, Allen–Cunneen`, x: 'rho', exact: ['dropRate'] },
  'ggc-allen-cunneen': { words: `G/G/c with ${LV} ≤ cs² ≤ ${HV}, Allen–Cunneen`, x: 'rho', exact: ['dropRate'] },
  'ggc-allen-cunneen-high-cv': { words: `G/G/c with cs² > ${HV}, Allen–Cunneen`, x: 'rho', exact: ['dropRate'] },
  'ggc-near-poisson-low-cv': { words: `G/G/c with arrival scv within 0.2 of 1 and cs² < ${LV}, Allen–Cunneen`, x: 'rho', exact: ['dropRate'] },
  'ggc-near-poisson': { words: `G/G/c with arrival scv within 0.2 of 1 and ${LV} ≤ cs² ≤ ${HV}, Allen–Cunneen`, x: 'rho', exact: ['dropRate'] },
  'ggc-near-poisson-high-cv': { words: `G/G/c with arrival scv within 0.2 of 1 and cs² > ${HV}, Allen–Cunneen`, x: 'rho', exact: ['dropRate'] },
  'finite-ggc-near-poisson-low-cv': { words: `G/G/c/K with near-Poisson arrivals and cs² < ${LV}: M/M/c/K blocking, Allen–Cunneen-scaled waits`, x: 'rho' },
  'finite-ggc-near-poisson': { words: `G/G/c/K with near-Poisson arrivals and ${LV} ≤ cs² ≤ ${HV}: M/M/c/K blocking, Allen–Cunneen-scaled waits`, x: 'rho' },
  'finite-ggc-near-poisson-high-cv': { words: `G/G/c/K with near-Poisson arrivals and cs² > ${HV}: M/M/c/K blocking, Allen–Cunneen-scaled waits`, x: 'rho' },
  'mg1k-embedded': { words: 'M/G/1/K exact by the embedded Markov chain (Gross & Harris)', x: 'rho', exact: ['mean', 'dropRate'] },
  'finite-mg1': { words: 'M/G/1/K: M/M/1/K blocking, P-K scaled waits', x: 'rho' },
  'finite-mdc-cosmetatos': { words: 'M/D/c/K: M/M/c/K blocking, Cosmetatos-scaled waits', x: 'rho' },
  'finite-mgc-kimura': { words: 'M/G/c/K: M/M/c/K blocking, Kimura-scaled waits', x: 'rho' },
  'finite-mgc-lee-longton': { words: `M/G/c/K with 1 < cs² ≤ ${HV}: M/M/c/K blocking, Lee–Longton-scaled waits`, x: 'rho' },
  'finite-mgc-lee-longton-high-cv': { words: `M/G/c/K with cs² > ${HV}: M/M/c/K blocking, Lee–Longton-scaled waits`, x: 'rho' },
  'finite-ggc-allen-cunneen-low-cv': { words: `G/G/c/K with cs² < ${LV}: M/M/c/K blocking, Allen–Cunneen-scaled waits`, x: 'rho' },
  'finite-ggc-allen-cunneen': { words: `G/G/c/K with ${LV} ≤ cs² ≤ ${HV}: M/M/c/K blocking, Allen–Cunneen-scaled waits`, x: 'rho' },
  'finite-ggc-allen-cunneen-high-cv': { words: `G/G/c/K with cs² > ${HV}: M/M/c/K blocking, Allen–Cunneen-scaled waits`, x: 'rho' },
  'reentry-exponential': { words: 're-entered exponential stage (Jackson; visits independent in the transform)', x: 'rho', exact: ['mean', 'dropRate'] },
  'reentry-general': { words: 're-entered non-exponential stage (QNA feedback)', x: 'rho', exact: ['dropRate'] },
  'shared-pool-mix': { words: 'pool shared by several runs of stages (mixed service)', x: 'rho', exact: ['dropRate'] },
  'cores-birth-death': { words: 'threads on cores as one birth–death chain, M/M/min(n, k) (exact means)', x: 'rho', exact: ['mean', 'dropRate'] },
  'cores-ps-slowdown': { words: 'cores: processor-sharing slowdown factor on CPU-bound service', x: 'rho' },
  'lognormal-transform': { words: 'lognormal service in the percentile transform by Gauss–Hermite quadrature (uniform: exact transform)', x: 'scv', exact: ['mean', 'dropRate'] },
  'closed-one-station': {
    words: 'closed network with one exponential queueing station visited once (and pure delays): exact MVA, the arrival theorem’s finite-source wait',
    x: 'none',
    exact: ['mean', 'p99', 'dropRate'],
  },
  'closed-mva': { words: 'closed network by exact MVA (means), independent per-visit waits (percentiles)', x: 'none', exact: ['mean', 'dropRate'] },
  'closed-mva-general': { words: 'closed network by MVA with non-exponential service entering through its mean', x: 'none', exact: ['dropRate'] },
  'network-reentry': { words: 'a pool entered again later in a non-product-form network (visits correlated, merged flow not renewal)', x: 'rho' },
  'network-flows': { words: 'a pool fed by non-Poisson departures of another queue (QNA scv; departures correlated)', x: 'rho' },
  'network-flows-mm1-tandem': {
    words: 'a tandem of single-thread exponential stations behind renewal arrivals: GI/M/1 stations bottleneck first, flows by QNA, sojourns composed as independent',
    x: 'rho',
  },
  'closed-schweitzer': { words: 'closed network by Bard–Schweitzer approximate MVA', x: 'none', exact: ['dropRate'] },
  'closed-cores': { words: 'closed network on shared cores: MVA within a throughput fixed point for the CPU', x: 'none', exact: ['dropRate'] },
};

export interface BandRow {
  readonly method: string;
  /** The row covers x ≤ upTo (rows of one method in increasing upTo; the first that covers x applies). */
  readonly upTo: number;
  readonly mean: number | null;
  readonly p99: number | null;
  readonly dropRate: number | null;
  /** Random models behind the row (0: exact by construction). */
  readonly models: number;
}

// BEGIN GENERATED BANDS (bench/accuracy-bands.ts)
export const ACCURACY_BANDS: readonly BandRow[] = [
  { method: 'delay', upTo: Infinity, mean: 0, p99: 0, dropRate: 0, models: 0 },
  { method: 'mmc', upTo: Infinity, mean: 0, p99: 0, dropRate: 0, models: 0 },
  { method: 'mmck', upTo: Infinity, mean: 0, p99: 0, dropRate: 0, models: 0 },
  { method: 'mg1', upTo: 0.3, mean: 0, p99: 0, dropRate: 0, models: 108 },
  { method: 'mg1', upTo: 0.5, mean: 0, p99: 0, dropRate: 0, models: 108 },
  { method: 'mg1', upTo: 0.7, mean: 0, p99: 0, dropRate: 0, models: 108 },
  { method: 'mg1', upTo: 0.9, mean: 0, p99: 0, dropRate: 0, models: 108 },
  { method: 'mg1', upTo: 0.95, mean: 0, p99: 0, dropRate: 0, models: 108 },
  { method: 'closed-one-station', upTo: Infinity, mean: 0, p99: 0, dropRate: 0, models: 40 },
  { method: 'closed-mva', upTo: Infinity, mean: 0, p99: 0.16, dropRate: 0, models: 180 },
  { method: 'closed-mva-general', upTo: Infinity, mean: 0.33, p99: 0.69, dropRate: 0, models: 112 },
  { method: 'closed-cores', upTo: Infinity, mean: 0.57, p99: 0.9, dropRate: 0, models: 12 },
  { method: 'finite-mg1', upTo: 0.3, mean: 0.018, p99: 0.22, dropRate: 2.2, models: 128 },
  { method: 'finite-mg1', upTo: 0.5, mean: 0.2, p99: 0.38, dropRate: 4.9, models: 128 },
  { method: 'finite-mg1', upTo: 0.7, mean: 0.24, p99: 0.16, dropRate: 11, models: 128 },
  { method: 'finite-mg1', upTo: 0.9, mean: 0.27, p99: 0.46, dropRate: 10, models: 128 },
  { method: 'finite-mg1', upTo: 1.2, mean: 0.68, p99: 0.28, dropRate: 1.4, models: 128 },
  { method: 'finite-mg1', upTo: 3, mean: 0.95, p99: 0.36, dropRate: 0.2, models: 128 },
  { method: 'finite-mdc-cosmetatos', upTo: 0.3, mean: 0.0016, p99: 0.1, dropRate: 0.47, models: 140 },
  { method: 'finite-mdc-cosmetatos', upTo: 0.5, mean: 0.0059, p99: 0.14, dropRate: 0.84, models: 140 },
  { method: 'finite-mdc-cosmetatos', upTo: 0.7, mean: 0.037, p99: 0.11, dropRate: 4.2, models: 141 },
  { method: 'finite-mdc-cosmetatos', upTo: 0.9, mean: 0.15, p99: 0.26, dropRate: 8.6, models: 140 },
  { method: 'finite-mdc-cosmetatos', upTo: 1.2, mean: 0.5, p99: 0.28, dropRate: 6.8, models: 140 },
  { method: 'finite-mdc-cosmetatos', upTo: 3, mean: 0.47, p99: 0.26, dropRate: 0.17, models: 140 },
  { method: 'finite-mgc-kimura', upTo: 0.3, mean: 0.003, p99: 0.019, dropRate: 0.21, models: 110 },
  { method: 'finite-mgc-kimura', upTo: 0.5, mean: 0.0034, p99: 0.046, dropRate: 1.5, models: 110 },
  { method: 'finite-mgc-kimura', upTo: 0.7, mean: 0.043, p99: 0.052, dropRate: 3, models: 110 },
  { method: 'finite-mgc-kimura', upTo: 0.9, mean: 0.16, p99: 0.14, dropRate: 3.5, models: 110 },
  { method: 'finite-mgc-kimura', upTo: 1.2, mean: 0.33, p99: 0.2, dropRate: 1.3, models: 110 },
  { method: 'finite-mgc-kimura', upTo: 3, mean: 0.36, p99: 0.21, dropRate: 0.051, models: 110 },
  { method: 'reentry-exponential', upTo: 0.3, mean: 0, p99: 0.029, dropRate: 0, models: 110 },
  { method: 'reentry-exponential', upTo: 0.5, mean: 0, p99: 0.038, dropRate: 0, models: 110 },
  { method: 'reentry-exponential', upTo: 0.7, mean: 0, p99: 0.059, dropRate: 0, models: 110 },
  { method: 'reentry-exponential', upTo: 0.9, mean: 0, p99: 0.06, dropRate: 0, models: 110 },
  { method: 'reentry-general', upTo: 0.3, mean: 0.013, p99: 0.059, dropRate: 0, models: 110 },
  { method: 'reentry-general', upTo: 0.5, mean: 0.024, p99: 0.052, dropRate: 0, models: 110 },
  { method: 'reentry-general', upTo: 0.7, mean: 0.033, p99: 0.058, dropRate: 0, models: 110 },
  { method: 'reentry-general', upTo: 0.9, mean: 0.051, p99: 0.082, dropRate: 0, models: 110 },
  { method: 'shared-pool-mix', upTo: 0.3, mean: 0.063, p99: 0.15, dropRate: 0, models: 110 },
  { method: 'shared-pool-mix', upTo: 0.5, mean: 0.19, p99: 0.2, dropRate: 0, models: 110 },
  { method: 'shared-pool-mix', upTo: 0.7, mean: 0.2, p99: 0.25, dropRate: 0, models: 110 },
  { method: 'shared-pool-mix', upTo: 0.9, mean: 0.39, p99: 0.31, dropRate: 0, models: 110 },
  { method: 'lognormal-transform', upTo: 1, mean: 0, p99: 0.023, dropRate: 0, models: 110 },
  { method: 'lognormal-transform', upTo: 2, mean: 0, p99: 0.021, dropRate: 0, models: 110 },
  { method: 'lognormal-transform', upTo: 4, mean: 0, p99: 0.049, dropRate: 0, models: 110 },
  { method: 'mg1k-embedded', upTo: 0.3, mean: 0, p99: 0.11, dropRate: 0, models: 110 },
  { method: 'mg1k-embedded', upTo: 0.5, mean: 0, p99: 0.16, dropRate: 0, models: 110 },
  { method: 'mg1k-embedded', upTo: 0.7, mean: 0, p99: 0.22, dropRate: 0, models: 110 },
  { method: 'mg1k-embedded', upTo: 0.9, mean: 0, p99: 0.25, dropRate: 0, models: 110 },
  { method: 'mg1k-embedded', upTo: 1.2, mean: 0, p99: 0.4, dropRate: 0, models: 110 },
  { method: 'mg1k-embedded', upTo: 3, mean: 0, p99: 0.46, dropRate: 0, models: 110 },
  { method: 'cores-birth-death', upTo: 0.3, mean: 0, p99: 0.16, dropRate: 0, models: 110 },
  { method: 'cores-birth-death', upTo: 0.5, mean: 0, p99: 0.23, dropRate: 0, models: 110 },
  { method: 'cores-birth-death', upTo: 0.7, mean: 0, p99: 0.29, dropRate: 0, models: 110 },
  { method: 'cores-birth-death', upTo: 0.9, mean: 0, p99: 0.33, dropRate: 0, models: 110 },
  { method: 'cores-ps-slowdown', upTo: 0.3, mean: 0.065, p99: 0.22, dropRate: null, models: 30 },
  { method: 'cores-ps-slowdown', upTo: 0.5, mean: 0.23, p99: 0.26, dropRate: null, models: 30 },
  { method: 'cores-ps-slowdown', upTo: 0.7, mean: 4.5, p99: 4.8, dropRate: null, models: 30 },
  { method: 'cores-ps-slowdown', upTo: 0.9, mean: 1.1, p99: 0.61, dropRate: null, models: 30 },
  { method: 'mgc-lee-longton', upTo: 0.3, mean: 0.0085, p99: 0.0085, dropRate: 0, models: 120 },
  { method: 'mgc-lee-longton', upTo: 0.5, mean: 0.018, p99: 0.039, dropRate: 0, models: 120 },
  { method: 'mgc-lee-longton', upTo: 0.7, mean: 0.03, p99: 0.065, dropRate: 0, models: 120 },
  { method: 'mgc-lee-longton', upTo: 0.9, mean: 0.037, p99: 0.083, dropRate: 0, models: 120 },
  { method: 'mgc-lee-longton', upTo: 0.95, mean: 0.073, p99: 0.13, dropRate: 0, models: 120 },
  { method: 'mgc-lee-longton-high-cv', upTo: 0.3, mean: 0.042, p99: 0.024, dropRate: 0, models: 120 },
  { method: 'mgc-lee-longton-high-cv', upTo: 0.5, mean: 0.11, p99: 0.085, dropRate: 0, models: 120 },
  { method: 'mgc-lee-longton-high-cv', upTo: 0.7, mean: 0.1, p99: 0.21, dropRate: 0, models: 120 },
  { method: 'mgc-lee-longton-high-cv', upTo: 0.9, mean: 0.12, p99: 0.24, dropRate: 0, models: 120 },
  { method: 'mgc-lee-longton-high-cv', upTo: 0.95, mean: 0.12, p99: 0.19, dropRate: 0, models: 120 },
  { method: 'gim-c-k', upTo: 0.3, mean: 0.016, p99: 0.016, dropRate: 0.002, models: 40 },
  { method: 'gim-c-k', upTo: 0.5, mean: 0.011, p99: 0.013, dropRate: 0.11, models: 40 },
  { method: 'gim-c-k', upTo: 0.7, mean: 0.01, p99: 0.016, dropRate: 0.067, models: 40 },
  { method: 'gim-c-k', upTo: 0.9, mean: 0.0048, p99: 0.0095, dropRate: 0.029, models: 40 },
  { method: 'gim-c-k', upTo: 1.2, mean: 0.0041, p99: 0.014, dropRate: 0.013, models: 40 },
  { method: 'gim-c-k', upTo: 3, mean: 0.0016, p99: 0.014, dropRate: 0.0029, models: 40 },
  { method: 'gim-c', upTo: 0.3, mean: 0.014, p99: 0.01, dropRate: 0, models: 125 },
  { method: 'gim-c', upTo: 0.5, mean: 0.0077, p99: 0.0088, dropRate: 0, models: 125 },
  { method: 'gim-c', upTo: 0.7, mean: 0.0097, p99: 0.027, dropRate: 0, models: 125 },
  { method: 'gim-c', upTo: 0.9, mean: 0.012, p99: 0.022, dropRate: 0, models: 25 },
  { method: 'gim-c', upTo: 0.95, mean: 0.014, p99: 0.031, dropRate: 0, models: 25 },
  { method: 'ggc-allen-cunneen', upTo: 0.3, mean: 0.14, p99: 0.61, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen', upTo: 0.5, mean: 0.14, p99: 0.47, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen', upTo: 0.7, mean: 0.12, p99: 0.35, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen', upTo: 0.9, mean: 0.11, p99: 0.17, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen', upTo: 0.95, mean: 0.1, p99: 0.24, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen-high-cv', upTo: 0.3, mean: 0.085, p99: 0.35, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen-high-cv', upTo: 0.5, mean: 0.17, p99: 0.23, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen-high-cv', upTo: 0.7, mean: 0.16, p99: 0.32, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen-high-cv', upTo: 0.9, mean: 0.19, p99: 0.19, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen-high-cv', upTo: 0.95, mean: 0.18, p99: 0.39, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen-low-cv', upTo: 0.3, mean: 0.25, p99: 0.98, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen-low-cv', upTo: 0.5, mean: 0.33, p99: 0.92, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen-low-cv', upTo: 0.7, mean: 0.16, p99: 0.77, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen-low-cv', upTo: 0.9, mean: 0.16, p99: 0.41, dropRate: 0, models: 120 },
  { method: 'ggc-allen-cunneen-low-cv', upTo: 0.95, mean: 0.093, p99: 0.21, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson', upTo: 0.3, mean: 0.032, p99: 0.015, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson', upTo: 0.5, mean: 0.032, p99: 0.032, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson', upTo: 0.7, mean: 0.035, p99: 0.042, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson', upTo: 0.9, mean: 0.04, p99: 0.1, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson', upTo: 0.95, mean: 0.11, p99: 0.2, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson-high-cv', upTo: 0.3, mean: 0.05, p99: 0.035, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson-high-cv', upTo: 0.5, mean: 0.12, p99: 0.086, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson-high-cv', upTo: 0.7, mean: 0.13, p99: 0.17, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson-high-cv', upTo: 0.9, mean: 0.12, p99: 0.18, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson-high-cv', upTo: 0.95, mean: 0.12, p99: 0.32, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson-low-cv', upTo: 0.3, mean: 0.015, p99: 0.12, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson-low-cv', upTo: 0.5, mean: 0.03, p99: 0.1, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson-low-cv', upTo: 0.7, mean: 0.027, p99: 0.097, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson-low-cv', upTo: 0.9, mean: 0.033, p99: 0.079, dropRate: 0, models: 120 },
  { method: 'ggc-near-poisson-low-cv', upTo: 0.95, mean: 0.046, p99: 0.14, dropRate: 0, models: 120 },
  { method: 'finite-mgc-lee-longton', upTo: 0.3, mean: 0.0075, p99: 0.0076, dropRate: 0.13, models: 120 },
  { method: 'finite-mgc-lee-longton', upTo: 0.5, mean: 0.026, p99: 0.038, dropRate: 0.51, models: 120 },
  { method: 'finite-mgc-lee-longton', upTo: 0.7, mean: 0.062, p99: 0.053, dropRate: 0.53, models: 120 },
  { method: 'finite-mgc-lee-longton', upTo: 0.9, mean: 0.094, p99: 0.058, dropRate: 0.72, models: 120 },
  { method: 'finite-mgc-lee-longton', upTo: 1.2, mean: 0.23, p99: 0.11, dropRate: 0.25, models: 120 },
  { method: 'finite-mgc-lee-longton', upTo: 3, mean: 0.19, p99: 0.085, dropRate: 0.035, models: 120 },
  { method: 'finite-mgc-lee-longton-high-cv', upTo: 0.3, mean: 0.055, p99: 0.023, dropRate: 0.73, models: 120 },
  { method: 'finite-mgc-lee-longton-high-cv', upTo: 0.5, mean: 0.15, p99: 0.054, dropRate: 1, models: 120 },
  { method: 'finite-mgc-lee-longton-high-cv', upTo: 0.7, mean: 0.51, p99: 0.3, dropRate: 1, models: 120 },
  { method: 'finite-mgc-lee-longton-high-cv', upTo: 0.9, mean: 0.91, p99: 0.46, dropRate: 0.96, models: 120 },
  { method: 'finite-mgc-lee-longton-high-cv', upTo: 1.2, mean: 2, p99: 0.78, dropRate: 0.63, models: 120 },
  { method: 'finite-mgc-lee-longton-high-cv', upTo: 3, mean: 1.8, p99: 0.62, dropRate: 0.15, models: 120 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.3, mean: 0.13, p99: 0.86, dropRate: 0.73, models: 120 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.5, mean: 0.29, p99: 0.95, dropRate: 4.9, models: 120 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.7, mean: 0.46, p99: 0.9, dropRate: 7.2, models: 120 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.9, mean: 0.59, p99: 1.3, dropRate: 12, models: 120 },
  { method: 'finite-ggc-allen-cunneen', upTo: 1.2, mean: 1.3, p99: 1.4, dropRate: 7.2, models: 120 },
  { method: 'finite-ggc-allen-cunneen', upTo: 3, mean: 1.6, p99: 1.6, dropRate: 0.17, models: 120 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 0.3, mean: 0.15, p99: 0.26, dropRate: 2, models: 120 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 0.5, mean: 0.32, p99: 0.27, dropRate: 3, models: 120 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 0.7, mean: 0.95, p99: 0.66, dropRate: 4, models: 120 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 0.9, mean: 1.4, p99: 0.98, dropRate: 0.97, models: 120 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 1.2, mean: 2.7, p99: 1.5, dropRate: 0.73, models: 120 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 3, mean: 4, p99: 1.9, dropRate: 0.19, models: 120 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 0.3, mean: 0.091, p99: 1.7, dropRate: 0.82, models: 120 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 0.5, mean: 0.33, p99: 2, dropRate: 12, models: 120 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 0.7, mean: 0.21, p99: 1.3, dropRate: 21, models: 120 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 0.9, mean: 0.47, p99: 1.4, dropRate: 38, models: 120 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 1.2, mean: 1, p99: 2.3, dropRate: 11, models: 120 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 3, mean: 1.3, p99: 2.5, dropRate: 0.2, models: 120 },
  { method: 'finite-ggc-near-poisson', upTo: 0.3, mean: 0.028, p99: 0.049, dropRate: 0.11, models: 120 },
  { method: 'finite-ggc-near-poisson', upTo: 0.5, mean: 0.033, p99: 0.065, dropRate: 0.63, models: 120 },
  { method: 'finite-ggc-near-poisson', upTo: 0.7, mean: 0.048, p99: 0.1, dropRate: 3.4, models: 120 },
  { method: 'finite-ggc-near-poisson', upTo: 0.9, mean: 0.13, p99: 0.18, dropRate: 2.4, models: 120 },
  { method: 'finite-ggc-near-poisson', upTo: 1.2, mean: 0.3, p99: 0.2, dropRate: 1.2, models: 120 },
  { method: 'finite-ggc-near-poisson', upTo: 3, mean: 0.34, p99: 0.24, dropRate: 0.039, models: 120 },
  { method: 'finite-ggc-near-poisson-high-cv', upTo: 0.3, mean: 0.068, p99: 0.14, dropRate: 0.99, models: 120 },
  { method: 'finite-ggc-near-poisson-high-cv', upTo: 0.5, mean: 0.32, p99: 0.23, dropRate: 1, models: 120 },
  { method: 'finite-ggc-near-poisson-high-cv', upTo: 0.7, mean: 0.56, p99: 0.29, dropRate: 1, models: 120 },
  { method: 'finite-ggc-near-poisson-high-cv', upTo: 0.9, mean: 1.1, p99: 0.44, dropRate: 0.98, models: 120 },
  { method: 'finite-ggc-near-poisson-high-cv', upTo: 1.2, mean: 1.6, p99: 0.64, dropRate: 0.75, models: 120 },
  { method: 'finite-ggc-near-poisson-high-cv', upTo: 3, mean: 1.6, p99: 0.65, dropRate: 0.13, models: 120 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 0.3, mean: 0.029, p99: 0.24, dropRate: 2.3, models: 120 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 0.5, mean: 0.031, p99: 0.18, dropRate: 2.1, models: 120 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 0.7, mean: 0.057, p99: 0.15, dropRate: 5.5, models: 120 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 0.9, mean: 0.19, p99: 0.32, dropRate: 9, models: 120 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 1.2, mean: 0.53, p99: 0.37, dropRate: 3.6, models: 120 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 3, mean: 0.6, p99: 0.37, dropRate: 0.097, models: 120 },
  { method: 'mdc-cosmetatos', upTo: 0.3, mean: 0.0013, p99: 0.11, dropRate: 0, models: 130 },
  { method: 'mdc-cosmetatos', upTo: 0.5, mean: 0.001, p99: 0.12, dropRate: 0, models: 130 },
  { method: 'mdc-cosmetatos', upTo: 0.7, mean: 0.0014, p99: 0.1, dropRate: 0, models: 130 },
  { method: 'mdc-cosmetatos', upTo: 0.9, mean: 0.012, p99: 0.077, dropRate: 0, models: 130 },
  { method: 'mdc-cosmetatos', upTo: 0.95, mean: 0.043, p99: 0.13, dropRate: 0, models: 130 },
  { method: 'mgc-kimura', upTo: 0.3, mean: 0.003, p99: 0.012, dropRate: 0, models: 130 },
  { method: 'mgc-kimura', upTo: 0.5, mean: 0.0036, p99: 0.052, dropRate: 0, models: 130 },
  { method: 'mgc-kimura', upTo: 0.7, mean: 0.0051, p99: 0.044, dropRate: 0, models: 130 },
  { method: 'mgc-kimura', upTo: 0.9, mean: 0.014, p99: 0.065, dropRate: 0, models: 130 },
  { method: 'mgc-kimura', upTo: 0.95, mean: 0.069, p99: 0.21, dropRate: 0, models: 130 },
];
// END GENERATED BANDS

// BEGIN HARNESS BANDS (bench/network-bands.ts)
/**
 * Bands measured on whole random models (the accuracy harness) rather than on one station: the network-
 * interaction parts, and methods whose station-level rows missed what they do inside a network. Where a method
 * has rows in both tables, the larger band applies.
 */
export const HARNESS_BANDS: readonly BandRow[] = [
  { method: 'network-reentry', upTo: 0.3, mean: 0.35, p99: 0.92, dropRate: 0.24, models: 7 },
  { method: 'network-reentry', upTo: 0.5, mean: 0.97, p99: 0.92, dropRate: 0.24, models: 9 },
  { method: 'network-reentry', upTo: 0.7, mean: 0.97, p99: 0.92, dropRate: 0.24, models: 7 },
  { method: 'network-reentry', upTo: 0.9, mean: 0.97, p99: 0.92, dropRate: 0.65, models: 7 },
  { method: 'network-reentry', upTo: 0.95, mean: 0.97, p99: 0.92, dropRate: 0.65, models: 1 },
  { method: 'network-reentry', upTo: 1.2, mean: 0.97, p99: 0.92, dropRate: 0.65, models: 0 },
  { method: 'network-flows', upTo: 0.3, mean: 0.42, p99: 5.5, dropRate: 1.4, models: 17 },
  { method: 'network-flows', upTo: 0.5, mean: 0.42, p99: 5.5, dropRate: 1.4, models: 6 },
  { method: 'network-flows', upTo: 0.7, mean: 0.42, p99: 5.5, dropRate: 1.4, models: 5 },
  { method: 'network-flows', upTo: 0.9, mean: 0.42, p99: 5.5, dropRate: 1.4, models: 11 },
  { method: 'network-flows', upTo: 0.95, mean: 0.42, p99: 5.5, dropRate: 1.4, models: 0 },
  { method: 'network-flows', upTo: 1.2, mean: 0.42, p99: 5.5, dropRate: 1.4, models: 0 },
  { method: 'cores-ps-slowdown', upTo: 0.3, mean: 0.21, p99: 0.11, dropRate: 0.25, models: 8 },
  { method: 'cores-ps-slowdown', upTo: 0.5, mean: 0.21, p99: 0.11, dropRate: 0.25, models: 3 },
  { method: 'cores-ps-slowdown', upTo: 0.7, mean: 1, p99: 0.8, dropRate: 1.4, models: 6 },
  { method: 'cores-ps-slowdown', upTo: 0.9, mean: 1, p99: 0.8, dropRate: 1.4, models: 1 },
  { method: 'cores-ps-slowdown', upTo: 0.95, mean: 1, p99: 0.8, dropRate: 1.4, models: 1 },
  { method: 'cores-ps-slowdown', upTo: 1.2, mean: 1, p99: 0.8, dropRate: 1.4, models: 1 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 0.3, mean: 0.029, p99: 0.24, dropRate: 2.3, models: 112 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 0.5, mean: 0.031, p99: 0.18, dropRate: 1.8, models: 103 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 0.7, mean: 0.057, p99: 0.15, dropRate: 5.5, models: 103 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 0.9, mean: 0.19, p99: 0.32, dropRate: 9, models: 101 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 0.95, mean: 0, p99: 0, dropRate: 1.4, models: 0 },
  { method: 'finite-ggc-near-poisson-low-cv', upTo: 1.2, mean: 0.53, p99: 0.37, dropRate: 3.2, models: 100 },
  { method: 'finite-ggc-near-poisson', upTo: 0.3, mean: 0.028, p99: 0.049, dropRate: 0.54, models: 114 },
  { method: 'finite-ggc-near-poisson', upTo: 0.5, mean: 0.033, p99: 0.065, dropRate: 0.63, models: 101 },
  { method: 'finite-ggc-near-poisson', upTo: 0.7, mean: 0.048, p99: 0.1, dropRate: 3.4, models: 100 },
  { method: 'finite-ggc-near-poisson', upTo: 0.9, mean: 0.13, p99: 0.18, dropRate: 2.4, models: 102 },
  { method: 'finite-ggc-near-poisson', upTo: 0.95, mean: 0, p99: 0, dropRate: 0.54, models: 0 },
  { method: 'finite-ggc-near-poisson', upTo: 1.2, mean: 0.3, p99: 0.2, dropRate: 1.2, models: 100 },
  { method: 'finite-ggc-near-poisson-high-cv', upTo: 0.9, mean: 1.1, p99: 0.44, dropRate: 0.98, models: 102 },
  { method: 'finite-ggc-near-poisson-high-cv', upTo: 0.95, mean: 0, p99: 0, dropRate: 0.65, models: 0 },
  { method: 'finite-ggc-near-poisson-high-cv', upTo: 1.2, mean: 1.6, p99: 0.64, dropRate: 0.75, models: 100 },
  { method: 'finite-mg1', upTo: 0.7, mean: 0.24, p99: 0.16, dropRate: 10, models: 101 },
  { method: 'finite-mg1', upTo: 0.9, mean: 0.27, p99: 0.23, dropRate: 7.2, models: 100 },
  { method: 'finite-mg1', upTo: 0.95, mean: 0, p99: 0, dropRate: 0.26, models: 0 },
  { method: 'finite-mg1', upTo: 1.2, mean: 0.52, p99: 0.28, dropRate: 1.4, models: 100 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 0.3, mean: 0.091, p99: 1.7, dropRate: 0.99, models: 111 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 0.5, mean: 0.33, p99: 2, dropRate: 12, models: 100 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 0.7, mean: 0.21, p99: 1.3, dropRate: 20, models: 100 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 0.9, mean: 0.47, p99: 1.4, dropRate: 38, models: 100 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 0.95, mean: 0, p99: 0, dropRate: 0.99, models: 0 },
  { method: 'finite-ggc-allen-cunneen-low-cv', upTo: 1.2, mean: 1, p99: 2.3, dropRate: 11, models: 100 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.3, mean: 0.13, p99: 0.86, dropRate: 0.99, models: 107 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.5, mean: 0.29, p99: 0.95, dropRate: 4.9, models: 102 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.7, mean: 0.46, p99: 0.9, dropRate: 7.2, models: 101 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.9, mean: 0.58, p99: 1.3, dropRate: 12, models: 100 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.95, mean: 0, p99: 0, dropRate: 0.99, models: 0 },
  { method: 'finite-ggc-allen-cunneen', upTo: 1.2, mean: 1.3, p99: 1.4, dropRate: 7.2, models: 100 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 0.3, mean: 0.15, p99: 0.26, dropRate: 2, models: 103 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 0.5, mean: 0.32, p99: 0.27, dropRate: 3, models: 100 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 0.7, mean: 0.95, p99: 0.66, dropRate: 4, models: 100 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 0.9, mean: 1.4, p99: 0.98, dropRate: 0.97, models: 100 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 0.95, mean: 0, p99: 0, dropRate: 0.025, models: 0 },
  { method: 'finite-ggc-allen-cunneen-high-cv', upTo: 1.2, mean: 2.7, p99: 1.5, dropRate: 0.73, models: 100 },
];
// END HARNESS BANDS

// BEGIN TANDEM BANDS (bench/tandem-bands.ts)
/** network-flows-mm1-tandem, measured on random ·/M/1 tandems behind renewal arrivals against long simulations. */
export const TANDEM_BANDS: readonly BandRow[] = [
  { method: 'network-flows-mm1-tandem', upTo: 0.3, mean: 0.13, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'network-flows-mm1-tandem', upTo: 0.5, mean: 0.31, p99: 0.045, dropRate: 0, models: 25 },
  { method: 'network-flows-mm1-tandem', upTo: 0.7, mean: 0.31, p99: 0.045, dropRate: 0, models: 22 },
  { method: 'network-flows-mm1-tandem', upTo: 0.9, mean: 0.31, p99: 0.12, dropRate: 0, models: 20 },
  { method: 'network-flows-mm1-tandem', upTo: 0.95, mean: 0.31, p99: 0.12, dropRate: 0, models: 2 },
  { method: 'network-flows-mm1-tandem', upTo: 1.2, mean: 0.31, p99: 0.12, dropRate: 0, models: 0 },
];
// END TANDEM BANDS
