/**
 * Goodput against steady offered load, with and without retries (SPEC §5): from an empty system (cold) and
 * from a backlog (hot). Where the two starts with retries disagree the system is bistable; that band is
 * shaded. Pure: points in, Vega-Lite out.
 */
import type { ChartSpec } from './types.ts';
import { CONFIG, formatRate, OKABE_ITO, PLOT_HEIGHT, PLOT_WIDTH, round, VEGA_LITE_SCHEMA } from './theme.ts';

export interface GoodputPoint {
  readonly rate: number;
  /** With the model's retries, from an empty system. */
  readonly cold: number;
  /** With the model's retries, from a backlog. */
  readonly hot: number;
  /** Without retries, from the same backlog. */
  readonly hotWithoutRetries: number;
}

export interface GoodputVsLoadInput {
  readonly model: string;
  readonly points: readonly GoodputPoint[];
  readonly bistable: { readonly from: number; readonly to: number } | null;
  readonly maxThroughputPerSecond: number | null;
  /** How the points were obtained, shown under the title. */
  readonly method: string;
}

const SERIES = ['retries, empty start', 'retries, after a backlog', 'no retries, after a backlog', 'offered'] as const;

export function goodputVsLoadSpec(input: GoodputVsLoadInput): ChartSpec {
  const rows = input.points.flatMap((p) => [
    { rate: round(p.rate), goodput: round(p.cold), series: SERIES[0] },
    { rate: round(p.rate), goodput: round(p.hot), series: SERIES[1] },
    { rate: round(p.rate), goodput: round(p.hotWithoutRetries), series: SERIES[2] },
    { rate: round(p.rate), goodput: round(p.rate), series: SERIES[3] },
  ]);
  const maxRate = Math.max(1, ...input.points.map((p) => p.rate));
  const x = { field: 'rate', type: 'quantitative' as const, title: 'steady offered load (req/s)', scale: { domain: [0, round(maxRate)] }, axis: { format: ',d' } };
  const band = input.bistable;
  const shaded =
    band === null
      ? []
      : [
          {
            data: { values: [{ from: round(band.from), to: round(band.to), label: `bistable ${formatRate(band.from)}–${formatRate(band.to)}` }] },
            layer: [
              { mark: { type: 'rect' as const, color: OKABE_ITO.vermillion, opacity: 0.12 }, encoding: { x: { field: 'from', type: 'quantitative' as const }, x2: { field: 'to' } } },
              {
                mark: { type: 'text' as const, align: 'left' as const, baseline: 'top' as const, dx: 4, dy: 4, fontSize: 11, color: '#444444' },
                encoding: { x: { field: 'from', type: 'quantitative' as const }, y: { value: 0 }, text: { field: 'label' } },
              },
            ],
          },
        ];
  const capacityRule =
    input.maxThroughputPerSecond === null
      ? []
      : [
          {
            data: { values: [{ rate: round(input.maxThroughputPerSecond) }] },
            mark: { type: 'rule' as const, color: OKABE_ITO.grey, strokeDash: [2, 3] },
            encoding: { x: { field: 'rate', type: 'quantitative' as const } },
          },
        ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Goodput vs offered load, with and without retries — ${input.model}`, subtitle: input.method },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'bottom', columns: 2, symbolStrokeWidth: 2.5 } },
    layer: [
      ...shaded,
      ...capacityRule,
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 2, point: { size: 30 } },
        encoding: {
          x,
          y: { field: 'goodput', type: 'quantitative', title: 'goodput (req/s completed within the timeout)', axis: { format: ',d' } },
          color: {
            field: 'series',
            type: 'nominal',
            title: null,
            scale: { domain: [...SERIES], range: [OKABE_ITO.bluishGreen, OKABE_ITO.vermillion, OKABE_ITO.blue, OKABE_ITO.grey] },
          },
          strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: [...SERIES], range: [[1, 0], [1, 0], [6, 3], [2, 3]] } },
        },
      },
    ],
  };
}
