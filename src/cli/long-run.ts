/**
 * The CLI side of the core's long computations (sweep, plan and chart with --simulate): Ctrl-C aborts the
 * run through its AbortSignal (a second Ctrl-C exits at once), progress goes to stderr (one updating line on
 * a terminal, a line per step otherwise), and an interrupted run exits 130 with a message, no result.
 */
import { Interrupted, type LongRunControl } from '../orchestrate/control.ts';
import { CliError } from './errors.ts';
import type { CliIo } from './io.ts';

/** Exit status of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT = 130;

export async function runInterruptible<T>(
  io: CliIo,
  verb: string,
  run: (control: LongRunControl) => Promise<T>,
  extra: Pick<LongRunControl, 'runnerFor'> = {},
): Promise<T> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    if (++interrupts > 1) process.exit(INTERRUPTED_EXIT);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  let drew = false;
  try {
    return await run({
      ...extra,
      signal: controller.signal,
      onProgress: ({ done, total, what }) => {
        const count = total === null ? `${done}` : `${done}/${total}`;
        if (io.errIsTty) {
          io.err(`\r\x1b[K${verb}: ${what} (${count})…`);
          drew = true;
        } else if (done > 0) io.err(`${verb}: ${what} (${count})\n`);
      },
    });
  } catch (error) {
    if (error instanceof Interrupted) throw new CliError(`${verb}: interrupted (Ctrl-C): no result`, INTERRUPTED_EXIT);
    throw error;
  } finally {
    if (drew) io.err('\r\x1b[K');
    process.off('SIGINT', onSigint);
  }
}
