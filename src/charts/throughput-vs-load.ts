/**
 * Throughput and drop rate vs offered load: completed req/s (left axis) against the ideal y = x, and the
 * fraction of requests dropped at full queues (right axis), with the saturation throughput as a rule.
 */
import type { ChartSpec, ThroughputVsLoadInput } from './types.ts';
import { CONFIG, formatRate, OKABE_ITO, PLOT_HEIGHT, PLOT_WIDTH, round, VEGA_LITE_SCHEMA } from './theme.ts';

export function throughputVsLoadSpec(input: ThroughputVsLoadInput): ChartSpec {
  // A closed workload runs along its client population: no offered rate, so no offered = completed line.
  const clients = input.loadAxis === 'clients';
  const points = input.points.filter((p) => !clients || p.clients !== undefined).map((p) => ({
    rate: round(clients ? p.clients! : p.offeredRatePerSecond),
    throughput: p.throughputPerSecond === null ? null : round(p.throughputPerSecond),
    drop: round(p.dropRate, 6),
    stable: p.stable !== false,
  }));
  const firstUnstable = points.find((p) => !p.stable)?.rate;
  const maxRate = Math.max(0, ...points.map((p) => p.rate));
  const x = { field: 'rate', type: 'quantitative' as const, title: clients ? 'clients (closed workload)' : 'offered load (req/s)', axis: { format: ',d' }, scale: { domain: [0, round(maxRate)] } };
  const seriesScale = clients
    ? { domain: ['completed (req/s)', 'dropped (share)'], range: [OKABE_ITO.bluishGreen, OKABE_ITO.vermillion] }
    : { domain: ['completed (req/s)', 'offered = completed', 'dropped (share)'], range: [OKABE_ITO.bluishGreen, OKABE_ITO.grey, OKABE_ITO.vermillion] };
  const throughputAxis = { title: 'completed throughput (req/s)', format: ',d', titleColor: OKABE_ITO.bluishGreen };
  const sim = (input.simulated ?? []).filter((p) => typeof p.throughput === 'number' && (!clients || p.clients !== undefined));
  const left: object[] = [];
  if (firstUnstable !== undefined) {
    left.push({
      data: { values: [{ from: round(input.maxThroughputPerSecond ?? firstUnstable), to: round(maxRate), label: 'unstable: unbounded queue' }] },
      layer: [
        { mark: { type: 'rect', color: '#000000', opacity: 0.06 }, encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' } } },
        {
          mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 6, dy: -6, fontSize: 11, color: '#444444' },
          encoding: { x: { field: 'from', type: 'quantitative' }, y: { value: PLOT_HEIGHT }, text: { field: 'label' } },
        },
      ],
    });
  }
  if (!clients) {
    left.push({
      data: { values: [{ rate: 0, throughput: 0 }, { rate: round(maxRate), throughput: round(maxRate) }] },
      mark: { type: 'line', strokeDash: [3, 3], strokeWidth: 1.2 },
      encoding: { x, y: { field: 'throughput', type: 'quantitative', axis: throughputAxis }, color: { datum: 'offered = completed', scale: seriesScale, title: null } },
    });
  }
  left.push(
    {
      data: { values: points.filter((p) => p.throughput !== null) },
      mark: { type: 'line', strokeWidth: 2.5 },
      encoding: { x, y: { field: 'throughput', type: 'quantitative', axis: throughputAxis }, color: { datum: 'completed (req/s)', scale: seriesScale, title: null } },
    },
  );
  if (sim.length > 0) {
    left.push({
      data: { values: sim.map((p) => ({ rate: round(clients ? p.clients! : p.rate), throughput: round(p.throughput ?? 0), low: round((p.throughput ?? 0) - (p.ciThroughput ?? 0)), high: round((p.throughput ?? 0) + (p.ciThroughput ?? 0)) })) },
      layer: [
        // Fixed colours, not the series scale: the legend keeps line symbols, and the shape legend names the points.
        { mark: { type: 'rule', color: OKABE_ITO.bluishGreen }, encoding: { x: { field: 'rate', type: 'quantitative' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
        {
          mark: { type: 'point', filled: true, size: 45, opacity: 1, color: OKABE_ITO.bluishGreen, stroke: 'white', strokeWidth: 0.8 },
          encoding: {
            x: { field: 'rate', type: 'quantitative' },
            y: { field: 'throughput', type: 'quantitative' },
            shape: { datum: 'simulated ± 95% CI', type: 'nominal', title: null, scale: { range: ['circle'] } },
          },
        },
      ],
    });
  }
  if (input.maxThroughputPerSecond && clients) {
    // On a clients axis saturation is a throughput, the ceiling the curve approaches.
    left.push({
      data: { values: [{ throughput: round(input.maxThroughputPerSecond), label: `saturation ${formatRate(input.maxThroughputPerSecond)}` }] },
      layer: [
        { mark: { type: 'rule', color: OKABE_ITO.grey, strokeDash: [2, 3], strokeWidth: 1.5 }, encoding: { y: { field: 'throughput', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -4, fontSize: 11, color: '#444444' }, encoding: { y: { field: 'throughput', type: 'quantitative' }, x: { value: PLOT_WIDTH }, text: { field: 'label' } } },
      ],
    });
  }
  if (clients && input.currentClients) {
    left.push({
      data: { values: [{ rate: input.currentClients, label: `configured ${input.currentClients} clients` }] },
      mark: { type: 'rule', color: OKABE_ITO.bluishGreen, strokeWidth: 1.5 },
      encoding: { x: { field: 'rate', type: 'quantitative' } },
    });
  }
  if (input.maxThroughputPerSecond && !clients) {
    left.push({
      data: { values: [{ rate: round(input.maxThroughputPerSecond), label: `saturation ${formatRate(input.maxThroughputPerSecond)}` }] },
      layer: [
        { mark: { type: 'rule', color: OKABE_ITO.grey, strokeDash: [2, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'rate', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, dy: 4, fontSize: 11, color: '#444444' }, encoding: { x: { field: 'rate', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
      ],
    });
  }
  const maxDrop = Math.max(0, ...points.map((p) => p.drop));
  const right = {
    // An unstable open model drops nothing; it only queues: draw drops where the model is stable.
    data: { values: points.filter((p) => p.stable) },
    mark: { type: 'line', strokeWidth: 2, strokeDash: [6, 3] },
    encoding: {
      x,
      y: {
        field: 'drop',
        type: 'quantitative',
        // A drop-free model still gets a readable 0–1 % axis rather than a degenerate one.
        scale: { domain: [0, Math.max(0.01, maxDrop)] },
        axis: { title: 'dropped requests (share of offered)', format: '.1%', orient: 'right', grid: false, titleColor: OKABE_ITO.vermillion },
      },
      color: { datum: 'dropped (share)', scale: seriesScale, title: null },
    },
  };
  const subtitle = [
    clients ? 'completed requests as clients are added (closed workload: no offered rate)' : 'completed vs offered requests; a full finite queue drops the excess',
    input.maxDropRate !== undefined ? `drop-rate SLO ${(input.maxDropRate * 100).toPrecision(2)} %` : null,
  ].filter((s): s is string => s !== null);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Throughput and drops vs ${clients ? 'clients' : 'offered load'} — ${input.model}`, subtitle: subtitle.join('; ') },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'top-left' } },
    layer: [{ layer: left }, right],
    resolve: { scale: { y: 'independent' } },
  } as ChartSpec;
}
