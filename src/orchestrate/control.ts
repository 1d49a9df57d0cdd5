/**
 * What every long computation of the core takes and gives: simulation settings, an AbortSignal to stop it,
 * and progress reports as data (the CLI writes them to stderr, a notebook or the TUI shows them its own way).
 */
import type { ManyOptions, SimSettings } from '../sim/parallel-many.ts';

export type { SimSettings };

export interface LongRunProgress {
  /** Units of work finished (simulations, or evaluations of a plan). */
  readonly done: number;
  /** Units in all, when known in advance (a plan's count is not). */
  readonly total: number | null;
  /** What is being done, e.g. "simulating sweep points". */
  readonly what: string;
}

export interface LongRunControl {
  /** Aborting stops the work at the next finished simulation (running ones are cut short) with Interrupted. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LongRunProgress) => void;
  /**
   * Worker threads; 1 keeps everything on the calling thread. Default: os.availableParallelism() when the
   * simulations are long enough to repay starting workers (simulateMany, simulateAsync), else none.
   */
  readonly threads?: number;
  /** Run each simulation's replications elsewhere (jobs on Redis: src/distributed); `point` numbers the simulations of the run. */
  readonly runnerFor?: ManyOptions['runnerFor'];
}

/** Thrown when the signal stopped a computation before it had an answer. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor(readonly what: string) {
    super(`${what}: interrupted`);
  }
}
