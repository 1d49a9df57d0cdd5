/**
 * Planning a model with SPEC §5 keys. The search itself is plan.ts's; this file decides what it searches on
 * and what it says about it:
 *
 * - a `schedule` is a transient: the plan is for the steady load at the target rate (the schedule and horizon
 *   dropped). Sized out of any bistable region there, the system returns to the good point after any spike;
 * - with retries the SLO is checked at the fixed point of the offered load including retries (the analysis
 *   gives it), and by default a sizing whose load is bistable (a good and a bad point, Result.metastable) is
 *   refused: it meets the SLO only until a spike past the trigger rate;
 * - the "unlimited threads" lower bound uses the thread limit instead of infinite threads: the overload
 *   methods solve a pool with a queue (a pure delay has none to time out or abandon in); so does a CPU-bound
 *   pool under `cores` (unlimitedThreads).
 */
import type { Result } from '../model/result.ts';
import { withoutSchedule } from '../model/edit.ts';
import type { Model } from '../model/types.ts';
import type { SloTarget } from './slo.ts';

/** 'avoid' (default): a bistable sizing misses the SLO; 'allow': bounds are read at the good point only. */
export type MetastablePolicy = 'avoid' | 'allow';

function rate(perSecond: number): string {
  return `${Number(perSecond.toPrecision(4))}/s`;
}

/** The model the planner searches on: steady at its own rate when it has a schedule; notes say so. */
export function steadyForPlanning(model: Model, notes: string[]): Model {
  const o = model.overload;
  if (o === undefined || (o.schedule === null && o.horizonSeconds === null)) return model;
  if (o.schedule !== null && model.workload.kind === 'open') {
    const peak = Math.max(...o.schedule.map((s) => s.ratePerSecond));
    notes.push(
      `schedule: planned for the steady load (${rate(model.workload.arrivalRatePerSecond)} before the first step, or the target rate); ` +
        `the schedule's peak of ${rate(peak)} is a transient: a sizing with no bistable region at the steady load recovers after it`,
    );
  }
  return withoutSchedule(model);
}

export function hasRetries(model: Model): boolean {
  return (model.overload?.retry?.attempts ?? 1) > 1;
}

/** The SLO with "not bistable" added where the model retries and the policy is 'avoid'. */
export function withMetastablePolicy(model: Model, slo: SloTarget, policy: MetastablePolicy | undefined): SloTarget {
  return hasRetries(model) && policy !== 'allow' ? { ...slo, avoidMetastable: true } : slo;
}

/**
 * Threads the lower-bound evaluation gives a resizable pool: infinite, or the cap where infinite would change
 * more than the waiting. The overload methods solve a pool with a queue (a pure delay has none to time out or
 * abandon in); and a pool of infinite threads is a pure delay, off the cores (model/capacity.ts isCpuStage), so
 * for a pool running CPU-bound work under `cores` it would also take that work off the CPU: on
 * models/acceptor-workers.yaml an unlimited accept raised capacity 11,268 → 11,429/s and cut p99 at 98% load
 * by a fifth, through the freed CPU, not the accept queue (its wait is microseconds).
 */
export function unlimitedThreads(model: Model, pool: string, cap: number): number {
  if (model.overload !== undefined) return cap;
  const onCores = model.cores !== undefined && model.stages.some((s) => s.pool === pool && s.cpuBound);
  return onCores ? cap : Infinity;
}

/**
 * Attempts per second if every attempt timed out (retries capped by the budget): what a backlog left by a spike
 * generates while it drains. Capacity above it is the slowest the backlog can drain.
 */
function worstAttemptRate(model: Model, offered: number): number {
  const retry = model.overload?.retry;
  if (!retry) return offered;
  const retries = retry.attempts - 1;
  return offered * (1 + (retry.budget === null ? retries : Math.min(retry.budget, retries)));
}

/** What the plan says about bistability: of the current sizing, and of the planned one. */
export function metastableNotes(model: Model, before: Result, after: Result | null, policy: MetastablePolicy | undefined): string[] {
  const notes: string[] = [];
  const describe = (m: NonNullable<Result['metastable']>) =>
    `bistable at ${rate(before.offeredRate ?? after?.offeredRate ?? 0)}: a good point (goodput ${rate(m.points[0]!.goodput)}) and a bad one (goodput ${rate(m.points[1]!.goodput)}) both hold from ${rate(m.sustainRate)} up to the trigger ${rate(m.triggerRate)}`;
  if (before.metastable) notes.push(`metastable: the current sizing is ${describe(before.metastable)}; a spike past the trigger leaves it at the bad point`);
  if (after?.metastable) {
    notes.push(
      policy === 'allow'
        ? `metastable: the planned sizing is ${describe(after.metastable)}; its SLO holds at the good point only (allowed by --allow-metastable)`
        : 'metastable: the planned sizing is still bistable; report it as a bug',
    );
  } else if (after && before.metastable && policy !== 'allow') {
    notes.push('metastable: the planned sizing is out of the bistable region (the bad point cannot hold at this load), so it recovers after any spike');
  }
  const offered = after?.offeredRate ?? null;
  if (after && hasRetries(model) && !after.metastable && offered !== null && after.maxThroughput !== null) {
    const worst = worstAttemptRate(model, offered);
    const drain = after.maxThroughput - worst;
    if (drain > 0) {
      notes.push(
        `recovery: a backlog left by a spike drains at ${rate(drain)} or faster (capacity ${rate(after.maxThroughput)} less ${rate(worst)}, the attempts if every one timed out); a spike that leaves N requests queued clears within about N / ${Number(drain.toPrecision(4))} seconds`,
      );
    }
  }
  if (after && (after.goodput === null || after.timeoutRate === null)) {
    notes.push('overload: no analytic method gives goodput and timeoutRate for this model (see the analysis notes); bounds on them cannot be met analytically');
  }
  return notes;
}
