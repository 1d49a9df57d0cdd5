/** Per-stage utilisation bars, the bottleneck highlighted, with a 100 % rule and value labels. */
import type { ChartSpec, StageUtilization, UtilizationInput } from './types.ts';
import { CONFIG, formatRate, OKABE_ITO, PLOT_WIDTH, round, VEGA_LITE_SCHEMA } from './theme.ts';

/** "4 threads", or "workers: 50 threads" for a stage on a shared pool, or "delay". */
function stageLabel(s: StageUtilization): string {
  if (s.threads === 'infinite') return 'delay';
  const threads = `${s.threads} thread${s.threads === 1 ? '' : 's'}`;
  return s.pool !== undefined && s.pool !== s.name ? `${s.pool}: ${threads}` : threads;
}

export function utilizationSpec(input: UtilizationInput): ChartSpec {
  const bottleneckPool = input.bottleneck;
  const values = input.stages.map((s) => ({
    stage: `${s.name} (${stageLabel(s)})`,
    utilization: s.utilization === null ? 1 : round(s.utilization, 4),
    label: s.utilization === null ? 'saturated' : `${(s.utilization * 100).toFixed(s.utilization < 0.1 ? 1 : 0)} %`,
    role: s.name === bottleneckPool || s.pool === bottleneckPool ? 'bottleneck pool' : 'other pools',
  }));
  const order = values.map((v) => v.stage);
  const y = { field: 'stage', type: 'nominal' as const, sort: order, title: null, axis: { labelFontSize: 13 } };
  const load = input.offeredRatePerSecond === null ? 'closed workload' : formatRate(input.offeredRatePerSecond);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `Thread utilisation per stage — ${input.model}`,
      subtitle: `at ${load}; bottleneck: ${bottleneckPool ?? 'none'} (first pool to saturate as load grows)`,
    },
    width: PLOT_WIDTH,
    height: { step: 34 },
    config: CONFIG,
    data: { values },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          y,
          x: { field: 'utilization', type: 'quantitative', title: 'utilisation (share of threads busy)', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
          color: {
            field: 'role',
            type: 'nominal',
            title: null,
            scale: { domain: ['bottleneck pool', 'other pools'], range: [OKABE_ITO.vermillion, OKABE_ITO.skyBlue] },
            legend: { orient: 'bottom', direction: 'horizontal' },
          },
          tooltip: [{ field: 'stage' }, { field: 'utilization', format: '.1%' }],
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 12, color: '#222222' },
        encoding: { y, x: { field: 'utilization', type: 'quantitative' }, text: { field: 'label' } },
      },
    ],
  } as ChartSpec;
}
