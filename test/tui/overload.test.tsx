import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { loadModel } from '../../src/model/load.ts';
import { App } from '../../src/tui/components/App.tsx';
import { ALL_ON, initialSwitches, withSwitches } from '../../src/tui/overload-switches.ts';
import { initialWhatIf, whatIfReducer } from '../../src/tui/what-if.ts';
import { KEYS, waitFor } from './helpers.ts';

afterEach(cleanup);

const STORM = 'models/retry-storm.yaml';

describe('overload switches', () => {
  it('start with the schedule off (a steady screen), retries and timeouts as in the file', () => {
    const model = loadModel(STORM);
    expect(initialSwitches(model)).toEqual({ ...ALL_ON, schedule: true });
    const steady = withSwitches(model, initialSwitches(model));
    expect(steady.overload).toMatchObject({ schedule: null, horizonSeconds: null, timeoutSeconds: 1, retry: { attempts: 3 } });
    expect(withSwitches(model, { ...ALL_ON, retries: true }).overload!.retry!.attempts).toBe(1);
    expect(withSwitches(model, { ...ALL_ON, timeouts: true }).overload!.timeoutSeconds).toBe(Infinity);
  });

  it('a, t and w flip them, each re-analysed; a model without them says so and stays', () => {
    let s = initialWhatIf(loadModel(STORM));
    expect(s.result.goodput).toBeCloseTo(560, 6);
    expect(s.result.metastable).not.toBeNull();
    s = whatIfReducer(s, { type: 'switch', which: 'retries' });
    expect(s.model.overload!.retry!.attempts).toBe(1);
    expect(s.result).toEqual(analyze(s.model));
    expect(s.result.metastable ?? null).toBeNull();
    s = whatIfReducer(s, { type: 'switch', which: 'retries' });
    expect(s.model.overload!.retry!.attempts).toBe(3);
    s = whatIfReducer(s, { type: 'switch', which: 'schedule' });
    expect(s.model.overload!.schedule).toHaveLength(3);
    expect(s.result.goodput).toBeNull(); // analyze has no method for a schedule: simulate has
    const plain = initialWhatIf(loadModel('models/seda-https-json.yaml'));
    const after = whatIfReducer(plain, { type: 'switch', which: 'timeouts' });
    expect(after.model).toBe(plain.model);
    expect(after.message).toMatch(/no timeout or queueTimeout/);
  });
});

describe('<App> on models/retry-storm.yaml', () => {
  it('shows goodput, the rates and the metastable warning; a, t and w switch retries, timeouts and the schedule', async () => {
    const app = render(<App model={loadModel(STORM)} />);
    const until = (ok: (frame: string) => boolean) => waitFor(app.lastFrame, ok);
    let frame = await until((f) => f.includes('overload goodput'));
    expect(frame).toMatch(/overload goodput 560\/s\s+wasted 0\.000%\s+per request: timeouts 0\.000%\s+retries 0\.000%/);
    expect(frame).toMatch(/a retries on \(3 attempts\)\s+t timeouts on \(1s\)\s+w schedule off \(steady load\)/);
    expect(frame).toMatch(/⚠ metastable: goodput 560\/s or 0\/s at this load; a spike above 792\.2\/s leaves it at 0\/s/);
    expect(frame).toMatch(/a\/t\/w retries\/timeouts\/schedule/);
    // Past the trigger rate only the saturated point is left: every attempt times out, goodput collapses.
    for (let i = 0; i < 5; i++) app.stdin.write(KEYS.right); // 560/s + 50% = 840/s
    frame = await until((f) => f.includes('offered 840/s'));
    expect(frame).toMatch(/UNSTABLE/);
    // Each request makes 3 attempts and every one times out: 300% of the original requests.
    expect(frame).toMatch(/overload goodput 0\/s\s+wasted 100\.0%\s+per request: timeouts 300\.0%\s+retries 200\.0%/);
    app.stdin.write('a');
    frame = await until((f) => f.includes('a retries off (1 attempt)'));
    expect(frame).not.toContain('⚠ metastable');
    app.stdin.write('a');
    await until((f) => f.includes('a retries on (3 attempts'));
    app.stdin.write('t');
    await until((f) => f.includes('t timeouts off'));
    app.stdin.write('w');
    frame = await until((f) => f.includes('w schedule on'));
    expect(frame).toContain('overload goodput, timeouts, retries: no analytic method here (s simulates them)');
    expect(frame).not.toMatch(/NaN|Infinity|undefined/);
  });

  it('puts the simulated goodput beside the figures when s runs', async () => {
    const app = render(
      <App
        model={loadModel(STORM)}
        simulate={(model, options) => {
          const r = analyze(model);
          return { ...r, method: 'simulation', goodput: 551, timeoutRate: 0.012, retryRate: 0.013, ci: { p99: 0.001, goodput: 4 }, ...options };
        }}
      />,
    );
    await waitFor(app.lastFrame, (f) => f.includes('press s'));
    app.stdin.write('s');
    const frame = await waitFor(app.lastFrame, (f) => f.includes('simulated goodput'));
    expect(frame).toMatch(/simulated goodput 551\/s ± 4\/s\s+timeouts 1\.2%\s+retries 1\.3%/);
  });
});
