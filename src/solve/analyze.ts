/**
 * The public analyze: the analytic solution, never silently wrong. Each figure whose method is measured beyond
 * the target (accuracy.ts: 5% for the mean and percentiles, 10% for a drop rate of at least 0.1%) is answered
 * instead from a short seeded simulation of the whole model, and the result says so, figure by figure, in
 * `accuracy` and `notes`.
 *
 *   model ──analytic analyze──▶ Result + accuracy ──routeAccuracy──▶ all within target? ──yes──▶ Result
 *                                                                        └─no──▶ simulate (pilot, seed 1)
 *                                              half-widths of the simulated figures within FALLBACK_PRECISION?
 *                                                 └─no──▶ simulate again, sized from the pilot's half-widths,
 *                                                         within FALLBACK_EVENTS ──merge──▶ Result
 *
 * Both runs are sized in events (warm-up included), not wall-clock time, and the second run's size is a
 * function of the first's seeded result, so the same model gives the same JSON on any machine; the cap keeps
 * the whole fallback under the 2 s on the 2-core build machine. Near saturation the cap binds and
 * the half-width reached (in notes and in accuracy's ci) is what it is. A model that cannot be simulated to a
 * steady state within twice the pilot's budget (a closed loop of many clients needs a warm-up of ~3 issues per
 * client; hundreds of stages make every request long) keeps its analytic figures with their measured bands,
 * and a note says why.
 * Capacity, bottleneck and stability come from the one shared definition (model/capacity.ts) either way.
 *
 * This lives above analytic/ and sim/ (it uses both); planners search with the pure analytic entry
 * (analytic/analyze.ts) and confirm with this one.
 */
import type { FigureAccuracy, Result, ResultAccuracy } from '../model/result.ts';
import { PERCENTILE_KEYS } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { analyze as analyzeAnalytic, type AnalyzeOptions } from '../analytic/analyze.ts';
import { MISSING_OVERLOAD_FIGURES } from '../analytic/overload.ts';
import { DROP_RATE_FLOOR, fallbackRouting, type Routing } from '../analytic/accuracy.ts';
import { defaultWarmup, simulate, simulateAsync } from '../sim/simulate.ts';
import type { EngineName, SimResult } from '../sim/types.ts';
import { resolveEngine } from '../sim/engines.ts';
import { buildNetwork } from '../sim/network.ts';
import { overloadedPools, stability } from '../model/capacity.ts';
import { refusalsOf } from '../model/refusals.ts';
import { unstableResult } from '../model/unstable-result.ts';
import { instabilityOf } from '../model/instability.ts';

export interface SolveOptions extends AnalyzeOptions {
  /**
   * 'auto' (default): analytic, with a simulation for the figures no analytic method gets within the target.
   * 'analytic': the pure analytic answer, whatever its band (what planners search with).
   */
  readonly method?: 'auto' | 'analytic';
}

/**
 * Events (arrivals plus completions, warm-up included) the fallback's pilot simulation spends on the event
 * engine; the departure recursion runs the same events about RECURSION_SPEED times faster and gets that many
 * more. Far from saturation a pilot this size usually meets FALLBACK_PRECISION and is the answer.
 */
export const FALLBACK_PILOT_EVENTS = 500_000;
/**
 * The most a fallback spends, pilot and second run together (event-engine events, scaled like the pilot):
 * ~1 s on the quiet 2-core build machine, 2.4 s of CPU at most over the harness's fallbacks with five
 * sessions sharing it (bench/fallback-time.ts).
 */
export const FALLBACK_EVENTS = 4_500_000;
/** The most a pilot may spend (a closed loop's warm-up stretches it); beyond it, no simulation. */
export const FALLBACK_MAX_EVENTS = 3_000_000;
/**
 * The relative 95% half-widths a fallback aims at for the figures it answers, so that its own noise leaves
 * room within the 5% (10% for drops) the figures are held to. Near saturation the cap binds first: at ρ 0.94
 * even FALLBACK_EVENTS leaves p99 half-widths of 10–15%, and the notes say so.
 */
