import { Box, Text } from 'ink';
import { BINDINGS, type Binding } from '../keymap.ts';

export interface HelpProps {
  /** The bindings to list; the app's own table by default. */
  readonly bindings?: readonly Binding[];
}

/**
 * The key bindings, from the same table the input handler reads.
 *
 * @example
 * <Help />
 * // keys
 * //   ↑ / k        select the stage above
 * //   …
 */
export function Help({ bindings = BINDINGS }: HelpProps) {
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>keys</Text>
      {bindings
        .filter((b) => b.keys !== '')
        .map((b) => (
          <Text key={b.keys}>
            <Text color="cyan">{b.keys.padEnd(12)}</Text>
            {b.does}
          </Text>
        ))}
    </Box>
  );
}
