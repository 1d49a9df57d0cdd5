/**
 * SPEC §5 behaviour flattened for the event loops, like network.ts does for the plain model: numbers decided
 * once, so the loop never re-reads the model. Null when the model has no overload keys.
 */
import type { ServiceDist } from '../model/distribution.ts';
import type { Model } from '../model/types.ts';

export const JITTER_NONE = 0;
export const JITTER_FULL = 1;
export const JITTER_EQUAL = 2;

/**
 * The retry budget's token bucket holds at most this many seconds of deposits at the base rate (Finagle's
 * RetryBudget keeps a 10 s window likewise): a burst of failures can spend what the last 10 s saved, no more.
 */
export const RETRY_BUDGET_WINDOW_SECONDS = 10;

export interface OverloadNet {
  /** Step times and rates (original requests/s from each step on); empty without a schedule. */
  readonly stepAt: Float64Array;
  readonly stepRate: Float64Array;
  readonly baseRate: number;
  /** Time-driven run length; −1 = run by request count. */
  readonly horizonSeconds: number;
  readonly timeoutSeconds: number;
  readonly patience: ServiceDist | null;
  readonly cancelQueued: boolean;
  /** 1 = no retries. */
  readonly attempts: number;
  readonly backoffSeconds: number;
  readonly multiplier: number;
  readonly jitter: number;
  /** Tokens each original request deposits; −1 = no budget. */
  readonly budget: number;
  readonly budgetCap: number;
  /** Per segment: the queue timeout of its first stage (the one that queues); Infinity = none. */
  readonly segQueueTimeout: Float64Array;
}

export function buildOverloadNet(model: Model): OverloadNet | null {
  const o = model.overload;
  if (o === undefined) return null;
  const w = model.workload;
  const baseRate = w.kind === 'open' ? w.arrivalRatePerSecond : 0;
  const retry = o.retry;
  const budget = retry?.budget ?? -1;
  const deposits = w.kind === 'open' ? baseRate * RETRY_BUDGET_WINDOW_SECONDS : w.clients;
  return {
    stepAt: Float64Array.from(o.schedule ?? [], (s) => s.atSeconds),
    stepRate: Float64Array.from(o.schedule ?? [], (s) => s.ratePerSecond),
    baseRate,
    horizonSeconds: o.horizonSeconds ?? -1,
    timeoutSeconds: o.timeoutSeconds,
    patience: o.patience,
    cancelQueued: o.cancel === 'queued',
    attempts: retry?.attempts ?? 1,
    backoffSeconds: retry?.backoffSeconds ?? 0,
    multiplier: retry?.multiplier ?? 1,
    jitter: retry === null ? JITTER_NONE : retry.jitter === 'full' ? JITTER_FULL : retry.jitter === 'equal' ? JITTER_EQUAL : JITTER_NONE,
    budget,
    budgetCap: Math.max(1, budget * deposits),
    segQueueTimeout: Float64Array.from(model.segments, (g) => model.stages[g.stageIndices[0]!]!.queueTimeoutSeconds ?? Infinity),
  };
}

/** The offered rate of original requests at time t (a piecewise-constant schedule, base rate before it). */
export function rateAt(net: OverloadNet, t: number): number {
  let rate = net.baseRate;
  for (let k = 0; k < net.stepAt.length && net.stepAt[k]! <= t; k++) rate = net.stepRate[k]!;
  return rate;
}

/** The first step time after t, or Infinity. */
export function nextStepAfter(net: OverloadNet, t: number): number {
  for (let k = 0; k < net.stepAt.length; k++) if (net.stepAt[k]! > t) return net.stepAt[k]!;
  return Infinity;
}
