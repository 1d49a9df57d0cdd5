/**
 * Runs the injected simulator on demand. The run starts a little after the state turns "running", so Ink
 * draws "simulating…" first even with the synchronous simulate(), which keeps the event loop busy for the
 * run (~0.4 s for the short run); simulateAsync() yields during it. A result belongs to the model it was run on; once the user edits the model
 * the hook reports "idle" again rather than show a stale figure beside fresh analysis (and shows it again
 * if the edits return to that model).
 */
import { useEffect, useRef, useState } from 'react';
import type { Model } from '../../model/types.ts';
import { runShortSimulation, simulationRefusal, type SimulateFn, type SimulationState } from '../simulation.ts';

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
  const running = useRef<AbortController | undefined>(undefined);
  // Closing the TUI stops a run in progress and drops its result.
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      running.current?.abort();
    },
    [],
  );

  useEffect(() => {
    if (requests === 0) return;
    if (!simulate) {
      setState({ status: 'unavailable' });
      return;
    }
    if (running.current) return; // one run at a time
    const reason = simulationRefusal(model);
    if (reason !== undefined) {
      setState({ status: 'refused', modelKey, reason });
      return;
    }
    const controller = new AbortController();
    running.current = controller;
    setState({ status: 'running', modelKey });
    timer.current = setTimeout(() => {
      runShortSimulation(simulate, model, controller.signal)
        .then(
          (summary) => controller.signal.aborted || setState({ status: 'done', modelKey, summary }),
          (error: unknown) =>
            controller.signal.aborted ||
            setState({ status: 'failed', modelKey, message: error instanceof Error ? error.message : String(error) }),
        )
        .finally(() => {
          running.current = undefined;
        });
    }, DEFER_MS);
    // Only a new request starts a run; edits alone do not.
  }, [requests]);

  return 'modelKey' in state && state.modelKey !== modelKey ? { status: 'idle' } : state;
}
