/**
 * `s` on a time-driven model whose run has not recovered at the horizon: the screen shows the simulated p99
 * (real: the requests completed within the horizon) and says the run did not recover, instead of
 * "simulation: unstable at this load, queues grow without bound" with no figure.
 */
import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { App } from '../../src/tui/components/App.tsx';
import { defaultModel, waitFor } from './helpers.ts';

afterEach(cleanup);

describe('a simulation that did not recover', () => {
  it('shows its p99 and says it did not recover', async () => {
    const app = render(
      <App
        model={defaultModel()}
        simulate={(model, options) => {
          const r = analyze(model);
          const window = { start: 0, end: 1, offered: 1, throughput: 1, goodput: 1, p99: 0.0123, inSystem: 9 };
          return { ...r, method: 'simulation', stable: false, timeline: [window], latency: { ...r.latency, p99: 0.0123 }, ci: { p99: 0.001 }, ...options };
        }}
      />,
    );
    await waitFor(app.lastFrame, (f) => f.includes('press s'));
    app.stdin.write('s');
    const frame = await waitFor(app.lastFrame, (f) => f.includes('simulated p99') || f.includes('simulation: unstable'));
    expect(frame).toMatch(/not recovered at the horizon[^\n]*simulated p99 12\.3ms/);
    expect(frame).not.toContain('simulation: unstable');
  });
});
