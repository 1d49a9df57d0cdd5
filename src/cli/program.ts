/**
 * runCli(argv, io) → exit status. Commander parses; every error becomes words on stderr and a status:
 * 2 for refused input (bad model, bad option), 1 for anything unexpected. No stack trace reaches a user.
 */
import { Command, CommanderError } from 'commander';
import { ModelError } from '../model/messages.ts';
import { registerCommands } from './commands/index.ts';
import { CliError } from './errors.ts';
import type { CliIo } from './io.ts';

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('reqpath')
    .description('queueing model and capacity planner for backend request pipelines')
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