export const FALLBACK_PRECISION = { mean: 0.02, percentiles: 0.025, dropRate: 0.05 } as const;
export const FALLBACK_REPLICATIONS = 5;
export const FALLBACK_SEED = 1;
const RECURSION_SPEED = 2.5;
/** A schedule's time-driven simulation: replications (2 to 5) are as many as fit about this many events. */
const SCHEDULE_EVENTS = 1_500_000;
const MIN_REQUESTS_PER_REPLICATION = 20_000;
/** The smallest second run, in pilots: a smaller one would not narrow the half-widths enough to pay. */
const MIN_GROWTH = 1.5;

export function analyze(model: Model, options: SolveOptions = {}): Result {
  const analytic = analyzeAnalytic(model, options);
  // A schedule the pointwise-stationary approximation refused (no timeline): the whole answer is simulated.
  if (options.method !== 'analytic' && model.overload?.schedule != null && analytic.timeline === undefined) return scheduleBySimulation(model, analytic);
  const step = fallbackStep(model, analytic, options);
  if (step === null) return analytic;
  if ('result' in step) return step.result;
  const pilot = simulate(model, step.pilot);
  const next = secondRun(model, step, pilot);
  return step.finish(next === null ? pilot : simulate(model, next), pilot);
}

/**
 * The same answer as analyze (same seeded run, same figures), with the fallback simulation run by simulateAsync:
 * the event loop stays live during it (an interactive screen keeps drawing), and `signal` stops it.
 */
export async function analyzeAsync(model: Model, options: SolveOptions & { readonly signal?: AbortSignal } = {}): Promise<Result> {
  const { signal, ...rest } = options;
  const analytic = analyzeAnalytic(model, rest);
  const step = fallbackStep(model, analytic, rest);
  if (step === null) return analytic;
  if ('result' in step) return step.result;
  const pilot = await simulateAsync(model, { ...step.pilot, ...(signal ? { signal } : {}) });
  const next = signal?.aborted ? null : secondRun(model, step, pilot);
  return step.finish(next === null ? pilot : await simulateAsync(model, { ...next, ...(signal ? { signal } : {}) }), pilot);
}

type FallbackRun = ReturnType<typeof fallbackRun>;

/** How the fallback simulation's result completes the answer: the pilot run, and the figures it answers. */
interface Fallback {
  readonly pilot: FallbackRun;
  /** The figures the simulation answers (false in the routing: not within the analytic target). */
  readonly route: Routing;
  readonly finish: (sim: SimResult, pilot: SimResult) => Result;
}

/**
 * null when the analytic answer stands; a finished result when a simulation within the budget cannot reach a
 * steady state; else the fallback to run.
 */
function fallbackStep(model: Model, analytic: Result, options: SolveOptions): { readonly result: Result } | Fallback | null {
  const accuracy = analytic.accuracy;
  if (options.method === 'analytic' || !accuracy) return null;
  const pilot = fallbackRun(model);
  if (refusalsDecide(model, analytic)) {
    const all = { mean: false, percentiles: options.percentiles === false, dropRate: false };
    return { pilot, route: all, finish: (sim, first) => refusalResult(model, analytic, accuracy, sim, first, all) };
  }
  if (!analytic.stable) {
    if (!solverStuck(model, analytic)) return null;
    const all = { mean: false, percentiles: options.percentiles === false, dropRate: false };
    return { pilot, route: all, finish: (sim, first) => stuckResult(analytic, accuracy, sim, first) };
  }
  const route = fallbackRouting(analytic, options.percentiles !== false);
  if (route === null) return null;
  const events = fallbackEvents(model, pilot);
  const ceiling = fallbackCeiling(model);
  if (events > ceiling) return { result: beyondBudget(analytic, accuracy, route, events, ceiling) };
  return { pilot, route, finish: (sim, first) => merge(analytic, accuracy, sim, route, first) };
}

/**
 * The relative 95% half-widths of the figures a fallback answers, over FALLBACK_PRECISION (≤ 1: precise
 * enough). A drop rate under the floor is held to the floor: a wide interval around 1e-5 misleads nobody.
 */
