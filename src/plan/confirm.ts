/**
 * A plan's answer stands on the figures `reqpath analyze` prints, not on the figures it searched with. The
 * search evaluates thousands of sizings with the fast analytic solution (or Bard–Schweitzer for many clients);
 * the public analyze answers a figure whose analytic method is measured beyond the target from a seeded
 * simulation (src/solve/analyze.ts), which a search cannot afford at every step but its answer can:
 *
 *   searched sizing ──analyze's figures──▶ SLO met? ──yes──▶ the answer, and which figures confirmed it
 *          ▲                                 └─no──▶ + one thread where waiting costs most (below)
 *          └─────────────────────────────────────────┘   at most MAX_CONFIRMATION_THREADS times
 *
 * The thread goes to the pool that drives the SLO: among the few pools holding the most waiting per request
 * in the confirmed figures, the one whose extra thread most improves the SLO margin per unit cost by the
 * search's own (fast) figures. A sizing the search found cheapest may lose that title by a thread or two
 * here; the notes say so, and say how the answer's figures were obtained (exact, an approximation within its
 * measured band, or simulated with a 95% half-width).
 */
import type { FigureAccuracy, Result } from '../model/result.ts';
import type { Steps } from './evaluator.ts';
import { checkSlo, type SloTarget } from './slo.ts';

/** Threads the confirmation may add before it reports a miss. */
export const MAX_CONFIRMATION_THREADS = 64;
/** Pools (by waiting per request) whose extra thread is priced by the search's figures at each step. */
const CANDIDATE_POOLS = 4;

export interface ConfirmInput {
  /** The searched sizing, one count per resizable pool. */
  readonly sizing: readonly number[];
  /** Resizable pool names, in sizing order. */
  readonly pools: readonly string[];
  readonly caps: readonly number[];
  readonly costs: readonly number[];
  readonly slo: SloTarget;
  /** The figures analyze prints for a sizing. */
  readonly confirm: (sizing: readonly number[]) => Steps<Result>;
  /** The search's figures for a sizing (cheap). */
  readonly screen: (sizing: readonly number[]) => Steps<Result>;
}

export interface Confirmed {
  readonly sizing: readonly number[];
  readonly result: Result;
  /** Threads added beyond the searched sizing. */
  readonly added: number;
  readonly notes: readonly string[];
}

/** Waiting per request in each resizable pool (Σ visits × mean wait over its stages), from a Result. */
function waitingPerRequest(result: Result, pools: readonly string[]): number[] {
  return pools.map((name) =>
    result.stages.reduce((sum, s) => (s.pool === name && s.meanWait !== null ? sum + s.visits * s.meanWait : sum), 0),
  );
}

export function* confirmSizing(input: ConfirmInput): Steps<Confirmed> {
  const { pools, caps, costs, slo } = input;
  let sizing = input.sizing.slice();
  let result = yield* input.confirm(sizing);
  let added = 0;
  for (; !checkSlo(result, slo).met && added < MAX_CONFIRMATION_THREADS; added++) {
    const waits = waitingPerRequest(result, pools);
    const utilization = pools.map((name) => result.pools.find((p) => p.name === name)?.utilization ?? 1);
    const candidates = pools
      .map((_, i) => i)
      .filter((i) => sizing[i]! < caps[i]!)
      .sort((a, b) => waits[b]! / costs[b]! - waits[a]! / costs[a]! || utilization[b]! - utilization[a]!)
      .slice(0, CANDIDATE_POOLS);
    if (candidates.length === 0) break;
    let best = candidates[0]!;
    if (candidates.length > 1) {
      const here = checkSlo(yield* input.screen(sizing), slo).margin;
      let bestGain = -Infinity;
      for (const i of candidates) {
        const next = sizing.slice();
        next[i]! += 1;
        const gain = (here - checkSlo(yield* input.screen(next), slo).margin) / costs[i]!;
        if (gain > bestGain) {
          bestGain = gain;
          best = i;
        }
      }
    }
    sizing = sizing.slice();
    sizing[best]! += 1;
    result = yield* input.confirm(sizing);
  }
  const met = checkSlo(result, slo).met;
  // A plan by simulation confirms with its own simulation; otherwise these are analyze's figures.
  const figures = result.method === 'simulation' ? 'the simulation' : 'the figures analyze prints';
  const notes = [
    `${met ? 'confirmed' : 'checked'} with ${figures} (${figureWords(result)})${
      added > 0 ? `: the searched sizing missed the SLO by them, so ${added} thread${added === 1 ? '' : 's'} added where waiting costs most; a cheaper sizing may exist` : ''
    }`,
  ];
  if (!met) notes.push(`the planned sizing misses the SLO by ${figures}, even after ${added} more threads; see the checks`);
  return { sizing, result, added, notes };
}

/** How a result's figures were obtained, in a few words: "mean exact; p99 simulated ±1.2%". */
export function figureWords(result: Result): string {
  const accuracy = result.accuracy;
  if (!accuracy) return `${result.method} figures`;
  const words = (name: string, f: FigureAccuracy, value: number | null) => {
    if (f.kind === 'exact') return `${name} exact`;
    if (f.kind === 'none') return `${name} not given (unstable)`;
    if (f.kind === 'simulated') {
      const ci = f.ci !== null && f.ci !== undefined && value ? ` ±${percent(f.ci / value)}` : '';
      return `${name} simulated${ci} (95%)`;
    }
    const band = f.errorBand;
    return `${name} approximate, ${band === null || band === undefined ? 'band not measured' : `measured within ±${percent(band)}`}`;
  };
  return [
    words('mean', accuracy.mean, result.latency.mean),
    words('percentiles', accuracy.percentiles, result.latency.p99),
    ...(result.dropRate > 0 ? [words('drop rate', accuracy.dropRate, result.dropRate)] : []),
  ].join('; ');
}

function percent(x: number): string {
  return `${Number((100 * x).toPrecision(2))}%`;
}
