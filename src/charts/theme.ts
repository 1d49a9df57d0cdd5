/**
 * Shared look of every chart: schema, size, fonts and a colour-blind-safe palette.
 *
 * Palette: Okabe & Ito, "Color Universal Design" (2008) — distinguishable under the common colour-vision
 * deficiencies and in greyscale by lightness. Fixed meanings across charts: blue = p50, orange = p95,
 * vermillion = p99 / bottleneck / drops, bluish green = throughput, grey = reference rules.
 */
import type { Config } from 'vega-lite';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  grey: '#7A7A7A',
} as const;

/** Width of the plotting area; with axes and legend the chart stays under 800 px. */
export const PLOT_WIDTH = 560;
export const PLOT_HEIGHT = 320;

/** The font resvg and browsers both have (Debian fonts-dejavu-core), then generic fallbacks. */
export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

export const CONFIG: Config = {
  font: FONT,
  background: 'white',
  padding: 12,
  view: { stroke: null },
  title: { fontSize: 16, fontWeight: 'bold', subtitleFontSize: 12, subtitleColor: '#444444', anchor: 'start', offset: 10 },
  axis: {
    labelFontSize: 12,
    titleFontSize: 13,
    titleFontWeight: 'normal',
    gridColor: '#E6E6E6',
    domainColor: '#666666',
    tickColor: '#666666',
    labelColor: '#222222',
    titleColor: '#222222',
    labelLimit: 260,
  },
  // A flush last label sits left of its tick and reads as the wrong value (e.g. "16,000" at 15,000).
  axisX: { labelFlush: false },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', orient: 'right', labelLimit: 320 },
  range: {
    category: [
      OKABE_ITO.blue,
      OKABE_ITO.orange,
      OKABE_ITO.vermillion,
      OKABE_ITO.bluishGreen,
      OKABE_ITO.reddishPurple,
      OKABE_ITO.skyBlue,
      OKABE_ITO.yellow,
      OKABE_ITO.black,
    ],
  },
};

/** Seconds → milliseconds, the unit every latency axis uses. */
export function toMs(seconds: number): number {
  return seconds * 1000;
}

/** Rounds for stable snapshots and compact specs (6 significant digits are far below a pixel). */
export function round(value: number, digits = 6): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}

/** "2,000 req/s"-style labels for titles. */
export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')} req/s`;
}

/** "9.65 ms" with three significant digits. */
export function formatMs(seconds: number): string {
  return `${Number(toMs(seconds).toPrecision(3))} ms`;
}
