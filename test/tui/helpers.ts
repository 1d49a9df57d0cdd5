/** Shared fixtures for the TUI tests: the default model, an unstable one, a closed one, and frame waiting. */
import { loadModel, parseModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/types.ts';

export const DEFAULT_MODEL_PATH = 'models/seda-https-json.yaml';

export const defaultModel = (): Model => loadModel(DEFAULT_MODEL_PATH);

/** ρ = 100/s × 20 ms / 1 thread = 2: an M/M/1 queue past saturation. */
export const unstableModel = (): Model =>
  parseModel(JSON.stringify({ name: 'overload', workload: { arrivalRate: 100 }, stages: [{ name: 'only', service: 0.02, threads: 1 }], slo: { p99: 0.1 } }));

export const closedModel = (): Model =>
  parseModel(
    JSON.stringify({
      name: 'closed-loop',
      workload: { clients: 50, thinkTime: '5ms' },
      stages: [
        { name: 'parse', service: '40us', threads: 2 },
        { name: 'process', service: '2ms', threads: 8 },
      ],
    }),
  );

/** Raw key sequences a terminal sends. */
export const KEYS = { up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', ctrlC: '\u0003' } as const;

/**
 * Polls until `read()` satisfies `ok` (Ink draws asynchronously) and returns it; fails with the last value
 * seen when it never does. Polling, not a fixed delay: as fast as the machine allows, no flakiness when slow.
 */
export async function waitFor(read: () => string | undefined, ok: (frame: string) => boolean, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = read() ?? '';
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`expected frame never appeared; last frame:\n${last}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
    last = read() ?? '';
  }
  return last;
}

/** The StageTable row of a stage (not a header line that happens to name it). */
export function rowOf(frame: string, stage: string): string {
  return frame.split('\n').find((line) => new RegExp(`^[› ][▶ ] {2}${stage} `).test(line)) ?? '';
}
