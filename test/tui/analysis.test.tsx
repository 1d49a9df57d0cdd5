import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { fallbackRouting } from '../../src/analytic/accuracy.ts';
import { analyze as analyzeAnalytic } from '../../src/analytic/analyze.ts';
import { loadModel } from '../../src/model/load.ts';
import type { Result } from '../../src/model/result.ts';
import type { Model } from '../../src/model/types.ts';
import { analyze, analyzeAsync } from '../../src/solve/analyze.ts';
import { obtained } from '../../src/tui/components/AccuracyLine.tsx';
import { App } from '../../src/tui/components/App.tsx';
import type { AnalyzeFn } from '../../src/tui/hooks/use-analysis.ts';
import { defaultModel, KEYS, waitFor } from './helpers.ts';

afterEach(cleanup);

/** Its percentiles are beyond the 5% target analytically: the public analyze simulates them. */
const PROXY = 'models/tls-terminating-proxy.yaml';

describe('the figures analyze prints, in the TUI', () => {
  it('analyzeAsync gives the same answer as analyze, simulation included', async () => {
    const model = loadModel(PROXY);
    expect(fallbackRouting(analyzeAnalytic(model))?.percentiles).toBe(false);
    // The screen stays live during the run: timers fire between its replications (each shorter than the
    // engine's own poll interval, so without a turn between them none fired until the end).
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const answer = await analyzeAsync(model);
    clearInterval(timer);
    expect(ticks).toBeGreaterThanOrEqual(4);
    expect(answer.accuracy!.percentiles.kind).toBe('simulated');
    expect(answer).toEqual(analyze(model));
  }, 60_000);

  it('says how each figure was obtained: exact, an approximation with its measured band, or simulated with its CI', async () => {
    expect(obtained({ kind: 'exact', method: 'M/M/c (Erlang C)' }, 'seconds')).toBe('exact');
    expect(obtained({ kind: 'approximation', method: 'Allen–Cunneen', errorBand: 0.0133 }, 'seconds')).toBe('approx. ±1.3%');
    expect(obtained({ kind: 'approximation', method: 'unmeasured', errorBand: null }, 'seconds')).toBe('approx. ±?');
    expect(obtained({ kind: 'simulated', method: 'seeded simulation', ci: 0.000265 }, 'seconds')).toBe('simulated ±265µs (95% CI)');
    expect(obtained({ kind: 'simulated', method: 'seeded simulation', ci: 0.0002 }, 'fraction')).toBe('simulated ±0.020% (95% CI)');
    const app = render(<App model={defaultModel()} />);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('figures '));
    const figure = String.raw`(exact|approx\. ±\d+(\.\d+)?%\*?)`;
    expect(frame).toMatch(new RegExp(String.raw`figures  mean ${figure}   p50…p999 ${figure}   drops ${figure}`));
  });

  it('shows the analytic figures as provisional at once, keeps taking keys, then shows analyze’s simulated ones', async () => {
    const calls: { model: Model; signal: AbortSignal | undefined; finish: (r: Result) => void }[] = [];
    const pending: AnalyzeFn = (model, { signal }) => new Promise<Result>((finish) => calls.push({ model, signal, finish }));
    const app = render(<App model={loadModel(PROXY)} analyze={pending} />);
    const until = (ok: (frame: string) => boolean) => waitFor(app.lastFrame, ok);
    const route = fallbackRouting(analyzeAnalytic(loadModel(PROXY)))!;
    let frame = await until((f) => f.includes('figures '));
    // The figures analyze simulates are starred (provisional) until its answer comes.
    expect(frame).toMatch(/p50…p999 approx\. ±\d+(\.\d+)?%\*/);
    expect(frame).toContain('* simulating…');
    expect(/mean approx\. ±\d+(\.\d+)?%\*/.test(frame)).toBe(!route.mean);
    await waitFor(() => String(calls.length), (n) => n === '1');
    // The screen is live while analyze runs: a key edits the model, and the run for the old one is stopped.
    app.stdin.write(KEYS.right);
    frame = await until((f) => f.includes('(+10%)'));
    expect(frame).toContain('simulating…');
    await waitFor(() => String(calls[0]!.signal!.aborted), (aborted) => aborted === 'true');
    await waitFor(() => String(calls.length), (n) => n === '2');
    const edited = calls[1]!.model;
    const answer = analyze(edited);
    calls[1]!.finish(answer);
    frame = await until((f) => /p50…p999 simulated ±\S+ \(95% CI\)/.test(f));
    expect(frame).not.toContain('simulating…');
    expect(frame).not.toMatch(/%\*/);
    expect(/mean simulated ±/.test(frame)).toBe(!route.mean);
    const p99 = answer.latency.p99!;
    expect(frame).toContain(`p99 ${Number((p99 * 1000).toPrecision(3))}ms`);
    // Back and forth: the confirmed answer is kept, not computed again.
    app.stdin.write(KEYS.left);
    await waitFor(() => String(calls.length), (n) => n === '3');
    app.stdin.write(KEYS.right);
    await until((f) => f.includes('(+10%)') && f.includes('p50…p999 simulated'));
    expect(calls).toHaveLength(3);
  });

  it('without an analyze to confirm them, says the figures beyond the target stay unconfirmed', async () => {
    const app = render(<App model={loadModel(PROXY)} />);
    const frame = await waitFor(app.lastFrame, (f) => f.includes('figures '));
    expect(frame).toMatch(/p50…p999 approx\. ±\d+(\.\d+)?%\*/);
    expect(frame).toContain('* no simulator here');
  });
});
