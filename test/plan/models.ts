import { parseModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/types.ts';

export interface StageSpec {
  service: number;
  threads: number | 'infinite';
  queueCapacity?: number;
  distribution?: string;
  scv?: number;
}

/** An open tandem model written as a user would, through the public edge (stages s0, s1, …). */
export function tandem(rate: number, stages: StageSpec[], slo?: Record<string, unknown>): Model {
  return parseModel(
    JSON.stringify({
      name: 'tandem',
      workload: { arrivalRate: rate },
      stages: stages.map((s, i) => ({ name: `s${i}`, ...s })),
      ...(slo ? { slo } : {}),
    }),
  );
}
