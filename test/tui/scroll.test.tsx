/**
 * The TUI on a short, narrow terminal (issue 17 §12): at 60×15 with 100 stages the table stays on screen and
 * the selection never leaves the view.
 */
import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model/load.ts';
import { App, layout } from '../../src/tui/components/App.tsx';
import { firstVisibleRow } from '../../src/tui/components/StageTable.tsx';
import { KEYS, waitFor } from './helpers.ts';

class Terminal extends EventEmitter {
  frame = '';
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (text: string) => {
    this.frame = text;
  };
}

class Keys extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string) {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = () => {
    const data = this.data;
    this.data = null;
    return data;
  };
  setEncoding() {}
  setRawMode() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

const hundredStages = parseModel(
  JSON.stringify({
    name: 'long',
    workload: { arrivalRate: 100 },
    stages: Array.from({ length: 100 }, (_, i) => ({ name: `s${i}`, service: '100us', threads: 2 })),
  }),
);

describe('TUI scrolling', () => {
  it('keeps the window on the selection', () => {
    expect(firstVisibleRow(100, 3, 0)).toBe(0);
    expect(firstVisibleRow(100, 3, 50)).toBe(49);
    expect(firstVisibleRow(100, 3, 99)).toBe(97);
    expect(firstVisibleRow(5, 10, 4)).toBe(0);
    expect(layout(15, 100).stageRows).toBeLessThanOrEqual(5);
    expect(layout(undefined, 100).stageRows).toBe(Infinity);
  });

  it('at 60×15 with 100 stages: at most 15 lines of at most 60 columns, and the selection in view as it moves', async () => {
    const stdout = new Terminal(60, 15);
    const stdin = new Keys();
    const app = render(<App model={hundredStages} />, {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stderr: new Terminal(60, 15) as unknown as NodeJS.WriteStream,
      debug: true,
      patchConsole: false,
      exitOnCtrlC: false,
    });
    try {
      const visible = (f: string) => f.split('\n');
      let frame = await waitFor(() => stdout.frame, (f) => /^›/m.test(f));
      for (let step = 0; step < 60; step++) stdin.write(KEYS.down);
      frame = await waitFor(() => stdout.frame, (f) => /^›.*\bs60\b/m.test(f));
      expect(visible(frame).length).toBeLessThanOrEqual(15);
      for (const line of visible(frame)) expect(line.replace(/\u001b\[[0-9;]*m/g, '').length).toBeLessThanOrEqual(60);
      expect(frame).toMatch(/↑ \d+ more/);
      expect(frame).toMatch(/↓ \d+ more/);
      for (let step = 0; step < 45; step++) stdin.write(KEYS.down);
      frame = await waitFor(() => stdout.frame, (f) => /^›.*\bs99\b/m.test(f));
      expect(visible(frame).length).toBeLessThanOrEqual(15);
    } finally {
      app.unmount();
    }
  });
});
