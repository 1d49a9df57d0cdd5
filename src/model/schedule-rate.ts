/**
 * The offered rate of a workload with a SPEC §5 schedule: the time average of the original requests' rate over
 * the horizon (what `offeredRate` reports), and the schedule scaled to another such average with its shape kept
 * (each step in proportion), so "more traffic" means the same day at a higher volume.
 */
import type { Model, ScheduleStep } from './types.ts';

/** Time average over [0, horizon] of the piecewise-constant rate (arrivalRate before the first step); null without a schedule. */
export function scheduledMeanRate(model: Model): number | null {
  const o = model.overload;
  const w = model.workload;
  if (o?.schedule == null || o.horizonSeconds === null || w.kind !== 'open') return null;
  const horizon = o.horizonSeconds;
  let area = 0;
  let start = 0;
  let rate = w.arrivalRatePerSecond;
  for (const step of o.schedule) {
    const at = Math.min(horizon, step.atSeconds);
    if (at > start) area += rate * (at - start);
    start = Math.max(start, at);
    rate = step.ratePerSecond;
  }
  area += rate * Math.max(0, horizon - start);
  return horizon > 0 ? area / horizon : w.arrivalRatePerSecond;
}

/** Every rate of the schedule (and the base rate before it) times factor. */
export function scaledSchedule(schedule: readonly ScheduleStep[], factor: number): ScheduleStep[] {
  return schedule.map((step) => ({ ...step, ratePerSecond: step.ratePerSecond * factor }));
}
