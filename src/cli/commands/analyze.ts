import type { Command } from 'commander';
import { analyze } from '../../solve/analyze.ts';
import { formatResult } from '../format-result.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../io.ts';
import { addModelOptions, modelFromOptions, type ModelOptions } from '../model-options.ts';

export function registerAnalyze(program: Command, io: CliIo): void {
  addModelOptions(program.command('analyze').argument('<model>', 'model file (.yaml or .json)'))
    .description('analytic solution: per-stage utilisation and waits, throughput, end-to-end latency percentiles')
    .option('--analytic', 'the pure analytic answer: never fall back to a simulation, whatever the error band')
    .action((path: string, options: ModelOptions & { analytic?: boolean }) => {
      const model = modelFromOptions(path, options);
      const result = analyze(model, { method: options.analytic ? 'analytic' : 'auto' });
      io.out(options.json ? toJson(result) : formatResult(model, result));
    });
}
