import { PassThrough, Writable } from 'node:stream';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { notATerminal, registerTui, type TuiTerminal } from '../../src/cli/commands/tui.ts';
import { cli } from '../helpers/cli.ts';
import { DEFAULT_MODEL_PATH } from './helpers.ts';

const io: CliIo = { out: () => undefined, err: () => undefined, errIsTty: false };

/** A pipe, not a terminal, for stdin; stdout collects what is drawn. */
function pipes(env: Record<string, string | undefined> = {}): TuiTerminal & { screen: () => string } {
  let written = '';
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      written += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream & { columns: number };
  stdout.columns = 120;
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  return { stdin, stdout, env, screen: () => written };
}

async function runTui(terminal: TuiTerminal, ...argv: string[]): Promise<void> {
  const program = new Command('reqpath').exitOverride();
  registerTui(program, io, terminal);
  await program.parseAsync(['tui', ...argv], { from: 'user' });
}

describe('reqpath tui', () => {
  it('refuses, with exit status 2 and a message saying why, when stdin is not a terminal', async () => {
    const error = await runTui(pipes(), DEFAULT_MODEL_PATH).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect(error).toMatchObject({ exitCode: 2, message: notATerminal() });
    expect(notATerminal()).toMatch(/stdin is not a terminal/);
  });

  it('draws the screen once without a terminal when REQPATH_TUI_FORCE=1', async () => {
    const terminal = pipes({ REQPATH_TUI_FORCE: '1' });
    await runTui(terminal, DEFAULT_MODEL_PATH, '--rate', '3k/s', '--set', 'stages.decrypt.threads=2');
    const screen = terminal.screen();
    expect(screen).toContain('seda-https-json');
    expect(screen).toContain('offered 3k/s');
    // --set reached the model: decrypt on 2 threads, ρ = 3000 × 120 µs / 2 = 18 %.
    expect(screen).toMatch(/decrypt\s+decrypt\s+2\s+18\.0%/);
  });

  it('opens the default model when none is named', async () => {
    const terminal = pipes({ REQPATH_TUI_FORCE: '1' });
    await runTui(terminal);
    expect(terminal.screen()).toContain('seda-https-json');
  });

  it('goes through the CLI: a refused model and --json exit 2 before any terminal is touched', async () => {
    const missing = await cli('tui', 'models/no-such-model.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-model.yaml');
    const json = await cli('tui', DEFAULT_MODEL_PATH, '--json');
    expect(json.code).toBe(2);
    expect(json.stderr).toMatch(/--json .*analyze/);
    expect(json.stdout).toBe('');
  });
});
