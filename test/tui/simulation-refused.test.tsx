/**
 * `s` on a model the simulator's limits refuse (150k clients; it simulates up to 100k) says it is refused and
 * why, by key path, instead of "simulation failed: <model>: ..." (a failure, naming no file).
 */
import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { simulateAsync } from '../../src/index.ts';
import { parseModel } from '../../src/model/load.ts';
import { App } from '../../src/tui/components/App.tsx';
import { waitFor } from './helpers.ts';

afterEach(cleanup);

const MANY = parseModel(`name: many
workload: { clients: 150000, thinkTime: 1s }
stages: [ { name: s, service: 1ms, threads: 64 } ]
`);

describe('s on a model the simulator refuses', () => {
  it('shows the refusal and its reason, not a failure', { timeout: 30_000 }, async () => {
    const app = render(<App model={MANY} simulate={simulateAsync} />);
    await waitFor(app.lastFrame, (f) => f.includes('press s'));
    app.stdin.write('s');
    const frame = await waitFor(app.lastFrame, (f) => !f.includes('simulating') && !f.includes('press s'), 25_000);
    expect(frame).toMatch(/simulation refused[^\n]*workload\.clients: expected at most 100000 clients/);
    expect(frame).not.toContain('failed');
    expect(frame).not.toContain('<model>');
  });
});
