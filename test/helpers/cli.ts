import { runCli } from '../../src/cli/program.ts';
import type { CliIo } from '../../src/cli/io.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output: what a user would see, without spawning node. */
export async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), errIsTty: false };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
