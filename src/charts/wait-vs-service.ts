/**
 * Where the time goes: per stage, mean wait for a thread vs mean service, per request (visits included),
 * stacked; one panel per load so the growth of waiting near saturation shows next to today's load.
 */
import type { ChartSpec, WaitVsServiceInput } from './types.ts';
import { CONFIG, formatRate, OKABE_ITO, round, toMs, VEGA_LITE_SCHEMA } from './theme.ts';

export function waitVsServiceSpec(input: WaitVsServiceInput): ChartSpec {
  const values = input.loads.flatMap((load) => {
    const panel = load.ratePerSecond === null ? 'closed workload' : `${formatRate(load.ratePerSecond)}${load.label ? ` (${load.label})` : ''}`;
    return load.stages.flatMap((s, index) => [
      { panel, stage: s.name, index, part: 'service', order: 0, ms: s.serviceSeconds === null ? null : round(toMs(s.serviceSeconds)) },
      { panel, stage: s.name, index, part: 'wait for a thread', order: 1, ms: s.waitSeconds === null ? null : round(toMs(s.waitSeconds)) },
    ]);
  });
  const order = input.loads[0]?.stages.map((s) => s.name) ?? [];
  const unstable = values.some((v) => v.ms === null);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `Where a request's time goes — ${input.model}`,
      subtitle: `mean time per request in each stage (visits included)${unstable ? '; missing bars: unstable (unbounded wait)' : ''}`,
    },
    config: CONFIG,
    data: { values: values.filter((v) => v.ms !== null) },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: values.map((v) => v.panel), header: { labelFontSize: 13, titleFontSize: 12 } } },
    resolve: { scale: { x: 'shared' } },
    spec: {
      width: 270,
      height: { step: 30 },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'stage', type: 'nominal', sort: order, title: null, axis: { labelFontSize: 13 } },
        x: { field: 'ms', type: 'quantitative', stack: 'zero', title: 'time per request (ms)', axis: { format: '~r' } },
        color: {
          field: 'part',
          type: 'nominal',
          title: null,
          scale: { domain: ['service', 'wait for a thread'], range: [OKABE_ITO.blue, OKABE_ITO.orange] },
          legend: { orient: 'bottom', direction: 'horizontal' },
        },
        order: { field: 'order', type: 'quantitative' },
        tooltip: [{ field: 'stage' }, { field: 'part' }, { field: 'ms', title: 'ms', format: '.3~g' }],
      },
    },
  } as ChartSpec;
}
