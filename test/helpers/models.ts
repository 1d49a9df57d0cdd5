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

/**
 * A loss pool most requests skip ahead of the pool that binds (issue: an unstable answer's throughput): `front`,
 * one thread of 5 ms, no waiting room, visited by 30 % (capacity 1/(0.3 · 5 ms) = 667/s), then `back`, one
 * thread of `backService`, at 1000/s offered.
 */
export function lossAheadModel(backService: string): Model {
  return parseModel(
    JSON.stringify({
      name: 'lossy',
      workload: { arrivalRate: 1000 },
      stages: [
        { name: 'front', service: '5ms', threads: 1, queueCapacity: 0, visits: 0.3 },
        { name: 'back', service: backService, threads: 1 },
      ],
    }),
  );
}
