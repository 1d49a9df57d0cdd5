import type { Command } from 'commander';
import { modelFileJsonSchema } from '../../model/schema.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../io.ts';

/** The model file's JSON Schema, generated from the zod schema that validates it, so the two never drift. */
export function registerSchema(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('print the JSON Schema of model files (for editors: schema/model.schema.json is this output)')
    .action(() => {
      io.out(toJson({ title: 'reqpath model', ...modelFileJsonSchema() }));
    });
}
