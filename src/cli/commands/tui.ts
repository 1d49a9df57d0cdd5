/**
 * `reqpath tui [MODEL]`: loads the model like every other verb (--rate, --set), checks there is a terminal
 * to read keys from, and hands the model to the Ink app in src/tui. Resolves when the user quits.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import type { Override } from '../../model/overrides.ts';
import { addModelOptions, loadWithOptions, modelFromOptions, type ModelOptions } from '../model-options.ts';

export const DEFAULT_TUI_MODEL = 'models/seda-https-json.yaml';

/** The streams and environment the TUI runs on; injected so tests can check the refusal without a terminal. */
export interface TuiTerminal {
  readonly stdin: NodeJS.ReadStream;
  readonly stdout: NodeJS.WriteStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const processTerminal = (): TuiTerminal => ({ stdin: process.stdin, stdout: process.stdout, env: process.env });

export const notATerminal = (): string =>
  'reqpath tui: stdin is not a terminal, and the TUI needs one to read keys. ' +
  'Run it in a terminal, or use `reqpath analyze MODEL` for a one-shot answer ' +
  '(REQPATH_TUI_FORCE=1 draws the screen anyway).';

/** The default model from the working directory, else the copy shipped beside this package. */
function defaultModelPath(): string {
  if (existsSync(DEFAULT_TUI_MODEL)) return DEFAULT_TUI_MODEL;
  // From source this file is src/cli/commands/; compiled, every chunk sits flat in dist/.
  const root = import.meta.url.endsWith('.ts') ? '../../../' : '../';
  return fileURLToPath(new URL(`${root}${DEFAULT_TUI_MODEL}`, import.meta.url));
}

export function registerTui(program: Command, _io: CliIo, terminal: TuiTerminal = processTerminal()): void {
  addModelOptions(program.command('tui').argument('[model]', `model file (.yaml or .json); default ${DEFAULT_TUI_MODEL}`))
    .description('interactive what-if screen: change threads, load, variables and overload switches with the keys, see utilisation, latency and goodput at once')
    .action(async (path: string | undefined, options: ModelOptions) => {
      if (options.json) throw new CliError('reqpath tui: --json has no meaning for the interactive screen; use `reqpath analyze MODEL --json`.');
      const file = path ?? defaultModelPath();
      const model = modelFromOptions(file, options);
      if (terminal.stdin.isTTY !== true && terminal.env['REQPATH_TUI_FORCE'] !== '1') throw new CliError(notATerminal(), 2);
      // Stepping a variable loads the model again, as `--var` would (expressions are evaluated only at load).
      const source = { reload: (more: readonly Override[]) => loadWithOptions(file, options, more) };
      // Ink, React and the simulator load only for this verb, so they do not slow every other verb's start.
      // The asynchronous simulate and analyze yield during their runs, so the screen stays live.
      const [{ renderTui }, { simulateAsync }, { analyzeAsync }] = await Promise.all([
        import('../../tui/render.tsx'),
        import('../../sim/simulate.ts'),
        import('../../solve/analyze.ts'),
      ]);
      const instance = renderTui(model, { stdin: terminal.stdin, stdout: terminal.stdout, simulate: simulateAsync, source, analyze: analyzeAsync });
      // Forced without a terminal: no keys can arrive, so draw the screen once and end.
      if (terminal.stdin.isTTY !== true) instance.unmount();
      await instance.waitUntilExit();
    });
}
