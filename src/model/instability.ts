/**
 * What `stable: false` means for a given Result, in words a reader can act on. SPEC §3 gives it one meaning
 * (the queues do not stay bounded), reached three ways that call for different actions:
 *
 * - overloaded: the offered load reaches the bottleneck's capacity; steady-state latency is infinite (null);
 * - retries: the offered load fits, but retries of timed-out attempts hold the attempt rate at capacity (the
 *   retry fixed point's saturated state); latency is infinite as well;
 * - not recovered: a time-driven run (a schedule or horizon) whose backlog was still growing at the horizon.
 *   Its latency is finite and real: that of the requests completed within the horizon. Nothing "is ∞" there.
 */
import { capacity } from './capacity.ts';
import type { Result } from './result.ts';
import type { Model } from './types.ts';

export type Instability = 'overloaded' | 'retries' | 'not-recovered';

export function instabilityOf(result: Pick<Result, 'stable' | 'timeline' | 'offeredRate' | 'maxThroughput' | 'retryRate'>): Instability | null {
  if (result.stable) return null;
  if (result.timeline !== undefined) return 'not-recovered';
  const fits = result.offeredRate !== null && result.maxThroughput !== null && result.offeredRate < result.maxThroughput;
  return fits && (result.retryRate ?? 0) > 0 ? 'retries' : 'overloaded';
}

/** One sentence: what happened and what the latency figures are. */
export function describeInstability(kind: Instability): string {
  switch (kind) {
    case 'overloaded':
      return 'the offered load reaches the bottleneck capacity; queues and latency grow without bound';
    case 'retries':
      return 'the offered load fits, but retries of timed-out attempts hold the attempt rate at capacity; queues and latency grow without bound';
    case 'not-recovered':
      return "the time-driven run's backlog was still growing at the horizon; latency is that of the requests completed within it";
  }
}

/**
 * The resource that binds an unstable answer when it is not the one of smallest capacity (capacity.ts
 * overloadOutcome: a pool that refuses or sheds what it cannot take never grows, so a pool behind it binds);
 * null otherwise. Lets a reader see both: `maxThroughput` is the smallest capacity, `bottleneck` what binds.
 */
export function bindsElsewhere(model: Model, result: Pick<Result, 'stable' | 'bottleneck'>): { readonly binds: string; readonly smallest: string } | null {
  if (result.stable || result.bottleneck === null) return null;
  const smallest = capacity(model).bottleneck;
  return smallest !== null && smallest !== result.bottleneck ? { binds: result.bottleneck, smallest } : null;
}
