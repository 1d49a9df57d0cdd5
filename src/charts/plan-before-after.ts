/**
 * Before/after of a capacity plan: threads per pool as paired bars (current vs planned), and p99 before and
 * after against the SLO, side by side.
 */
import type { ChartSpec, PlanBeforeAfterInput } from './types.ts';
import { CONFIG, formatMs, formatRate, OKABE_ITO, round, toMs, VEGA_LITE_SCHEMA } from './theme.ts';

const WHEN = ['current', 'planned'];
const WHEN_COLORS = [OKABE_ITO.grey, OKABE_ITO.blue];

export function planBeforeAfterSpec(input: PlanBeforeAfterInput): ChartSpec {
  const threads = input.pools.flatMap((p) => [
    { pool: p.pool, when: 'current', threads: p.threadsBefore },
    { pool: p.pool, when: 'planned', threads: p.threadsAfter },
  ]);
  const p99 = [
    { when: 'current', ms: input.p99BeforeSeconds === null ? null : round(toMs(input.p99BeforeSeconds)) },
    { when: 'planned', ms: input.p99AfterSeconds === null ? null : round(toMs(input.p99AfterSeconds)) },
  ].map((d) => ({ ...d, label: d.ms === null ? 'unstable' : `${Number(d.ms.toPrecision(3))} ms` }));
  const color = { field: 'when', type: 'nominal' as const, title: null, scale: { domain: WHEN, range: WHEN_COLORS }, legend: { orient: 'bottom' as const, direction: 'horizontal' as const } };
  const total = (key: 'threadsBefore' | 'threadsAfter') => input.pools.reduce((sum, p) => sum + p[key], 0);
  const poolOrder = input.pools.map((p) => p.pool);
  const p99Layers: object[] = [
    {
      data: { values: p99.filter((d) => d.ms !== null) },
      layer: [
        { mark: { type: 'bar', width: { band: 0.6 } }, encoding: { x: { field: 'when', type: 'nominal', sort: WHEN, title: null, axis: { labelAngle: 0 } }, y: { field: 'ms', type: 'quantitative', title: 'p99 end-to-end latency (ms)', axis: { format: '~r' } }, color } },
        { mark: { type: 'text', dy: -6, fontSize: 12 }, encoding: { x: { field: 'when', type: 'nominal', sort: WHEN }, y: { field: 'ms', type: 'quantitative' }, text: { field: 'label' } } },
      ],
    },
  ];
  if (input.sloP99Seconds !== undefined) {
    p99Layers.push({
      data: { values: [{ ms: round(toMs(input.sloP99Seconds)), label: `SLO ${formatMs(input.sloP99Seconds)}` }] },
      layer: [
        { mark: { type: 'rule', color: OKABE_ITO.black, strokeDash: [4, 4], strokeWidth: 1.2 }, encoding: { y: { field: 'ms', type: 'quantitative' } } },
        { mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, fontSize: 11 }, encoding: { y: { field: 'ms', type: 'quantitative' }, x: { value: 150 }, text: { field: 'label' } } },
      ],
    });
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: `Capacity plan, before and after — ${input.model}`,
      subtitle: `at ${input.offeredRatePerSecond === null ? 'the closed workload' : formatRate(input.offeredRatePerSecond)}; threads ${total('threadsBefore')} → ${total('threadsAfter')}`,
    },
    config: CONFIG,
    hconcat: [
      {
        title: { text: 'threads per pool', fontSize: 13, fontWeight: 'normal' },
        width: 420,
        height: 260,
        data: { values: threads },
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              x: { field: 'pool', type: 'nominal', sort: poolOrder, title: null, axis: { labelAngle: 0, labelFontSize: 12 } },
              xOffset: { field: 'when', sort: WHEN },
              y: { field: 'threads', type: 'quantitative', title: 'threads' },
              color,
            },
          },
          {
            mark: { type: 'text', dy: -6, fontSize: 10 },
            encoding: {
              x: { field: 'pool', type: 'nominal', sort: poolOrder },
              xOffset: { field: 'when', sort: WHEN },
              y: { field: 'threads', type: 'quantitative' },
              text: { field: 'threads' },
            },
          },
        ],
      },
      { title: { text: 'p99 latency', fontSize: 13, fontWeight: 'normal' }, width: 150, height: 260, layer: p99Layers },
    ],
    resolve: { scale: { color: 'shared' } },
  } as ChartSpec;
}
