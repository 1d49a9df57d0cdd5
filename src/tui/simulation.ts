/**
 * The TUI's view of simulation. The simulator is injected as a function (the CLI passes `simulate` from
 * src/index.ts when it exists), so the TUI never imports the engine and tests pass a fake.
 */
import type { Result } from '../model/result.ts';
import { simulationIssues } from '../model/guard-options.ts';
import type { Model } from '../model/types.ts';
import { instabilityOf, type Instability } from '../model/instability.ts';

/** The part of SimResult the TUI reads. */
export type SimulatedResult = Result & {
  readonly ci: { readonly p99: number | null; readonly goodput?: number | null };
  readonly requests: number;
  readonly replications: number;
};

/**
 * What the TUI needs of a simulator: both simulate() and simulateAsync() from src/index.ts fit. The
 * asynchronous one keeps the screen live during the run; `signal` stops it when the TUI closes.
 */
export type SimulateFn = (
  model: Model,
  options: { readonly requests: number; readonly replications: number; readonly seed: number; readonly signal?: AbortSignal },
) => SimulatedResult | Promise<SimulatedResult>;

/** A short run: long enough for a p99 CI of a few percent on the default model, short enough (~0.4 s) to wait for. */
export const SHORT_RUN = { requests: 20_000, replications: 5, seed: 1 } as const;

export interface SimulationSummary {
  readonly stable: boolean;
  /** Why it is not stable (model/instability.ts): a time-driven run that did not recover still has its p99. */
  readonly instability?: Instability;
  readonly p99: number | null;
  /** 95% half-width of p99 across replications; null with one replication. */
  readonly p99HalfWidth: number | null;
  readonly requests: number;
  readonly replications: number;
  /** SPEC §5, for a model with overload keys: goodput with its 95% half-width, timeout and retry rates. */
  readonly overload?: {
    readonly goodput: number | null;
    readonly goodputHalfWidth: number | null;
    readonly timeoutRate: number | null;
    readonly retryRate: number | null;
  };
}

export type SimulationState =
  | { readonly status: 'idle' }
  | { readonly status: 'unavailable' }
  | { readonly status: 'running'; readonly modelKey: string }
  | { readonly status: 'done'; readonly modelKey: string; readonly summary: SimulationSummary }
  | { readonly status: 'failed'; readonly modelKey: string; readonly message: string }
  /** The simulator's limits refuse this model (not a failure: analysis still answers it); why, in words. */
  | { readonly status: 'refused'; readonly modelKey: string; readonly reason: string };

/** Why the simulator would refuse the model (model/guard-options.ts), key path and limit; undefined when it would not. */
export function simulationRefusal(model: Model): string | undefined {
  const issues = simulationIssues(model);
  if (issues.length === 0) return undefined;
  return issues.map((i) => `${i.path}: expected ${i.expected}${i.got === undefined ? '' : `, got ${i.got}`}`).join('; ');
}

export async function runShortSimulation(simulate: SimulateFn, model: Model, signal?: AbortSignal): Promise<SimulationSummary> {
  const result = await simulate(model, { ...SHORT_RUN, ...(signal ? { signal } : {}) });
  const instability = instabilityOf(result);
  return {
    stable: result.stable,
    ...(instability !== null ? { instability } : {}),
    p99: result.latency.p99,
    p99HalfWidth: result.ci.p99,
    requests: result.requests,
    replications: result.replications,
    ...(result.goodput === undefined
      ? {}
      : {
          overload: {
            goodput: result.goodput,
            goodputHalfWidth: result.ci.goodput ?? null,
            timeoutRate: result.timeoutRate ?? null,
            retryRate: result.retryRate ?? null,
          },
        }),
  };
}
