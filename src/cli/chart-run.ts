/**
 * The work behind `reqpath chart`, loaded only when the verb runs: vega, vega-lite and resvg cost seconds to
 * import, which every other verb should not pay.
 *
 * Every file is written to a temporary name in DIR and renamed into place, so a failure never leaves a
 * half-written chart; the directory is created when missing.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { chartSetFromData, type ChartSimulation } from '../charts/chart-set.ts';
import { ALL_CHART_NAMES, type ChartName } from '../charts/chart-names.ts';
import { chartData } from '../orchestrate/chart-data.ts';
import { chartSimulation } from '../orchestrate/chart-simulation.ts';
import type { Model } from '../model/types.ts';
import { renderPng, renderSvg } from '../charts/render.ts';
import { reportHtml, type ReportLibraries } from '../charts/report-html.ts';
import { CliError } from './errors.ts';
import type { CliIo } from './io.ts';
import { toJson } from './io.ts';
import { runInterruptible } from './long-run.ts';
import { assertSimulable, modelFromOptions, type ModelOptions } from './model-options.ts';
import { prepareOutDir } from './out-dir.ts';
import { withRedis, type RedisCliOptions } from './redis-options.ts';
import { CHART_FORMATS } from './commands/chart.ts';

type ChartFormat = (typeof CHART_FORMATS)[number];

export interface ChartOptions extends ModelOptions, RedisCliOptions {
  out: string;
  format: string;
  which?: string;
  simulate?: boolean;
  requests: string;
  replications: string;
  seed: string;
}

function positiveInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new CliError(`${option} ${text}: expected a positive integer`);
  return value;
}

/** Simulated points for the load curves and the configured load's distribution, in parallel; Ctrl-C stops it. */
function simulationFor(model: Model, options: ChartOptions, io: CliIo): Promise<ChartSimulation> {
  const settings = {
    requests: positiveInteger('--requests', options.requests),
    replications: positiveInteger('--replications', options.replications),
    seed: positiveInteger('--seed', options.seed),
  };
  return withRedis(io, options, (runnerFor) => runInterruptible(io, 'reqpath chart', (control) => chartSimulation(model, settings, control), { runnerFor }));
}

function parseList<T extends string>(option: string, text: string, allowed: readonly T[]): T[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (unknown.length > 0 || items.length === 0) {
    throw new CliError(`${option} ${text}: expected a comma-separated list of ${allowed.join(', ')}${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}`);
  }
  return [...new Set(items)] as T[];
}

/** Writes beside the target, then renames: readers see the old file or the whole new one, never a part. */
export function writeAtomic(path: string, data: string | Buffer): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The browser bundles of vega and vega-lite, found from their package entry points (their exports hide build/). */
function readLibraries(): ReportLibraries {
  const require = createRequire(import.meta.url);
  const bundle = (name: string, file: string): string => {
    let dir = dirname(require.resolve(name));
    while (basename(dir) !== name && dirname(dir) !== dir) dir = dirname(dir);
    return readFileSync(join(dir, 'build', file), 'utf8');
  };
  return { vega: bundle('vega', 'vega.min.js'), vegaLite: bundle('vega-lite', 'vega-lite.min.js') };
}


export async function runChart(path: string, options: ChartOptions, io: CliIo): Promise<void> {
  const formats = parseList<ChartFormat>('--format', options.format, CHART_FORMATS);
  const which = options.which === undefined ? undefined : parseList<ChartName>('--which', options.which, ALL_CHART_NAMES);
  const model = modelFromOptions(path, options);
  if (options.simulate) assertSimulable(path, model);
  prepareOutDir(options.out);
  const simulation = options.simulate ? await simulationFor(model, options, io) : undefined;
  const set = chartSetFromData(chartData(model, { which }), { which, simulation });
  const written: string[] = [];
  const write = (file: string, data: string | Buffer) => {
    const target = join(options.out, file);
    try {
      writeAtomic(target, data);
    } catch (error) {
      throw new CliError(`--out ${options.out}: cannot write ${target} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    written.push(target);
    if (!options.json) io.out(`wrote ${target}\n`);
  };
  const libraries = formats.includes('html') ? readLibraries() : null;
  for (const chart of set.charts) {
    if (formats.includes('vl.json')) write(`${chart.name}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`);
    if (formats.includes('svg') || formats.includes('png')) {
      const { svg, warnings } = await renderSvg(chart.spec);
      for (const warning of warnings) io.err(`reqpath chart: ${chart.name}: ${warning}\n`);
      if (formats.includes('svg')) write(`${chart.name}.svg`, svg);
      if (formats.includes('png')) write(`${chart.name}.png`, renderPng(svg));
    }
  }
  if (libraries) {
    const title = `${model.name}: capacity report`;
    write('report.html', reportHtml({ title, description: model.description, result: set.result, charts: set.charts, notes: set.notes }, libraries));
  }
  for (const note of set.notes) io.err(`reqpath chart: ${note}\n`);
  if (options.json) io.out(toJson({ out: options.out, written, notes: set.notes }));
}
