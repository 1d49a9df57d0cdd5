/** The what-if data behind `reqpath chart`: sweep rates and the heatmap's thread axes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { withArrivalRate, withThreads } from '../../src/model/edit.ts';
import { loadModel } from '../../src/model/load.ts';
import { busiestPools, chartData, loadRates, stageTimes, threadAxis } from '../../src/orchestrate/chart-data.ts';
import { chartSetFromData } from '../../src/charts/chart-set.ts';
import { parseModel } from '../../src/model/load.ts';

const model = loadModel('models/seda-https-json.yaml');

describe('chart data', () => {
  it('loadRates spans the requested shares of the ceiling, evenly', () => {
    const rates = loadRates(16000, 40, 0.05, 0.99);
    expect(rates).toHaveLength(40);
    expect(rates[0]).toBeCloseTo(800, 9);
    expect(rates[39]).toBeCloseTo(15840, 9);
    const steps = rates.slice(1).map((r, i) => r - rates[i]!);
    for (const step of steps) expect(step).toBeCloseTo(steps[0]!, 6);
  });

  it('stageTimes: wait and service per request are per-visit figures times visits', () => {
    const r = analyze(model);
    const accept = stageTimes(r)[0]!;
    expect(accept.serviceSeconds).toBeCloseTo(0.1 * 20e-6, 15);
    expect(accept.waitSeconds).toBeCloseTo(0.1 * r.stages[0]!.meanWait!, 18);
  });

  it('threadAxis: the lowest count keeps the pool stable, one fewer does not; current count included; sorted', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), (share) => {
        const loaded = withArrivalRate(model, 16000 * share);
        const result = analyze(loaded, { percentiles: false });
        for (const pool of busiestPools(result)) {
          const axis = threadAxis(result, pool);
          const current = loaded.pools.find((p) => p.name === pool)!.threads;
          expect(axis.threads).toContain(current);
          expect([...axis.threads].sort((a, b) => a - b)).toEqual(axis.threads);
          expect(new Set(axis.threads).size).toBe(axis.threads.length);
          expect(axis.threads.length).toBeLessThanOrEqual(9);
          const lowest = axis.threads[0]!;
          expect(analyze(withThreads(loaded, pool, lowest), { percentiles: false }).stable).toBe(true);
          if (lowest > 1) expect(analyze(withThreads(loaded, pool, lowest - 1), { percentiles: false }).stable).toBe(false);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('busiestPools: the two most utilised finite pools, most utilised first', () => {
    expect(busiestPools(analyze(model))).toEqual(['process', 'decrypt']);
  });

  it('a skipped heatmap says why: an unstable model is not a model short of pools', () => {
    // 12k/s on 24 threads of 2 ms: process exactly at capacity, both busiest pools still finite.
    const saturated = chartData(withThreads(withArrivalRate(model, 12000), 'process', 24), { which: ['p99-heatmap'] });
    expect(saturated.heatmap).toBeUndefined();
    expect(saturated.notes).toContain('p99-heatmap: skipped, the model is unstable at its configured load');
    const one = parseModel('name: one\nworkload: { arrivalRate: 100 }\nstages:\n  - { name: s, service: 5ms, threads: 2 }\n');
    expect(chartData(one, { which: ['p99-heatmap'] }).notes).toContain('p99-heatmap: skipped, it needs two pools of finite threads (has 1)');
  });

  it('the heatmap draws every stable cell: analytic figures beyond the target are kept and marked, not left blank', () => {
    // The default model's 8 × 6 grid drew 11 cells: the rest were analytic p99s beyond the band, left out
    // because only 3 are simulated. Each now carries its analytic p99 and band, marked beyond-target.
    const data = chartData(model, { which: ['p99-heatmap'] });
    const cells = data.heatmap!.cells;
    const grid = threadAxis(data.result, data.heatmap!.xPool).threads.length * threadAxis(data.result, data.heatmap!.yPool).threads.length;
    expect(cells).toHaveLength(grid);
    for (const c of cells) expect(c.p99Seconds).toBeGreaterThan(0);
    const beyond = cells.filter((c) => c.obtained === 'beyond-target');
    expect(beyond.length).toBeGreaterThan(0);
    for (const c of beyond) expect(c.errorBand === null || c.errorBand! > 0.05).toBe(true);
    expect(cells.filter((c) => c.obtained === 'simulated').length).toBeLessThanOrEqual(3);
    expect(data.notes.some((n) => n.startsWith('p99-heatmap:') && n.includes(`${beyond.length} more beyond the target drawn with their analytic p99 and marked`))).toBe(true);
  });

  it('a closed workload runs its load curves along the client population, never as an open model', () => {
    const closed = parseModel('name: c\nworkload: { clients: 8, thinkTime: 10ms }\nstages:\n  - { name: s, service: 5ms, threads: 1 }\n');
    const data = chartData(closed, { which: ['latency-vs-load', 'throughput-vs-load', 'wait-vs-service'], loadPoints: 12 });
    expect(data.loadAxis).toBe('clients');
    const clients = data.latencyCurve!.map((p) => p.clients!);
    expect(clients[0]).toBe(1);
    // N* = X_max · (Z + S) = 200/s × 15 ms = 3 clients; the curve goes to max(2 × 8, 1.5 N*) = 16.
    expect(clients.at(-1)).toBe(16);
    for (const p of data.latencyCurve!) {
      // Exact MVA for one M/M/1 station with think time Z: throughput ≤ min(N/(Z+S), 1/S), never the open-model value.
      expect(p.throughputPerSecond!).toBeLessThanOrEqual(Math.min(p.clients! / 0.015, 200) * (1 + 1e-9));
      expect(p.offeredRatePerSecond).toBe(p.throughputPerSecond);
    }
    const set = chartSetFromData(data, { which: ['latency-vs-load', 'throughput-vs-load'] });
    for (const chart of set.charts) {
      const text = JSON.stringify(chart.spec);
      expect(text).toContain('clients (closed workload)');
      expect(text).not.toContain('offered load (req/s)');
      expect(text).not.toContain('offered = completed');
    }
    expect(data.stageTimes!.map((l) => l.label)).toEqual(['configured', '16 clients']);
  });
});
