/**
 * One door from planning to a solver. Planning and sweeping are written once, as generators that yield the
 * models they want evaluated and receive Results back; a driver feeds them from an Evaluator:
 *
 *   planSteps / sweepSteps ──yield Evaluation──▶ driver ──evaluator(model)──▶ Result ──▶ back into the generator
 *
 * runSync drives with a synchronous evaluator (analytic, or an in-process simulation), so `plan()` and
 * `sweep()` stay plain functions for notebooks and the TUI; runAsync awaits any evaluator (a simulation in a
 * worker), behind `planAsync()` and `sweepAsync()`. The algorithm cannot tell which driver runs it.
 */
import { analyze as analyzeAnalytic } from '../analytic/analyze.ts';
import { analyze } from '../solve/analyze.ts';
import type { PercentileKey, Result } from '../model/result.ts';
import type { Model } from '../model/types.ts';

export interface EvaluationNeeds {
  /**
   * False when only means, drops and stability matter: the analytic solver then skips transform inversion
   * (~20× faster); a list of keys when only those percentiles are read (one quantile search each).
   */
  readonly percentiles: boolean | readonly PercentileKey[];
  /**
   * A search step, not an answer: a faster approximation may stand in (closed networks of many clients use
   * Bard–Schweitzer MVA while searching; the answer is then confirmed with the exact solution).
   */
  readonly screening?: boolean;
  /**
   * An answer, not a search step: the figures `reqpath analyze` prints (src/solve/analyze.ts), where a figure
   * whose analytic method is measured beyond the target comes from a seeded simulation. A plan asks for these
   * only for its answer and the sizing it started from (confirm.ts), a sweep for every point.
   */
  readonly confirm?: boolean;
}

/** Model → Result, synchronous or not. A simulation evaluator returns a Result with `ci` too. */
export type Evaluator = (model: Model, needs: EvaluationNeeds) => Result | Promise<Result>;
export type SyncEvaluator = (model: Model, needs: EvaluationNeeds) => Result;

/** What a planning generator asks for. */
export interface Evaluation {
  readonly model: Model;
  readonly needs: EvaluationNeeds;
}

export type Steps<T> = Generator<Evaluation, T, Result>;

/**
 * The default: the analytic solution, means-only when percentiles are not needed; an answer (needs.confirm) is
 * the public analyze's, with its simulation fallback for the figures no analytic method gets within the target.
 */
export const analyticEvaluator: SyncEvaluator = (model, needs) =>
  needs.confirm
    ? analyze(model, { percentiles: needs.percentiles })
    : analyzeAnalytic(model, {
        percentiles: needs.percentiles,
        ...(needs.screening && model.workload.kind === 'closed' && model.workload.clients > SCREENING_MIN_CLIENTS ? { closedMethod: 'schweitzer' } : {}),
      });

/** Below this population the exact closed solution is cheap enough to search with. */
const SCREENING_MIN_CLIENTS = 1000;

/** Options a simulate(model, options) function takes; mirrors `reqpath simulate`. */
export interface SimulationSettings {
  readonly requests?: number;
  readonly replications?: number;
  readonly seed?: number;
}

/**
 * An evaluator that simulates. The same seed for every model gives common random numbers, so two sizings are
 * compared on the same arrival sequence and a plan does not chase noise (Law & Kelton, "Simulation Modeling
 * and Analysis", §11.2). Takes the simulate function as an argument so plan/ never imports the simulator.
 */
export function simulationEvaluator<O extends SimulationSettings>(
  simulate: (model: Model, options: O) => Result,
  options: O,
): SyncEvaluator {
  return (model) => simulate(model, options);
}

export function runSync<T>(steps: Steps<T>, evaluate: SyncEvaluator): T {
  let next = steps.next();
  while (!next.done) {
    const result: unknown = evaluate(next.value.model, next.value.needs);
    if (result instanceof Promise) {
      throw new TypeError('the evaluator returned a Promise: use planAsync or sweepAsync with an asynchronous evaluator');
    }
    next = steps.next(result as Result);
  }
  return next.value;
}

export async function runAsync<T>(steps: Steps<T>, evaluate: Evaluator): Promise<T> {
  let next = steps.next();
  while (!next.done) next = steps.next(await evaluate(next.value.model, next.value.needs));
  return next.value;
}
