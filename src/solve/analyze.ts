/**
 * The public analyze: the analytic solution, never silently wrong. Each figure whose method is measured beyond
 * the target (accuracy.ts: 5% for the mean and percentiles, 10% for a drop rate of at least 0.1%) is answered
 * instead from a short seeded simulation of the whole model, and the result says so, figure by figure, in
 * `accuracy` and `notes`.
 *
 *   model ──analytic analyze──▶ Result + accuracy ──routeAccuracy──▶ all within target? ──yes──▶ Result
 *                                                                        └─no──▶ simulate (fixed event budget,
 *                                                                                seed 1) ──merge──▶ Result
 *
 * The simulation's size is a fixed number of events (FALLBACK_EVENTS, warm-up included), not a wall-clock
 * budget, so the same model gives the same JSON on any machine; on the 2-core build machine it takes well under
 * the stated 2 s. A model that cannot be simulated to a steady state within twice its budget (a closed loop
 * of many clients needs a warm-up of ~3 issues per client; hundreds of stages make every request long) keeps
 * its analytic figures with their measured bands, and a note says why.
 * Capacity, bottleneck and stability come from the one shared definition (model/capacity.ts) either way.
 *
 * This lives above analytic/ and sim/ (it uses both); planners search with the pure analytic entry
 * (analytic/analyze.ts) and confirm with this one.
 */
import type { FigureAccuracy, Result, ResultAccuracy } from '../model/result.ts';
import { PERCENTILE_KEYS } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { analyze as analyzeAnalytic, type AnalyzeOptions } from '../analytic/analyze.ts';
import { fallbackRouting, type Routing } from '../analytic/accuracy.ts';
import { defaultWarmup, simulate, simulateAsync } from '../sim/simulate.ts';
import type { EngineName, SimResult } from '../sim/types.ts';
import { resolveEngine } from '../sim/engines.ts';
import { buildNetwork } from '../sim/network.ts';
import { capacity, overloadedPools } from '../model/capacity.ts';

export interface SolveOptions extends AnalyzeOptions {
  /**
   * 'auto' (default): analytic, with a simulation for the figures no analytic method gets within the target.
   * 'analytic': the pure analytic answer, whatever its band (what planners search with).
   */
  readonly method?: 'auto' | 'analytic';
}

/**
 * Events (arrivals plus completions, warm-up included) the fallback simulation spends at low load on the event
 * engine: ~0.3 s on the 2-core build machine. Near saturation a run of that size is too noisy to hold 5% (at
 * ρ 0.94 its p99 half-width reached 12%), so the budget grows with load, and the departure recursion, which
 * runs the same events about 2.5× faster, gets that many more.
 */
export const FALLBACK_EVENTS = 1_500_000;
/** The most a fallback may spend at low load on the event engine (twice FALLBACK_EVENTS; fallbackCeiling scales it as the budget); beyond it, no simulation. */
export const FALLBACK_MAX_EVENTS = 2 * FALLBACK_EVENTS;
export const FALLBACK_REPLICATIONS = 5;
export const FALLBACK_SEED = 1;
/** The budget grows as ((1 − 0.8) / (1 − ρ))² past ρ 0.8, up to this factor (~1 s of the event engine). */
const FALLBACK_LOAD_GROWTH = 3;
const RECURSION_SPEED = 2.5;
const MIN_REQUESTS_PER_REPLICATION = 20_000;
const MAX_REQUESTS_PER_REPLICATION = 1_000_000;

export function analyze(model: Model, options: SolveOptions = {}): Result {
  const analytic = analyzeAnalytic(model, options);
  // A schedule the pointwise-stationary approximation refused (no timeline): the whole answer is simulated.
  if (options.method !== 'analytic' && model.overload?.schedule != null && analytic.timeline === undefined) return scheduleBySimulation(model, analytic);
  const step = fallbackStep(model, analytic, options);
  if (step === null) return analytic;
  return 'result' in step ? step.result : step.finish(simulate(model, fallbackRun(model)));
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
  return step.finish(await simulateAsync(model, { ...fallbackRun(model), ...(signal ? { signal } : {}) }));
}

/**
 * null when the analytic answer stands; a finished result when a simulation within the budget cannot reach a
 * steady state; else how the fallback simulation's result completes the answer.
 */
function fallbackStep(
  model: Model,
  analytic: Result,
  options: SolveOptions,
): { readonly result: Result } | { readonly finish: (sim: SimResult) => Result } | null {
  const accuracy = analytic.accuracy;
  if (options.method === 'analytic' || !accuracy) return null;
  if (!analytic.stable) return solverStuck(model, analytic) ? { finish: (sim) => stuckResult(analytic, accuracy, sim) } : null;
  const route = fallbackRouting(analytic, options.percentiles !== false);
  if (route === null) return null;
  const events = fallbackEvents(model, fallbackRun(model));
  const ceiling = fallbackCeiling(model);
  if (events > ceiling) return { result: beyondBudget(analytic, accuracy, route, events, ceiling) };
  return { finish: (sim) => merge(analytic, accuracy, sim, route) };
}