function shortfall(sim: SimResult, route: Routing): number {
  const rel = (ci: number | null, x: number | null) => (ci === null || x === null || !(x > 0) ? Infinity : ci / x);
  let worst = 0;
  if (!route.mean) worst = Math.max(worst, rel(sim.ci.mean, sim.latency.mean) / FALLBACK_PRECISION.mean);
  if (!route.percentiles) worst = Math.max(worst, rel(sim.ci.p99, sim.latency.p99) / FALLBACK_PRECISION.percentiles);
  if (!route.dropRate && sim.dropRate + (sim.ci.dropRate ?? 0) >= DROP_RATE_FLOOR) {
    worst = Math.max(worst, rel(sim.ci.dropRate, Math.max(sim.dropRate, DROP_RATE_FLOOR)) / FALLBACK_PRECISION.dropRate);
  }
  return worst;
}

/**
 * The second run when the pilot's half-widths miss FALLBACK_PRECISION: half-widths shrink as 1/√n, so n grows
 * by the shortfall squared, within what FALLBACK_EVENTS leaves after the pilot. null when the pilot is
 * precise enough, unstable, or the cap leaves too little to gain.
 */
function secondRun(model: Model, step: Fallback, pilot: SimResult): FallbackRun | null {
  if (!pilot.stable || pilot.latency.mean === null) return null;
  const short = shortfall(pilot, step.route);
  if (short <= 1) return null;
  const run = step.pilot;
  const perRequest = fallbackEvents(model, run) / (run.replications * run.requests);
  const left = fallbackTotal(model) - fallbackEvents(model, run);
  const affordable = left / perRequest / run.replications;
  // 1.2: the pilot's half-widths come from 5 replications, so they are themselves uncertain; aim a little low.
  // A small shortfall still gets a run of MIN_GROWTH pilots: below that the half-widths would barely move.
  const wanted = Math.max(MIN_GROWTH * run.requests, run.requests * 1.2 * short * short);
  const requests = Math.floor(Math.min(affordable, wanted));
  if (requests < MIN_GROWTH * run.requests) return null;
  return { ...run, requests };
}

/** Events per request: an arrival and a completion per visit, and a CPU hop per visit of a CPU-bound stage. */
function eventsPerRequest(model: Model): number {
  let perRequest = 1;
  for (const stage of model.stages) perRequest += stage.visits * (model.cores !== undefined && stage.cpuBound ? 2 : 1);
  return perRequest;
}

/** A model's pilot budget in events (a function of the model alone) and the engine that spends it. */
function fallbackBudget(model: Model): { events: number; engine: EngineName } {
  const engine = resolveEngine(model, buildNetwork(model), undefined);
  return { events: FALLBACK_PILOT_EVENTS * engineSpeed(engine), engine };
}

const engineSpeed = (engine: EngineName) => (engine === 'recursion' ? RECURSION_SPEED : 1);

/** The pilot run: requests per replication so that the whole run, warm-up included, spends its event budget. */
export function fallbackRun(model: Model): { requests: number; replications: number; seed: number; engine: EngineName } {
  const { events, engine } = fallbackBudget(model);
  const budget = events / eventsPerRequest(model) / FALLBACK_REPLICATIONS;
  // requests + warm-up = budget, the warm-up being a tenth of the requests or a closed loop's fixed burst.
  const burst = defaultWarmup(model, 0);
  const total = Math.min(budget / 1.1, budget - burst);
  const requests = Math.round(Math.max(MIN_REQUESTS_PER_REPLICATION, total));
  return { requests, replications: FALLBACK_REPLICATIONS, seed: FALLBACK_SEED, engine };
}

/** The most a model's pilot may spend (FALLBACK_MAX_EVENTS on the event engine). */
export function fallbackCeiling(model: Model): number {
  return (FALLBACK_MAX_EVENTS / FALLBACK_PILOT_EVENTS) * fallbackBudget(model).events;
}

/** The most pilot and second run may spend together (FALLBACK_EVENTS on the event engine). */
function fallbackTotal(model: Model): number {
  return (FALLBACK_EVENTS / FALLBACK_PILOT_EVENTS) * fallbackBudget(model).events;
}

/**
 * Unstable by an approximation that saturates early while the shared definition (model/capacity.ts) says the
 * queues stay finite: the answer "unstable" would be wrong, so the simulation answers every figure.
 */
function solverStuck(model: Model, analytic: Result): boolean {
  if (model.workload.kind !== 'open' || analytic.offeredRate === null) return false;
  // Retries past the fixed point's trigger hold the attempt rate at capacity: the capacity definition counts
  // original requests only, so it cannot call that early saturation (a short run may not have fallen yet).
  if (instabilityOf(analytic) === 'retries') return false;
  return overloadedPools(model, analytic.offeredRate).length === 0;
}

