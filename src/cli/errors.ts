/** Errors the CLI turns into an exit status: 2 for refused input, 1 for anything else. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}
