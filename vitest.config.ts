import { defineConfig } from 'vitest/config';

/**
 * The real-server proof measures latencies on loopback: run beside the other test files it measured them on a
 * machine whose two cores those files kept busy, and failed 3 runs in 7. So it is its own project, run after
 * every other file has finished (sequence.groupOrder), on a machine with nothing else of ours running.
 */
const REAL_SERVERS = 'test/proof/real-servers.test.ts';

export default defineConfig({
  test: {
    // Builds dist/ when src/ changed: the spawned CLI and the worker threads run the compiled code.
    globalSetup: ['test/global-setup.ts'],
    // The JSON report lets .ci/run print the "N passed, N failed" line CI reads.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: [REAL_SERVERS],
          setupFiles: ['test/setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'real-servers',
          include: [REAL_SERVERS],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
