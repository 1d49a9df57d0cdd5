/**
 * `reqpath chart MODEL --out DIR [--format svg,png,html,vl.json] [--which ...]`: every chart of a model as
 * a Vega-Lite spec, an SVG, a 2× PNG and one self-contained report.html. Prints each path it wrote (or,
 * with --json, the list as JSON). The work lives in ../chart-run.ts, imported only when the verb runs.
 */
import type { Command } from 'commander';
import { ALL_CHART_NAMES } from '../../charts/chart-names.ts';
import type { CliIo } from '../io.ts';
import type { ChartOptions } from '../chart-run.ts';
import { addModelOptions } from '../model-options.ts';
import { addRedisOptions } from '../redis-options.ts';

/** Kept here (not in chart-run.ts) so the help text needs no chart machinery. */
export const CHART_FORMATS = ['vl.json', 'svg', 'png', 'html'] as const;

export function registerChart(program: Command, io: CliIo): void {
  addRedisOptions(addModelOptions(program.command('chart').argument('<model>', 'model file (.yaml or .json)')))
    .description('write Vega-Lite specs and rendered SVG/PNG charts, plus a self-contained report.html, to --out DIR')
    .requiredOption('--out <dir>', 'directory to write into (created if missing)')
    .option('--format <list>', `comma-separated: ${CHART_FORMATS.join(',')}`, CHART_FORMATS.join(','))
    .option('--which <list>', `charts to draw (default all; timeline and goodput-vs-load only for a model with overload keys): ${ALL_CHART_NAMES.join(',')}`)
    .option('--simulate', 'draw simulated points (95% CI error bars) over the analytic load curves and latency distribution')
    .option('--requests <n>', 'with --simulate: measured requests per replication', '20000')
    .option('--replications <n>', 'with --simulate: replications per point', '5')
    .option('--seed <n>', 'with --simulate: random seed', '1')
    .action(async (path: string, options: ChartOptions) => {
      const { runChart } = await import('../chart-run.ts');
      await runChart(path, options, io);
    });
}
