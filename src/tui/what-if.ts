/**
 * The what-if state of the TUI as a pure reducer: the model as loaded (file plus --rate/--set), the user's
 * edits on it (load as a percentage of the file's, threads per pool), the edited model and its analysis.
 * Every action that changes the model re-runs `analyze` (about 2 ms for the six-stage model), so the screen
 * always shows the answer for exactly what it displays. Pure, so it is tested without React.
 */
import { analyze } from '../analytic/analyze.ts';
import { withArrivalRate, withClients, withThreads } from '../model/edit.ts';
import type { Result } from '../model/result.ts';
import type { Model } from '../model/types.ts';

export interface WhatIfState {
  /** The model as loaded: `r` returns here. */
  readonly base: Model;
  /** `base` with the edits below applied; the same object until an edit changes it. */
  readonly model: Model;
  readonly result: Result;
  /** Index into model.stages of the highlighted row. */
  readonly selected: number;
  /** Offered load (arrival rate, or clients for a closed workload) as a percentage of the file's. */
  readonly loadPercent: number;
  /** Thread counts the user changed, by pool name. */
  readonly threadEdits: Readonly<Record<string, number>>;
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
  | { readonly type: 'reset' }
  | { readonly type: 'simulate' };

/** Bounds that keep edits meaningful: some load, at least one thread, and nothing absurd. */
export const MIN_LOAD_PERCENT = 1;
export const MAX_LOAD_PERCENT = 100_000;
export const MAX_THREADS = 100_000;

export function initialWhatIf(base: Model): WhatIfState {
  return { base, model: base, result: analyze(base), selected: 0, loadPercent: 100, threadEdits: {}, simulationRequests: 0 };
}

/** The load the edited model offers: requests/s for an open workload, clients for a closed one. */
export function scaledLoad(base: Model, loadPercent: number): number {
  const w = base.workload;
  return w.kind === 'open'
    ? (w.arrivalRatePerSecond * loadPercent) / 100
    : Math.max(1, Math.round((w.clients * loadPercent) / 100));
}

function applyEdits(base: Model, loadPercent: number, threadEdits: Readonly<Record<string, number>>): Model {
  let model = base;
  if (loadPercent !== 100) {
    const load = scaledLoad(base, loadPercent);
    model = base.workload.kind === 'open' ? withArrivalRate(model, load) : withClients(model, load);
  }
  for (const [pool, threads] of Object.entries(threadEdits)) model = withThreads(model, pool, threads);
  return model;
}

function recompute(state: WhatIfState, loadPercent: number, threadEdits: Readonly<Record<string, number>>): WhatIfState {
  const model = applyEdits(state.base, loadPercent, threadEdits);
  return { ...state, model, result: analyze(model), loadPercent, threadEdits };
}

export function whatIfReducer(state: WhatIfState, action: WhatIfAction): WhatIfState {
  switch (action.type) {
    case 'select': {
      const count = state.model.stages.length;
      const selected = Math.min(count - 1, Math.max(0, state.selected + action.delta));
      return selected === state.selected ? state : { ...state, selected };
    }
    case 'threads': {
      const stage = state.model.stages[state.selected];
      const pool = state.model.pools.find((p) => p.name === stage?.pool);
      // A pure delay ("infinite" threads) has nothing to size.
      if (!pool || !Number.isFinite(pool.threads)) return state;
      const threads = Math.min(MAX_THREADS, Math.max(1, pool.threads + action.delta));
      if (threads === pool.threads) return state;
      return recompute(state, state.loadPercent, { ...state.threadEdits, [pool.name]: threads });
    }
    case 'load': {
      const loadPercent = state.loadPercent + action.deltaPercent;
      // Refuse rather than clamp, so a step back always returns to where the user was.
      if (loadPercent < MIN_LOAD_PERCENT || loadPercent > MAX_LOAD_PERCENT) return state;
      return recompute(state, loadPercent, state.threadEdits);
    }
    case 'reset':
      return { ...initialWhatIf(state.base), selected: state.selected, simulationRequests: state.simulationRequests };
    case 'simulate':
      return { ...state, simulationRequests: state.simulationRequests + 1 };
  }
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
export function editKey(state: Pick<WhatIfState, 'loadPercent' | 'threadEdits'>): string {
  const threads = Object.entries(state.threadEdits).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([state.loadPercent, threads]);
}
