/**
 * The error bands of the analytic methods: one table, measured, never guessed. A row says how far (worst
 * relative error |analytic / simulated − 1| over the random models measured) a method's mean, p99 and drop
 * rate were from long simulations when the method's load figure x (ρ for a queue; see `METHODS[...].x`) was at
 * most `upTo`. 0 means exact (a closed form, or exact numerics); null means "not measured", which analyze
 * treats as beyond its target.
 *
 * Regenerate: `npx tsx bench/accuracy-bands.ts --write` (random seeded models per method and load bucket,
 * each against a simulation of 5 × 200,000 requests; the worst error seen minus nothing: the simulation's own
 * noise is inside the band, so bands are a little pessimistic). The harness of `npm run accuracy` reports
 * errors by feature in the same terms and can replace rows.
 */

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
  mg1: { words: 'M/G/1 Pollaczek–Khinchine (exact wait transform)', x: 'rho', exact: ['mean', 'p99', 'dropRate'] },
  'mdc-cosmetatos': { words: 'M/D/c, Cosmetatos (1975)', x: 'rho', exact: ['dropRate'] },
  'mgc-kimura': { words: 'M/G/c with cs² < 1, Kimura (1994) interpolation', x: 'rho', exact: ['dropRate'] },
  'mgc-lee-longton': { words: 'M/G/c with cs² > 1, Lee–Longton (1959)', x: 'rho', exact: ['dropRate'] },
  'ggc-allen-cunneen': { words: 'G/G/c, Allen–Cunneen', x: 'rho', exact: ['dropRate'] },
  'ggc-near-poisson': { words: 'G/G/c with arrival scv within 0.2 of 1, Allen–Cunneen', x: 'rho', exact: ['dropRate'] },
  'finite-ggc-near-poisson': { words: 'G/G/c/K with near-Poisson arrivals: M/M/c/K blocking, Allen–Cunneen-scaled waits', x: 'rho' },
  'mg1k-embedded': { words: 'M/G/1/K exact by the embedded Markov chain (Gross & Harris)', x: 'rho', exact: ['mean', 'dropRate'] },
  'finite-mg1': { words: 'M/G/1/K: M/M/1/K blocking, P-K scaled waits', x: 'rho' },
  'finite-mdc-cosmetatos': { words: 'M/D/c/K: M/M/c/K blocking, Cosmetatos-scaled waits', x: 'rho' },
  'finite-mgc-kimura': { words: 'M/G/c/K: M/M/c/K blocking, Kimura-scaled waits', x: 'rho' },
  'finite-mgc-lee-longton': { words: 'M/G/c/K: M/M/c/K blocking, Lee–Longton-scaled waits', x: 'rho' },
  'finite-ggc-allen-cunneen': { words: 'G/G/c/K: M/M/c/K blocking, Allen–Cunneen-scaled waits', x: 'rho' },
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
  { method: 'mg1', upTo: 0.3, mean: 0, p99: 0, dropRate: 0, models: 8 },
  { method: 'mg1', upTo: 0.5, mean: 0, p99: 0, dropRate: 0, models: 8 },
  { method: 'mg1', upTo: 0.7, mean: 0, p99: 0, dropRate: 0, models: 8 },
  { method: 'mg1', upTo: 0.9, mean: 0, p99: 0, dropRate: 0, models: 8 },
  { method: 'mg1', upTo: 0.95, mean: 0, p99: 0, dropRate: 0, models: 8 },
  { method: 'mdc-cosmetatos', upTo: 0.3, mean: 0.001, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'mdc-cosmetatos', upTo: 0.5, mean: 0.001, p99: 0.01, dropRate: 0, models: 8 },
  { method: 'mdc-cosmetatos', upTo: 0.7, mean: 0.001, p99: 0.034, dropRate: 0, models: 8 },
  { method: 'mdc-cosmetatos', upTo: 0.9, mean: 0.001, p99: 0.052, dropRate: 0, models: 8 },
  { method: 'mdc-cosmetatos', upTo: 0.95, mean: 0.001, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'mgc-kimura', upTo: 0.3, mean: 0.001, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'mgc-kimura', upTo: 0.5, mean: 0.001, p99: 0.033, dropRate: 0, models: 8 },
  { method: 'mgc-kimura', upTo: 0.7, mean: 0.001, p99: 0.0095, dropRate: 0, models: 8 },
  { method: 'mgc-kimura', upTo: 0.9, mean: 0.001, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'mgc-kimura', upTo: 0.95, mean: 0.01, p99: 0.0071, dropRate: 0, models: 8 },
  { method: 'mgc-lee-longton', upTo: 0.3, mean: 0.001, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'mgc-lee-longton', upTo: 0.5, mean: 0.034, p99: 0.0057, dropRate: 0, models: 8 },
  { method: 'mgc-lee-longton', upTo: 0.7, mean: 0.0098, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'mgc-lee-longton', upTo: 0.9, mean: 0.0019, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'mgc-lee-longton', upTo: 0.95, mean: 0.001, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'ggc-allen-cunneen', upTo: 0.3, mean: 0.0039, p99: 0.046, dropRate: 0, models: 8 },
  { method: 'ggc-allen-cunneen', upTo: 0.5, mean: 0.027, p99: 0.28, dropRate: 0, models: 8 },
  { method: 'ggc-allen-cunneen', upTo: 0.7, mean: 0.059, p99: 0.2, dropRate: 0, models: 8 },
  { method: 'ggc-allen-cunneen', upTo: 0.9, mean: 0.057, p99: 0.038, dropRate: 0, models: 8 },
  { method: 'ggc-allen-cunneen', upTo: 0.95, mean: 0.001, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'ggc-near-poisson', upTo: 0.3, mean: 0.0015, p99: 0.001, dropRate: 0, models: 8 },
  { method: 'ggc-near-poisson', upTo: 0.5, mean: 0.012, p99: 0.15, dropRate: 0, models: 8 },
  { method: 'ggc-near-poisson', upTo: 0.7, mean: 0.0029, p99: 0.035, dropRate: 0, models: 8 },
  { method: 'ggc-near-poisson', upTo: 0.9, mean: 0.011, p99: 0.0052, dropRate: 0, models: 8 },
  { method: 'ggc-near-poisson', upTo: 0.95, mean: 0.0087, p99: 0.08, dropRate: 0, models: 8 },
  { method: 'finite-mg1', upTo: 0.3, mean: 0.001, p99: 0.19, dropRate: null, models: 8 },
  { method: 'finite-mg1', upTo: 0.5, mean: 0.2, p99: 0.38, dropRate: 2.2, models: 8 },
  { method: 'finite-mg1', upTo: 0.7, mean: 0.039, p99: 0.045, dropRate: 1.4, models: 8 },
  { method: 'finite-mg1', upTo: 0.9, mean: 0.13, p99: 0.46, dropRate: 10, models: 8 },
  { method: 'finite-mg1', upTo: 1.2, mean: 0.68, p99: 0.23, dropRate: 0.95, models: 8 },
  { method: 'finite-mg1', upTo: 3, mean: 0.95, p99: 0.35, dropRate: 0.051, models: 8 },
  { method: 'finite-mdc-cosmetatos', upTo: 0.3, mean: 0.001, p99: 0.035, dropRate: null, models: 8 },
  { method: 'finite-mdc-cosmetatos', upTo: 0.5, mean: 0.0017, p99: 0.04, dropRate: 0.55, models: 8 },
  { method: 'finite-mdc-cosmetatos', upTo: 0.7, mean: 0.019, p99: 0.087, dropRate: 0.39, models: 8 },
  { method: 'finite-mdc-cosmetatos', upTo: 0.9, mean: 0.088, p99: 0.14, dropRate: 6.4, models: 8 },
  { method: 'finite-mdc-cosmetatos', upTo: 1.2, mean: 0.4, p99: 0.27, dropRate: 1.8, models: 8 },
  { method: 'finite-mdc-cosmetatos', upTo: 3, mean: 0.44, p99: 0.17, dropRate: 0.001, models: 8 },
  { method: 'finite-mgc-kimura', upTo: 0.3, mean: 0.001, p99: 0.001, dropRate: null, models: 8 },
  { method: 'finite-mgc-kimura', upTo: 0.5, mean: 0.001, p99: 0.001, dropRate: null, models: 8 },
  { method: 'finite-mgc-kimura', upTo: 0.7, mean: 0.035, p99: 0.027, dropRate: 1.4, models: 8 },
  { method: 'finite-mgc-kimura', upTo: 0.9, mean: 0.04, p99: 0.034, dropRate: 1.3, models: 8 },
  { method: 'finite-mgc-kimura', upTo: 1.2, mean: 0.28, p99: 0.19, dropRate: 0.59, models: 8 },
  { method: 'finite-mgc-kimura', upTo: 3, mean: 0.25, p99: 0.14, dropRate: 0.003, models: 8 },
  { method: 'finite-mgc-lee-longton', upTo: 0.3, mean: 0.0032, p99: 0.001, dropRate: 0.04, models: 8 },
  { method: 'finite-mgc-lee-longton', upTo: 0.5, mean: 0.035, p99: 0.001, dropRate: 0.88, models: 8 },
  { method: 'finite-mgc-lee-longton', upTo: 0.7, mean: 0.11, p99: 0.03, dropRate: 0.71, models: 8 },
  { method: 'finite-mgc-lee-longton', upTo: 0.9, mean: 0.26, p99: 0.25, dropRate: 0.77, models: 8 },
  { method: 'finite-mgc-lee-longton', upTo: 1.2, mean: 0.99, p99: 0.26, dropRate: 0.23, models: 8 },
  { method: 'finite-mgc-lee-longton', upTo: 3, mean: 0.93, p99: 0.33, dropRate: 0.029, models: 8 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.3, mean: 0.012, p99: 0.0018, dropRate: null, models: 8 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.5, mean: 0.029, p99: 0.56, dropRate: null, models: 8 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.7, mean: 0.36, p99: 0.93, dropRate: 4.2, models: 8 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.9, mean: 0.32, p99: 1.3, dropRate: 4.8, models: 8 },
  { method: 'finite-ggc-allen-cunneen', upTo: 1.2, mean: 0.79, p99: 0.73, dropRate: 2.9, models: 8 },
  { method: 'finite-ggc-allen-cunneen', upTo: 3, mean: 0.9, p99: 1.2, dropRate: 0.05, models: 8 },
  { method: 'finite-ggc-near-poisson', upTo: 0.3, mean: 0.0055, p99: 0.0038, dropRate: 0.0079, models: 8 },
  { method: 'finite-ggc-near-poisson', upTo: 0.5, mean: 0.097, p99: 0.3, dropRate: 0.8, models: 8 },
  { method: 'finite-ggc-near-poisson', upTo: 0.7, mean: 0.014, p99: 0.12, dropRate: 0.081, models: 8 },
  { method: 'finite-ggc-near-poisson', upTo: 0.9, mean: 0.38, p99: 0.23, dropRate: 4.8, models: 8 },
  { method: 'finite-ggc-near-poisson', upTo: 1.2, mean: 0.63, p99: 0.31, dropRate: 2.9, models: 8 },
  { method: 'finite-ggc-near-poisson', upTo: 3, mean: 0.72, p99: 0.27, dropRate: 0.053, models: 8 },
  { method: 'shared-pool-mix', upTo: 0.3, mean: 0.0037, p99: 0.038, dropRate: 0, models: 8 },
  { method: 'shared-pool-mix', upTo: 0.5, mean: 0.0097, p99: 0.12, dropRate: 0, models: 8 },
  { method: 'shared-pool-mix', upTo: 0.7, mean: 0.034, p99: 0.2, dropRate: 0, models: 8 },
  { method: 'shared-pool-mix', upTo: 0.9, mean: 0.02, p99: 0.22, dropRate: 0, models: 8 },
  { method: 'closed-one-station', upTo: Infinity, mean: 0, p99: 0, dropRate: 0, models: 40 },
  { method: 'closed-mva', upTo: Infinity, mean: 0, p99: 0.16, dropRate: 0, models: 80 },
  { method: 'closed-mva-general', upTo: Infinity, mean: 0.33, p99: 0.38, dropRate: 0, models: 12 },
  { method: 'closed-cores', upTo: Infinity, mean: 0.57, p99: 0.9, dropRate: 0, models: 12 },
  { method: 'cores-birth-death', upTo: 0.3, mean: 0, p99: 0.067, dropRate: 0, models: 6 },
  { method: 'cores-birth-death', upTo: 0.5, mean: 0, p99: 0.2, dropRate: 0, models: 6 },
  { method: 'cores-birth-death', upTo: 0.7, mean: 0, p99: 0.27, dropRate: 0, models: 6 },
  { method: 'cores-birth-death', upTo: 0.9, mean: 0, p99: 0.27, dropRate: 0, models: 6 },
  { method: 'cores-ps-slowdown', upTo: 0.3, mean: 0.001, p99: 0.061, dropRate: 0, models: 6 },
  { method: 'cores-ps-slowdown', upTo: 0.5, mean: 0.0057, p99: 0.19, dropRate: 0, models: 6 },
  { method: 'cores-ps-slowdown', upTo: 0.7, mean: 0.052, p99: 0.37, dropRate: 0, models: 6 },
  { method: 'cores-ps-slowdown', upTo: 0.9, mean: 0.17, p99: 0.42, dropRate: 0, models: 6 },
  { method: 'reentry-exponential', upTo: 0.3, mean: 0, p99: 0.021, dropRate: 0, models: 5 },
  { method: 'reentry-exponential', upTo: 0.5, mean: 0, p99: 0.012, dropRate: 0, models: 5 },
  { method: 'reentry-exponential', upTo: 0.7, mean: 0, p99: 0.039, dropRate: 0, models: 5 },
  { method: 'reentry-exponential', upTo: 0.9, mean: 0, p99: 0.001, dropRate: 0, models: 5 },
  { method: 'reentry-general', upTo: 0.3, mean: 0.001, p99: 0.032, dropRate: 0, models: 5 },
  { method: 'reentry-general', upTo: 0.5, mean: 0.0014, p99: 0.029, dropRate: 0, models: 5 },
  { method: 'reentry-general', upTo: 0.7, mean: 0.001, p99: 0.0082, dropRate: 0, models: 5 },
  { method: 'reentry-general', upTo: 0.9, mean: 0.001, p99: 0.01, dropRate: 0, models: 5 },
  { method: 'lognormal-transform', upTo: 1, mean: 0, p99: 0.001, dropRate: 0, models: 5 },
  { method: 'lognormal-transform', upTo: 2, mean: 0, p99: 0.001, dropRate: 0, models: 5 },
  { method: 'lognormal-transform', upTo: 4, mean: 0, p99: 0.001, dropRate: 0, models: 5 },
  { method: 'mg1k-embedded', upTo: 0.3, mean: 0, p99: 0.081, dropRate: 0, models: 6 },
  { method: 'mg1k-embedded', upTo: 0.5, mean: 0, p99: 0.11, dropRate: 0, models: 6 },
  { method: 'mg1k-embedded', upTo: 0.7, mean: 0, p99: 0.012, dropRate: 0, models: 6 },
  { method: 'mg1k-embedded', upTo: 0.9, mean: 0, p99: 0.25, dropRate: 0, models: 6 },
  { method: 'mg1k-embedded', upTo: 1.2, mean: 0, p99: 0.15, dropRate: 0, models: 6 },
  { method: 'mg1k-embedded', upTo: 3, mean: 0, p99: 0.46, dropRate: 0, models: 6 },
];
// END GENERATED BANDS

