/**
 * The figures the public analyze prints, without freezing the screen. Where the analytic answer is within the
 * accuracy target it is that answer, at once. Where it is not, the public analyze answers the figures beyond
 * the target from a short seeded simulation (up to a second or two): the screen shows the analytic figures
 * marked provisional at once, runs the injected asynchronous analyze (analyzeAsync from src/index.ts) after the
 * keys stop for a moment, and swaps its answer in. A newer edit stops a run in progress; answers are kept by
 * edit key, so stepping back to a model already confirmed shows its figures at once.
 */
import { useEffect, useRef, useState } from 'react';
import type { Result } from '../../model/result.ts';
import type { Model } from '../../model/types.ts';

/** What the TUI needs of the public analyze: analyzeAsync from src/index.ts fits. */
export type AnalyzeFn = (model: Model, options: { readonly signal?: AbortSignal }) => Result | Promise<Result>;

export type AnalysisStatus =
  /** The analytic figures are analyze's answer as they stand. */
  | 'final'
  /** Some figures are beyond the target; analyze's simulation for them is running. */
  | 'confirming'
  /** Beyond the target and no analyze to confirm them (a host without the simulator). */
  | 'unconfirmed'
  /** analyze's answer, simulation included. */
  | 'confirmed'
  | 'failed';

export interface Analysis {
  readonly result: Result;
  readonly status: AnalysisStatus;
  readonly message?: string;
}

/** Keys may come in a burst (a held arrow key): wait this long without one before starting a simulation. */
export const SETTLE_MS = 150;
const KEPT_ANSWERS = 64;

export function useAnalysis(analyzeFn: AnalyzeFn | undefined, model: Model, modelKey: string, analytic: Result, provisional: boolean): Analysis {
  const answers = useRef(new Map<string, Result>());
  const [failure, setFailure] = useState<{ key: string; message: string } | undefined>(undefined);
  // Bumped when an answer arrives, so the render that follows reads it from `answers`.
  const [, setArrivals] = useState(0);

  // An unstable analytic answer may be an approximation saturating early: analyze then simulates the model, so
  // ask it too (it answers at once when the model really is past capacity).
  const ask = provisional || !analytic.stable;
  useEffect(() => {
    if (!ask || !analyzeFn || answers.current.has(modelKey)) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      Promise.resolve()
        .then(() => analyzeFn(model, { signal: controller.signal }))
        .then(
          (result) => {
            if (controller.signal.aborted) return;
            const kept = answers.current;
            if (kept.size >= KEPT_ANSWERS) kept.delete(kept.keys().next().value!);
            kept.set(modelKey, result);
            setArrivals((n) => n + 1);
          },
          (error: unknown) => controller.signal.aborted || setFailure({ key: modelKey, message: error instanceof Error ? error.message : String(error) }),
        );
    }, SETTLE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [modelKey, ask, analyzeFn]);

  const answer = answers.current.get(modelKey);
  if (!provisional) return { result: answer ?? analytic, status: 'final' };
  if (answer) return { result: answer, status: 'confirmed' };
  if (failure?.key === modelKey) return { result: analytic, status: 'failed', message: failure.message };
  return { result: analytic, status: analyzeFn ? 'confirming' : 'unconfirmed' };
}
