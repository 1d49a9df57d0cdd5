/**
 * Scheduling priority for the proof's server and load generator. The machines this runs on are shared (2 cores,
 * load averages of 20 from other builds): under plain time-sharing a woken server or generator waits behind
 * other jobs for milliseconds, and that wait would be measured as latency the model cannot know about. Where
 * permitted (root or CAP_SYS_NICE), both run under SCHED_FIFO (`chrt -f`), which preempts time-shared jobs on
 * wake-up; the kernel's RT throttling (95% of each second) still leaves other jobs their share. Otherwise they
 * run at normal priority and the disturbance check (proof.ts) decides whether a run can be trusted.
 * REQPATH_PROOF_PRIORITY=normal turns it off.
 */
import { execFileSync } from 'node:child_process';

const RT_PRIORITY = '20';

let cached: boolean | null = null;

/** Whether SCHED_FIFO can be used here. */
export function realtimeAvailable(): boolean {
  if (process.env['REQPATH_PROOF_PRIORITY'] === 'normal') return false;
  if (cached === null) {
    try {
      execFileSync('chrt', ['-f', RT_PRIORITY, 'true'], { stdio: 'ignore' });
      cached = true;
    } catch {
      cached = false;
    }
  }
  return cached;
}

/** A command prefixed to run under SCHED_FIFO when available. */
export function withPriority(command: readonly string[]): string[] {
  return realtimeAvailable() ? ['chrt', '-f', RT_PRIORITY, ...command] : [...command];
}

/** Raises this process (all its threads) for the duration of `work`, then restores time-sharing. */
export async function whileRealtime<T>(work: () => Promise<T>): Promise<T> {
  if (!realtimeAvailable()) return work();
  execFileSync('chrt', ['-a', '-f', '-p', RT_PRIORITY, String(process.pid)], { stdio: 'ignore' });
  try {
    return await work();
  } finally {
    execFileSync('chrt', ['-a', '-o', '-p', '0', String(process.pid)], { stdio: 'ignore' });
  }
}
