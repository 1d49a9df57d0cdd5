import { Text } from 'ink';
import { LOAD_STEP_PERCENT } from '../keymap.ts';

/**
 * The one-line reminder of the keys at the foot of the screen.
 *
 * @example
 * <KeyHints />
 * // ↑↓ stage   +/- threads   ←/→ load ±10%   r reset   s simulate   ? help   q quit
 */
export function KeyHints() {
  return <Text dimColor wrap="truncate-end">{`↑↓ stage   +/- threads   ←/→ load ±${LOAD_STEP_PERCENT}%   r reset   s simulate   ? help   q quit`}</Text>;
}
