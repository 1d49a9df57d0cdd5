/**
 * Latency vs offered load: analytic p50/p95/p99 curves, simulated percentiles with 95% CI error bars over
 * them, the p99 SLO as a horizontal rule and the saturation throughput as a vertical rule. A closed workload
 * runs along its client population instead (no saturation rate on that axis).
 */
import type { ChartSpec, LatencyVsLoadInput } from './types.ts';
import { CONFIG, formatMs, formatRate, OKABE_ITO, PLOT_HEIGHT, PLOT_WIDTH, round, toMs, VEGA_LITE_SCHEMA } from './theme.ts';
import { finitePositive, spansDecades } from './scales.ts';

const PERCENTILES = ['p50', 'p95', 'p99'] as const;
const CI_KEY = { p50: 'ciP50', p95: 'ciP95', p99: 'ciP99' } as const;
const PERCENTILE_COLORS = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.vermillion];

export function latencyVsLoadSpec(input: LatencyVsLoadInput): ChartSpec {
  // A closed workload runs along its client population: it has no offered rate to put on the axis.
  const clients = input.loadAxis === 'clients';
  const curve = input.points.flatMap((point) =>
    PERCENTILES.flatMap((percentile) => {
      const seconds = point[`${percentile}Seconds`];
      const at = clients ? point.clients : point.offeredRatePerSecond;
      return seconds === null || !(seconds > 0) || at === undefined ? [] : [{ rate: round(at), percentile, ms: round(toMs(seconds)) }];
    }),
  );
  const simulated = (input.simulated ?? []).flatMap((point) =>
    PERCENTILES.flatMap((percentile) => {
      if (clients && point.clients === undefined) return [];
      const seconds = point[percentile];
      if (seconds === null || !(seconds > 0)) return [];
      const ci = point[CI_KEY[percentile]] ?? 0;
      // A log axis cannot show a bound ≤ 0: clip the lower bar at a tenth of the estimate.
      const low = Math.max(seconds - ci, seconds / 10);
      // A field of its own: sharing 'percentile' would merge these layers' (hidden) legends with the lines'.
      return [{ rate: round(clients ? point.clients! : point.rate), simulated: percentile, ms: round(toMs(seconds)), low: round(toMs(low)), high: round(toMs(seconds + ci)) }];
    }),
  );
  const allMs = finitePositive([...curve.map((d) => d.ms), ...simulated.map((d) => d.high), input.sloP99Seconds ? toMs(input.sloP99Seconds) : null]);
  const log = spansDecades(allMs);
  const yScale = log ? { type: 'log' as const } : { type: 'linear' as const, zero: true };
  const colorScale = { domain: [...PERCENTILES], range: PERCENTILE_COLORS };
  const x = { field: 'rate', type: 'quantitative' as const, title: clients ? 'clients (closed workload)' : 'offered load (req/s)', axis: { format: ',d' } };
  const y = { field: 'ms', type: 'quantitative' as const, title: 'end-to-end latency (ms)', scale: yScale, axis: { format: log ? '~g' : ',~r' } };

  const layers: object[] = [
    {
      data: { values: curve },
      mark: { type: 'line', strokeWidth: 2.5, interpolate: 'monotone' },
      encoding: {
        x,
        y,
        // Colour and dash on one field merge into one legend; the dash tells p95 from p99 without colour.
        color: { field: 'percentile', type: 'nominal', title: 'analytic', scale: colorScale },
        strokeDash: { field: 'percentile', type: 'nominal', title: 'analytic', scale: { domain: [...PERCENTILES], range: [[1, 0], [6, 3], [1, 0]] } },
      },
    },
  ];
  if (simulated.length > 0) {
    layers.push(
      {
        data: { values: simulated },
        mark: { type: 'rule', strokeWidth: 1.5 },
        // stroke/fill rather than color, so the line legend keeps line symbols.
        encoding: { x: { field: 'rate', type: 'quantitative' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, stroke: { field: 'simulated', type: 'nominal', scale: colorScale, legend: null } },
      },
      {
        data: { values: simulated },
        mark: { type: 'point', filled: true, size: 45, stroke: 'white', strokeWidth: 0.8, opacity: 1 },
        encoding: {
          x: { field: 'rate', type: 'quantitative' },
          y: { field: 'ms', type: 'quantitative' },
          fill: { field: 'simulated', type: 'nominal', scale: colorScale, legend: null },
          shape: { datum: 'simulated ± 95% CI', type: 'nominal', title: null, scale: { range: ['circle'] } },
        },
      },
    );
  }
  if (input.sloP99Seconds !== undefined) {
    const slo = round(toMs(input.sloP99Seconds));
    layers.push({
      data: { values: [{ ms: slo, label: `SLO p99 ${formatMs(input.sloP99Seconds)}` }] },
      layer: [
        { mark: { type: 'rule', color: OKABE_ITO.black, strokeDash: [4, 4], strokeWidth: 1.2 }, encoding: { y: { field: 'ms', type: 'quantitative' } } },
        {
          // Left end: the curves climb at the right, where a label would sit on them.
          mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -3, fontSize: 11, color: OKABE_ITO.black },
          encoding: { y: { field: 'ms', type: 'quantitative' }, x: { value: 0 }, text: { field: 'label' } },
        },
      ],
    });
  }
  if (input.maxThroughputPerSecond && !clients) {
    const who = input.bottleneck ? ` (${input.bottleneck})` : '';
    layers.push({
      data: { values: [{ rate: round(input.maxThroughputPerSecond), label: `saturation ${formatRate(input.maxThroughputPerSecond)}${who}` }] },
      layer: [
        { mark: { type: 'rule', color: OKABE_ITO.grey, strokeDash: [2, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'rate', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, dy: 4, fontSize: 11, color: '#444444' },
          encoding: { x: { field: 'rate', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } },
        },
      ],
    });
  }
  if (clients && input.currentClients) {
    layers.push({
      data: { values: [{ rate: input.currentClients, label: `configured ${input.currentClients} clients` }] },
      layer: [
        { mark: { type: 'rule', color: OKABE_ITO.bluishGreen, strokeWidth: 1.5 }, encoding: { x: { field: 'rate', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -4, fontSize: 11, color: OKABE_ITO.bluishGreen },
          encoding: { x: { field: 'rate', type: 'quantitative' }, y: { value: PLOT_HEIGHT }, text: { field: 'label' } },
        },
      ],
    });
  }
  if (input.currentRatePerSecond && !clients) {
    layers.push({
      data: { values: [{ rate: round(input.currentRatePerSecond), label: `configured ${formatRate(input.currentRatePerSecond)}` }] },
      layer: [
        { mark: { type: 'rule', color: OKABE_ITO.bluishGreen, strokeWidth: 1.5 }, encoding: { x: { field: 'rate', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 4, dy: -4, fontSize: 11, color: OKABE_ITO.bluishGreen },
          encoding: { x: { field: 'rate', type: 'quantitative' }, y: { value: PLOT_HEIGHT }, text: { field: 'label' } },
        },
      ],
    });
  }
  const subtitle = [
    'analytic percentiles (lines)' + (simulated.length > 0 ? ', simulation with 95% CI (points)' : ''),
    clients ? 'closed workload: each client waits for its answer, then thinks' : input.maxThroughputPerSecond ? 'curves stop at 99 % of saturation' : null,
  ].filter((s): s is string => s !== null);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Latency vs ${clients ? 'clients' : 'offered load'} — ${input.model}`, subtitle: subtitle.join('; ') },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    config: CONFIG,
    layer: layers,
  } as ChartSpec;
}
