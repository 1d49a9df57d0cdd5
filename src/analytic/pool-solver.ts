/**
 * Solves one pool (a multi-server station) for its arrival rate and the mean/scv of its service and
 * arrivals. Exact where a closed form exists, otherwise a named approximation recorded in `method`.
 * Waiting figures are the M/M/c ones times a variability factor Wq/Wq(M/M/c):
 *
 *   threads infinite            → M/G/∞, no wait (exact)
 *   dispatch per-thread         → c independent single-thread queues, each fed λ/c with the randomly split
 *                                 arrival scv (1/c)·ca² + 1 − 1/c (Whitt 1983, QNA splitting, eq. 41)
 *   ca² = cs² = 1               → M/M/c (Erlang C) or M/M/c/K, exact
 *   M/G/1                       → Pollaczek–Khinchine, factor (1 + cs²)/2, exact
 *   M/D/c                       → Cosmetatos (1975): factor (1 + F)/2,
 *                                 F = (1 − ρ)(c − 1)(√(4 + 5c) − 2)/(16ρc)
 *   M/G/c, cs² < 1              → Kimura (1994) two-moment interpolation between M/M/c and M/D/c:
 *                                 Wq = (1 + cs²)/(2cs²/Wq(M/M/c) + (1 − cs²)/Wq(M/D/c))
 *   M/G/c, cs² > 1              → Lee & Longton (1959): factor (1 + cs²)/2
 *   GI/M/c (ca² ≠ 1, cs² = 1)   → exact for the phase-type renewal flow of that scv (gimc.ts): P(wait) and the
 *                                 exponential conditional wait from the decay rate σ = A*(cµ(1 − σ))
 *   G/G/c (ca² ≠ 1)             → Allen–Cunneen (Allen 1990, eq. 6.21): factor (ca² + cs²)/2
 */
import type { Pool } from '../model/types.ts';
import { mmc, mmck, delayStation, type StationMetrics } from './mmc.ts';
import { mg1k } from './mg1k.ts';
import { gimc, gimck } from './gimc.ts';
import { isDeterministicScv, type ServiceDist } from '../model/distribution.ts';

export interface PoolInput {
  readonly pool: Pool;
  readonly arrivalRate: number;
  readonly meanService: number;
  readonly serviceScv: number;
  readonly arrivalScv: number;
  /** The service distribution itself, when the pool serves one stage (exact finite-queue methods need it). */
  readonly dist?: ServiceDist;
}

export interface PoolSolution {
  readonly stable: boolean;
  readonly metrics: StationMetrics | null;
  readonly method: string;
  readonly exact: boolean;
  /** Key of the method in the accuracy band table (src/analytic/accuracy-bands.ts); absent: named by the caller. */
  readonly methodId?: string;
}

const NEAR = 1e-12;

function isOne(x: number): boolean {
  return Math.abs(x - 1) < NEAR;
}

/** Scales the waiting figures of an M/M/c solution by the Allen–Cunneen variability factor. */
function withVariability(base: StationMetrics, factor: number): StationMetrics {
  if (factor === 1) return base;
  const meanWait = base.meanWait * factor;
  const meanQueueLength = base.meanQueueLength * factor;
  const busy = base.meanInSystem - base.meanQueueLength;
  return {
    ...base,
    meanWait,
    meanQueueLength,
    meanInSystem: meanQueueLength + busy,
    // The wait scaled in time by the factor, keeping its shape: a finite queue's truncated-geometric wait stays
    // one (drained factor× slower). Swapping it for an exponential made percentiles jump where the factor
    // crosses 1 (ca² + cs² = 2, e.g. ca² = 2 with deterministic service).
    wait:
      base.probWait > 0 && meanWait > 0
        ? base.wait.kind === 'truncated-geometric'
          ? { ...base.wait, drainRate: base.wait.drainRate / factor }
          : { kind: 'exponential', rate: base.probWait / meanWait }
        : { kind: 'none' },
  };
}

function singleQueue(
  arrivalRate: number,
  meanService: number,
  servers: number,
  queueCapacity: number,
  factor: number,
): { stable: boolean; metrics: StationMetrics | null } {
  if (queueCapacity === Infinity) {
    if (arrivalRate * meanService >= servers) return { stable: false, metrics: null };
    return { stable: true, metrics: withVariability(mmc(arrivalRate, meanService, servers), factor) };
  }
  return { stable: true, metrics: withVariability(mmck(arrivalRate, meanService, servers, queueCapacity), factor) };
}

