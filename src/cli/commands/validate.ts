import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import { toJson } from '../io.ts';
import { addModelOptions, modelFromOptions, type ModelOptions } from '../model-options.ts';

export function registerValidate(program: Command, io: CliIo): void {
  addModelOptions(program.command('validate').argument('<model>', 'model file (.yaml or .json)'))
    .description('check a model file; exit 0 when valid, 2 with every problem listed when not')
    .action((path: string, options: ModelOptions) => {
      const model = modelFromOptions(path, options);
      if (options.json) {
        io.out(toJson({ valid: true, model: model.name, stages: model.stages.length, pools: model.pools.length }));
      } else {
        io.out(`${path}: valid (${model.name}: ${model.stages.length} stages, ${model.pools.length} pools)\n`);
      }
    });
}
