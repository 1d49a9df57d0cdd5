import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { simulate, simulateAsync } from '../../src/index.ts';
import { App } from '../../src/tui/components/App.tsx';
import type { SimulateFn } from '../../src/tui/simulation.ts';
import { defaultModel, waitFor } from './helpers.ts';

afterEach(cleanup);

// The library's simulators fit the TUI's type: this file does not compile if either drifts.
const simulators: readonly SimulateFn[] = [simulate, simulateAsync];

describe('short simulation with the real simulator', () => {
  it('puts the simulated p99 and its 95% CI beside the analytic p99, and they agree', { timeout: 30_000 }, async () => {
    expect(simulators).toHaveLength(2);
    const app = render(<App model={defaultModel()} simulate={simulateAsync} />);
    await waitFor(app.lastFrame, (f) => f.includes('press s'));
    app.stdin.write('s');
    const frame = await waitFor(app.lastFrame, (f) => f.includes('simulated p99'), 25_000);
    const match = /simulated p99 ([\d.]+)ms ± ([\d.]+)(ms|µs) \(95% CI, 5 × 20k requests\)\s+analytic p99 ([\d.]+)ms/.exec(frame);
    expect(match, frame).not.toBeNull();
    const [, simMs, half, unit, analyticMs] = match!;
    const halfMs = Number(half) * (unit === 'µs' ? 1e-3 : 1);
    // Same model, two methods: the analytic p99 (transform inversion, sojourns treated as independent)
    // should sit within a few half-widths of the simulated one; 5 % slack covers its approximations.
    expect(Math.abs(Number(simMs) - Number(analyticMs))).toBeLessThan(3 * halfMs + 0.05 * Number(analyticMs));
  });
});
