/**
 * runCli(argv, io) → exit status. Commander parses; every error becomes words on stderr and a status:
 * 2 for refused input (bad model, bad option), 1 for anything unexpected. No stack trace reaches a user.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ModelError } from '../model/messages.ts';
import { registerCommands } from './commands/index.ts';
import { CliError } from './errors.ts';
import type { CliIo } from './io.ts';

/** Said under every --help: the model file's rule for numbers without a unit applies to options too. */
export const UNITS_HELP = `
Units: a duration without a unit is seconds (--slo-p99 20 means 20 s; write 20ms or 150us), a rate without
one is per second (3000 = 3k/s). Every bound is echoed with its unit in the output.`;

/** The nearest package.json above this file (the same from src/ and from a built dist/). */
function packageVersion(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'reqpath' && pkg.version) return pkg.version;
    } catch {
      // not here: look one level up
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('reqpath')
    .description('queueing model and capacity planner for backend request pipelines')
    .version(packageVersion(), '-V, --version', 'print the version')
    .addHelpText('afterAll', UNITS_HELP)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showSuggestionAfterError(true);
  registerCommands(program, io);
  program.commands.forEach((command) => command.exitOverride());
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander but successes to a user.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return 0;
      return 2;
    }
    if (error instanceof CliError) {
      io.err(`${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof ModelError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`reqpath: ${message}\n`);
    return 1;
  }
}
