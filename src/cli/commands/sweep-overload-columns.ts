/**
 * The SPEC §5 columns of a sweep's table and CSV: goodput, timed-out attempts and retries per original request,
 * and whether the point is bistable. Shown only when the rows carry them (a model with overload keys).
 */
import { formatRate } from '../../model/units.ts';
import type { SweepRow } from '../../plan/sweep.ts';

export const OVERLOAD_CSV_FIGURES = ['goodput', 'timeoutRate', 'retryRate', 'abandonRate', 'wastedWork', 'bistable', 'endGoodput', 'endOffered'] as const;

export function overloadTableHeader(rows: readonly SweepRow[]): string[] {
  return ['goodput', 'timeouts', 'retries', 'bistable', ...(hasTimeline(rows) ? ['end goodput'] : [])];
}

function hasTimeline(rows: readonly SweepRow[]): boolean {
  return rows.some((r) => r.endGoodput !== undefined);
}

export function hasOverloadFigures(rows: readonly SweepRow[]): boolean {
  return rows.some((r) => r.goodput !== undefined);
}

/** Per original request, as a percentage (it can pass 100% with retries). */
function perRequest(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  return `${(100 * x).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;
}

export function overloadCells(row: SweepRow, rows: readonly SweepRow[]): string[] {
  const goodput = row.goodput === null || row.goodput === undefined ? '—' : formatRate(row.goodput);
  const ci = row.ci?.goodput;
  return [
    goodput + (ci !== undefined && ci !== null ? ` ±${formatRate(ci)}` : ''),
    perRequest(row.timeoutRate),
    perRequest(row.retryRate),
    row.bistable === true ? 'YES' : row.bistable === false ? 'no' : '—',
    ...(hasTimeline(rows) ? [row.endGoodput === undefined ? '—' : `${formatRate(row.endGoodput)} of ${formatRate(row.endOffered!)}`] : []),
  ];
}

export function overloadFooter(rows: readonly SweepRow[]): string[] {
  const lines = ['timeouts and retries are per original request; goodput counts requests completed within the timeout.'];
  if (rows.some((r) => r.bistable === true)) {
    lines.push('bistable: the load has a good and a bad operating point (retry fixed point); a spike can leave it at the bad one (plan sizes out of it).');
  }
  if (hasTimeline(rows)) lines.push('end goodput: in the last window of the time-driven run, against the rate offered then: did it recover after the spike?');
  if (rows.some((r) => r.goodput === null)) lines.push('—: no analytic method for these figures here (see `analyze` notes); sweep with --simulate.');
  return lines;
}
