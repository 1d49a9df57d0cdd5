import { Box, Text } from 'ink';
import type { Result } from '../../model/result.ts';
import type { Model } from '../../model/types.ts';
import { percent, rate, time } from '../format.ts';
import { hasSwitch, SWITCHES, type Switch, type SwitchesOff } from '../overload-switches.ts';

export interface OverloadLineProps {
  /** The model with every switch on (variables and other edits applied): what there is to switch. */
  readonly model: Model;
  readonly result: Result;
  readonly off: SwitchesOff;
}

export const SWITCH_KEY: Record<Switch, string> = { retries: 'a', timeouts: 't', schedule: 'w' };

function described(model: Model, which: Switch, off: boolean): string {
  const o = model.overload!;
  switch (which) {
    case 'retries':
      return off ? 'retries off (1 attempt)' : `retries on (${o.retry!.attempts} attempts${o.retry!.budget === null ? '' : `, budget ${o.retry!.budget}`})`;
    case 'timeouts':
      return off ? 'timeouts off' : `timeouts on (${o.timeoutSeconds === Infinity ? 'queue' : time(o.timeoutSeconds)})`;
    case 'schedule':
      return off ? 'schedule off (steady load)' : 'schedule on';
  }
}

/**
 * SPEC §5's figures for a model with overload keys — goodput, timeout and retry rates, wasted work — the
 * switches the keys flip, and the metastable warning of the retry fixed point: two stable operating points at
 * this load, and the offered rate past which a spike leaves the system at the bad one.
 *
 * @example
 * <OverloadLine model={model} result={analyze(model)} off={ALL_ON} />
 * // overload goodput 560/s   wasted 0.000%   per request: timeouts 0.000%   retries 0.000%
 * //          a retries on (3 attempts)   t timeouts on (1s)   w schedule off (steady load)
 * // ⚠ metastable: goodput 560/s or 0/s at this load; a spike above 792.2/s leaves it at 0/s
 */
export function OverloadLine({ model, result, off }: OverloadLineProps) {
  if (model.overload === undefined) return null;
  const missing = result.goodput === null || result.goodput === undefined;
  const abandons = model.overload.patience !== null;
  // Timeouts, abandons and retries count per original request (SPEC §5): three timed-out attempts are 300%.
  const figures = [
    `goodput ${rate(result.goodput ?? null)}`,
    `wasted ${percent(result.wastedWork ?? null)}`,
    `per request: timeouts ${percent(result.timeoutRate ?? null)}`,
    ...(abandons ? [`abandons ${percent(result.abandonRate ?? null)}`] : []),
    `retries ${percent(result.retryRate ?? null)}`,
  ];
  const switches = SWITCHES.filter((s) => hasSwitch(model, s));
  const m = result.metastable;
  const bad = m ? m.points[m.points.length - 1]! : undefined;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        {'overload '}
        {missing ? <Text dimColor>goodput, timeouts, retries: no analytic method here (s simulates them)</Text> : figures.join('   ')}
      </Text>
      {switches.length > 0 ? (
        <Text wrap="truncate-end">
          {'         '}
          {switches.map((s, i) => (
            <Text key={s} color={off[s] ? 'yellow' : undefined}>{`${i > 0 ? '   ' : ''}${SWITCH_KEY[s]} ${described(model, s, off[s])}`}</Text>
          ))}
        </Text>
      ) : null}
      {m && bad ? (
        <Text color="red" wrap="truncate-end">
          {`⚠ metastable: goodput ${rate(m.points[0]!.goodput)} or ${rate(bad.goodput)} at this load; a spike above ${rate(m.triggerRate)} leaves it at ${rate(bad.goodput)}`}
        </Text>
      ) : null}
    </Box>
  );
}