/** Per-thread queues: one queue's metrics, with the counts summed over the c queues. */
function perThread(input: PoolInput, factor: number): { stable: boolean; metrics: StationMetrics | null } {
  const { pool } = input;
  const c = pool.threads;
  const one = singleQueue(input.arrivalRate / c, input.meanService, 1, pool.queueCapacity, factor);
  if (!one.metrics) return one;
  return { stable: true, metrics: acrossQueues(one.metrics, c) };
}

/** c identical per-thread queues as one pool: one queue's waits and probabilities, its counts summed. */
function acrossQueues(one: StationMetrics, queues: number): StationMetrics {
  if (queues === 1) return one;
  return { ...one, meanQueueLength: one.meanQueueLength * queues, meanInSystem: one.meanInSystem * queues, throughput: one.throughput * queues };
}

/**
 * M/G/1 conditional wait from its first two moments: Takács (1962), E[W²] = 2E[W]² + λE[S³]/(3(1 − ρ)), with E[S³]
 * of a gamma of the service's mean and scv, m³(1 + cs²)(1 + 2cs²) (exact for exponential and deterministic).
 * Given a wait (probability ρ) the moments are E[W]/ρ and E[W²]/ρ.
 */
function withTakacsWait(metrics: StationMetrics, arrivalRate: number, meanService: number, serviceScv: number): StationMetrics {
  const rho = arrivalRate * meanService;
  if (!(rho > 0) || !(metrics.meanWait > 0)) return metrics;
  const third = meanService ** 3 * (1 + serviceScv) * (1 + 2 * serviceScv);
  const second = 2 * metrics.meanWait * metrics.meanWait + (arrivalRate * third) / (3 * (1 - rho));
  const mean = metrics.meanWait / rho;
  const scv = Math.max(0, second / rho / (mean * mean) - 1);
  return { ...metrics, wait: { kind: 'two-moment', mean, scv, serverArrivalRate: arrivalRate } };
}

/** Cosmetatos's correction F(c, ρ) for M/D/c (Cosmetatos 1975). */
export function cosmetatosF(servers: number, rho: number): number {
  if (servers <= 1 || rho <= 0) return 0;
  return ((1 - rho) * (servers - 1) * (Math.sqrt(4 + 5 * servers) - 2)) / (16 * rho * servers);
}

/** Wq / Wq(M/M/c) and the name of the approximation that gives it. */
export function variabilityFactor(
  servers: number,
  rho: number,
  arrivalScv: number,
  serviceScv: number,
): { factor: number; how: string; exact: boolean; id: string } {
  if (isOne(arrivalScv)) {
    if (isOne(serviceScv)) return { factor: 1, how: 'exact (Erlang C)', exact: true, id: 'mmc' };
    if (servers === 1) return { factor: (1 + serviceScv) / 2, how: 'Pollaczek–Khinchine, exact means', exact: true, id: 'mg1' };
    const f = cosmetatosF(servers, rho);
    if (isDeterministicScv(serviceScv)) return { factor: (1 + f) / 2, how: 'Cosmetatos (1975), approximate', exact: false, id: 'mdc-cosmetatos' };
    if (serviceScv < 1) {
      return {
        factor: ((1 + serviceScv) * (1 + f)) / (2 * (1 + serviceScv * f)),
        how: 'Kimura (1994) M/M/c–M/D/c interpolation with Cosmetatos M/D/c, approximate',
        exact: false,
        id: 'mgc-kimura',
      };
    }
    return { factor: (1 + serviceScv) / 2, how: 'Lee–Longton (1959), approximate', exact: false, id: variabilityClass('mgc-lee-longton', serviceScv) };
  }
  // Arrivals close to Poisson (a flow smoothed or roughened only a little upstream) get their own band.
  const id = Math.abs(arrivalScv - 1) <= 0.2 ? 'ggc-near-poisson' : 'ggc-allen-cunneen';
  return { factor: (arrivalScv + serviceScv) / 2, how: 'Allen–Cunneen, approximate', exact: false, id: variabilityClass(id, serviceScv) };
}

