/**
 * Every chart of the default model compiles with vega-lite and renders to SVG and PNG with no warning from
 * vega-lite or vega (their loggers are captured), and the captured warnings are real: a bad spec fills them.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.ts';
import { buildChartSet, CHART_NAMES } from '../../src/charts/chart-set.ts';
import { renderPixels, renderPng, renderSvg } from '../../src/charts/render.ts';
import { textWidth } from '../../src/charts/text-measure.ts';
import type { ChartSpec } from '../../src/charts/types.ts';
import { fixtureSpecs } from './fixtures.ts';

const set = buildChartSet(loadModel('models/seda-https-json.yaml'));

function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('rendering', () => {
  it('builds every chart for the default model', () => {
    expect(set.charts.map((c) => c.name)).toEqual([...CHART_NAMES]);
  });

  for (const name of CHART_NAMES) {
    it(`${name}: SVG with marks and its title, no warnings, PNG at 2× and at most 800 px wide`, async () => {
      const chart = set.charts.find((c) => c.name === name)!;
      const { svg, warnings } = await renderSvg(chart.spec);
      expect(warnings).toEqual([]);
      expect(svg).toMatch(/^<svg/);
      expect(svg).toContain('seda-https-json');
      expect((svg.match(/<path|<line|<rect/g) ?? []).length).toBeGreaterThan(10);
      const width = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
      expect(width).toBeLessThanOrEqual(800);
      const png = renderPng(svg);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(pngSize(png).width).toBe(Math.round(width * 2));
    });
  }

  it('the small fixtures render without warnings too (simulated points, unstable cells, nulls)', async () => {
    for (const spec of Object.values(fixtureSpecs())) expect((await renderSvg(spec)).warnings).toEqual([]);
  });

  it('captures vega-lite warnings instead of printing them', async () => {
    const broken = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: [{ a: 1 }] },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative', scale: { type: 'band' } } },
    } as unknown as ChartSpec;
    const { warnings } = await renderSvg(broken);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('PNG text is drawn with a real font: dark pixels where the title is, none in the empty margin', async () => {
    const { svg } = await renderSvg(set.charts[0]!.spec);
    const { width, rgba } = renderPixels(svg, 1);
    const darkIn = (x0: number, x1: number, y0: number, y1: number) => {
      let dark = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (rgba[(y * width + x) * 4]! < 100) dark++;
      return dark;
    };
    // The title's cap height sits about 12–30 px from the top at padding 12 and 16 px bold.
    expect(darkIn(12, 300, 12, 32)).toBeGreaterThan(200);
    expect(darkIn(0, 10, 0, 10)).toBe(0);
  });
});

describe('text measurement (DejaVu Sans advance widths)', () => {
  it('digits are 1303/2048 em and a space 651/2048 em (DejaVu Sans hmtx)', () => {
    expect(textWidth('0123456789', 10)).toBeCloseTo(10 * 10 * 0.636, 6);
    expect(textWidth(' ', 100)).toBeCloseTo(31.8, 6);
  });
  it('bold is wider than regular', () => {
    expect(textWidth('Latency vs offered load', 16, true)).toBeGreaterThan(textWidth('Latency vs offered load', 16));
  });
});
