import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { withArrivalRate } from '../../src/model/edit.ts';
import { lossAheadModel } from '../helpers/models.ts';
import { Header } from '../../src/tui/components/Header.tsx';
import { LatencyLine } from '../../src/tui/components/LatencyLine.tsx';
import { closedModel, defaultModel, unstableModel } from './helpers.ts';

afterEach(cleanup);

describe('<Header>', () => {
  it('names the model, the load, throughput, saturation point and bottleneck, stable, SLO met', () => {
    const model = defaultModel();
    const frame = render(<Header model={model} result={analyze(model)} />).lastFrame()!;
    expect(frame).toMatch(/^seda-https-json\s+stable\s+SLO met\s+one dedicated thread pool/);
    // process saturates first: 32 threads / 2 ms = 16 000 requests/s.
    expect(frame).toMatch(/offered 11\.2k\/s\s+throughput 11\.2k\/s\s+saturates at 16k\/s on process/);
  });

  it('shows the load change against the file', () => {
    const model = withArrivalRate(defaultModel(), 12320);
    expect(render(<Header model={model} result={analyze(model)} loadPercent={110} />).lastFrame()).toContain('offered 12.32k/s (+10%)');
  });

  it('says UNSTABLE and SLO missed past saturation', () => {
    const model = unstableModel();
    const frame = render(<Header model={model} result={analyze(model)} />).lastFrame()!;
    // One thread of 20 ms saturates at 50/s; throughput is capped there.
    expect(frame).toMatch(/^overload\s+UNSTABLE\s+SLO missed/);
    expect(frame).toMatch(/offered 100\/s\s+throughput 50\/s\s+saturates at 50\/s on only/);
    expect(frame).not.toMatch(/NaN|Infinity/);
  });

  it('past saturation, names what binds when the smallest capacity is a pool that sheds (a loss stage most requests skip)', () => {
    const model = lossAheadModel('1.35ms');
    const frame = render(<Header model={model} result={analyze(model)} />).lastFrame()!;
    expect(frame).toMatch(/throughput 740\.7\/s\s+bound by back \(smallest capacity 666\.7\/s on front, which sheds\)/);
  });

  it('counts clients for a closed workload and says nothing of an SLO it does not have', () => {
    const model = closedModel();
    const frame = render(<Header model={model} result={analyze(model)} />).lastFrame()!;
    expect(frame).toContain('closed, 50 clients');
    expect(frame).not.toContain('SLO');
  });
});

describe('<LatencyLine>', () => {
  it('lists mean and p50…p999 and each SLO bound', () => {
    const model = defaultModel();
    const r = analyze(model);
    const frame = render(<LatencyLine result={r} slo={model.slo} />).lastFrame()!;
    expect(frame).toMatch(/latency\s+mean \S+ms\s+p50 \S+ms\s+p90 \S+ms\s+p95 \S+ms\s+p99 \S+ms\s+p999 \S+ms/);
    expect(frame).toContain(`p99 ${Number((r.latency.p99! * 1000).toPrecision(3))}ms`);
    expect(frame).toMatch(/SLO\s+p99 ≤ 50ms met\s+drops ≤ 0\.1% met/);
  });

  it('marks a missed bound', () => {
    const model = defaultModel();
    const frame = render(<LatencyLine result={analyze(model)} slo={{ p99Seconds: 0.001 }} />).lastFrame()!;
    expect(frame).toContain('p99 ≤ 1ms MISSED');
  });

  it('prints no latency numbers for an unstable model', () => {
    const model = unstableModel();
    const frame = render(<LatencyLine result={analyze(model)} slo={model.slo} />).lastFrame()!;
    expect(frame).toMatch(/latency\s+∞ — unstable/);
    expect(frame).toContain('p99 ≤ 100ms MISSED');
    expect(frame).not.toMatch(/NaN|Infinity|null/);
  });
});
