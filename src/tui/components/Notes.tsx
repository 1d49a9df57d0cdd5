import { Box, Text } from 'ink';

export interface NotesProps {
  /** Result.notes: which approximations the figures rest on. */
  readonly notes: readonly string[];
}

/**
 * The analysis notes, dimmed, one per line.
 *
 * @example
 * <Notes notes={['decode: M/G/c Allen–Cunneen, approximate']} />
 * // note: decode: M/G/c Allen–Cunneen, approximate
 */
export function Notes({ notes }: NotesProps) {
  return (
    <Box flexDirection="column">
      {notes.map((note) => (
        <Text key={note} dimColor>{`note: ${note}`}</Text>
      ))}
    </Box>
  );
}