/**
 * The service scv band of the near-exponential class of the two-moment methods (Lee–Longton, Allen–Cunneen and
 * their finite-queue forms); service outside it is banded apart (-low-cv, -high-cv), because their error grows
 * with the distance of the service from exponential, not only with ρ: a lognormal of scv 3.3 on several threads
 * at ρ 0.89 was −14.5 % on p99 under a band measured on near-exponential service, and deterministic service at
 * ρ 0.5 +11 % on p99 (bench/accuracy-bands.ts, VERBOSE=1, shows each model).
 */
export const NEAR_EXPONENTIAL_SCV = { low: 0.5, high: 1.5 } as const;

function variabilityClass(id: string, serviceScv: number): string {
  if (serviceScv > NEAR_EXPONENTIAL_SCV.high) return `${id}-high-cv`;
  return serviceScv < NEAR_EXPONENTIAL_SCV.low ? `${id}-low-cv` : id;
}

/**
 * A pool's solution. `method` is worded on first read only: analyze() solves each pool several times while its
 * fixed points settle, and building the sentence every time cost more than the queueing formulas.
 */
class Solution implements PoolSolution {
  private described: string | undefined;
  constructor(
    readonly stable: boolean,
    readonly metrics: StationMetrics | null,
    readonly exact: boolean,
    private readonly input: PoolInput,
    private readonly how: string,
    private readonly arrivalScv: number,
    readonly methodId: string,
  ) {}
  get method(): string {
    if (this.described === undefined) this.described = describe(this.input, this.how, this.arrivalScv);
    return this.described;
  }
}

function describe(input: PoolInput, how: string, ca2: number): string {
  const { pool, serviceScv } = input;
  const finite = pool.queueCapacity !== Infinity;
  const perThreadPool = pool.dispatch === 'per-thread' && pool.threads > 1;
  const markov = isOne(serviceScv) && isOne(ca2);
  const kind = `${markov ? 'M/M' : isOne(ca2) ? (isDeterministicScv(serviceScv) ? 'M/D' : 'M/G') : 'G/G'}/${perThreadPool || pool.threads === 1 ? 1 : 'c'}${finite ? '/K' : ''}`;
  const wording =
    finite && !markov
      ? `M/M/c/K blocking with ${how.replace(/, (exact means|approximate)$/, '')} waits, approximate`
      : markov && finite
        ? 'exact'
        : how;
  return perThreadPool ? `${pool.threads} × ${kind} per-thread queues (random dispatch), ${wording}` : `${kind} ${wording}`;
}

const DELAY_METHOD = 'M/G/∞ pure delay (exact)';

export function solvePool(input: PoolInput): PoolSolution {
  const { pool, arrivalRate, meanService, serviceScv, arrivalScv } = input;
  if (pool.threads === Infinity) {
    return { stable: true, metrics: delayStation(arrivalRate, meanService), method: DELAY_METHOD, exact: true, methodId: 'delay' };
  }
  const finite = pool.queueCapacity !== Infinity;
  const perThreadPool = pool.dispatch === 'per-thread' && pool.threads > 1;
  const servers = perThreadPool ? 1 : pool.threads;
  // Random dispatch splits the arrival stream: each thread sees (1/c)·ca² + 1 − 1/c (Poisson stays Poisson).
  const ca2 = perThreadPool ? arrivalScv / pool.threads + 1 - 1 / pool.threads : arrivalScv;
  // Exponential threads behind a renewal-like flow are solved exactly before any two-moment scaling is built.
  if (isOne(serviceScv) && !isOne(ca2)) {
    const renewal = gimcPool(input, ca2, perThreadPool);
    if (renewal) return renewal;
  }
  const rho = (arrivalRate * meanService) / pool.threads;
  const variability = variabilityFactor(servers, Math.min(rho, 1), ca2, serviceScv);
  const markov = isOne(serviceScv) && isOne(ca2);
  const exact = variability.exact && (!finite || markov);
  let solved = perThreadPool
    ? perThread(input, variability.factor)
    : singleQueue(arrivalRate, meanService, pool.threads, pool.queueCapacity, variability.factor);
  if (servers === 1 && !finite && !markov && isOne(ca2) && solved.metrics) {
    solved = { stable: true, metrics: withTakacsWait(solved.metrics, arrivalRate / (perThreadPool ? pool.threads : 1), meanService, serviceScv) };
  }
  if (finite && !markov && servers === 1 && isOne(ca2) && input.dist && pool.queueCapacity <= MG1K_MAX_PLACES) {
    const exactFinite = mg1kPool(input, perThreadPool ? pool.threads : 1);
    if (exactFinite) return exactFinite;
  }
  const methodId = finite ? (markov ? 'mmck' : `finite-${variability.id}`) : variability.id;
  return new Solution(solved.stable, solved.metrics, exact, input, variability.how, ca2, methodId);
}

