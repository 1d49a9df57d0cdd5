/**
 * End-to-end latency distribution: the analytic CDF as a line, simulated percentiles (with 95% CI as
 * horizontal error bars) as points over it, the p99 SLO as a vertical rule.
 */
import type { ChartSpec, LatencyCdfInput } from './types.ts';
import { CONFIG, formatMs, formatRate, OKABE_ITO, PLOT_HEIGHT, PLOT_WIDTH, round, toMs, VEGA_LITE_SCHEMA } from './theme.ts';

export function latencyCdfSpec(input: LatencyCdfInput): ChartSpec {
  const analytic = input.analytic.map((p) => ({ ms: round(toMs(p.seconds)), probability: round(p.probability, 8), source: 'analytic' }));
  const simulated = (input.simulated ?? []).map((p) => ({
    ms: round(toMs(p.seconds)),
    low: round(toMs(Math.max(0, p.seconds - (p.ciSeconds ?? 0)))),
    high: round(toMs(p.seconds + (p.ciSeconds ?? 0))),
    probability: p.level,
    source: 'simulated ± 95% CI',
  }));
  const sourceScale = { domain: ['analytic'], range: [OKABE_ITO.blue] };
  const curveEndMs = Math.max(0, ...analytic.map((p) => p.ms), ...simulated.map((p) => p.high));
  const sloMs = input.sloP99Seconds === undefined ? null : round(toMs(input.sloP99Seconds));
  // Draw the SLO only when it fits without squashing the curve into the left third.
  const showSlo = sloMs !== null && sloMs <= 1.6 * curveEndMs;
  const domainEnd = round(showSlo ? Math.max(curveEndMs, sloMs! * 1.05) : curveEndMs);
  const x = { field: 'ms', type: 'quantitative' as const, title: 'end-to-end latency (ms)', scale: { domain: [0, domainEnd], nice: false }, axis: { format: '~r' } };
  const marks = (input.percentiles ?? []).map((p) => ({ ms: round(toMs(p.seconds)), probability: p.level, label: `${p.name} ${formatMs(p.seconds)}` }));
  const y = { field: 'probability', type: 'quantitative' as const, title: 'P(latency ≤ x)', scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  const layers: object[] = [
    {
      data: { values: analytic },
      mark: { type: 'line', strokeWidth: 2.5 },
      encoding: { x, y, color: { field: 'source', type: 'nominal', title: null, scale: sourceScale, legend: { orient: 'bottom-right' } } },
    },
  ];
  if (marks.length > 0) {
    layers.push({
      data: { values: marks },
      layer: [
        { mark: { type: 'point', filled: true, size: 40, color: OKABE_ITO.blue, opacity: 1 }, encoding: { x: { field: 'ms', type: 'quantitative' }, y: { field: 'probability', type: 'quantitative' } } },
        {
          mark: { type: 'text', align: 'left', baseline: 'top', dx: 7, dy: 3, fontSize: 11, color: '#222222' },
          encoding: { x: { field: 'ms', type: 'quantitative' }, y: { field: 'probability', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    });
  }
  if (simulated.length > 0) {
    layers.push(
      {
        data: { values: simulated },
        mark: { type: 'rule', strokeWidth: 1.5, color: OKABE_ITO.vermillion },
        encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' }, y: { field: 'probability', type: 'quantitative' } },
      },
      {
        data: { values: simulated },
        mark: { type: 'point', filled: true, size: 50, opacity: 1, color: OKABE_ITO.vermillion, stroke: 'white', strokeWidth: 0.8 },
        encoding: {
          x: { field: 'ms', type: 'quantitative' },
          y: { field: 'probability', type: 'quantitative' },
          shape: { datum: 'simulated ± 95% CI', type: 'nominal', title: null, scale: { range: ['circle'] }, legend: { orient: 'bottom-right' } },
        },
      },
    );
  }
  if (showSlo && input.sloP99Seconds !== undefined) {
    layers.push({
      data: { values: [{ ms: sloMs, label: `SLO p99 ${formatMs(input.sloP99Seconds)}` }] },
      layer: [
        { mark: { type: 'rule', color: OKABE_ITO.black, strokeDash: [4, 4], strokeWidth: 1.2 }, encoding: { x: { field: 'ms', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'right', baseline: 'top', dx: -4, dy: 4, fontSize: 11 }, encoding: { x: { field: 'ms', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
      ],
    });
  }
  const load = input.offeredRatePerSecond === null ? 'closed workload' : formatRate(input.offeredRatePerSecond);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `End-to-end latency distribution — ${input.model}`,
      subtitle: [
        `cumulative distribution at ${load}`,
        sloMs !== null && !showSlo && input.sloP99Seconds !== undefined ? `SLO p99 ${formatMs(input.sloP99Seconds)} lies far right of the curve` : null,
      ]
        .filter((t): t is string => t !== null)
        .join('; '),
    },
    width: PLOT_WIDTH,
    height: PLOT_HEIGHT,
    config: CONFIG,
    layer: layers,
  } as ChartSpec;
}
