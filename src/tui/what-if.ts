/**
 * The what-if state of the TUI as a pure reducer: the model as loaded (file plus --rate/--set/--var), the user's
 * edits on it (variable values, load as a percentage of the file's, threads per pool, overload switches), the
 * edited model and its analytic answer. Every action that changes the model re-runs the analytic `analyze`
 * (about 2 ms for the six-stage model), so the screen always shows the answer for exactly what it displays; where
 * the public analyze would answer some figure from a simulation instead, hooks/use-analysis.ts confirms it.
 * A variable step re-loads the model from its document (expressions are evaluated only when a model loads).
 * Pure, so it is tested without React.
 */
import { fallbackRouting } from '../analytic/accuracy.ts';
import { analyze } from '../analytic/analyze.ts';
import { formatIssue } from '../model/messages.ts';
import { withArrivalRate, withClients, withThreads } from '../model/edit.ts';
import type { Result } from '../model/result.ts';
import { scheduledMeanRate } from '../model/schedule-rate.ts';
import type { Model } from '../model/types.ts';
import { ALL_ON, hasSwitch, initialSwitches, withSwitches, type Switch, type SwitchesOff } from './overload-switches.ts';
import { assignment, NO_VARIABLES, showValue, valueAfter, variablesOf, type ModelSource, type Variables } from './variables.ts';

/** What ↑↓ and +/- act on: the stage table or the variables (Tab switches). */
export type Focus = 'stages' | 'variables';

export interface WhatIfState {
  /** The model as loaded: `r` returns here. */
  readonly base: Model;
  /** Where `base` came from, to load it again with other variable values; absent when only a Model was given. */
  readonly source: ModelSource | undefined;
  /** The document's variables as loaded. */
  readonly variables: Variables;
  /** Presses of + (positive) or − per variable, by name. */
  readonly varSteps: Readonly<Record<string, number>>;
  /** `base` re-loaded with the variable values; `base` itself while no variable is changed. */
  readonly varBase: Model;
  /** `varBase` with the edits below applied; the same object as `base` until an edit changes it. */
  readonly model: Model;
  /** The analytic answer for `model`. */
  readonly result: Result;
  /** True when the public analyze answers some figure of `result` from a simulation instead (use-analysis.ts). */
  readonly provisional: boolean;
  readonly focus: Focus;
  /** Index into model.stages of the highlighted row. */
  readonly selected: number;
  /** Index into variables.steppable of the highlighted variable. */
  readonly selectedVar: number;
  /** Offered load (arrival rate, or clients for a closed workload) as a percentage of the file's. */
  readonly loadPercent: number;
  /** Thread counts the user changed, by pool name. */
  readonly threadEdits: Readonly<Record<string, number>>;
  /** Overload keys switched off (overload-switches.ts). */
  readonly off: SwitchesOff;
  /** Why the last key did nothing (a refused variable value, a switch the model lacks); cleared by the next edit. */
  readonly message: string | undefined;
  /**
   * How many times `s` was pressed. A request is state, not a callback, so the simulation runs on the model
   * of the render that follows every key before it, even keys that arrived in the same chunk.
   */
  readonly simulationRequests: number;
}

export type WhatIfAction =
  | { readonly type: 'select'; readonly delta: number }
  | { readonly type: 'threads'; readonly delta: number }
  | { readonly type: 'load'; readonly deltaPercent: number }
  | { readonly type: 'focus' }
  | { readonly type: 'switch'; readonly which: Switch }
  | { readonly type: 'reset' }
  | { readonly type: 'simulate' };

/** Bounds that keep edits meaningful: some load, at least one thread, and nothing absurd. */
export const MIN_LOAD_PERCENT = 1;
export const MAX_LOAD_PERCENT = 100_000;
export const MAX_THREADS = 100_000;

export function initialWhatIf(base: Model, source?: ModelSource): WhatIfState {
  const loaded = source?.reload([]);
  const off = initialSwitches(base);
  const model = withSwitches(base, off);
  return {
    base,
    source,
    variables: loaded?.ok ? variablesOf(loaded.raw) : NO_VARIABLES,
    varSteps: {},
    varBase: base,
    model,
    ...analysed(model),
    focus: 'stages',
    selected: 0,
    selectedVar: 0,
    loadPercent: 100,
    threadEdits: {},
    off,
    message: undefined,
    simulationRequests: 0,
  };
}

function analysed(model: Model): { result: Result; provisional: boolean } {
  const result = analyze(model);
  return { result, provisional: fallbackRouting(result) !== null };
}

/**
 * The load the edited model offers: requests/s for an open workload (with a schedule, its time average, which
 * withArrivalRate scales the schedule to: every step by the same percentage), clients for a closed one.
 */
export function scaledLoad(base: Model, loadPercent: number): number {
  const w = base.workload;
  return w.kind === 'open'
    ? ((scheduledMeanRate(base) ?? w.arrivalRatePerSecond) * loadPercent) / 100
    : Math.max(1, Math.round((w.clients * loadPercent) / 100));
}

type Edits = Pick<WhatIfState, 'varBase' | 'loadPercent' | 'threadEdits' | 'off'>;

function applyEdits({ varBase, loadPercent, threadEdits, off }: Edits): Model {
  let model = varBase;
  if (loadPercent !== 100) {
    const load = scaledLoad(varBase, loadPercent);
    model = varBase.workload.kind === 'open' ? withArrivalRate(model, load) : withClients(model, load);
  }
  for (const [pool, threads] of Object.entries(threadEdits)) {
    // A variable can rename or remove a pool; an edit of a pool that is gone has nothing to act on.
    if (model.pools.some((p) => p.name === pool)) model = withThreads(model, pool, threads);
  }
  return withSwitches(model, off);
}

