/**
 * analyze(model) → Result: the analytic solution (SPEC §3). Pure and allocation-light, so a planner can call
 * it thousands of times a second and the TUI on every key press; pass { percentiles: false } when only
 * means are needed (it skips the transform inversion, the costly part).
 */
import type { Model } from '../model/types.ts';
import type { Result } from '../model/result.ts';
import { analyzeOpen, type AnalyzeOptions } from './open-network.ts';
import { analyzeClosed } from './closed-network.ts';

export type { AnalyzeOptions };

export function analyze(model: Model, options: AnalyzeOptions = {}): Result {
  const workload = model.workload;
  return workload.kind === 'open' ? analyzeOpen(model, workload, options) : analyzeClosed(model, workload, options);
}
