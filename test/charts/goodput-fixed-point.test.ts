/**
 * The goodput-vs-load chart's bistable band from the retry fixed point, for the bundled retry storm at steady
 * load (M/M/16, µ = 50/s, 3 attempts, no budget, T = 1 s): the saturated state feeds itself from 800/3 =
 * 266.7/s, and a good point is left up to the trigger (792.2/s). Without retries there is no band.
 */
import { describe, expect, it } from 'vitest';
import { goodputVsLoadSpec } from '../../src/charts/goodput-vs-load.ts';
import { renderSvg } from '../../src/charts/render.ts';
import { loadModel } from '../../src/model/load.ts';
import { analyze } from '../../src/analytic/analyze.ts';
import { withoutSchedule } from '../../src/model/edit.ts';
import { goodputFixedPoint } from '../../src/orchestrate/goodput-fixed-point.ts';

const STORM = 'models/retry-storm.yaml';

type Layer = { data?: { values?: Record<string, unknown>[] }; layer?: Layer[]; mark?: { type?: string } | string };

function rects(spec: { layer?: Layer[] }): Record<string, unknown>[] {
  return (spec.layer ?? []).filter((l) => l.layer?.some((inner) => typeof inner.mark === 'object' && inner.mark.type === 'rect')).flatMap((l) => l.data?.values ?? []);
}

describe('goodput vs load: the bistable band from the fixed point', () => {
  it('retry storm at steady load: shaded from the sustain rate to the trigger, both points drawn, the trigger marked', async () => {
    const model = loadModel(STORM);
    const curve = goodputFixedPoint(model, 960)!;
    const metastable = analyze(withoutSchedule(model)).metastable!;
    expect(curve.bistable!.from).toBeCloseTo(800 / 3, 6);
    expect(curve.bistable!.from).toBeCloseTo(metastable.sustainRate, 9);
    expect(curve.bistable!.to).toBeCloseTo(metastable.triggerRate, 6);
    const inside = curve.points.filter((p) => p.rate > curve.bistable!.from && p.rate < curve.bistable!.to);
    expect(inside.length).toBeGreaterThan(10);
    for (const p of inside) {
      expect(p.good!).toBeCloseTo(p.rate, 3);
      expect(p.bad).toBe(0);
      expect(p.withoutRetries).toBeCloseTo(p.rate, 3);
    }
    const spec = goodputVsLoadSpec({ model: 'retry-storm', points: [], bistable: null, maxThroughputPerSecond: 800, method: 'test', fixedPoint: curve });
    expect(rects(spec as { layer?: Layer[] })).toEqual([{ from: 266.667, to: 792.219, label: 'bistable (fixed point) 267 req/s–792 req/s' }]);
    const json = JSON.stringify(spec);
    expect(json).toContain('retries, bad point (fixed point)');
    expect(json).toContain('no retries (fixed point)');
    expect(json).toContain('trigger 792 req/s');
    const { svg, warnings } = await renderSvg(spec);
    expect(warnings).toEqual([]);
    expect(svg).toContain('bistable (fixed point) 267 req/s–792 req/s');
  });

  it('no band without retries, a higher one with a 10% budget; none outside the fixed point\'s case', () => {
    const single = goodputFixedPoint(loadModel(STORM, { overrides: [{ key: 'workload.retry.attempts', value: 1 }] }), 960)!;
    expect(single.bistable).toBe(null);
    expect(rects(goodputVsLoadSpec({ model: 's', points: [], bistable: null, maxThroughputPerSecond: 800, method: 't', fixedPoint: single }) as { layer?: Layer[] })).toEqual([]);
    // A 10% budget moves the band up to 800/1.1 = 727/s: the shipped 560/s is out of it.
    expect(goodputFixedPoint(loadModel(STORM, { overrides: [{ key: 'workload.retry.budget', value: 0.1 }] }), 960)!.bistable!.from).toBeCloseTo(800 / 1.1, 6);
    expect(goodputFixedPoint(loadModel(STORM, { overrides: [{ key: 'workload.cancel', value: 'queued' }] }), 960)).toBe(null);
  });
});