/**
 * The analytic answer's stability rests on its own, approximate, refusals at a finite queue upstream of a pool
 * the offered rate alone would overload (model/capacity.ts stability): `simulate` would measure those refusals
 * and decide with them, so analyze does the same rather than answer differently.
 */
function refusalsDecide(model: Model, analytic: Result): boolean {
  if (model.workload.kind !== 'open' || analytic.offeredRate === null || analytic.timeline !== undefined) return false;
  return stability(model, analytic.offeredRate, refusalsOf(analytic.stages)).decidedBy.length > 0;
}

function refusalResult(model: Model, analytic: Result, accuracy: ResultAccuracy, sim: SimResult, pilot: SimResult, route: Routing): Result {
  const measured = sim.notes.filter((n) => n.startsWith('stability decided'));
  const why = `simulated: stability rests on refusals the analytic methods only approximate, so it comes from a seeded simulation (${sim.engine} engine, ${sim.replications} × ${sim.requests} requests, seed ${sim.seed})`;
  const kept = analytic.notes.filter((n) => !n.startsWith('unstable:') && !n.startsWith('stability decided'));
  if (sim.stable) {
    const merged = merge({ ...analytic, notes: kept }, accuracy, sim, route, pilot);
    return { ...merged, stable: true, notes: [...merged.notes, why, ...measured] };
  }
  const rate = analytic.offeredRate!;
  return unstableResult(model, {
    method: 'analytic',
    overloaded: stability(model, rate, refusalsOf(sim.stages)).overloaded,
    dropRate: sim.dropRate,
    notes: [...kept, why, ...measured],
    accuracy,
    stages: sim.stages,
    pools: sim.pools,
  });
}

function stuckResult(analytic: Result, accuracy: ResultAccuracy, sim: SimResult, pilot: SimResult): Result {
  if (!sim.stable) return analytic;
  const merged = merge(analytic, accuracy, sim, { mean: false, percentiles: false, dropRate: false }, pilot);
  return {
    ...merged,
    // Every figure is the simulation's: its throughput too (offered × (1 − drops) misses abandonment and counts
    // drops of retried attempts as lost requests).
    throughput: sim.throughput,
    stable: true,
    notes: [
      // 'unstable:' and 'unstable in this method only:' (a queue only impatience bounds, open-network.ts).
      ...merged.notes.filter((n) => !n.startsWith('unstable')),
      'simulated: the analytic methods here saturate before the model does (its queues stay finite by the shared capacity definition), so every figure comes from the seeded simulation',
    ],
  };
}

/** The analysis' words for the SPEC §5 figures it has no method for (MISSING_OVERLOAD_FIGURES), once filled. */
const FILLED_OVERLOAD_FIGURES = 'goodput, timeoutRate, abandonRate, retryRate and wastedWork come from the fallback simulation (metastable stays null)';

/**
 * The SPEC §5 figures of a wholly simulated answer that the analysis had none for (null): the simulation's, as
 * every other figure of it is.
 */
function overloadFigures(analytic: Result, sim: SimResult): Partial<Result> {
  const keys = ['goodput', 'timeoutRate', 'abandonRate', 'retryRate', 'wastedWork'] as const;
  const out: Partial<Record<(typeof keys)[number], number | null>> = {};
  for (const key of keys) if (analytic[key] === null && sim[key] !== undefined) out[key] = sim[key];
  return out;
}

/**
 * A time-driven simulation of the whole schedule (seed 1), as many replications (2 to 5) as fit about
 * SCHEDULE_EVENTS events: a request costs about an arrival plus a completion per stage visit, per attempt.
 */
