/**
 * Closed workloads (clients + think time). Placeholder until exact load-dependent MVA lands (issue 3).
 */
import type { ClosedWorkload, Model } from '../model/types.ts';
import type { Result } from '../model/result.ts';
import type { AnalyzeOptions } from './open-network.ts';

export class UnsupportedModelError extends Error {
  override name = 'UnsupportedModelError';
}

export function analyzeClosed(model: Model, _workload: ClosedWorkload, _options: AnalyzeOptions = {}): Result {
  throw new UnsupportedModelError(`${model.name}: closed workloads (clients) are not solved analytically yet; use arrivalRate`);
}
