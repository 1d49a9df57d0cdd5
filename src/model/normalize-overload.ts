/**
 * SPEC §5's overload keys (schedule, horizon, timeout, patience, cancel, retry, stages[].queueTimeout):
 * cross-field rules and defaults, after zod has parsed their units. Kept apart from normalize.ts so a model
 * without these keys goes through exactly the path it always did (and gets no `overload` at all).
 */
import { makeServiceDist } from './distribution.ts';
import { messages, type ModelIssue } from './messages.ts';
import { resolveScv } from './normalize.ts';
import type { ParsedModelFile } from './schema.ts';
import type { Model, Overload, ScheduleStep, Segment, Stage } from './types.ts';

/** A schedule with no explicit horizon runs this long past its last step (SPEC §5). */
export const DEFAULT_HORIZON_AFTER_LAST_STEP_SECONDS = 60;

const OVERLOAD_WORKLOAD_KEYS = ['schedule', 'horizon', 'timeout', 'patience', 'cancel', 'retry'] as const;

/** True when the file sets any SPEC §5 key. */
export function hasOverloadKeys(parsed: ParsedModelFile): boolean {
  return OVERLOAD_WORKLOAD_KEYS.some((key) => parsed.workload[key] !== undefined) || parsed.stages.some((s) => s.queueTimeout !== undefined);
}

/**
 * The rate before the first step when the file gives no arrivalRate: a schedule starting at 0 with a
 * positive rate defines it. Undefined when the schedule cannot.
 */
export function scheduleBaseRate(parsed: ParsedModelFile): number | undefined {
  const first = parsed.workload.schedule?.[0];
  return first !== undefined && first.at === 0 && first.rate > 0 ? first.rate : undefined;
}

export function buildOverload(file: string, parsed: ParsedModelFile, issues: ModelIssue[]): Overload | undefined {
  if (!hasOverloadKeys(parsed)) return undefined;
  const w = parsed.workload;
  const closed = w.clients !== undefined;
  let schedule: ScheduleStep[] | null = null;
  if (w.schedule !== undefined) {
    if (closed) issues.push(messages.overloadClosed(file, 'schedule'));
    else if (w.arrivalRate === undefined && scheduleBaseRate(parsed) === undefined) issues.push(messages.scheduleNeedsRate(file));
    w.schedule.forEach((step, i) => {
      const previous = w.schedule![i - 1];
      if (previous !== undefined && !(step.at > previous.at)) issues.push(messages.scheduleOrder(file, i, previous.at, step.at));
    });
    schedule = w.schedule.map((step) => ({ atSeconds: step.at, ratePerSecond: step.rate }));
  }
  let horizonSeconds: number | null = w.horizon ?? null;
  if (schedule !== null) {
    const lastAt = schedule[schedule.length - 1]!.atSeconds;
    if (horizonSeconds !== null && horizonSeconds <= lastAt) issues.push(messages.horizonBeforeSchedule(file, horizonSeconds, lastAt));
    horizonSeconds ??= lastAt + DEFAULT_HORIZON_AFTER_LAST_STEP_SECONDS;
  }
  if (horizonSeconds !== null && closed && w.schedule === undefined) issues.push(messages.overloadClosed(file, 'horizon'));
  let patience = null;
  if (w.patience !== undefined) {
    const distribution = w.patience.distribution ?? 'exponential';
    const scv = resolveScv(file, 'workload.patience', distribution, w.patience.scv, w.patience.k, issues);
    patience = makeServiceDist(distribution, w.patience.mean, scv);
  }
  const r = w.retry;
  if (r !== undefined && r.budget !== undefined && r.attempts < 2) issues.push(messages.budgetWithoutRetries(file));
  return {
    schedule,
    horizonSeconds,
    timeoutSeconds: w.timeout ?? Infinity,
    patience,
    cancel: w.cancel ?? 'queued',
    retry:
      r === undefined
        ? null
        : {
            attempts: r.attempts,
            backoffSeconds: r.backoff ?? 0,
            multiplier: r.multiplier ?? 2,
            jitter: r.jitter ?? 'full',
            budget: r.budget ?? null,
          },
  };
}

/**
 * A queue timeout belongs to a queue: a pure delay has none, and a stage that runs on the thread its
 * segment already holds never waits (only a segment's first stage queues).
 */
export function checkQueueTimeouts(file: string, model: Pick<Model, 'pools'>, stages: readonly Stage[], segments: readonly Segment[], issues: ModelIssue[]): void {
  for (const stage of stages) {
    if (stage.queueTimeoutSeconds === undefined) continue;
    const pool = model.pools.find((p) => p.name === stage.pool);
    if (pool !== undefined && pool.threads === Infinity) {
      issues.push(messages.queueTimeoutNoQueue(file, stage.index, 'A pure delay (threads: "infinite") never queues.'));
      continue;
    }
    const segment = segments.find((g) => g.stageIndices.includes(stage.index));
    if (segment !== undefined && segment.stageIndices[0] !== stage.index) {
      const head = stages[segment.stageIndices[0]!]!.name;
      issues.push(messages.queueTimeoutNoQueue(file, stage.index, `It runs on the thread ${head} already holds (same pool); put queueTimeout on ${head}.`));
    }
  }
}
