/**
 * The overload keys the TUI can switch off and on again, as typed edits of the model (what `--set` would write):
 * retries (attempts → 1, the same as --set workload.retry.attempts=1), timeouts (the client timeout and every
 * stage's queueTimeout), and the schedule (the steady load at the rate before its first step).
 *
 * The screen analyses steady states, so a schedule starts off: analyze has no method for a time-varying load
 * and would leave goodput and the rest null; `w` puts it back (then only `s`, a simulation, has those figures).
 */
import type { Model } from '../model/types.ts';

export type Switch = 'retries' | 'timeouts' | 'schedule';
export const SWITCHES: readonly Switch[] = ['retries', 'timeouts', 'schedule'];

/** Which switches are off; a switch the model has nothing for is never off. */
export type SwitchesOff = Readonly<Record<Switch, boolean>>;
export const ALL_ON: SwitchesOff = { retries: false, timeouts: false, schedule: false };

/** Whether the model has anything for the switch to turn off. */
export function hasSwitch(model: Model, which: Switch): boolean {
  const o = model.overload;
  if (o === undefined) return false;
  switch (which) {
    case 'retries':
      return o.retry !== null && o.retry.attempts > 1;
    case 'timeouts':
      return o.timeoutSeconds !== Infinity || model.stages.some((s) => s.queueTimeoutSeconds !== undefined);
    case 'schedule':
      return o.schedule !== null;
  }
}

/** How the TUI starts: everything as loaded, except a schedule (see above). */
export function initialSwitches(model: Model): SwitchesOff {
  return { ...ALL_ON, schedule: hasSwitch(model, 'schedule') };
}

export function withSwitches(model: Model, off: SwitchesOff): Model {
  const o = model.overload;
  if (o === undefined || !SWITCHES.some((s) => off[s])) return model;
  let edited: Model = {
    ...model,
    overload: {
      ...o,
      ...(off.retries && o.retry !== null ? { retry: { ...o.retry, attempts: 1 } } : {}),
      ...(off.timeouts ? { timeoutSeconds: Infinity } : {}),
      // The horizon goes with the schedule: without it a run is counted in requests again, like any steady model.
      ...(off.schedule ? { schedule: null, horizonSeconds: null } : {}),
    },
  };
  if (off.timeouts && model.stages.some((s) => s.queueTimeoutSeconds !== undefined)) {
    edited = { ...edited, stages: edited.stages.map(({ queueTimeoutSeconds: _off, ...stage }) => stage) };
  }
  return edited;
}
