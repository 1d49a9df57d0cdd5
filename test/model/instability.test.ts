/**
 * `stable: false` said for what it is: a time-driven run that had not recovered at its horizon has real,
 * finite latency (the requests completed within it) and is not "unstable: load reaches capacity, latency ∞";
 * a retry storm whose offered load fits is unstable by its retries. The analyze table and the sweep footer
 * both say which.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { formatResult } from '../../src/cli/format-result.ts';
import { formatSweepTable } from '../../src/cli/commands/sweep.ts';
import { parseModel } from '../../src/model/load.ts';
import type { Result } from '../../src/model/result.ts';
import { instabilityOf } from '../../src/model/instability.ts';
import { sweep } from '../../src/plan/sweep.ts';

const PLAIN = parseModel(`workload: { arrivalRate: 50 }
stages: [ { name: s, service: 10ms, threads: 1 } ]
`);
const STORM = parseModel(`workload: { arrivalRate: 7.5, timeout: 2s, cancel: none, retry: { attempts: 3, backoff: 0.5s, jitter: full } }
stages: [ { name: s, service: 1s, threads: 10 } ]
`);

/** A time-driven run's answer whose backlog still grew at the horizon: finite latency, stable false. */
function notRecovered(): Result {
  const r = analyze(PLAIN);
  return { ...r, stable: false, timeline: [{ start: 0, end: 1, offered: 50, throughput: 50, goodput: 50, p99: r.latency.p99, inSystem: 1 }] };
}

describe('what stable: false means', () => {
  it('tells a time-driven run that did not recover, a retry storm, and an overload apart', () => {
    expect(instabilityOf(analyze(PLAIN))).toBe(null);
    expect(instabilityOf(notRecovered())).toBe('not-recovered');
    expect(instabilityOf(analyze(STORM))).toBe('retries');
    expect(instabilityOf(analyze(parseModel(`workload: { arrivalRate: 150 }
stages: [ { name: s, service: 10ms, threads: 1 } ]
`)))).toBe('overloaded');
  });

  it('analyze prints NOT RECOVERED and the latency of a time-driven run, not UNSTABLE', () => {
    const text = formatResult(PLAIN, notRecovered());
    expect(text).toContain('NOT RECOVERED');
    expect(text).not.toContain('UNSTABLE');
    expect(text).toMatch(/latency {3}mean \d/);
  });

  it('a retry storm is unstable by its retries, not by its offered load', () => {
    expect(formatResult(STORM, analyze(STORM))).toContain('UNSTABLE: the offered load fits, but retries');
  });

  it('the sweep footer does not call a time-driven row unstable with latency ∞', () => {
    const result = sweep(PLAIN, { parameter: 'rate', values: [40, 60], evaluator: () => notRecovered() });
    const table = formatSweepTable(result);
    expect(table).not.toMatch(/unstable|∞/);
    expect(table).toContain('2 of 2 points not recovered');
  });
});

describe('the HTML report', () => {
  it('says what a not-recovered run is, not "load reaches capacity"', async () => {
    const { reportHtml } = await import('../../src/charts/report-html.ts');
    const html = reportHtml({ title: 't', result: notRecovered(), charts: [] }, { vega: '', vegaLite: '' });
    expect(html).toContain("no: the time-driven run&#39;s backlog was still growing");
    expect(html).not.toContain('load reaches capacity');
  });
});
