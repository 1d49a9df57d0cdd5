/**
 * The TUI's view of simulation. The simulator is injected as a function (the CLI passes `simulate` from
 * src/index.ts when it exists), so the TUI never imports the engine and tests pass a fake.
 */
import type { Result } from '../model/result.ts';
import type { Model } from '../model/types.ts';

/** What the TUI needs of simulate(): the real SimResult is assignable to this. */
export type SimulateFn = (
  model: Model,
  options: { readonly requests: number; readonly replications: number; readonly seed: number },
) => Result & { readonly ci: { readonly p99: number | null }; readonly requests: number; readonly replications: number };

/** A short run: long enough for a p99 CI of a few percent on the default model, short enough (~0.4 s) to wait for. */
export const SHORT_RUN = { requests: 20_000, replications: 5, seed: 1 } as const;

export interface SimulationSummary {
  readonly stable: boolean;
  readonly p99: number | null;
  /** 95% half-width of p99 across replications; null with one replication. */
  readonly p99HalfWidth: number | null;
  readonly requests: number;
  readonly replications: number;
}

export type SimulationState =
  | { readonly status: 'idle' }
  | { readonly status: 'unavailable' }
  | { readonly status: 'running'; readonly modelKey: string }
  | { readonly status: 'done'; readonly modelKey: string; readonly summary: SimulationSummary }
  | { readonly status: 'failed'; readonly modelKey: string; readonly message: string };

export function runShortSimulation(simulate: SimulateFn, model: Model): SimulationSummary {
  const result = simulate(model, SHORT_RUN);
  return {
    stable: result.stable,
    p99: result.latency.p99,
    p99HalfWidth: result.ci.p99,
    requests: result.requests,
    replications: result.replications,
  };
}
