import { Text } from 'ink';
import { fallbackRouting } from '../../analytic/accuracy.ts';
import type { FigureAccuracy, Result } from '../../model/result.ts';
import { percent, time } from '../format.ts';
import type { AnalysisStatus } from '../hooks/use-analysis.ts';

export interface AccuracyLineProps {
  readonly result: Result;
  readonly status: AnalysisStatus;
}

/** How one figure was obtained: "exact", "±4.0%" (a named approximation's measured band), "simulated ±12µs". */
export function obtained(f: FigureAccuracy, unit: 'seconds' | 'fraction'): string {
  if (f.kind === 'exact') return 'exact';
  if (f.kind === 'none') return 'not given';
  if (f.kind === 'simulated') {
    const ci = f.ci === null || f.ci === undefined ? '' : ` ±${unit === 'seconds' ? time(f.ci) : percent(f.ci)}`;
    return `simulated${ci} (95% CI)`;
  }
  const band = f.errorBand;
  // Two significant figures, as analyze's notes give a band.
  return band === null || band === undefined ? 'approx. ±?' : `approx. ±${Number((100 * band).toPrecision(2))}%`;
}

const PENDING: Partial<Record<AnalysisStatus, string>> = {
  confirming: 'simulating…',
  unconfirmed: 'no simulator here',
  failed: 'simulation failed',
};

/**
 * How each headline figure was obtained (the `accuracy` field of analyze): exact, an approximation with the
 * error band measured for its method, or simulated with a 95% CI. While the public analyze is still
 * simulating the figures its analytic methods do not get within the target, those are starred (and yellow):
 * provisional.
 *
 * @example
 * <AccuracyLine result={result} status="confirming" />
 * // figures  mean approx. ±1.1%   p50…p999 approx. ±7.5%*   drops exact   * simulating…
 */
export function AccuracyLine({ result, status }: AccuracyLineProps) {
  const a = result.accuracy;
  if (!a || !result.stable) return null;
  const route = fallbackRouting(result);
  const pending = PENDING[status];
  const part = (label: string, f: FigureAccuracy, unit: 'seconds' | 'fraction', within: boolean, first = false) => {
    const provisional = pending !== undefined && !within;
    return (
      <Text key={label} color={provisional ? 'yellow' : f.kind === 'simulated' ? 'cyan' : undefined}>
        {`${first ? '' : '   '}${label} ${obtained(f, unit)}${provisional ? '*' : ''}`}
      </Text>
    );
  };
  return (
    <Text wrap="truncate-end">
      {'figures  '}
      {part('mean', a.mean, 'seconds', route?.mean ?? true, true)}
      {part('p50…p999', a.percentiles, 'seconds', route?.percentiles ?? true)}
      {part('drops', a.dropRate, 'fraction', route?.dropRate ?? true)}
      {pending !== undefined && route !== null ? <Text color="yellow">{`   * ${pending}`}</Text> : null}
    </Text>
  );
}