function scheduleBySimulation(model: Model, analytic: Result): Result {
  const o = model.overload!;
  const horizon = o.horizonSeconds ?? 0;
  let visits = 1;
  for (const stage of model.stages) visits += stage.visits;
  const attempts = o.retry?.attempts ?? 1;
  const perReplication = Math.max(1, (analytic.offeredRate ?? 0) * horizon * visits * Math.min(attempts, 2));
  const replications = Math.max(2, Math.min(FALLBACK_REPLICATIONS, Math.floor(SCHEDULE_EVENTS / perReplication)));
  const sim = simulate(model, { replications, seed: FALLBACK_SEED, engine: 'fast' });
  const refusal = analytic.notes.filter((n) => n.includes('pointwise-stationary'));
  return {
    ...sim,
    notes: [
      ...refusal,
      `simulated: every figure and the timeline from a seeded time-driven simulation (fast engine, ${sim.replications} replications of the ${horizon} s horizon, seed ${sim.seed}; 95% half-widths under ci)`,
      ...sim.notes,
    ],
  };
}

/** Events a fallback run spends, warm-up included. */
export function fallbackEvents(model: Model, run: { requests: number; replications: number }): number {
  return run.replications * (run.requests + defaultWarmup(model, run.requests)) * eventsPerRequest(model);
}

/** Figures beyond the target that a simulation within the budget cannot reach: analytic, with their bands, said. */
function beyondBudget(analytic: Result, accuracy: ResultAccuracy, route: Routing, events: number, ceiling: number): Result {
  const why = [
    !route.mean && band('mean', accuracy.mean),
    !route.percentiles && band('p99', accuracy.percentiles),
    !route.dropRate && band('drop rate', accuracy.dropRate),
  ].filter(Boolean);
  const millions = (n: number) => `${Number((n / 1e6).toPrecision(2))}M`;
  return {
    ...analytic,
    notes: [
      ...analytic.notes,
      `not simulated: the analytic methods here are measured beyond the target (${why.join('; ')}), but a simulation that reaches a steady state needs about ${millions(events)} events, over the fallback's budget of ${millions(ceiling)}${analytic.offeredRate === null ? ' (a closed loop of many clients needs a long warm-up)' : ''}; the figures are analytic, each with its measured band in accuracy (reqpath simulate gives the simulated figures)`,
    ],
  };
}

function simulated(sim: SimResult, ci: number | null): FigureAccuracy {
  return {
    kind: 'simulated',
    method: `seeded simulation (${sim.engine} engine, ${sim.replications} × ${sim.requests} requests, seed ${sim.seed})`,
    ci,
  };
}

/** The half-widths the fallback reached, relative, and how: said in the notes (accuracy carries them absolute). */
function precision(sim: SimResult, route: Routing, pilot: SimResult): string {
  const pct = (ci: number | null, x: number | null) => (ci === null || x === null || !(x > 0) ? 'undetermined' : plusMinusPercent(ci / x));
  const reached = [
    !route.mean && `mean ${pct(sim.ci.mean, sim.latency.mean)}`,
    !route.percentiles && `p99 ${pct(sim.ci.p99, sim.latency.p99)}`,
    !route.dropRate && sim.dropRate >= DROP_RATE_FLOOR && `drop rate ${pct(sim.ci.dropRate, sim.dropRate)}`,
  ].filter(Boolean);
  const aim = `aimed at mean ±${100 * FALLBACK_PRECISION.mean}%, p99 ±${100 * FALLBACK_PRECISION.percentiles}%, drop rate ±${100 * FALLBACK_PRECISION.dropRate}%`;
  const how = sim === pilot ? '' : `, sized from a pilot of ${pilot.replications} × ${pilot.requests} requests`;
  const capped = shortfall(sim, route) > 1 ? `; not reached within the fallback's cap of ${FALLBACK_EVENTS / 1e6}M events` : '';
  return `95% half-widths ${reached.join(', ')} (${aim}${how}${capped})`;
}

/**
 * The figures the simulation was to answer but reached a wider half-width than the analytic band it replaces
 * (near saturation the cap binds first): the analytic figure is then the better-known one and stays, with its
 * band. The bursty tandem (arrival scv 4, ρ up to 0.95): the fallback reached p99 ±15 % (and was +13 %
 * off a 40 M-request run) where the analysis is −1.6 % under a measured band of a few percent.
 */
function tighterAnalytic(accuracy: ResultAccuracy, sim: SimResult, route: Routing): Routing {
  const looser = (f: FigureAccuracy, ci: number | null, value: number | null) =>
    typeof f.errorBand === 'number' && ci !== null && value !== null && value > 0 && ci / value > f.errorBand;
  return {
    mean: route.mean || looser(accuracy.mean, sim.ci.mean, sim.latency.mean),
    percentiles: route.percentiles || looser(accuracy.percentiles, sim.ci.p99, sim.latency.p99),
    dropRate: route.dropRate,
  };
}