function recompute(state: WhatIfState, edits: Partial<Edits & Pick<WhatIfState, 'varSteps'>>): WhatIfState {
  const next = { ...state, ...edits, message: undefined };
  const model = applyEdits(next);
  return { ...next, model, ...analysed(model), selected: Math.min(state.selected, model.stages.length - 1) };
}

/** One step of the selected variable: the model loaded again with its new value, or a message saying why not. */
function stepVariable(state: WhatIfState, delta: number): WhatIfState {
  const variable = state.variables.steppable[state.selectedVar];
  if (!variable || !state.source) return state;
  const steps = (state.varSteps[variable.name] ?? 0) + delta;
  const value = valueAfter(variable, steps);
  const shown = `${variable.name} = ${showValue(variable, value)}`;
  // A variable loaded as zero or more stays there: a negative size or time is never what was meant.
  if (value < 0 && variable.value >= 0) return { ...state, message: `${shown}: refused, ${variable.name} stays at 0 or above` };
  const varSteps = { ...state.varSteps, [variable.name]: steps };
  const overrides = state.variables.steppable
    .filter((v) => (varSteps[v.name] ?? 0) !== 0)
    .map((v) => assignment(v, valueAfter(v, varSteps[v.name]!)));
  const loaded = overrides.length === 0 ? { ok: true as const, model: state.base } : state.source.reload(overrides);
  if (!loaded.ok) return { ...state, message: `${shown}: refused, ${loaded.issues.map(formatIssue).join('; ')}` };
  return recompute(state, { varBase: loaded.model, varSteps });
}

export function whatIfReducer(state: WhatIfState, action: WhatIfAction): WhatIfState {
  const onVariables = state.focus === 'variables';
  switch (action.type) {
    case 'select': {
      const count = onVariables ? state.variables.steppable.length : state.model.stages.length;
      const current = onVariables ? state.selectedVar : state.selected;
      const next = Math.min(count - 1, Math.max(0, current + action.delta));
      if (next === current) return state;
      return onVariables ? { ...state, selectedVar: next } : { ...state, selected: next };
    }
    case 'threads': {
      if (onVariables) return stepVariable(state, action.delta);
      const stage = state.model.stages[state.selected];
      const pool = state.model.pools.find((p) => p.name === stage?.pool);
      // A pure delay ("infinite" threads) has nothing to size.
      if (!pool || !Number.isFinite(pool.threads)) return state;
      const threads = Math.min(MAX_THREADS, Math.max(1, pool.threads + action.delta));
      if (threads === pool.threads) return state;
      return recompute(state, { threadEdits: { ...state.threadEdits, [pool.name]: threads } });
    }
    case 'load': {
      const loadPercent = state.loadPercent + action.deltaPercent;
      // Refuse rather than clamp, so a step back always returns to where the user was.
      if (loadPercent < MIN_LOAD_PERCENT || loadPercent > MAX_LOAD_PERCENT) return state;
      return recompute(state, { loadPercent });
    }
    case 'focus': {
      if (state.variables.steppable.length === 0) {
        return { ...state, message: state.source ? 'this model declares no variables to step (vars:)' : 'variables need the model file (reqpath tui MODEL)' };
      }
      return { ...state, focus: onVariables ? 'stages' : 'variables', message: undefined };
    }
    case 'switch': {
      // Whether there is anything to switch is asked of the model with every switch on (variables and edits applied).
      if (!hasSwitch(applyEdits({ ...state, off: ALL_ON }), action.which)) return { ...state, message: `this model has no ${SWITCH_KEYS[action.which]} to switch off` };
      return recompute(state, { off: { ...state.off, [action.which]: !state.off[action.which] } });
    }
    case 'reset':
      return {
        ...initialWhatIf(state.base, state.source),
        focus: state.focus,
        selected: state.selected,
        selectedVar: state.selectedVar,
        simulationRequests: state.simulationRequests,
      };
    case 'simulate':
      return { ...state, simulationRequests: state.simulationRequests + 1 };
  }
}

const SWITCH_KEYS: Record<Switch, string> = { retries: 'retry (attempts above 1)', timeouts: 'timeout or queueTimeout', schedule: 'schedule' };

/** The edited model with every overload switch on: what there is to switch (the overload line lists it). */
export function unswitched(state: WhatIfState): Model {
  return applyEdits({ ...state, off: ALL_ON });
}

/** Pools whose thread counts differ from the loaded model's. */
export function editedPools(state: WhatIfState): string[] {
  return Object.entries(state.threadEdits)
    .filter(([pool, threads]) => state.base.pools.find((p) => p.name === pool)?.threads !== threads)
    .map(([pool]) => pool);
}

/**
 * Names the edited model by its edits: equal keys mean equal models. React may re-run the reducer and so
 * hand out a new Model object for the same edits; a simulation result is matched to the model by this key,
 * never by object identity.
 */
export function editKey(state: Pick<WhatIfState, 'loadPercent' | 'threadEdits'> & Partial<Pick<WhatIfState, 'varSteps' | 'off'>>): string {
  const sorted = (record: Readonly<Record<string, unknown>>) => Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const vars = sorted(state.varSteps ?? {}).filter(([, steps]) => steps !== 0);
  return JSON.stringify([state.loadPercent, sorted(state.threadEdits), vars, state.off ?? {}]);
}
