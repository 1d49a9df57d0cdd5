import { Box, Text } from 'ink';
import type { Result, StageResult } from '../../model/result.ts';
import { bar, fit, percent, threads, time } from '../format.ts';

export interface StageTableProps {
  readonly result: Result;
  /** Index of the highlighted row (the stage the keys act on); none when omitted. */
  readonly selected?: number;
  /** Pools whose thread counts the user changed: their counts get a "*". */
  readonly editedPools?: readonly string[];
  /** Lines the stage rows may take (the terminal's height less the rest); the rows scroll to keep the selection in view. */
  readonly maxRows?: number;
}

/** The first row shown: the selection stays in view, centred when it can be. */
export function firstVisibleRow(count: number, visible: number, selected: number): number {
  if (count <= visible) return 0;
  return Math.max(0, Math.min(count - visible, selected - Math.floor(visible / 2)));
}

const COLUMNS = [
  ['', 3, false],
  ['stage', 12, false],
  ['pool', 10, false],
  ['threads', 7, true],
  ['util', 7, true],
  ['', 9, false],
  ['P(wait)', 8, true],
  ['wait', 9, true],
  ['response', 9, true],
  ['drops', 7, true],
] as const;

function line(cells: readonly string[]): string {
  return cells.map((cell, i) => fit(cell, COLUMNS[i]![1], COLUMNS[i]![2])).join(' ');
}

function row(stage: StageResult, isSelected: boolean, isBottleneck: boolean, edited: boolean): string {
  return line([
    `${isSelected ? '›' : ' '}${isBottleneck ? '▶' : ' '}`,
    stage.name,
    stage.pool,
    `${threads(stage.threads)}${edited ? '*' : ''}`,
    percent(stage.utilization),
    ` ${bar(stage.utilization)}`,
    percent(stage.probWait),
    time(stage.meanWait),
    time(stage.meanResponse),
    percent(stage.dropRate),
  ]);
}

/**
 * One row per stage: pool, threads, utilisation with a bar, P(wait), mean wait and response per visit,
 * drops. The bottleneck's row is marked ▶ (and red), the selected row › (and inverse). Pure: no I/O.
 *
 * @example
 * <StageTable result={analyze(model)} selected={2} editedPools={['decrypt']} />
 * //     stage        pool         threads    util           P(wait)  …
 * //  ›  decrypt      decrypt           5*    4.8% ▍          0.004%  …
 */
export function StageTable({ result, selected, editedPools = [], maxRows = Infinity }: StageTableProps) {
  const count = result.stages.length;
  // Two of the lines go to "↑ N more" / "↓ N more" when the stages do not all fit.
  const visible = count <= maxRows ? count : Math.max(1, maxRows - 2);
  const first = firstVisibleRow(count, visible, selected ?? 0);
  const shown = result.stages.slice(first, first + visible);
  const below = count - first - shown.length;
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate-end">{line(COLUMNS.map(([title]) => title))}</Text>
      {count > visible ? <Text dimColor>{first > 0 ? `   ↑ ${first} more` : ' '}</Text> : null}
      {shown.map((stage, k) => {
        const i = first + k;
        const isBottleneck = stage.pool === result.bottleneck;
        return (
          <Text key={stage.name} inverse={i === selected} color={isBottleneck ? 'red' : undefined} wrap="truncate-end">
            {row(stage, i === selected, isBottleneck, editedPools.includes(stage.pool))}
          </Text>
        );
      })}
      {count > visible ? <Text dimColor>{below > 0 ? `   ↓ ${below} more` : ' '}</Text> : null}
    </Box>
  );
}