// BEGIN HARNESS BANDS (bench/network-bands.ts)
/**
 * Bands measured on whole random models (the accuracy harness) rather than on one station: the network-
 * interaction parts, and methods whose station-level rows missed what they do inside a network. Where a method
 * has rows in both tables, the larger band applies.
 */
export const HARNESS_BANDS: readonly BandRow[] = [
  { method: 'network-reentry', upTo: 0.3, mean: 0.4, p99: 1, dropRate: 0.22, models: 7 },
  { method: 'network-reentry', upTo: 0.5, mean: 0.95, p99: 1, dropRate: 0.22, models: 9 },
  { method: 'network-reentry', upTo: 0.7, mean: 0.95, p99: 1, dropRate: 0.22, models: 7 },
  { method: 'network-reentry', upTo: 0.9, mean: 0.95, p99: 1, dropRate: 0.62, models: 7 },
  { method: 'network-reentry', upTo: 0.95, mean: 0.95, p99: 1, dropRate: 0.62, models: 1 },
  { method: 'network-reentry', upTo: 1.2, mean: 0.95, p99: 1, dropRate: 0.62, models: 0 },
  { method: 'network-flows', upTo: 0.3, mean: 0.75, p99: 5.5, dropRate: 1.4, models: 17 },
  { method: 'network-flows', upTo: 0.5, mean: 0.75, p99: 5.5, dropRate: 1.4, models: 5 },
  { method: 'network-flows', upTo: 0.7, mean: 0.75, p99: 5.5, dropRate: 1.4, models: 3 },
  { method: 'network-flows', upTo: 0.9, mean: 0.75, p99: 5.5, dropRate: 1.4, models: 10 },
  { method: 'network-flows', upTo: 0.95, mean: 0.75, p99: 5.5, dropRate: 1.4, models: 0 },
  { method: 'network-flows', upTo: 1.2, mean: 0.75, p99: 5.5, dropRate: 1.4, models: 0 },
  { method: 'cores-ps-slowdown', upTo: 0.3, mean: 0.21, p99: 0.23, dropRate: 0.23, models: 8 },
  { method: 'cores-ps-slowdown', upTo: 0.5, mean: 0.21, p99: 0.23, dropRate: 0.23, models: 3 },
  { method: 'cores-ps-slowdown', upTo: 0.7, mean: 1, p99: 0.79, dropRate: 1.4, models: 6 },
  { method: 'cores-ps-slowdown', upTo: 0.9, mean: 1, p99: 0.79, dropRate: 1.4, models: 1 },
  { method: 'cores-ps-slowdown', upTo: 0.95, mean: 1, p99: 0.79, dropRate: 1.4, models: 1 },
  { method: 'cores-ps-slowdown', upTo: 1.2, mean: 1, p99: 0.79, dropRate: 1.4, models: 1 },
  { method: 'finite-ggc-near-poisson', upTo: 0.3, mean: 0, p99: 0, dropRate: 1.4, models: 29 },
  { method: 'finite-ggc-near-poisson', upTo: 0.5, mean: 0, p99: 0, dropRate: 1.4, models: 4 },
  { method: 'finite-ggc-near-poisson', upTo: 0.7, mean: 0, p99: 0, dropRate: 1.4, models: 3 },
  { method: 'finite-ggc-near-poisson', upTo: 0.9, mean: 0, p99: 0, dropRate: 1.4, models: 3 },
  { method: 'finite-ggc-near-poisson', upTo: 0.95, mean: 0, p99: 0, dropRate: 1.4, models: 0 },
  { method: 'finite-ggc-near-poisson', upTo: 1.2, mean: 0, p99: 0, dropRate: 1.4, models: 0 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.3, mean: 0, p99: 0, dropRate: 0.97, models: 19 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.5, mean: 0, p99: 0, dropRate: 0.97, models: 1 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.7, mean: 0, p99: 0, dropRate: 0.97, models: 1 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.9, mean: 0, p99: 0, dropRate: 0.97, models: 0 },
  { method: 'finite-ggc-allen-cunneen', upTo: 0.95, mean: 0, p99: 0, dropRate: 0.97, models: 0 },
  { method: 'finite-ggc-allen-cunneen', upTo: 1.2, mean: 0, p99: 0, dropRate: 0.97, models: 0 },
  { method: 'finite-mg1', upTo: 0.7, mean: 0, p99: 0, dropRate: 0.24, models: 1 },
  { method: 'finite-mg1', upTo: 0.9, mean: 0, p99: 0, dropRate: 0.24, models: 0 },
  { method: 'finite-mg1', upTo: 0.95, mean: 0, p99: 0, dropRate: 0.24, models: 0 },
  { method: 'finite-mg1', upTo: 1.2, mean: 0, p99: 0, dropRate: 0.24, models: 0 },
];
// END HARNESS BANDS
