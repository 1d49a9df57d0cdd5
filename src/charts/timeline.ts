/**
 * A time-driven run through a spike (SPEC §5 timeline): offered rate, goodput and server throughput (top),
 * p99 of the requests that succeeded (middle), and requests in the system (bottom), window by window, with
 * the schedule's steps as rules. Pure: windows in, Vega-Lite out.
 */
import type { TimelineWindow } from '../model/result.ts';
import type { ChartSpec } from './types.ts';
import { CONFIG, OKABE_ITO, PLOT_WIDTH, round, VEGA_LITE_SCHEMA } from './theme.ts';

export interface TimelineInput {
  readonly model: string;
  readonly windows: readonly TimelineWindow[];
  /** Times (s) where the schedule changes the offered rate. */
  readonly stepSeconds?: readonly number[];
  /** Shown under the title, e.g. "3 attempts, no budget". */
  readonly subtitle?: string;
}

export function timelineSpec(input: TimelineInput): ChartSpec {
  const rows = input.windows.map((w) => ({
    t: round((w.start + w.end) / 2, 6),
    offered: round(w.offered),
    goodput: round(w.goodput),
    throughput: round(w.throughput),
    p99: w.p99 === null ? null : round(w.p99 * 1000, 6),
    inSystem: round(w.inSystem),
  }));
  const end = input.windows.length > 0 ? input.windows[input.windows.length - 1]!.end : 1;
  const x = { field: 't', type: 'quantitative' as const, title: 'time (s)', scale: { domain: [0, round(end)] } };
  const steps = (input.stepSeconds ?? []).map((at) => ({ at }));
  const stepRules = {
    data: { values: steps },
    mark: { type: 'rule' as const, color: OKABE_ITO.grey, strokeDash: [2, 3] },
    encoding: { x: { field: 'at', type: 'quantitative' as const } },
  };
  const series = {
    domain: ['offered (originals)', 'goodput', 'server throughput'],
    range: [OKABE_ITO.grey, OKABE_ITO.bluishGreen, OKABE_ITO.orange],
  };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `Timeline through the load schedule — ${input.model}`,
      subtitle: input.subtitle ?? 'per window: rates (req/s), p99 of successful requests, requests in the system',
    },
    config: { ...CONFIG, legend: { ...CONFIG.legend, orient: 'top' } },
    data: { values: rows },
    vconcat: [
      {
        width: PLOT_WIDTH,
        height: 180,
        layer: [
          stepRules,
          {
            transform: [{ fold: ['offered', 'goodput', 'throughput'], as: ['series', 'rate'] }, {
              calculate: "datum.series === 'offered' ? 'offered (originals)' : datum.series === 'throughput' ? 'server throughput' : 'goodput'",
              as: 'label',
            }],
            mark: { type: 'line', strokeWidth: 2, interpolate: 'step-after' },
            encoding: {
              x: { ...x, axis: { title: null, labels: false } },
              y: { field: 'rate', type: 'quantitative', title: 'req/s', axis: { format: ',d' } },
              color: { field: 'label', type: 'nominal', scale: series, title: null },
              strokeDash: { condition: { test: "datum.series === 'throughput'", value: [5, 3] }, value: [1, 0] },
            },
          },
        ],
      },
      {
        width: PLOT_WIDTH,
        height: 90,
        layer: [
          stepRules,
          {
            mark: { type: 'line', strokeWidth: 2, color: OKABE_ITO.vermillion, point: { size: 12, color: OKABE_ITO.vermillion } },
            encoding: {
              x: { ...x, axis: { title: null, labels: false } },
              y: { field: 'p99', type: 'quantitative', title: 'p99 (ms)', scale: { type: 'log' } },
            },
          },
        ],
      },
      {
        width: PLOT_WIDTH,
        height: 90,
        layer: [
          stepRules,
          {
            mark: { type: 'area', color: OKABE_ITO.blue, opacity: 0.35, line: { color: OKABE_ITO.blue }, interpolate: 'step-after' },
            encoding: {
              x,
              y: { field: 'inSystem', type: 'quantitative', title: 'in system', axis: { format: '~s' } },
            },
          },
        ],
      },
    ],
  };
}