function merge(analytic: Result, accuracy: ResultAccuracy, sim: SimResult, planned: Routing, pilot: SimResult): Result {
  if (sim.latency.mean === null) return analytic;
  const route = tighterAnalytic(accuracy, sim, planned);
  const kept = [
    route.mean !== planned.mean && `mean (${plusMinusPercent(accuracy.mean.errorBand!)} against the simulation's ${plusMinusPercent(sim.ci.mean! / sim.latency.mean)})`,
    route.percentiles !== planned.percentiles && `percentiles (p99 ${plusMinusPercent(accuracy.percentiles.errorBand!)} against ${plusMinusPercent(sim.ci.p99! / sim.latency.p99!)})`,
  ].filter(Boolean);
  const keptNote = `analytic, not simulated: ${kept.join(', ')}: the analytic band is the tighter, so those figures stay analytic`;
  if (route.mean && route.percentiles && route.dropRate) return { ...analytic, notes: [...analytic.notes, keptNote] };
  const latency = { ...analytic.latency };
  if (!route.mean) latency.mean = sim.latency.mean;
  if (!route.percentiles) for (const key of PERCENTILE_KEYS) latency[key] = sim.latency[key];
  // Stage and pool figures follow the mean: when it is simulated, so are they (they sum to it).
  const figuresFromSim = !route.mean || !route.dropRate;
  const dropRate = route.dropRate ? analytic.dropRate : sim.dropRate;
  const throughput =
    route.dropRate || analytic.offeredRate === null ? analytic.throughput : analytic.offeredRate * (1 - sim.dropRate);
  const replaced = [!route.mean && 'mean', !route.percentiles && 'percentiles', !route.dropRate && 'drop rate'].filter(Boolean);
  const why = [
    !route.mean && band('mean', accuracy.mean),
    !route.percentiles && band('p99', accuracy.percentiles),
    !route.dropRate && band('drop rate', accuracy.dropRate),
  ].filter(Boolean);
  // SPEC §5 figures the analysis has no method for (null) come from the simulation that ran anyway.
  const filled = overloadFigures(analytic, sim);
  const filledNote = Object.keys(filled).length > 0 ? [`simulated: ${Object.keys(filled).join(', ')} from the same seeded simulation (no analytic method for them here)`] : [];
  return {
    ...analytic,
    ...filled,
    throughput,
    dropRate,
    latency,
    stages: figuresFromSim ? sim.stages : analytic.stages,
    pools: figuresFromSim ? sim.pools.map((p, i) => ({ ...p, method: `simulation (analytic: ${analytic.pools[i]?.method ?? 'n/a'})` })) : analytic.pools,
    notes: [
      ...analytic.notes.map((n) => (filledNote.length > 0 ? n.replace(MISSING_OVERLOAD_FIGURES, FILLED_OVERLOAD_FIGURES) : n)),
      ...(kept.length > 0 ? [keptNote] : []),
      ...filledNote,
      `simulated: ${replaced.join(', ')} from a seeded simulation (${sim.engine} engine, ${sim.replications} × ${sim.requests} requests, seed ${sim.seed}; ${precision(sim, route, pilot)}), because the analytic methods here are measured beyond the target: ${why.join('; ')}`,
    ],
    accuracy: {
      ...accuracy,
      mean: route.mean ? accuracy.mean : simulated(sim, sim.ci.mean),
      percentiles: route.percentiles ? accuracy.percentiles : simulated(sim, sim.ci.p99),
      dropRate: route.dropRate ? accuracy.dropRate : simulated(sim, sim.ci.dropRate),
    },
  };
}

function band(figure: string, f: FigureAccuracy): string {
  const b = f.errorBand;
  return `${figure} by ${f.method} (${b === null || b === undefined ? 'not measured' : plusMinusPercent(b)})`;
}

/** ±x% to two significant figures, without exponent notation (a band of 5.17 is ±520%, not ±5.2e+2%). */
function plusMinusPercent(fraction: number): string {
  return `±${Number((100 * fraction).toPrecision(2))}%`;
}
