import { escapeControl } from '../../model/messages.ts';
import { Box, Text } from 'ink';
import type { Result } from '../../model/result.ts';
import type { Model } from '../../model/types.ts';
import { change, rate } from '../format.ts';
import { sloStatus } from '../slo-status.ts';
import { bindsElsewhere } from '../../model/instability.ts';

export interface HeaderProps {
  /** The model shown (after edits): its name, workload and SLO. */
  readonly model: Model;
  readonly result: Result;
  /** Load as a percentage of the file's; the header shows the change when it is not 100. */
  readonly loadPercent?: number;
}

/**
 * Model name, stable or UNSTABLE, SLO met or missed (first, so a narrow terminal never cuts them), then load,
 * throughput, where it saturates and on which pool.
 *
 * @example
 * <Header model={model} result={analyze(model)} loadPercent={110} />
 * // seda-https-json   stable   SLO met   one dedicated thread pool per stage…
 * // offered 2.2k/s (+10%)   throughput 2.2k/s   saturates at 16k/s on process
 */
export function Header({ model, result, loadPercent = 100 }: HeaderProps) {
  const w = model.workload;
  const delta = change(loadPercent);
  const load = w.kind === 'open' ? `offered ${rate(result.offeredRate)}` : `closed, ${w.clients} clients`;
  const elsewhere = bindsElsewhere(model, result);
  const saturation =
    result.maxThroughput === null
      ? 'never saturates'
      : elsewhere
        ? `bound by ${elsewhere.binds} (smallest capacity ${rate(result.maxThroughput)} on ${elsewhere.smallest}, which sheds)`
        : `saturates at ${rate(result.maxThroughput)}${result.bottleneck ? ` on ${result.bottleneck}` : ''}`;
  const slo = sloStatus(model.slo, result);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold>{model.name}</Text>
        {'   '}
        {result.stable ? <Text color="green">stable</Text> : <Text bold color="red">UNSTABLE</Text>}
        {slo.declared ? (
          <>
            {'   '}
            {slo.met ? <Text color="green">SLO met</Text> : <Text bold color="red">SLO missed</Text>}
          </>
        ) : null}
        {model.description ? <Text dimColor>{`   ${escapeControl(model.description)}`}</Text> : null}
      </Text>
      <Text>
        {load}
        {delta ? <Text color="yellow">{` (${delta})`}</Text> : null}
        {`   throughput ${rate(result.throughput)}   ${saturation}`}
      </Text>
    </Box>
  );
}
