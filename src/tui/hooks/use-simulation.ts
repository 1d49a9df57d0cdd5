/**
 * Runs the injected simulator on demand. simulate() is synchronous, so the run is deferred a little after
 * the state turns "running": Ink draws "simulating…" first, then the event loop is busy for the run
 * (~0.4 s for the short run). A result belongs to the model it was run on; once the user edits the model
 * the hook reports "idle" again rather than show a stale figure beside fresh analysis (and shows it again
 * if the edits return to that model).
 */
import { useEffect, useRef, useState } from 'react';
import type { Model } from '../../model/types.ts';
import { runShortSimulation, type SimulateFn, type SimulationState } from '../simulation.ts';

/** Longer than one frame at Ink's default 30 fps, so the "simulating…" frame is on screen before the run. */
const DEFER_MS = 50;

/**
 * `requests` counts presses of `s` (WhatIfState.simulationRequests): each new count starts a run on the
 * model of that render. `modelKey` names the model's edits (editKey in ../what-if.ts): a result is shown only
 * while the key is the same.
 */
export function useSimulation(
  simulate: SimulateFn | undefined,
  model: Model,
  modelKey: string,
  requests: number,
): SimulationState {
  const [state, setState] = useState<SimulationState>({ status: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  useEffect(() => {
    if (requests === 0) return;
    if (!simulate) {
      setState({ status: 'unavailable' });
      return;
    }
    if (timer.current !== undefined) return; // one run at a time
    setState({ status: 'running', modelKey });
    timer.current = setTimeout(() => {
      timer.current = undefined;
      try {
        setState({ status: 'done', modelKey, summary: runShortSimulation(simulate, model) });
      } catch (error) {
        setState({ status: 'failed', modelKey, message: error instanceof Error ? error.message : String(error) });
      }
    }, DEFER_MS);
    // Only a new request starts a run; edits alone do not.
  }, [requests]);

  return 'modelKey' in state && state.modelKey !== modelKey ? { status: 'idle' } : state;
}
