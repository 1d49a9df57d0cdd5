import { parseModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/types.ts';

export interface QueueSpec {
  rate: number;
  service: number;
  threads: number | 'infinite';
  queueCapacity?: number;
  visits?: number;
}

/** A one-stage (or tandem) open model as a user would write it, parsed through the public edge. */
export function openModel(stages: QueueSpec[], extra: Record<string, unknown> = {}): Model {
  const rate = stages[0]!.rate;
  const doc = {
    name: 'test',
    workload: { arrivalRate: rate, ...((extra.workload as object) ?? {}) },
    stages: stages.map((s, i) => ({
      name: `s${i}`,
      service: s.service,
      threads: s.threads,
      ...(s.queueCapacity !== undefined ? { queueCapacity: s.queueCapacity } : {}),
      ...(s.visits !== undefined ? { visits: s.visits } : {}),
    })),
  };
  return parseModel(JSON.stringify(doc));
}
