/**
 * The CLI's only doors to the outside: stdout for results, stderr for progress and messages.
 * Injected so tests can run commands in-process and read what they printed.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  readonly errIsTty: boolean;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  errIsTty: Boolean(process.stderr.isTTY),
};

/** JSON with every non-finite number as null: NaN and Infinity never reach a user. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}

/**
 * `reqpath … --json | head -1`: the reader has gone, so the rest of the output has no one to read it. Exit at
 * once, quietly, as `cat` would (without this Node prints an EPIPE stack trace and exits 1).
 */
export function quietOnBrokenPipe(proc: Pick<NodeJS.Process, 'stdout' | 'stderr' | 'exit'>): void {
  for (const stream of [proc.stdout, proc.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') proc.exit(0);
      throw error;
    });
  }
}
