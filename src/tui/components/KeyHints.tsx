import { Text } from 'ink';
import { LOAD_STEP_PERCENT } from '../keymap.ts';

export interface KeyHintsProps {
  /** The model has variables to step: Tab is worth a hint. */
  readonly variables?: boolean;
  /** The overload keys the model has switches for, as their key letters ("a", "t", "w"). */
  readonly switches?: readonly string[];
}

/**
 * The one-line reminder of the keys at the foot of the screen; keys that do nothing for this model are left out.
 *
 * @example
 * <KeyHints variables switches={['a', 't']} />
 * // ↑↓ stage   +/- threads   tab vars   ←/→ load ±10%   a/t retries/timeouts   r reset   s simulate   ? help   q quit
 */
export function KeyHints({ variables = false, switches = [] }: KeyHintsProps) {
  const names: Record<string, string> = { a: 'retries', t: 'timeouts', w: 'schedule' };
  const overload = switches.length === 0 ? '' : `${switches.join('/')} ${switches.map((k) => names[k] ?? k).join('/')}   `;
  const hints = `↑↓ stage   +/- threads   ${variables ? 'tab vars   ' : ''}←/→ load ±${LOAD_STEP_PERCENT}%   ${overload}r reset   s simulate   ? help   q quit`;
  return <Text dimColor wrap="truncate-end">{hints}</Text>;
}
