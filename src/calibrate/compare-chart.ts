/**
 * Predicted vs measured latency over load (Vega-Lite): measured mean and p99 as points, the model's as lines
 * with the calibration's uncertainty as a shaded band, against measured throughput on x.
 */
import type { TopLevelSpec } from 'vega-lite';
import { CONFIG, OKABE_ITO, PLOT_HEIGHT, PLOT_WIDTH, round, toMs, VEGA_LITE_SCHEMA } from '../charts/theme.ts';
import type { CompareResult } from './compare.ts';

const SERIES = ['mean', 'p99'] as const;

export function compareChartSpec(result: CompareResult): TopLevelSpec {
  const lines: { x: number; series: string; ms: number; low: number | null; high: number | null }[] = [];
  const points: { x: number; series: string; ms: number }[] = [];
  for (const row of result.rows) {
    const x = round(row.measured.throughput ?? 0);
    for (const key of SERIES) {
      const m = row.measured[key];
      const p = row.predicted[key];
      if (m !== undefined && m !== null) points.push({ x, series: key, ms: round(toMs(m)) });
      if (p !== undefined && p !== null) {
        const band = row.band[key];
        lines.push({ x, series: key, ms: round(toMs(p)), low: band?.[0] != null ? round(toMs(band[0])) : null, high: band?.[1] != null ? round(toMs(band[1])) : null });
      }
    }
  }
  const color = { field: 'series', type: 'nominal' as const, title: 'latency', scale: { domain: [...SERIES], range: [OKABE_ITO.blue, OKABE_ITO.vermillion] } };
  const x = { field: 'x', type: 'quantitative' as const, title: 'measured throughput (req/s)' };
  const y = { field: 'ms', type: 'quantitative' as const, title: 'end-to-end latency (ms)', scale: { zero: true } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: `Predicted vs measured latency — ${result.model}`, subtitle: 'model: lines with the calibration 95% band; measured: points' },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    config: CONFIG,
    layer: [
      {
        data: { values: lines.filter((l) => l.low !== null && l.high !== null) },
        mark: { type: 'area', opacity: 0.18 },
        encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color },
      },
      { data: { values: lines }, mark: { type: 'line', strokeWidth: 2.5, point: false }, encoding: { x, y, color } },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 60, stroke: 'white', strokeWidth: 0.8, opacity: 1 },
        encoding: { x, y, color, shape: { datum: 'measured', type: 'nominal', title: null, scale: { range: ['circle'] } } },
      },
    ],
  };
}
