import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { commandFor, commandsFor } from '../../src/tui/keymap.ts';

const none: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false,
  end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false,
  meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

describe('key bindings', () => {
  it('maps the documented keys to commands', () => {
    expect(commandFor('', { ...none, upArrow: true })).toEqual({ type: 'select', delta: -1 });
    expect(commandFor('', { ...none, downArrow: true })).toEqual({ type: 'select', delta: 1 });
    for (const k of ['+', '=', ']']) expect(commandFor(k, none)).toEqual({ type: 'threads', delta: 1 });
    for (const k of ['-', '[']) expect(commandFor(k, none)).toEqual({ type: 'threads', delta: -1 });
    expect(commandFor('', { ...none, rightArrow: true })).toEqual({ type: 'load', deltaPercent: 10 });
    expect(commandFor('', { ...none, leftArrow: true })).toEqual({ type: 'load', deltaPercent: -10 });
    expect(commandFor('>', none)).toEqual({ type: 'load', deltaPercent: 1 });
    expect(commandFor('<', none)).toEqual({ type: 'load', deltaPercent: -1 });
    expect(commandFor('r', none)).toEqual({ type: 'reset' });
    expect(commandFor('s', none)).toEqual({ type: 'simulate' });
    expect(commandFor('?', none)).toEqual({ type: 'help' });
    expect(commandFor('q', none)).toEqual({ type: 'quit' });
    expect(commandFor('c', { ...none, ctrl: true })).toEqual({ type: 'quit' });
    expect(commandFor('\t', { ...none, tab: true })).toEqual({ type: 'focus' });
    expect(commandFor('a', none)).toEqual({ type: 'switch', which: 'retries' });
    expect(commandFor('t', none)).toEqual({ type: 'switch', which: 'timeouts' });
    expect(commandFor('w', none)).toEqual({ type: 'switch', which: 'schedule' });
  });

  it('ignores keys it does not know', () => {
    expect(commandFor('x', none)).toBeUndefined();
    expect(commandFor('c', none)).toBeUndefined();
  });

  it('treats printable keys that arrive together as separate presses', () => {
    expect(commandsFor('++s', none)).toEqual([
      { type: 'threads', delta: 1 },
      { type: 'threads', delta: 1 },
      { type: 'simulate' },
    ]);
    expect(commandsFor('x+', none)).toEqual([{ type: 'threads', delta: 1 }]);
    expect(commandsFor('', { ...none, rightArrow: true })).toEqual([{ type: 'load', deltaPercent: 10 }]);
    expect(commandsFor('xyz', none)).toEqual([]);
    expect(commandsFor('\t+', none)).toEqual([{ type: 'focus' }, { type: 'threads', delta: 1 }]);
  });
});
