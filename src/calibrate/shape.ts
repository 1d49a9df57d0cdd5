/**
 * The shapes behind the measured latencies: the scv of the fitted stages' service and the spread of the delay
 * outside the server.
 *
 * At low load most of a latency's spread is service and delay, not queueing, and the percentiles alone cannot
 * say which: a deterministic delay forces all of it onto the service. On a real loopback server the
 * connection set-up and the load generator's own scheduling jitter, and the service scv came out 1.6–2.3
 * where the server drew exponential service; predictions at 50–70% of capacity were 10–25% high. Only the
 * service's shape is amplified by queueing, so two readings compete: BASE's service shape with the delay's own
 * spread (gamma; an infinite-server stage, so only its mean touches the queueing), and a fitted service scv
 * behind a fixed delay. The fitted scv is adopted only when it fits the percentiles clearly better and its
 * interval excludes BASE's scv; otherwise the delay takes the spread.
 * Tried and dropped: fitting both spreads at once (not identified at low load: a lognormal service of scv 3 on
 * 4 threads behind a random delay came out as scv 0.36, the delay taking the rest), and reading the scv from the
 * growth of the mean latency across the rows (on an ideal M/M/4 at 10–30% load it found scv 3–5 with narrow
 * curvature intervals in 3% of runs, which then predicted the 50% point 20–150% high).
 * Measured on simulated low-load rows (10–30%, 15 s each): a gamma delay ahead of exponential service kept
 * scv 1 (the fixed-delay fit said 1.3–2.0 and predicted 6–51% high at 50–85%); scv 0.3 and a lognormal scv 4
 * behind a fixed delay were found. Not identified: a lognormal scv 3 on 4 threads behind a random delay (the
 * low-load waits are too rare to show it), kept exponential: mean −7…−27%, p99 −31…−40% at 85%.
 * One scv for all fitted stages: end-to-end latencies cannot tell stages apart.
 */
import type { DistributionName } from '../model/distribution.ts';
import { PERCENTILE_KEYS, type PercentileKey } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import type { Shape } from './edits.ts';
import type { MeasurementRow } from './measurements.ts';
import { curvatureStandardError, goldenMin } from './minimize.ts';
import { predictRow } from './predict.ts';
import { estimate, type Estimate } from './regression.ts';

export interface ShapeFit {
  /** The service shape: the fitted one when adopted, BASE's otherwise. */
  readonly shape: Shape;
  /** The percentiles' best service scv behind a fixed delay, and its interval, adopted or not. */
  readonly scv: Estimate;
  readonly baseScv: number;
  /** Whether the fitted service shape replaced BASE's (its 95% interval excludes BASE's scv). */
  readonly adopted: boolean;
  /** The delay's shape that goes with `shape`: BASE's unless the percentiles fitted another. */
  readonly delay: Shape;
  /** The delay's scv and its interval, when it has a spread. */
  readonly delayScv: Estimate | null;
  readonly keys: readonly PercentileKey[];
  readonly rows: readonly number[];
  readonly notes: readonly string[];
}

/** Delay spreads searched: from deterministic up to a gamma of scv 4 (a delay that is mostly rare long stalls). */
const MAX_DELAY_SCV = 4;
/** Service scvs searched, and the grid that brackets the profile's minimum. */
const MIN_SCV = 0.02;
const MAX_SCV = 8;
const PROFILE_GRID = 13;
/** How much lower the fitted shape's misfit must be than BASE's before it replaces BASE's. */
const ADOPT_SSE_RATIO = 0.8;
/** A fitted delay spread below this is no spread: written as deterministic. */
const MIN_DELAY_SCV = 0.01;

/** A family that takes any scv near the fitted one: BASE's when it can, else gamma (exponential at scv 1). */
function familyFor(base: DistributionName, scv: number): DistributionName {
  if (base === 'gamma' || base === 'lognormal') return base;
  if (base === 'hyperexponential' && scv >= 1) return base;
  return 'gamma';
}

const NO_SPREAD: Shape = { distribution: 'deterministic', scv: 0 };

/** A delay of that spread: deterministic below MIN_DELAY_SCV, else `family` (gamma, or BASE's lognormal). */
function delayShape(scv: number, family: DistributionName): Shape {
  return scv < MIN_DELAY_SCV ? NO_SPREAD : { distribution: family, scv };
}

/** A one-parameter least-squares fit of log scv: a coarse grid (the objective need not be unimodal), then golden-section search between the best point's neighbours. */
function fitLogScv(objective: (logScv: number) => number, observations: number, parameters: number): { scv: Estimate; sse: number } {
  const grid = Array.from({ length: PROFILE_GRID }, (_, i) => Math.log(MIN_SCV) + (i / (PROFILE_GRID - 1)) * Math.log(MAX_SCV / MIN_SCV));
  const values = grid.map(objective);
  const at = values.indexOf(Math.min(...values));
  const best = goldenMin(objective, grid[Math.max(0, at - 1)]!, grid[Math.min(grid.length - 1, at + 1)]!, 0.01);
  const seLog = curvatureStandardError(objective, best.x, 0.05, observations, parameters);
  const ci = seLog === null ? null : estimate(best.x, seLog, observations - parameters).ci95;
  const scv = Math.exp(best.x);
  return {
    scv: { value: scv, standardError: seLog === null ? null : scv * seLog, ci95: ci === null ? null : [Math.exp(ci[0]), Math.exp(ci[1])] },
    sse: best.fx,
  };
}