/** Past this many waiting places the embedded chain (O(K²)) is not worth it: such queues hardly ever fill. */
const MG1K_MAX_PLACES = 4096;

/** One thread with a finite queue and Poisson arrivals (or c of them, each fed λ/c): the exact M/G/1/K. */
function mg1kPool(input: PoolInput, queues: number): PoolSolution | null {
  const one = mg1k(input.arrivalRate / queues, input.dist!, input.pool.queueCapacity);
  if (!one) return null;
  const metrics = acrossQueues(one, queues);
  const kind = `M/G/1/K${queues > 1 ? ` ×${queues} per-thread queues (random dispatch)` : ''}`;
  return {
    stable: true,
    metrics,
    exact: true,
    method: `${kind} exact, embedded Markov chain at departures (Gross & Harris §5.1.10); percentiles with an exponential conditional wait of the exact mean`,
    methodId: 'mg1k-embedded',
  };
}

/**
 * Exponential service fed by a non-Poisson flow: GI/M/c with the flow taken as the phase-type renewal process
 * of its scv (gimc.ts), exact where that is what arrives. Allen–Cunneen's (ca² + 1)/2 scales the M/M/c wait
 * and keeps P(wait) at Erlang C's; a bursty flow makes more requests wait, each less: two tandem stations at
 * ρ 0.67 behind arrivals of scv 7.9 were +12 % and +33 % on the mean wait (simulated), with P(wait) 0.67
 * claimed against 0.89 and 0.82 measured. null when unstable (the caller's unstable path answers).
 */
function gimcPool(input: PoolInput, ca2: number, perThreadPool: boolean): PoolSolution | null {
  const { pool, arrivalRate, meanService } = input;
  const c = pool.threads;
  const finite = pool.queueCapacity !== Infinity;
  if (!finite && arrivalRate * meanService >= c) return null;
  // A nearly regular flow (behind a busy deterministic stage) needs an Erlang of 1/ca² phases: past
  // MAX_RENEWAL_PHASES the chain costs more than it gains and the two-moment scaling serves (a plan's search
  // met ca² → 0 and built chains of millions of phases). Thinning works on dense phases: fewer still.
  if (ca2 < 1 / MAX_RENEWAL_PHASES || (perThreadPool && input.arrivalScv < 1 / MAX_THINNED_PHASES)) return null;
  // A finite queue is solved exactly as GI/M/c/K at any load, up to this many places (O(K) a solve); a longer
  // queue hardly ever fills below saturation and keeps the M/M/c/K scaling.
  if (finite && pool.queueCapacity > GIMCK_MAX_PLACES) return null;
  const solve = (rate: number, servers: number, scv: number, keep?: number) =>
    finite ? gimck(rate, meanService, servers, pool.queueCapacity, scv, keep) : gimc(rate, meanService, servers, scv, keep);
  // Random dispatch thins the pool's flow: each thread's gaps are geometric sums of the pool's (exact thinning).
  const one = perThreadPool ? solve(arrivalRate / c, 1, input.arrivalScv, 1 / c) : solve(arrivalRate, c, ca2);
  const metrics = acrossQueues(one, perThreadPool ? c : 1);
  return {
    stable: true,
    metrics,
    exact: false,
    // Worded on first read only, as Solution does: the fixed points solve a pool many times.
    get method() {
      const k = finite ? '/K' : '';
      const kind = perThreadPool ? `${c} × GI/M/1${k} per-thread queues (random dispatch: each thread's gaps a geometric sum of the flow's)` : `GI/M/${c === 1 ? 1 : 'c'}${k}`;
      return `${kind} with the arrivals as a phase-type renewal flow of scv ${input.arrivalScv.toPrecision(3)} (balanced H2 or mixed Erlang), solved exactly as a quasi-birth–death process (Neuts 1981); exact for renewal arrivals of that form, approximate for another queue's departures`;
    },
    methodId: finite ? 'gim-c-k' : 'gim-c',
  };
}

const GIMCK_MAX_PLACES = 4096;
const MAX_RENEWAL_PHASES = 32;
const MAX_THINNED_PHASES = 12;
