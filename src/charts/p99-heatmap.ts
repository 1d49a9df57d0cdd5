/**
 * p99 over a grid of two parameters (e.g. threads of two pools): colour on a log scale (viridis —
 * perceptually uniform and colour-blind safe), the value in each cell, cells that meet the SLO outlined, and
 * a dot (with its legend entry) on cells whose analytic p99 is beyond the accuracy target and not simulated.
 */
import type { ChartSpec, HeatmapCell, P99HeatmapInput } from './types.ts';
import { ACCURACY_TARGET } from '../analytic/accuracy.ts';
import { CONFIG, formatMs, formatRate, OKABE_ITO, round, toMs, VEGA_LITE_SCHEMA } from './theme.ts';

const BEYOND_LEGEND = `analytic, measured beyond ±${100 * ACCURACY_TARGET.percentiles}% (not simulated)`;

function obtainedWords(c: HeatmapCell): string {
  if (c.p99Seconds === null) return 'unstable: no steady state';
  if (c.obtained === 'simulated') return "analyze's seeded simulation";
  if (c.obtained !== 'beyond-target') return 'analytic, within the accuracy target';
  return `analytic, measured within ${c.errorBand === null || c.errorBand === undefined ? '? (not measured)' : `±${Number((100 * c.errorBand).toPrecision(2))}%`}`;
}

export function p99HeatmapSpec(input: P99HeatmapInput): ChartSpec {
  const slo = input.sloP99Seconds;
  const values = input.cells.map((c) => ({
    x: c.x,
    y: c.y,
    ms: c.p99Seconds === null ? null : round(toMs(c.p99Seconds)),
    label: c.p99Seconds === null ? 'unstable' : `${Number(toMs(c.p99Seconds).toPrecision(3))}`,
    meets: slo !== undefined && c.p99Seconds !== null && c.p99Seconds <= slo,
    beyond: c.obtained === 'beyond-target' && c.p99Seconds !== null,
    how: obtainedWords(c),
  }));
  const anyBeyond = values.some((v) => v.beyond);
  // Reversed viridis runs light (fast) to dark (slow): white text on the darker ~half of the log range.
  const known = values.map((v) => v.ms).filter((v): v is number => v !== null && v > 0);
  const low = Math.min(...known);
  const span = Math.log(Math.max(...known) / low) || 1;
  const cells = values.map((v) => ({ ...v, dark: v.ms !== null && Math.log(v.ms / low) / span > 0.55 }));
  const allMeet = values.every((v) => v.meets);
  const xs = [...new Set(values.map((v) => v.x))].sort((a, b) => a - b);
  const ys = [...new Set(values.map((v) => v.y))].sort((a, b) => b - a);
  const x = { field: 'x', type: 'ordinal' as const, title: input.xName, sort: xs, axis: { labelAngle: 0 } };
  const y = { field: 'y', type: 'ordinal' as const, title: input.yName, sort: ys };
  const subtitle = [
    `p99 end-to-end latency (ms) at ${input.offeredRatePerSecond === null ? 'the closed workload' : formatRate(input.offeredRatePerSecond)}`,
    slo === undefined ? null : allMeet ? `every cell shown meets the SLO p99 ${formatMs(slo)}` : `outlined: meets the SLO p99 ${formatMs(slo)}`,
  ].filter((s): s is string => s !== null);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `p99 latency by ${input.xName} and ${input.yName} — ${input.model}`, subtitle: subtitle.join('; ') },
    width: { step: 56 },
    height: { step: 34 },
    config: CONFIG,
    data: { values: cells },
    // The dots' one-entry legend is its own colour scale, apart from the p99 gradient.
    ...(anyBeyond ? { resolve: { scale: { color: 'independent' } } } : {}),
    layer: [
      {
        mark: { type: 'rect', color: '#D9D9D9' },
        encoding: { x, y },
      },
      {
        transform: [{ filter: 'datum.ms !== null' }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x,
          y,
          color: {
            field: 'ms',
            type: 'quantitative',
            title: 'p99 (ms)',
            scale: { type: 'log', scheme: 'viridis', reverse: true },
            legend: { format: '~g', gradientLength: 200 },
          },
          tooltip: [
            { field: 'x', title: input.xName },
            { field: 'y', title: input.yName },
            { field: 'ms', title: 'p99 (ms)', format: '.3~g' },
            { field: 'how', title: 'obtained' },
          ],
        },
      },
      {
        // Outlines only carry information when some cells fail.
        transform: [{ filter: allMeet ? 'false' : 'datum.meets' }],
        mark: { type: 'rect', fillOpacity: 0, stroke: 'black', strokeWidth: 2 },
        encoding: { x, y },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          x,
          y,
          text: { field: 'label' },
          color: { condition: { test: 'datum.dark', value: 'white' }, value: 'black' },
        },
      },
      ...(anyBeyond
        ? [
            {
              // Top-right corner of the cell, clear of the value; a white rim keeps it visible on dark cells.
              transform: [{ filter: 'datum.beyond' }],
              mark: { type: 'point', filled: true, size: 40, xOffset: 20, yOffset: -9, stroke: 'white', strokeWidth: 1, opacity: 1 },
              encoding: {
                x,
                y,
                color: { datum: BEYOND_LEGEND, type: 'nominal', scale: { range: [OKABE_ITO.vermillion] }, legend: { title: null, orient: 'bottom' } },
              },
            },
          ]
        : []),
    ],
  } as ChartSpec;
}