/** The fitted scv is clearly not BASE's: its interval excludes BASE's, and by more than 10% (less moves predictions little). */
function clearlyNot(baseScv: number, fit: Estimate): boolean {
  return fit.ci95 !== null && (baseScv < fit.ci95[0] || baseScv > fit.ci95[1]) && Math.abs(Math.log(fit.value / Math.max(baseScv, 1e-3))) > Math.log(1.1);
}

function intervalText(e: Estimate): string {
  return `${e.value.toPrecision(3)}${e.ci95 ? ` [${e.ci95[0].toPrecision(3)}, ${e.ci95[1].toPrecision(3)}]` : ''}`;
}

/**
 * `modelFor(service)` fits whatever depends on the service shape (the delay's mean: the shape changes the
 * queueing the delay is measured after) and returns the model for each delay spread.
 */
export function fitShape(
  base: Model,
  rows: readonly MeasurementRow[],
  stages: readonly string[],
  modelFor: (service: Shape) => (delay: Shape) => Model,
  /** BASE's delay as it is (an added overhead: deterministic); a fitted spread keeps its family when lognormal. */
  delayBase: Shape = NO_SPREAD,
): ShapeFit | null {
  const used = rows.filter((r) => PERCENTILE_KEYS.some((k) => r.latency[k] !== undefined));
  if (used.length === 0) return null;
  const first = base.stages.find((s) => s.name === stages[0])!;
  const baseScv = first.service.scv;
  const baseShape: Shape = { distribution: first.distribution, scv: baseScv };
  const serviceShape = (scv: number): Shape => ({ distribution: familyFor(first.distribution, scv), scv });
  const keys = PERCENTILE_KEYS.filter((k) => used.some((r) => r.latency[k] !== undefined));
  const observations = used.reduce((n, r) => n + keys.filter((k) => r.latency[k] !== undefined).length, 0);
  const logError = (predicted: number | null, measured: number): number => (predicted === null || !(predicted > 0) ? 100 : Math.log(predicted / measured) ** 2);
  const sseOf = (model: Model): number => {
    let sum = 0;
    for (const row of used) {
      const result = predictRow(model, row);
      for (const key of keys) {
        const measured = row.latency[key];
        if (measured !== undefined && measured > 0) sum += logError(result.latency[key], measured);
      }
    }
    return sum;
  };

  // The two readings of the percentiles: BASE's service shape with the delay's spread fitted to them, and a
  // fitted service scv behind BASE's delay as it is (an added overhead: fixed).
  const family = delayBase.distribution === 'lognormal' ? 'lognormal' : 'gamma';
  const bestDelay = (service: Shape): { delay: Shape; sse: number; scv: Estimate | null } => {
    const at = modelFor(service);
    // Searched on √scv, where the percentiles move about evenly.
    const objective = (root: number): number => sseOf(at(delayShape(root * root, family)));
    const asIs = sseOf(at(delayBase));
    // A spread needs a shape to be read from: with one percentile (and the mean) any spread fits it.
    if (keys.length < 2) return { delay: delayBase, sse: asIs, scv: null };
    const best = goldenMin(objective, 0, Math.sqrt(MAX_DELAY_SCV), 0.01);
    const none = objective(0);
    if (asIs <= Math.min(best.fx, none)) return { delay: delayBase, sse: asIs, scv: null };
    if (none <= best.fx || best.x * best.x < MIN_DELAY_SCV) return { delay: NO_SPREAD, sse: none, scv: null };
    const se = curvatureStandardError(objective, best.x, 0.02, observations, 3);
    const ci = se === null ? null : estimate(best.x, se, observations - 3).ci95;
    const square = (root: number): number => Math.max(0, root) ** 2;
    return {
      delay: delayShape(best.x * best.x, family),
      sse: best.fx,
      scv: { value: best.x * best.x, standardError: se === null ? null : 2 * best.x * se, ci95: ci === null ? null : [square(ci[0]), square(ci[1])] },
    };
  };
  const atBase = bestDelay(baseShape);
  const percentiles = fitLogScv((logScv) => sseOf(modelFor(serviceShape(Math.exp(logScv)))(delayBase)), observations, 1);

  const notes: string[] = [];
  // A clearly better fit, not merely a better one: the delay's gamma is a stand-in for whatever the delay's
  // spread really is, and a fixed delay with a wider service can fit its tail a little better by chance.
  const adopted = clearlyNot(baseScv, percentiles.scv) && percentiles.sse < ADOPT_SSE_RATIO * atBase.sse;
  const scv = percentiles.scv;
  if (!adopted) {
    notes.push(
      `service scv: the percentiles fit ${intervalText(scv)} behind a fixed delay; BASE's scv ${baseScv} with the delay's own spread fits them ` +
        `${percentiles.sse < atBase.sse ? 'nearly as well' : 'better'}, so BASE's distribution is kept`,
    );
  }
  const shape = adopted ? serviceShape(scv.value) : baseShape;
  return {
    shape,
    scv,
    baseScv,
    adopted,
    delay: adopted ? delayBase : atBase.delay,
    delayScv: adopted ? null : atBase.scv,
    keys,
    rows: used.map((r) => r.row),
    notes,
  };
}
