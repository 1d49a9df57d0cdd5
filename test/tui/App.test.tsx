import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import type { Model } from '../../src/model/types.ts';
import { App } from '../../src/tui/components/App.tsx';
import type { SimulateFn } from '../../src/tui/simulation.ts';
import { closedModel, defaultModel, KEYS, waitFor, rowOf } from './helpers.ts';

afterEach(cleanup);


function start(model: Model, simulate?: SimulateFn) {
  const app = render(<App model={model} {...(simulate ? { simulate } : {})} />);
  const until = (ok: (frame: string) => boolean) => waitFor(app.lastFrame, ok);
  return { ...app, until };
}

describe('<App> keys', () => {
  it('+ and - change the selected stage’s threads; ↓ moves the selection', async () => {
    const app = start(defaultModel());
    await app.until((f) => /^›\s+accept/m.test(f));
    app.stdin.write(KEYS.down);
    app.stdin.write(KEYS.down);
    await app.until((f) => /^›\s+decrypt/m.test(f));
    app.stdin.write('+');
    // 5 threads: utilisation 11 200 × 120 µs / 5 = 26.9 %.
    let frame = await app.until((f) => /decrypt\s+5\*\s+26\.9%/.test(rowOf(f, 'decrypt')));
    expect(rowOf(frame, 'read')).toMatch(/read\s+4\s+14\.0%/);
    app.stdin.write('-');
    app.stdin.write('-');
    frame = await app.until((f) => /decrypt\s+3\*\s+44\.8%/.test(rowOf(f, 'decrypt')));
  });

  it('→ and ← change the arrival rate by 10% of the file’s, and every figure follows', async () => {
    const app = start(defaultModel());
    await app.until((f) => f.includes('offered 11.2k/s'));
    app.stdin.write(KEYS.right);
    const frame = await app.until((f) => f.includes('offered 12.32k/s (+10%)'));
    // process at 12 320/s: 12 320 × 2 ms / 32 = 77.0 %.
    expect(rowOf(frame, 'process')).toMatch(/32\s+77\.0%/);
    app.stdin.write(KEYS.left);
    app.stdin.write(KEYS.left);
    await app.until((f) => f.includes('offered 10.08k/s (−10%)'));
  });

  it('r returns to the file’s values', async () => {
    const app = start(defaultModel());
    await app.until((f) => f.includes('offered 11.2k/s'));
    app.stdin.write('+');
    app.stdin.write(KEYS.right);
    await app.until((f) => f.includes('(+10%)') && /accept\s+2\*/.test(rowOf(f, 'accept')));
    app.stdin.write('r');
    const frame = await app.until((f) => f.includes('offered 11.2k/s   '));
    expect(rowOf(frame, 'accept')).toMatch(/accept\s+1\s/);
  });

  it('drives a pool past saturation: UNSTABLE, ∞, no NaN', async () => {
    const app = start(defaultModel());
    await app.until((f) => f.includes('offered 11.2k/s'));
    // accept has one thread of 20 µs per connection (visits 0.1): it saturates at 500k/s; process at 16k/s.
    // Each ← or → moves 10% of the file's 11 200/s, i.e. 1 120/s.
    for (let i = 0; i < 5; i++) app.stdin.write(KEYS.left); // 5.6k/s
    await app.until((f) => f.includes('offered 5.6k/s'));
    app.stdin.write(KEYS.down);
    app.stdin.write(KEYS.down);
    for (let i = 0; i < 3; i++) app.stdin.write('-'); // decrypt on 1 thread: ρ = 5600 × 120 µs = 0.672
    await app.until((f) => /decrypt\s+1\*\s+67\.2%/.test(rowOf(f, 'decrypt')));
    for (let i = 0; i < 2; i++) app.stdin.write(KEYS.right); // 7.84k/s: ρ = 0.941, still stable
    let frame = await app.until((f) => f.includes('offered 7.84k/s'));
    expect(frame).toMatch(/\bstable\b/);
    expect(rowOf(frame, 'decrypt')).toMatch(/94\.1%/);
    app.stdin.write(KEYS.right); // 8.96k/s: ρ = 1.08 on decrypt
    frame = await app.until((f) => f.includes('offered 8.96k/s'));
    expect(frame).toContain('UNSTABLE');
    expect(frame).toMatch(/saturates at 8\.333k\/s on decrypt/);
    expect(frame).toMatch(/latency\s+∞ — unstable/);
    expect(frame).toContain('SLO missed');
    expect(frame).not.toMatch(/NaN|Infinity|null/);
  });

  it('→ adds clients for a closed workload', async () => {
    const app = start(closedModel());
    await app.until((f) => f.includes('closed, 50 clients'));
    app.stdin.write(KEYS.right);
    await app.until((f) => f.includes('closed, 55 clients (+10%)'));
  });

  it('? shows the key bindings and hides them again', async () => {
    const app = start(defaultModel());
    await app.until((f) => f.includes('offered 11.2k/s'));
    app.stdin.write('?');
    await app.until((f) => f.includes("reset to the file's values"));
    app.stdin.write('?');
    await app.until((f) => !f.includes("reset to the file's values"));
  });

  it('s says "simulation not available" when the library has no simulator', async () => {
    const app = start(defaultModel());
    await app.until((f) => f.includes('press s'));
    app.stdin.write('s');
    await app.until((f) => f.includes('simulation not available'));
  });

  it('s runs the injected simulator on the edited model and shows its p99 ± CI beside the analytic p99', async () => {
    const seen: Model[] = [];
    const fake: SimulateFn = (model, options) => {
      seen.push(model);
      const r = analyze(model);
      return { ...r, method: 'simulation', latency: { ...r.latency, p99: 0.0123 }, ci: { p99: 0.0004 }, ...options };
    };
    const app = start(defaultModel(), fake);
    await app.until((f) => f.includes('offered 11.2k/s'));
    app.stdin.write('+');
    await app.until((f) => /accept\s+2\*/.test(rowOf(f, 'accept')));
    app.stdin.write('s');
    const frame = await app.until((f) => f.includes('simulated p99'));
    const analyticP99 = analyze(defaultModel()).latency.p99!;
    expect(frame).toContain(`simulated p99 12.3ms ± 400µs (95% CI, 5 × 20k requests)   analytic p99 ${Number((analyticP99 * 1000).toPrecision(3))}ms`);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.pools.find((p) => p.name === 'accept')!.threads).toBe(2);
    // An edit makes the simulated figure stale: it goes rather than sit beside fresh analysis,
    // and comes back when the edits return to the simulated model.
    app.stdin.write(KEYS.right);
    await app.until((f) => !f.includes('simulated p99') && f.includes('press s'));
    app.stdin.write(KEYS.left);
    await app.until((f) => f.includes('simulated p99 12.3ms'));
    expect(seen).toHaveLength(1);
  });

  it('shows "simulating…" while an asynchronous simulator runs, and stops it when the TUI closes', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    let finish: (() => void) | undefined;
    const slow: SimulateFn = (model, options) =>
      new Promise((resolve) => {
        signals.push(options.signal);
        const r = analyze(model);
        finish = () => resolve({ ...r, method: 'simulation', ci: { p99: null }, ...options });
      });
    const app = start(defaultModel(), slow);
    await app.until((f) => f.includes('press s'));
    app.stdin.write('s');
    await app.until((f) => f.includes('simulating 5 × 20k requests…'));
    await waitFor(() => String(finish !== undefined), (v) => v === 'true');
    finish!();
    // One replication's worth of CI is null: no "±" is printed rather than a made-up width.
    const frame = await app.until((f) => f.includes('simulated p99'));
    expect(frame).toMatch(/simulated p99 \S+ms \(95% CI/);
    app.stdin.write('s');
    await waitFor(() => String(signals.length), (n) => n === '2');
    expect(signals[1]!.aborted).toBe(false);
    app.unmount();
    expect(signals[1]!.aborted).toBe(true);
  });
});

