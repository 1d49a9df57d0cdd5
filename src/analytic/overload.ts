/**
 * SPEC §5 in the analysis: which overload figures a method gives, and for the rest a note saying what is
 * missing and that `simulate` gives it. Never drops the keys silently: every overload key the model sets is
 * either analysed or named in `notes`.
 */
import type { Result, ResultAccuracy } from '../model/result.ts';
import type { Model, Overload } from '../model/types.ts';
import { impatientCase, impatientResult, retryCase, retryResult } from './overload-exact.ts';
import { pointwiseStationary } from './pointwise-stationary.ts';
import type { AnalyzeOptions } from './open-network.ts';

/** How the figures no method covers are said to be missing (the public analyze rewrites it when it fills them). */
export const MISSING_OVERLOAD_FIGURES = 'goodput, timeoutRate, abandonRate, retryRate, wastedWork and metastable are missing (null): simulate gives them';

/** The overload keys a model sets, as the user wrote them. */
export function overloadKeysSet(model: Model): string[] {
  const o = model.overload;
  if (o === undefined) return [];
  const keys: string[] = [];
  if (o.schedule !== null) keys.push('schedule');
  if (o.horizonSeconds !== null && o.schedule === null) keys.push('horizon');
  if (o.timeoutSeconds !== Infinity) keys.push('timeout');
  if (o.patience !== null) keys.push('patience');
  if (o.retry !== null) keys.push('retry');
  for (const stage of model.stages) if (stage.queueTimeoutSeconds !== undefined) keys.push(`stages.${stage.name}.queueTimeout`);
  return keys;
}

function describe(o: Overload): string {
  return o.schedule !== null
    ? `the steady state at the rate before the first schedule step`
    : 'the steady state without them';
}

/** Adds the SPEC §5 fields to an analytic result for a model with overload keys. */
export function withOverloadFigures(model: Model, result: Result, options: AnalyzeOptions = {}): Result {
  const o = model.overload;
  if (o === undefined) return result;
  let refusal: string | null = null;
  if (o.schedule !== null) {
    const psa = pointwiseStationary(model, options);
    if ('result' in psa) return psa.result;
    refusal = psa.refused;
  }
  const exact = impatientCase(model);
  if (exact !== null) return impatientResult(model, result, exact);
  const retries = retryCase(model);
  if (retries !== null) return retryResult(model, retries);
  const keys = overloadKeysSet(model);
  if (retriesNeverFire(model, keys)) return withInertRetries(result);
  const notes = [...result.notes];
  if (keys.length > 0) {
    notes.push(
      `overload: no analytic method for ${keys.join(', ')} in this model; latency, throughput and stage figures are ${describe(o)}; ` +
        MISSING_OVERLOAD_FIGURES,
    );
  }
  if (refusal !== null) notes.push(`overload: schedule: the pointwise-stationary approximation is refused: ${refusal}; simulate gives the timeline`);
  const accuracy = keys.length > 0 && result.accuracy ? ignoring(result.accuracy, keys, result.latency.mean !== null) : result.accuracy;
  return { ...result, notes, ...(accuracy ? { accuracy } : {}), goodput: null, timeoutRate: null, abandonRate: null, retryRate: null, wastedWork: null, metastable: null };
}

/**
 * Figures of the steady state without the overload keys are not the model's: whatever the plain method's band,
 * the keys' effect is unmeasured (the public analyze answers them from its simulation, which has the keys).
 * Latency that is not given (null: that steady state does not exist) keeps saying so.
 */
function ignoring(accuracy: ResultAccuracy, keys: readonly string[], latencyGiven: boolean): ResultAccuracy {
  const figure = { kind: 'approximation', method: `the steady state without ${keys.join(', ')} (their effect is not analysed)`, errorBand: null } as const;
  const latency = latencyGiven ? figure : undefined;
  return { ...accuracy, mean: latency ?? accuracy.mean, percentiles: latency ?? accuracy.percentiles, dropRate: figure };
}

/**
 * Retries with nothing to retry: no timeout, patience or queue timeout, and no finite queue to drop at. No
 * attempt fails, so the model is its plain self and the SPEC §5 figures follow exactly.
 */
function retriesNeverFire(model: Model, keys: readonly string[]): boolean {
  return keys.length === 1 && keys[0] === 'retry' && model.pools.every((p) => p.queueCapacity === Infinity);
}

function withInertRetries(result: Result): Result {
  return {
    ...result,
    notes: [...result.notes, 'overload: retry never fires here (no timeout, patience, queue timeout or finite queue: no attempt fails), so every figure is the plain model\'s; goodput = throughput'],
    goodput: result.throughput,
    timeoutRate: 0,
    abandonRate: 0,
    retryRate: 0,
    wastedWork: 0,
    metastable: null,
  };
}
