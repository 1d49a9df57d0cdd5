/**
 * plan, sweep and the charts stand on the figures `analyze` prints (issue 12): they may search with the fast
 * analytic figures, but their answers are the public analyze's, with its simulation fallback where the
 * analytic bands are beyond the target.
 */
import { describe, expect, it } from 'vitest';
import { analyze as analyzeAnalytic } from '../../src/analytic/analyze.ts';
import { withArrivalRate, withThreads } from '../../src/model/edit.ts';
import { parseModel } from '../../src/model/load.ts';
import type { Model } from '../../src/model/types.ts';
import { chartData } from '../../src/orchestrate/chart-data.ts';
import { plan } from '../../src/plan/plan.ts';
import { checkSlo } from '../../src/plan/slo.ts';
import { sweep } from '../../src/plan/sweep.ts';
import { analyze } from '../../src/solve/analyze.ts';

/**
 * Two threads of hyperexponential work (scv 4) with five waiting places: M/M/c/K blocking underestimates the
 * drops of such bursty work (band ~90% in accuracy-bands.ts), so analyze simulates the drop rate.
 */
const bursty = (threads = 2): Model =>
  parseModel(
    JSON.stringify({
      name: 'bursty-drops',
      workload: { arrivalRate: 300 },
      stages: [{ name: 's0', service: '10ms', threads, distribution: 'hyperexponential', scv: 4, queueCapacity: 5 }],
      slo: { maxDropRate: 0.01 },
    }),
  );

const pureAnalytic = (m: Model, needs: { percentiles: boolean | readonly string[] }) => analyzeAnalytic(m, { percentiles: needs.percentiles as boolean });

describe('plan confirms its answer with the figures analyze prints', () => {
  it('a searched sizing that misses the SLO by analyze’s simulated drop rate gets threads until it meets it', () => {
    const model = bursty();
    // What a plan on the analytic figures alone answers, and what analyze prints for it.
    const searched = plan(model, { headroom: false, evaluator: pureAnalytic });
    const atSearched = analyze(withThreads(model, 's0', searched.threads!.s0!));
    expect(atSearched.accuracy!.dropRate.kind).toBe('simulated');
    expect(checkSlo(atSearched, { maxDropRate: 0.01 }).met).toBe(false);

    const planned = plan(model, { headroom: false });
    expect(planned.feasible).toBe(true);
    const atPlanned = analyze(withThreads(model, 's0', planned.threads!.s0!));
    expect(checkSlo(atPlanned, { maxDropRate: 0.01 }).met).toBe(true);
    expect(planned.after!.summary.dropRate).toBe(atPlanned.dropRate);
    expect(planned.after!.summary.accuracy!.dropRate.kind).toBe('simulated');
    expect(planned.threads!.s0!).toBeGreaterThan(searched.threads!.s0!);
    expect(planned.notes.join('\n')).toMatch(/confirmed with the figures analyze prints \(.*drop rate simulated ±[\d.]+% \(95%\)\): the searched sizing missed the SLO by them, so 1 thread added/);
    // The current sizing is reported as analyze prints it too.
    expect(planned.before.summary.dropRate).toBe(analyze(model).dropRate);
  });

  it('within the bands nothing is simulated and the note says the figures are exact or within their band', () => {
    const model = parseModel(
      JSON.stringify({ name: 'mmc', workload: { arrivalRate: 900 }, stages: [{ name: 's0', service: '10ms', threads: 10 }], slo: { p99: '60ms' } }),
    );
    const planned = plan(model, { headroom: false });
    expect(planned.notes).toContain('confirmed with the figures analyze prints (mean exact; percentiles exact)');
    expect(planned.after!.summary.accuracy!.percentiles.kind).toBe('exact');
  });
});

describe('sweep rows are what analyze prints', () => {
  it('each point equals analyze of that point, accuracy included; analytic: true gives the pure analytic figures', () => {
    const model = bursty(3);
    const rates = [200, 300];
    const rows = sweep(model, { parameter: 'rate', values: rates }).rows;
    rows.forEach((row, i) => {
      const printed = analyze(withArrivalRate(model, rates[i]!));
      expect(row.dropRate).toBe(printed.dropRate);
      expect(row.p99).toBe(printed.latency.p99);
      expect(row.accuracy).toEqual({ mean: printed.accuracy!.mean, percentiles: printed.accuracy!.percentiles, dropRate: printed.accuracy!.dropRate });
    });
    expect(rows.some((r) => r.accuracy!.dropRate.kind === 'simulated')).toBe(true);
    const fast = sweep(model, { parameter: 'rate', values: rates, analytic: true }).rows;
    expect(fast[1]!.dropRate).toBe(analyzeAnalytic(withArrivalRate(model, 300)).dropRate);
    expect(fast[1]!.accuracy!.dropRate.kind).toBe('approximation');
  });
});

describe('charts draw what analyze prints', () => {
  it('every drawn load point is analyze’s figure there; out-of-band points are simulated, a few per series, and said', () => {
    const model = bursty(3);
    const data = chartData(model, { which: ['latency-vs-load', 'throughput-vs-load'], loadPoints: 8 });
    for (const point of data.throughputCurve!) {
      const printed = analyze(withArrivalRate(model, point.offeredRatePerSecond));
      expect(point.dropRate).toBe(printed.dropRate);
    }
    for (const point of data.latencyCurve!) {
      const printed = analyze(withArrivalRate(model, point.offeredRatePerSecond));
      expect(point.p99Seconds).toBe(printed.latency.p99);
    }
    expect(data.notes.join('\n')).toMatch(/throughput-vs-load: \d+ points? from analyze's seeded simulation/);
    expect(data.result).toEqual(analyze(model));
  });
});
