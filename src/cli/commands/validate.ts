import type { Command } from 'commander';
import { tryLoadModel } from '../../model/load.ts';
import { formatIssues } from '../../model/messages.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../io.ts';
import { addModelOptions, overridesFrom, type ModelOptions } from '../model-options.ts';

export function registerValidate(program: Command, io: CliIo): void {
  addModelOptions(program.command('validate').argument('<model>', 'model file (.yaml or .json)'))
    .description('check a model file; exit 0 when valid, 2 with every problem listed when not (--json: as { valid, issues })')
    .action((path: string, options: ModelOptions) => {
      const result = tryLoadModel(path, { overrides: overridesFrom(options) });
      if (!result.ok) {
        // --json answers on stdout either way, so a script reads one document; people still see stderr.
        if (options.json) io.out(toJson({ valid: false, file: path, issues: result.issues }));
        throw new CliError(formatIssues(result.issues), 2);
      }
      const model = result.model;
      if (options.json) {
        io.out(toJson({ valid: true, model: model.name, stages: model.stages.length, pools: model.pools.length }));
      } else {
        const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
        io.out(`${path}: valid (${model.name}: ${count(model.stages.length, 'stage')}, ${count(model.pools.length, 'pool')})\n`);
      }
    });
}
