/**
 * Judging a proof run against bounds: windows measured at the same load are one longer measurement, so their
 * errors are averaged before a bound applies. Shared by the CI test and the virtual proof (virtual.ts), so both
 * judge exactly alike.
 */
import type { ProofRun } from './proof.ts';

export type JudgedKey = 'throughput' | 'mean' | 'p99';
export const JUDGED_KEYS: readonly JudgedKey[] = ['throughput', 'mean', 'p99'];

export interface Judgement {
  readonly fraction: number;
  readonly key: JudgedKey;
  readonly windows: number;
  /** Mean of the windows' errors; null when a window has no figure for the key. */
  readonly error: number | null;
  readonly bound: number;
  readonly holds: boolean;
}

export function judge(run: Pick<ProofRun, 'comparison' | 'fractions'>, boundFor: (key: JudgedKey, fraction: number) => number): Judgement[] {
  const byFraction = new Map<number, (typeof run.comparison.rows)[number][]>();
  run.comparison.rows.forEach((row, i) => byFraction.set(run.fractions[i]!, [...(byFraction.get(run.fractions[i]!) ?? []), row]));
  const out: Judgement[] = [];
  for (const [fraction, rows] of byFraction) {
    for (const key of JUDGED_KEYS) {
      const errors = rows.map((row) => row.error[key]);
      const complete = errors.every((e): e is number => e !== null && e !== undefined);
      const error = complete ? errors.reduce((sum, e) => sum + e, 0) / errors.length : null;
      const bound = boundFor(key, fraction);
      out.push({ fraction, key, windows: rows.length, error, bound, holds: error !== null && Math.abs(error) <= bound });
    }
  }
  return out;
}
