/**
 * Builder specs on small fixed inputs: snapshots (reviewed; update with `vitest -u` only after looking at
 * the rendered PNGs) plus the properties a reader relies on, asserted directly so a careless snapshot
 * update cannot hide them.
 */
import { describe, expect, it } from 'vitest';
import { latencyVsLoadSpec } from '../../src/charts/latency-vs-load.ts';
import { p99HeatmapSpec } from '../../src/charts/p99-heatmap.ts';
import { OKABE_ITO, VEGA_LITE_SCHEMA } from '../../src/charts/theme.ts';
import * as fx from './fixtures.ts';

/** The spec without the shared config block, which is asserted once below. */
function body(spec: object): object {
  const { config: _config, ...rest } = spec as Record<string, unknown>;
  return rest;
}

const specs = fx.fixtureSpecs();

describe('chart specs', () => {
  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: matches the reviewed snapshot`, () => {
      expect(body(spec)).toMatchSnapshot();
    });
    it(`${name}: Vega-Lite 6 schema, a title naming the model, the shared colour-blind-safe config`, () => {
      const s = spec as Record<string, any>;
      expect(s.$schema).toBe(VEGA_LITE_SCHEMA);
      expect(s.$schema).toMatch(/vega-lite\/v6\.json$/);
      expect(s.title.text).toContain('tiny');
      expect(s.config.range.category[0]).toBe(OKABE_ITO.blue);
    });
  }

  it('every quantitative axis title carries a unit (ms, req/s, share or %)', () => {
    const titles: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.type === 'quantitative' && typeof o.title === 'string') titles.push(o.title);
        Object.values(o).forEach(walk);
      }
    };
    walk(Object.values(specs).map(body));
    expect(titles.length).toBeGreaterThan(8);
    for (const title of titles) expect(title).toMatch(/\((ms|req\/s|share[^)]*)\)|threads|P\(latency|utilisation/);
  });

  it('latency vs load: log scale when latency spans a decade, linear when it does not', () => {
    const log = latencyVsLoadSpec(fx.latencyVsLoad) as any;
    expect(log.layer[0].encoding.y.scale.type).toBe('log');
    const flat = latencyVsLoadSpec({
      model: 'tiny',
      points: fx.latencyVsLoad.points.map((p) => ({ ...p, p50Seconds: 0.004, p95Seconds: 0.005, p99Seconds: 0.006 })),
    }) as any;
    expect(flat.layer[0].encoding.y.scale.type).toBe('linear');
  });

  it('latency vs load: the SLO and saturation become rules at their values, sim points carry CI bounds', () => {
    const s = specs.latencyVsLoad as any;
    const values = s.layer.flatMap((l: any) => l.data?.values ?? []);
    expect(values).toContainEqual({ ms: 50, label: 'SLO p99 50 ms' });
    expect(values).toContainEqual({ rate: 1000, label: 'saturation 1,000 req/s (work)' });
    expect(values).toContainEqual({ rate: 500, simulated: 'p99', ms: 21, low: 19, high: 23 });
  });

  it('utilisation: only the bottleneck is highlighted', () => {
    const values = (specs.utilization as any).data.values;
    expect(values.filter((v: any) => v.role === 'bottleneck pool').map((v: any) => v.stage)).toEqual(['work (1 thread)']);
  });

  it('heatmap: unstable cells are labelled, and only cells meeting the SLO are outlined', () => {
    const values = (specs.p99Heatmap as any).data.values;
    expect(values.filter((v: any) => v.label === 'unstable')).toHaveLength(2);
    expect(values.filter((v: any) => v.meets).map((v: any) => [v.x, v.y])).toEqual([[2, 2], [3, 1]]);
  });

  it('heatmap: an analytic p99 beyond the accuracy target is drawn and dotted, with a legend entry; a simulated one is not dotted', () => {
    const spec = specs.p99Heatmap as any;
    const values = spec.data.values;
    expect(values.filter((v: any) => v.beyond).map((v: any) => [v.x, v.y, v.ms])).toEqual([[3, 1, 20]]);
    expect(values.find((v: any) => v.x === 3 && v.y === 1).how).toBe('analytic, measured within ±12%');
    expect(values.find((v: any) => v.x === 3 && v.y === 2).how).toBe("analyze's seeded simulation");
    const dots = spec.layer.find((l: any) => l.mark.type === 'point');
    expect(dots.transform).toEqual([{ filter: 'datum.beyond' }]);
    expect(dots.encoding.color.datum).toBe('analytic, measured beyond ±5% (not simulated)');
    // Without such cells there is no dot layer and no legend entry for it.
    const plain = p99HeatmapSpec({ ...fx.p99Heatmap, cells: fx.p99Heatmap.cells.filter((c) => c.obtained !== 'beyond-target') }) as any;
    expect(plain.layer.some((l: any) => l.mark.type === 'point')).toBe(false);
  });

  it('throughput: drops are drawn only where the model is stable', () => {
    const right = (specs.throughputVsLoad as any).layer[1];
    expect(right.data.values.map((v: any) => v.rate)).toEqual([500]);
  });
});