/** Events per request: an arrival and a completion per visit, and a CPU hop per visit of a CPU-bound stage. */
function eventsPerRequest(model: Model): number {
  let perRequest = 1;
  for (const stage of model.stages) perRequest += stage.visits * (model.cores !== undefined && stage.cpuBound ? 2 : 1);
  return perRequest;
}

/** A model's fallback budget in events (a function of the model alone) and the engine that spends it. */
function fallbackBudget(model: Model): { events: number; engine: EngineName } {
  const engine = resolveEngine(model, buildNetwork(model), undefined);
  const { maxThroughput } = capacity(model);
  const rate = model.workload.kind === 'open' ? model.workload.arrivalRatePerSecond : null;
  const rho = rate !== null && maxThroughput !== null ? Math.min(0.99, rate / maxThroughput) : 0;
  const growth = rho <= 0.8 ? 1 : Math.min(FALLBACK_LOAD_GROWTH, ((1 - 0.8) / (1 - rho)) ** 2);
  return { events: FALLBACK_EVENTS * growth * (engine === 'recursion' ? RECURSION_SPEED : 1), engine };
}

/** Requests per replication so that the whole run, warm-up included, spends its event budget. */
export function fallbackRun(model: Model): { requests: number; replications: number; seed: number; engine: EngineName } {
  const { events, engine } = fallbackBudget(model);
  const budget = events / eventsPerRequest(model) / FALLBACK_REPLICATIONS;
  // requests + warm-up = budget, the warm-up being a tenth of the requests or a closed loop's fixed burst.
  const burst = defaultWarmup(model, 0);
  const total = Math.min(budget / 1.1, budget - burst);
  const requests = Math.round(Math.min(MAX_REQUESTS_PER_REPLICATION, Math.max(MIN_REQUESTS_PER_REPLICATION, total)));
  return { requests, replications: FALLBACK_REPLICATIONS, seed: FALLBACK_SEED, engine };
}

/** The most a model's fallback may spend: twice its budget (FALLBACK_MAX_EVENTS at low load on the event engine). */
export function fallbackCeiling(model: Model): number {
  return (FALLBACK_MAX_EVENTS / FALLBACK_EVENTS) * fallbackBudget(model).events;
}

/**
 * Unstable by an approximation that saturates early while the shared definition (model/capacity.ts) says the
 * queues stay finite: the answer "unstable" would be wrong, so the simulation answers every figure.
 */
function solverStuck(model: Model, analytic: Result): boolean {
  if (model.workload.kind !== 'open' || analytic.offeredRate === null) return false;
  return overloadedPools(model, analytic.offeredRate).length === 0;
}

function stuckResult(analytic: Result, accuracy: ResultAccuracy, sim: SimResult): Result {
  if (!sim.stable) return analytic;
  const merged = merge(analytic, accuracy, sim, { mean: false, percentiles: false, dropRate: false });
  return {
    ...merged,
    stable: true,
    notes: [
      ...merged.notes.filter((n) => !n.startsWith('unstable:')),
      'simulated: the analytic methods here saturate before the model does (its queues stay finite by the shared capacity definition), so every figure comes from the seeded simulation',
    ],
  };
}

/**
 * A time-driven simulation of the whole schedule (seed 1), as many replications (2 to 5) as fit about
 * FALLBACK_EVENTS events: a request costs about an arrival plus a completion per stage visit, per attempt.
 */
function scheduleBySimulation(model: Model, analytic: Result): Result {
  const o = model.overload!;
  const horizon = o.horizonSeconds ?? 0;
  let visits = 1;
  for (const stage of model.stages) visits += stage.visits;
  const attempts = o.retry?.attempts ?? 1;
  const perReplication = Math.max(1, (analytic.offeredRate ?? 0) * horizon * visits * Math.min(attempts, 2));
  const replications = Math.max(2, Math.min(FALLBACK_REPLICATIONS, Math.floor(FALLBACK_EVENTS / perReplication)));
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

function merge(analytic: Result, accuracy: ResultAccuracy, sim: SimResult, route: Routing): Result {
  if (sim.latency.mean === null) return analytic;
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
  return {
    ...analytic,
    throughput,
    dropRate,
    latency,
    stages: figuresFromSim ? sim.stages : analytic.stages,
    pools: figuresFromSim ? sim.pools.map((p, i) => ({ ...p, method: `simulation (analytic: ${analytic.pools[i]?.method ?? 'n/a'})` })) : analytic.pools,
    notes: [
      ...analytic.notes,
      `simulated: ${replaced.join(', ')} from a seeded simulation (${sim.engine} engine, ${sim.replications} × ${sim.requests} requests, seed ${sim.seed}; 95% half-widths in accuracy), because the analytic methods here are measured beyond the target: ${why.join('; ')}`,
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
  return `${figure} by ${f.method} (${b === null || b === undefined ? 'not measured' : `±${(100 * b).toPrecision(2)}%`})`;
}
