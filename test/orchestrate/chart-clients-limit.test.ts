/**
 * A closed model whose stage saturates only at millions of clients (1 µs on 64 threads, 1 s think time: about
 * 64M): the charts' client populations stop at reqpath's limits instead of asking the analysis for 2.5M
 * clients and the simulator for 20M, which failed the whole `chart` with "<model>: workload.clients ..."
 * naming no file.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { parseModel } from '../../src/model/load.ts';
import { MAX_CLIENTS, MAX_SIMULATED_CLIENTS } from '../../src/model/guard-limits.ts';
import { chartData, clientCounts } from '../../src/orchestrate/chart-data.ts';

const FAST = parseModel(`name: many
workload: { clients: 90000, thinkTime: 1s }
stages: [ { name: s, service: 1us, threads: 64 } ]
`);

describe('client populations of a chart', () => {
  it('stop at the analysis limit, or at the simulator limit when asked', () => {
    const r = analyze(FAST, { percentiles: false });
    expect(Math.max(...clientCounts(FAST, r, 40))).toBe(MAX_CLIENTS);
    expect(Math.max(...clientCounts(FAST, r, 40, MAX_SIMULATED_CLIENTS))).toBe(MAX_SIMULATED_CLIENTS);
  });

  it('the load curves are drawn up to the limit, and a note says they stop short of saturation', () => {
    const data = chartData(FAST, { which: ['throughput-vs-load', 'wait-vs-service'] });
    expect(data.throughputCurve!.length).toBeGreaterThan(10);
    expect(Math.max(...data.throughputCurve!.map((p) => p.clients!))).toBe(MAX_CLIENTS);
    expect(data.notes.join(' ')).toContain(`stop at ${MAX_CLIENTS} clients`);
  });
});
