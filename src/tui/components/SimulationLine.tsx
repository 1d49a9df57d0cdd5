import { Box, Text } from 'ink';
import { SHORT_RUN, type SimulationState } from '../simulation.ts';
import { describeInstability } from '../../model/instability.ts';
import { percent, rate, time } from '../format.ts';

export interface SimulationLineProps {
  readonly state: SimulationState;
  /** The analytic p99 of the same model, shown beside the simulated one. */
  readonly analyticP99: number | null;
  /** How analyze got that p99: "analytic" unless analyze itself answered it from its fallback simulation. */
  readonly p99Source?: string;
}

const RUN = `${SHORT_RUN.replications} × ${SHORT_RUN.requests / 1000}k requests`;

/**
 * The short simulation's p99 and its 95% confidence interval beside the analytic p99, or what the
 * simulation is doing.
 *
 * @example
 * <SimulationLine state={{ status: 'done', modelKey, summary }} analyticP99={0.00965} />
 * // simulated p99 9.53ms ± 213µs (95% CI, 5 × 20k requests)   analytic p99 9.65ms
 */
export function SimulationLine({ state, analyticP99, p99Source = 'analytic' }: SimulationLineProps) {
  switch (state.status) {
    case 'idle':
      return <Text dimColor>{`simulation: press s for a short run (${RUN})`}</Text>;
    case 'unavailable':
      return <Text color="yellow">simulation not available</Text>;
    case 'running':
      return <Text color="yellow">{`simulating ${RUN}…`}</Text>;
    case 'failed':
      return <Text color="red">{`simulation failed: ${state.message}`}</Text>;
    case 'refused':
      return <Text color="yellow">{`simulation refused (the analysis above stands): ${state.reason}`}</Text>;
    case 'done': {
      const s = state.summary;
      if (!s.stable && s.instability !== 'not-recovered') {
        return <Text color="red">{`simulation: unstable: ${describeInstability(s.instability ?? 'overloaded')}`}</Text>;
      }
      const ci = s.p99HalfWidth === null ? '' : ` ± ${time(s.p99HalfWidth)}`;
      const o = s.overload;
      const goodput = o ? `goodput ${rate(o.goodput)}${o.goodputHalfWidth === null ? '' : ` ± ${rate(o.goodputHalfWidth)}`}` : '';
      return (
        <Box flexDirection="column">
          <Text wrap="truncate-end">
            {s.instability === 'not-recovered' ? <Text color="red">{'not recovered at the horizon (backlog growing): '}</Text> : null}
            <Text color="cyan">{`simulated p99 ${time(s.p99)}${ci}`}</Text>
            {` (95% CI, ${s.replications} × ${s.requests / 1000}k requests)   ${p99Source} p99 ${time(analyticP99)}`}
          </Text>
          {o ? <Text color="cyan" wrap="truncate-end">{`simulated ${goodput}   timeouts ${percent(o.timeoutRate)}   retries ${percent(o.retryRate)}`}</Text> : null}
        </Box>
      );
    }
  }
}
