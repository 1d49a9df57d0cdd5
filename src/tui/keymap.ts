/**
 * Key bindings as data: one table drives both the input handler and the help screen, so they cannot
 * disagree. `commandFor` is pure and tested without a terminal.
 */
import type { Key } from 'ink';
import type { WhatIfAction } from './what-if.ts';

export type Command =
  | WhatIfAction
  | { readonly type: 'help' }
  | { readonly type: 'quit' };

export interface Binding {
  /** How the help screen names the keys; empty for a binding the line above already describes. */
  readonly keys: string;
  readonly does: string;
  readonly matches: (input: string, key: Key) => boolean;
  readonly command: Command;
}

/** Percentage points of the file's load per step. */
export const LOAD_STEP_PERCENT = 10;
export const FINE_LOAD_STEP_PERCENT = 1;

const chars = (...accepted: string[]) => (input: string) => accepted.includes(input);

export const BINDINGS: readonly Binding[] = [
  { keys: '↑ / k', does: 'select the stage (or, after Tab, the variable) above', matches: (i, k) => k.upArrow || i === 'k', command: { type: 'select', delta: -1 } },
  { keys: '↓ / j', does: 'select the stage (or variable) below', matches: (i, k) => k.downArrow || i === 'j', command: { type: 'select', delta: 1 } },
  { keys: '+ / ]', does: "one more thread in the selected stage's pool (a variable: one step up)", matches: chars('+', '=', ']'), command: { type: 'threads', delta: 1 } },
  { keys: '- / [', does: "one thread fewer in the selected stage's pool (a variable: one step down)", matches: chars('-', '_', '[', '−'), command: { type: 'threads', delta: -1 } },
  { keys: 'Tab', does: "move ↑↓ and +/- between the stages and the model's variables (vars:)", matches: (_i, k) => k.tab, command: { type: 'focus' } },
  {
    keys: '→',
    does: `load +${LOAD_STEP_PERCENT}% of the file's (arrival rate; clients if closed)`,
    matches: (_i, k) => k.rightArrow,
    command: { type: 'load', deltaPercent: LOAD_STEP_PERCENT },
  },
  {
    keys: '←',
    does: `load −${LOAD_STEP_PERCENT}% of the file's`,
    matches: (_i, k) => k.leftArrow,
    command: { type: 'load', deltaPercent: -LOAD_STEP_PERCENT },
  },
  { keys: '> / <', does: `load ±${FINE_LOAD_STEP_PERCENT}% (fine steps)`, matches: chars('>', '.'), command: { type: 'load', deltaPercent: FINE_LOAD_STEP_PERCENT } },
  { keys: '', does: '', matches: chars('<', ','), command: { type: 'load', deltaPercent: -FINE_LOAD_STEP_PERCENT } },
  { keys: 'a', does: 'retries off and on again (attempts → 1, as --set workload.retry.attempts=1)', matches: chars('a'), command: { type: 'switch', which: 'retries' } },
  { keys: 't', does: 'timeouts off and on again (the client timeout and every queueTimeout)', matches: chars('t'), command: { type: 'switch', which: 'timeouts' } },
  { keys: 'w', does: "the file's schedule on and off (off: the steady load, which analyze can solve)", matches: chars('w'), command: { type: 'switch', which: 'schedule' } },
  { keys: 'r', does: "reset to the file's values", matches: chars('r'), command: { type: 'reset' } },
  { keys: 's', does: 'run a short simulation; show its p99 and 95% CI beside the analytic one', matches: chars('s'), command: { type: 'simulate' } },
  { keys: '?', does: 'show or hide this help', matches: chars('?', 'h'), command: { type: 'help' } },
  { keys: 'q / Ctrl-C', does: 'quit', matches: (i, k) => i === 'q' || (k.ctrl && i === 'c'), command: { type: 'quit' } },
];

export function commandFor(input: string, key: Key): Command | undefined {
  return BINDINGS.find((b) => b.matches(input, key))?.command;
}

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false,
  end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false,
  meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

/**
 * Ink hands over several printable keys that arrive in one read (a paste, fast typing, `tmux send-keys +q`)
 * as one string; each character is still a key press.
 */
export function commandsFor(input: string, key: Key): Command[] {
  const whole = commandFor(input, key);
  if (whole || key.ctrl || key.meta || [...input].length < 2) return whole ? [whole] : [];
  return [...input].flatMap((char) => {
    // Tab is a printable character too ("\t+" in one read is Tab then +).
    const command = commandFor(char, char === '\t' ? { ...NO_KEY, tab: true } : NO_KEY);
    return command ? [command] : [];
  });
}
