import { Box, Text } from 'ink';

export interface NotesProps {
  /** Result.notes: which approximations the figures rest on. */
  readonly notes: readonly string[];
  /** Lines available; notes past them are counted, not shown (a short terminal keeps the table in view). */
  readonly maxLines?: number;
}

/**
 * The analysis notes, dimmed, one per line.
 *
 * @example
 * <Notes notes={['decode: M/G/c Allen–Cunneen, approximate']} />
 * // note: decode: M/G/c Allen–Cunneen, approximate
 */
export function Notes({ notes, maxLines = Infinity }: NotesProps) {
  const fits = notes.length <= maxLines;
  const shown = fits ? notes : notes.slice(0, Math.max(0, maxLines - 1));
  const hidden = notes.length - shown.length;
  return (
    <Box flexDirection="column">
      {shown.map((note) => (
        <Text key={note} dimColor wrap={fits ? 'wrap' : 'truncate-end'}>{`note: ${note}`}</Text>
      ))}
      {hidden > 0 && maxLines > 0 ? <Text dimColor>{`(${hidden} more note${hidden > 1 ? 's' : ''}: a taller terminal shows them)`}</Text> : null}
    </Box>
  );
}
