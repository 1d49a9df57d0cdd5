/**
 * An SLO's bounds in words, each with its unit ("p99 ≤ 20s, drops ≤ 0.1%"): a bare `--slo-p99 20` is seconds,
 * and the echo is how a user sees which reading was taken. Shared by plan and sweep.
 */
import { formatDuration, formatRate } from '../model/units.ts';
import { LATENCY_BOUNDS, type SloTarget } from '../plan/slo.ts';
import { describeOverloadSlo } from './commands/plan-overload-options.ts';

function fraction(x: number): string {
  return `${(100 * x).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;
}

export function describeSlo(slo: SloTarget): string {
  const parts: string[] = [];
  for (const [name, key] of LATENCY_BOUNDS) {
    const v = slo[key];
    if (v !== undefined) parts.push(`${name} ≤ ${formatDuration(v)}`);
  }
  if (slo.maxDropRate !== undefined) parts.push(`drops ≤ ${fraction(slo.maxDropRate)}`);
  if (slo.maxUtilization !== undefined) parts.push(`utilisation ≤ ${fraction(slo.maxUtilization)}`);
  if (slo.minThroughput !== undefined) parts.push(`throughput ≥ ${formatRate(slo.minThroughput)}`);
  parts.push(...describeOverloadSlo(slo));
  return parts.join(', ');
}
