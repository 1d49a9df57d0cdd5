/**
 * A sweep evaluated by simulation, its points simulated in parallel (simulateMany).
 *
 *   sweepSteps ──pass 1: record the point models (means-only analysis as a stand-in)──▶ models
 *   models ──simulateMany (worker threads)──▶ results ──pass 2: sweepSteps fed the results in order──▶ SweepResult
 *
 * A sweep asks for the same models whatever the answers, so the second pass sees the same sequence (checked,
 * model by model), and the sweep logic stays in one place (src/plan/sweep.ts).
 */
import { analyze } from '../analytic/analyze.ts';
import type { Result } from '../model/result.ts';
import type { Model } from '../model/types.ts';
import { runSync } from '../plan/evaluator.ts';
import { sweepSteps, type SweepOptions, type SweepResult } from '../plan/sweep.ts';
import { simulateMany } from '../sim/parallel-many.ts';
import { Interrupted, type LongRunControl, type SimSettings } from './control.ts';

/** Every point of the sweep by simulation; throws Interrupted when the signal stops it. */
export async function sweepBySimulation(
  model: Model,
  options: SweepOptions,
  settings: SimSettings,
  control: LongRunControl = {},
): Promise<SweepResult> {
  const models: Model[] = [];
  runSync(sweepSteps(model, options), (pointModel) => {
    models.push(pointModel);
    return analyze(pointModel, { percentiles: false });
  });
  const what = 'simulating sweep points';
  control.onProgress?.({ done: 0, total: models.length, what });
  const { results, aborted } = await simulateMany(
    models.map((m) => ({ model: m, options: settings })),
    { threads: control.threads, signal: control.signal, runnerFor: control.runnerFor, onDone: (done, total) => control.onProgress?.({ done, total, what }) },
  );
  if (aborted || results.length < models.length) throw new Interrupted(`sweep of ${model.name}`);
  let next = 0;
  return runSync(sweepSteps(model, options), (pointModel): Result => {
    const i = next++;
    if (models[i] === undefined || fingerprint(models[i]!) !== fingerprint(pointModel)) {
      throw new Error('sweep: the second pass asked for other models than the first');
    }
    return results[i]!;
  });
}

/** What a sweep can change in a model: workload, overload keys, pools, service times. */
function fingerprint(model: Model): string {
  return JSON.stringify([model.workload, model.overload ?? null, model.pools, model.stages.map((s) => [s.name, s.pool, s.service.meanSeconds, s.service.scv])]);
}
