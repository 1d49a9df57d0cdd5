/**
 * Whether a Result meets the model's SLO, bound by bound, for the header and the latency line: the
 * planner's checkSlo, relabelled for the screen. An unstable model misses every bound.
 */
import type { Result } from '../model/result.ts';
import type { Slo } from '../model/types.ts';
import { checkSlo } from '../plan/slo.ts';

export interface SloBound {
  /** "p99", "mean", "drops". */
  readonly label: string;
  /** Seconds for latency bounds, a fraction for drops. */
  readonly limit: number;
  readonly kind: 'latency' | 'fraction';
  readonly met: boolean;
}

export interface SloStatus {
  /** False when the model declares no SLO at all. */
  readonly declared: boolean;
  readonly met: boolean;
  readonly bounds: readonly SloBound[];
}

export function sloStatus(slo: Slo | undefined, result: Result): SloStatus {
  const verdict = checkSlo(result, slo ?? {});
  const bounds = verdict.checks.map((check): SloBound => {
    const drops = check.bound === 'dropRate';
    return {
      label: drops ? 'drops' : check.bound,
      limit: check.limit,
      kind: drops ? 'fraction' : 'latency',
      met: verdict.stable && check.met,
    };
  });
  return { declared: bounds.length > 0, met: bounds.every((b) => b.met), bounds };
}
