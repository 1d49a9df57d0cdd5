import { Box, Text } from 'ink';
import { PERCENTILE_KEYS, type Result } from '../../model/result.ts';
import type { Slo } from '../../model/types.ts';
import { describeInstability, instabilityOf } from '../../model/instability.ts';
import { percent, time } from '../format.ts';
import { sloStatus } from '../slo-status.ts';

export interface LatencyLineProps {
  readonly result: Result;
  readonly slo?: Slo;
}

/**
 * End-to-end latency (mean, p50 … p999) and each SLO bound, met or missed. An unstable model has no finite
 * latency: the line says so instead of printing numbers.
 *
 * @example
 * <LatencyLine result={analyze(model)} slo={model.slo} />
 * // latency  mean 2.41ms  p50 1.82ms  p90 5.05ms  p95 6.43ms  p99 9.65ms  p999 14.3ms
 * // SLO      p99 ≤ 50ms met   drops ≤ 0.1% met
 */
export function LatencyLine({ result, slo }: LatencyLineProps) {
  const status = sloStatus(slo, result);
  const l = result.latency;
  const instability = instabilityOf(result);
  return (
    <Box flexDirection="column">
      {instability === null || instability === 'not-recovered' ? (
        <Text>
          {'latency  '}
          {`mean ${time(l.mean)}  ${PERCENTILE_KEYS.map((k) => `${k} ${time(l[k])}`).join('  ')}`}
        </Text>
      ) : (
        <Text>
          {'latency  '}
          <Text color="red">{`∞ — unstable: ${describeInstability(instability)}`}</Text>
        </Text>
      )}
      {status.declared ? (
        <Text>
          {'SLO      '}
          {status.bounds.map((b, i) => (
            <Text key={b.label} color={b.met ? 'green' : 'red'}>
              {`${i > 0 ? '   ' : ''}${b.label} ≤ ${b.kind === 'latency' ? time(b.limit) : percent(b.limit)} ${b.met ? 'met' : 'MISSED'}`}
            </Text>
          ))}
        </Text>
      ) : null}
    </Box>
  );
}
