/**
 * A plan refined by simulation: search analytically (thousands of evaluations a second), then let the
 * simulator correct the sizing from there: greedy additions while it misses, single removals while it holds.
 * Headroom stays analytic: a bisection by simulation would cost ~20 runs per sizing.
 *
 *   plan (analytic) ──threads──▶ planAsync(startFrom, localSearch 'removals', evaluator: simulateAsync) ──▶ PlanResult
 *
 * The refinement's evaluations follow one another (each depends on the last), so the parallelism is inside
 * each simulation: simulateAsync spreads the replications over worker threads when the run is long enough.
 */
import type { Model } from '../model/types.ts';
import { plan, planAsync, type PlanOptions, type PlanResult } from '../plan/plan.ts';
import { simulateAsync } from '../sim/simulate.ts';
import { Interrupted, type LongRunControl, type SimSettings } from './control.ts';
import { analyze } from '../analytic/analyze.ts';
import type { Result } from '../model/result.ts';
import { hasRetries } from '../plan/overload-plan.ts';

/**
 * A simulation starts empty and reports the operating point it finds (always metastable: null); whether a bad
 * point holds too comes from the analysis, so the refinement cannot step back into a bistable sizing.
 */
function withAnalyticMetastability(model: Model, simulated: Result): Result {
  if (!hasRetries(model) || simulated.metastable !== null) return simulated;
  const metastable = analyze(model, { percentiles: false }).metastable;
  return metastable ? { ...simulated, metastable } : simulated;
}

export async function planBySimulation(
  model: Model,
  options: PlanOptions,
  settings: SimSettings,
  control: LongRunControl = {},
): Promise<PlanResult> {
  const analytic = plan(model, options);
  if (!analytic.threads) return { ...analytic, notes: [...analytic.notes, 'infeasible analytically, so not simulated'] };
  const what = 'simulating candidate sizings';
  let runs = 0;
  control.onProgress?.({ done: 0, total: null, what });
  const refined = await planAsync(model, {
    ...options,
    startFrom: analytic.threads,
    localSearch: 'removals',
    headroom: false,
    evaluator: async (candidate) => {
      if (control.signal?.aborted) throw new Interrupted(`plan of ${model.name}`);
      const result = await simulateAsync(candidate, {
        ...settings,
        signal: control.signal,
        ...(control.threads !== undefined ? { workers: control.threads } : {}),
        // Each candidate sizing is its own point of the distributed run.
        ...(control.runnerFor ? { replicationRunner: control.runnerFor(runs) } : {}),
      });
      // A simulation cut short is not an answer a plan can stand on.
      if (control.signal?.aborted) throw new Interrupted(`plan of ${model.name}`);
      control.onProgress?.({ done: ++runs, total: null, what });
      return withAnalyticMetastability(candidate, result);
    },
  });
  const requests = settings.requests ?? 'default';
  const replications = settings.replications ?? 'default';
  return {
    ...refined,
    headroom: analytic.headroom,
    plannedHeadroom: null,
    evaluations: analytic.evaluations + refined.evaluations,
    notes: [
      ...refined.notes,
      `searched analytically (${analytic.totals.threadsAfter} threads), then refined by simulation: ${refined.evaluations} runs of ${requests} requests × ${replications} replications, seed ${settings.seed ?? 1}`,
      'headroom of the current sizing is analytic',
      ...(hasRetries(model) ? ['metastable (bistability) of each simulated sizing is from the retry fixed point: a simulation from an empty start sees only the good point'] : []),
    ],
  };
}
