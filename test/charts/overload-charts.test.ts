/** SPEC §5 chart builders: pure (data in, spec out), rendered without warnings, at most 800 px wide. */
import { describe, expect, it } from 'vitest';
import { bistableRange } from '../../src/orchestrate/overload-chart-data.ts';
import { goodputVsLoadSpec, type GoodputPoint } from '../../src/charts/goodput-vs-load.ts';
import { renderSvg } from '../../src/charts/render.ts';
import { timelineSpec } from '../../src/charts/timeline.ts';

const windows = Array.from({ length: 12 }, (_, w) => ({
  start: w,
  end: w + 1,
  offered: w >= 4 && w < 6 ? 300 : 100,
  throughput: w >= 4 ? 200 : 100,
  goodput: w >= 5 ? 0 : 100,
  p99: w >= 5 ? null : 0.01 * (w + 1),
  inSystem: w * 50,
}));

const points: GoodputPoint[] = [
  { rate: 100, cold: 100, hot: 100, hotWithoutRetries: 100 },
  { rate: 200, cold: 200, hot: 3, hotWithoutRetries: 200 },
  { rate: 300, cold: 290, hot: 0, hotWithoutRetries: 295 },
  { rate: 400, cold: 10, hot: 0, hotWithoutRetries: 5 },
];

async function rendered(spec: Parameters<typeof renderSvg>[0]): Promise<string> {
  const { svg, warnings } = await renderSvg(spec);
  expect(warnings).toEqual([]);
  expect(Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)![1])).toBeLessThanOrEqual(800);
  return svg;
}

describe('overload charts', () => {
  it('timeline: three panels over the windows, the schedule steps as rules, p99 gaps where nothing succeeded', async () => {
    const spec = timelineSpec({ model: 'storm', windows, stepSeconds: [4, 6] });
    const svg = await rendered(spec);
    expect(svg).toContain('Timeline through the load schedule — storm');
    expect(svg).toContain('in system');
    expect(JSON.stringify(spec)).toContain('"p99":null');
  });

  it('bistable where an empty start is good and a backlog stays bad; none when both agree', () => {
    expect(bistableRange(points)).toEqual({ from: 200, to: 300 });
    expect(bistableRange(points.map((p) => ({ ...p, hot: p.cold })))).toBe(null);
  });

  it('goodput vs load: the bistable band is shaded and labelled', async () => {
    const svg = await rendered(goodputVsLoadSpec({ model: 'storm', points, bistable: bistableRange(points), maxThroughputPerSecond: 350, method: 'test' }));
    expect(svg).toContain('bistable 200 req/s–300 req/s');
    const plain = await rendered(goodputVsLoadSpec({ model: 'storm', points, bistable: null, maxThroughputPerSecond: null, method: 'test' }));
    expect(plain).not.toContain('bistable');
  });
});
