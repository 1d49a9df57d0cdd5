/**
 * `reqpath compare MODEL MEASUREMENTS [--json] [--simulate] [--chart FILE] [--max-error throughput=8%,...]`
 * (SPEC §4): predicted against measured for every row; exit 1 when a bound is broken.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { compare, COMPARE_KEYS, parseMaxError, type CompareKey, type CompareResult } from '../../calibrate/compare.ts';
import { compareChartSpec } from '../../calibrate/compare-chart.ts';
import { fittedUncertainties } from '../../calibrate/fitted-yaml.ts';
import { parseMeasurements } from '../../calibrate/measurements.ts';
import { formatDuration, formatRate } from '../../model/units.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../io.ts';
import { overridesFrom } from '../model-options.ts';
import { tryLoadModel } from '../../model/load.ts';
import { formatIssues } from '../../model/messages.ts';
import { withRowVariables } from '../../calibrate/row-vars.ts';
import { readInput } from './calibrate.ts';

interface CompareCliOptions {
  json?: boolean;
  set?: string[];
  var?: string[];
  simulate?: boolean;
  requests: string;
  replications: string;
  seed: string;
  chart?: string;
  maxError?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function show(key: CompareKey, value: number | null | undefined): string {
  if (value === null) return 'unstable';
  if (value === undefined) return '—';
  return key === 'throughput' ? formatRate(value) : formatDuration(value, 3);
}

function percent(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}

function compareTable(result: CompareResult, simulated: boolean): string {
  const head = ['row', 'load', 'figure', 'measured', 'predicted', 'calibration 95% band', 'error', ...(simulated ? ['simulated', 'sim error'] : []), ''];
  const rows: string[][] = [head];
  for (const r of result.rows) {
    (Object.keys(r.measured) as CompareKey[]).forEach((key, i) => {
      const band = r.band[key];
      const bandText = band && (band[0] !== r.predicted[key] || band[1] !== r.predicted[key]) ? `${show(key, band[0])} – ${band[1] === null ? '∞' : show(key, band[1])}` : '';
      rows.push([
        i === 0 ? String(r.row) : '',
        i === 0 ? r.load : '',
        key,
        show(key, r.measured[key]),
        show(key, r.predicted[key]),
        bandText,
        percent(r.error[key]),
        ...(simulated ? [show(key, r.simulated?.[key]), percent(r.simulatedError?.[key])] : []),
        r.violations.includes(key) ? `✗ > ${Number(((result.bounds[key] ?? 0) * 100).toPrecision(3))}%` : '',
      ]);
    });
  }
  const widths = head.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return `${rows.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n')}\n`;
}

export function registerCompare(program: Command, io: CliIo): void {
  program
    .command('compare')
    .argument('<model>', 'model file (.yaml or .json), e.g. one written by calibrate')
    .argument('<measurements>', 'measurement rows: CSV with a header, or a JSON array (README: Calibrate from measurements)')
    .option('--json', 'machine-readable JSON on stdout (errors as fractions)')
    .option('--set <key=value>', 'override a model value (repeatable)', collect)
    .option('--var <name=value>', 'set a variable declared under vars (repeatable)', collect)
    .option('--simulate', 'also simulate every row')
    .option('--requests <n>', 'with --simulate: measured requests per replication', '50000')
    .option('--replications <n>', 'with --simulate: replications per row', '3')
    .option('--seed <n>', 'with --simulate: random seed', '1')
    .option('--chart <file>', 'write predicted-vs-measured latency over load as a Vega-Lite spec (JSON)')
    .option('--max-error <bounds>', `largest |error| per figure, e.g. throughput=8%,mean=10%,p99=20% (keys: ${COMPARE_KEYS.join(', ')}); exit 1 when broken`)
    .description('predicted (analytic, optionally simulated) against measured latency and throughput for every row')
    .action((modelPath: string, measurementsPath: string, options: CompareCliOptions) => {
      // A row carrying a column named like a model variable (bodyKB) is predicted at the row's value.
      const loaded = tryLoadModel(modelPath, { overrides: overridesFrom({ set: options.set, var: options.var }) });
      if (!loaded.ok) throw new CliError(formatIssues(loaded.issues), 2);
      const model = withRowVariables(loaded.raw, loaded.model, modelPath);
      const uncertainties = fittedUncertainties(readInput(modelPath, 'model'));
      const measurements = parseMeasurements(readInput(measurementsPath, 'measurements'), measurementsPath);
      const parsedBounds = options.maxError === undefined ? { ok: true as const, bounds: {} } : parseMaxError(options.maxError);
      if (!parsedBounds.ok) throw new CliError(parsedBounds.message, 2);
      const positive = (text: string, name: string): number => {
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name} ${text}: expected a positive whole number`, 2);
        return n;
      };
      const simulate = options.simulate
        ? { requests: positive(options.requests, 'requests'), replications: positive(options.replications, 'replications'), seed: positive(options.seed, 'seed') }
        : undefined;
      const result = compare(model, measurements.rows, { uncertainties, bounds: parsedBounds.bounds, ...(simulate ? { simulate } : {}) });
      if (options.chart) writeFileSync(options.chart, `${JSON.stringify(compareChartSpec(result), null, 2)}\n`);
      io.out(options.json ? toJson(result) : compareTable(result, simulate !== undefined));
      if (!result.passed) {
        const broken = result.rows.flatMap((r) => r.violations.map((k) => `row ${r.row} (${r.load}) ${k} ${percent(r.error[k])}`));
        throw new CliError(`compare: --max-error broken: ${broken.join('; ')}`, 1);
      }
    });
}
