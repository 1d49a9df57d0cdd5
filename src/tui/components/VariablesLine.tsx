import { Text } from 'ink';
import { escapeControl } from '../../model/messages.ts';
import { showValue, valueAfter, type Variables } from '../variables.ts';

export interface VariablesLineProps {
  readonly variables: Variables;
  /** Presses of + or − per variable, by name. */
  readonly steps: Readonly<Record<string, number>>;
  readonly selected: number;
  /** True while ↑↓ and +/- act on the variables (Tab). */
  readonly focused: boolean;
}

/**
 * The model's `vars:` with their current values and units; a changed value gets a "*", the selected one a "›"
 * (inverse while Tab has put the keys on the variables). A variable written as an expression of others is shown
 * dimmed: it follows them.
 *
 * @example
 * <VariablesLine variables={variablesOf(raw)} steps={{ bodyKB: 2 }} selected={0} focused />
 * // vars     › bodyKB 20* (step 2)   growth 1 (step 0.1)
 */
export function VariablesLine({ variables, steps, selected, focused }: VariablesLineProps) {
  if (variables.steppable.length === 0 && variables.derived.length === 0) return null;
  return (
    <Text wrap="truncate-end">
      <Text color={focused ? 'cyan' : undefined}>{'vars     '}</Text>
      {variables.steppable.map((v, i) => {
        const n = steps[v.name] ?? 0;
        const isSelected = i === selected;
        return (
          <Text key={v.name}>
            {i > 0 ? '   ' : ''}
            <Text inverse={focused && isSelected} color={n !== 0 ? 'yellow' : undefined}>
              {`${isSelected ? '›' : ' '}${escapeControl(v.name)} ${showValue(v, valueAfter(v, n))}${n !== 0 ? '*' : ''}`}
            </Text>
            <Text dimColor>{` (step ${showValue(v, v.step)})`}</Text>
          </Text>
        );
      })}
      {variables.derived.map((d) => (
        <Text key={d.name} dimColor>{`   ${escapeControl(d.name)} = ${escapeControl(d.expression)}`}</Text>
      ))}
    </Text>
  );
}
