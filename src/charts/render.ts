/**
 * Vega-Lite spec → SVG string (vega View without a DOM) → PNG buffer (resvg). Pure: no files, no stdout.
 *
 * Pipeline: vega-lite `compile` → vega `parse` → `View` with renderer "none" → `toSVG()` → resvg at 2× scale.
 * Warnings from both libraries are captured and returned as data (never printed), so the CLI decides what
 * to show and tests can require none.
 */
import { createRequire } from 'node:module';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import type * as ResvgModule from '@resvg/resvg-js';
import type { ChartSpec } from './types.ts';
import { vegaTextWidth } from './text-measure.ts';

// vega, vega-lite and resvg cost a few hundred ms to import, so they load on the first render rather than
// with this module: the public API (src/index.ts) exports the renderers, and an analyze-only script or
// the CLI's other verbs must not pay for them.
interface Libraries {
  readonly vega: typeof Vega;
  readonly vegaLite: typeof VegaLite;
  readonly resvg: typeof ResvgModule;
}
let loaded: Libraries | undefined;
let loadedResvg: typeof ResvgModule | undefined;

async function loadLibraries(): Promise<Libraries> {
  if (loaded) return loaded;
  const [vega, vegaLite, resvg] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  // No canvas in Node: measure text with the PNG font's metrics instead of vega's 0.8 em guess. A
  // module-level setting of vega's, but every renderer in this process wants the same answer.
  // vega exports textMetrics at run time; its typings omit it.
  (vega as unknown as { textMetrics: { width: typeof vegaTextWidth } }).textMetrics.width = vegaTextWidth;
  loadedResvg ??= resvg;
  loaded = { vega, vegaLite, resvg };
  return loaded;
}

/** resvg for the synchronous PNG calls: the copy renderSvg loaded, else required now (it is CommonJS). */
function resvgModule(): typeof ResvgModule {
  loadedResvg ??= createRequire(import.meta.url)('@resvg/resvg-js') as typeof ResvgModule;
  return loadedResvg;
}

/** vega's log levels (vega.Warn is 2), fixed here so compiling needs no vega import. */
const WARN_LEVEL = 2;

export interface SvgRendering {
  readonly svg: string;
  /** Messages vega-lite or vega logged at warn level or above. */
  readonly warnings: readonly string[];
}

/** A logger that keeps warnings and errors instead of printing them (vega's LoggerInterface). */
function collectingLogger(into: string[]) {
  let level = WARN_LEVEL;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      into.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      if (level >= WARN_LEVEL) into.push(`warn: ${args.map(String).join(' ')}`);
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** Compiles a Vega-Lite spec to a Vega spec, capturing vega-lite's warnings. */
export async function compileSpec(spec: ChartSpec, warnings: string[] = []): Promise<Vega.Spec> {
  const { vegaLite } = await loadLibraries();
  return vegaLite.compile(spec, { logger: collectingLogger(warnings) as never }).spec;
}

export async function renderSvg(spec: ChartSpec): Promise<SvgRendering> {
  const { vega } = await loadLibraries();
  const warnings: string[] = [];
  const compiled = await compileSpec(spec, warnings);
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: collectingLogger(warnings) as never });
  try {
    const svg = await view.toSVG();
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}

function rasterizer(svg: string, scale: number): ResvgModule.Resvg {
  return new (resvgModule().Resvg)(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
}

/** PNG at `scale`× the SVG's size (2× for print and high-DPI screens), text in the system fonts. */
export function renderPng(svg: string, scale = 2): Buffer {
  return rasterizer(svg, scale).render().asPng();
}

/** Raw RGBA pixels of the same rendering (for checks that text was actually drawn). */
export function renderPixels(svg: string, scale = 1): { width: number; height: number; rgba: Buffer } {
  const image = rasterizer(svg, scale).render();
  return { width: image.width, height: image.height, rgba: image.pixels };
}
