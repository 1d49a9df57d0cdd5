/**
 * Starts the TUI on the given streams. The streams are parameters so tests and other hosts can pass fakes;
 * the CLI passes process.stdin and process.stdout.
 */
import { render, type Instance } from 'ink';
import type { Model } from '../model/types.ts';
import { App } from './components/App.tsx';
import type { AnalyzeFn } from './hooks/use-analysis.ts';
import type { SimulateFn } from './simulation.ts';
import type { ModelSource } from './variables.ts';

export interface TuiOptions {
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly stderr?: NodeJS.WriteStream;
  readonly simulate?: SimulateFn;
  /** Where the model came from: its `vars:` can then be stepped with Tab and +/-. */
  readonly source?: ModelSource;
  /** The public analyze (analyzeAsync): confirms figures beyond the accuracy target by a short simulation. */
  readonly analyze?: AnalyzeFn;
}

export function renderTui(model: Model, options: TuiOptions): Instance {
  return render(<App model={model} simulate={options.simulate} source={options.source} analyze={options.analyze} />, {
    stdout: options.stdout,
    stdin: options.stdin,
    ...(options.stderr ? { stderr: options.stderr } : {}),
    // Ctrl-C is a binding of its own (keymap.ts), so it quits the same way `q` does.
    exitOnCtrlC: false,
    patchConsole: false,
  });
}
