import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import type { Model } from '../../src/model/types.ts';
import { renderTui } from '../../src/tui/render.tsx';
import type { SimulateFn } from '../../src/tui/simulation.ts';
import { defaultModel, KEYS, waitFor } from './helpers.ts';

/** A terminal-like stdin: raw mode accepted, keys written by the test. */
function fakeStdin(): NodeJS.ReadStream {
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream & { isTTY: boolean };
  stdin.isTTY = true;
  stdin.setRawMode = () => stdin;
  stdin.ref = () => stdin;
  stdin.unref = () => stdin;
  return stdin;
}

/** A 100 × 40 terminal that keeps everything written to it. */
function fakeStdout(): { stream: NodeJS.WriteStream; text: () => string } {
  let written = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream & { columns: number; rows: number; isTTY: boolean };
  stream.columns = 100;
  stream.rows = 40;
  stream.isTTY = true;
  return { stream, text: () => written };
}

/** Rejects when `promise` has not settled within `ms`, so a key that fails to quit fails the test quickly. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms))]);
}

describe('renderTui on fake streams', () => {
  for (const [name, quitKey] of [
    ['q', 'q'],
    ['Ctrl-C', KEYS.ctrlC],
  ] as const) {
    it(`follows keys, simulates the edited model, and ${name} ends it`, async () => {
      const stdin = fakeStdin();
      const stdout = fakeStdout();
      const simulated: Model[] = [];
      const fake: SimulateFn = (model, options) => {
        simulated.push(model);
        return { ...analyze(model), method: 'simulation', ci: { p99: 0.0001 }, ...options };
      };
      const instance = renderTui(defaultModel(), { stdin, stdout: stdout.stream, simulate: fake });
      // Ready once Ink listens for keys. (Under CI=true Ink writes only the final frame, so frames are no signal.)
      await waitFor(() => String(stdin.listenerCount('readable')), (n) => n !== '0');
      // One chunk, as a fast typist or a paste delivers it: → then + then s.
      stdin.write(`${KEYS.right}+s`);
      await waitFor(() => String(simulated.length), (n) => n === '1');
      const model = simulated[0]!;
      expect(model.workload).toMatchObject({ kind: 'open', arrivalRatePerSecond: 12320 });
      expect(model.pools.find((p) => p.name === 'accept')!.threads).toBe(2);
      stdin.write(quitKey);
      await within(instance.waitUntilExit(), 5000, `${name} did not end the TUI`);
      // The last frame drawn shows the edits. (Whether the simulated figure made it onto a frame before the
      // quit key is a race; App.test.tsx checks that line.)
      const screen = stdout.text();
      expect(screen).toContain('offered 12.32k/s (+10%)');
      expect(screen).toMatch(/accept\s+accept\s+2\*/);
      expect(screen).not.toMatch(/NaN|Infinity/);
    });
  }
});
