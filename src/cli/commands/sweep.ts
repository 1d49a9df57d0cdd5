/**
 * `reqpath sweep MODEL --param P (--from A --to B [--steps N] [--log] | --values a,b,c) [--param2 …]`:
 * one or two parameters over a range, one row per point; a table, --json or --csv.
 * Key-path parameters (stages.decrypt.threads) re-load the file with --set overrides per value, so each
 * value is validated exactly like the file; every value is checked before anything is printed.
 */
import type { Command } from 'commander';
import { formatIssues } from '../../model/messages.ts';
import type { Override } from '../../model/overrides.ts';
import { parseAssignment } from '../../model/overrides.ts';
import type { Model } from '../../model/types.ts';
import { formatDuration, formatRate, parseDurationSeconds, parseRatePerSecond } from '../../model/units.ts';
import type { SimulationSettings } from '../../plan/evaluator.ts';
import { sweepBySimulation } from '../../orchestrate/sweep.ts';
import { checkSweepValue, parseSweepParameter, rangeValues, type SweepParameter } from '../../plan/sweep-parameter.ts';
import { compareSweeps, sweep, type SweepResult, type SweepRow, type SweepValue } from '../../plan/sweep.ts';
import { describeInstability, type Instability } from '../../model/instability.ts';
import { describeSlo } from '../describe-slo.ts';
import { addSloOptions, sloFromOptions, type SloCliOptions } from '../slo-options.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../io.ts';
import { runInterruptible } from '../long-run.ts';
import { addModelOptions, assertSimulable, loadWithOptions, modelFromOptions, type ModelOptions } from '../model-options.ts';
import { addRedisOptions, withRedis, type RedisCliOptions } from '../redis-options.ts';
import { hasOverloadFigures, OVERLOAD_CSV_FIGURES, overloadCells, overloadTableHeader, overloadFooter } from './sweep-overload-columns.ts';

export interface SimulationCliOptions extends RedisCliOptions {
  simulate?: boolean;
  requests?: string;
  replications?: string;
  seed?: string;
}

/** Smaller than `simulate`'s defaults: a sweep or a plan runs many simulations. */
export const SWEEP_SIMULATION_DEFAULTS = { requests: 20_000, replications: 3, seed: 1 } as const;

export function addSimulationOptions(command: Command): Command {
  const d = SWEEP_SIMULATION_DEFAULTS;
  return addRedisOptions(command)
    .option('--simulate', 'evaluate by discrete-event simulation instead of analysis')
    .option('--requests <n>', `with --simulate: measured requests per replication (default ${d.requests})`)
    .option('--replications <n>', `with --simulate: independent replications (default ${d.replications})`)
    .option('--seed <n>', `with --simulate: random seed, the same for every point: common random numbers (default ${d.seed})`);
}

function wholeNumber(option: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new CliError(`--${option} ${text}: expected a whole number ≥ ${min}`);
  return value;
}

/** Simulation settings from --simulate, --requests, --replications and --seed; undefined without --simulate. */
export function simulationSettingsFrom(options: SimulationCliOptions): Required<SimulationSettings> | undefined {
  if (!options.simulate) {
    for (const name of ['requests', 'replications', 'seed'] as const) {
      if (options[name] !== undefined) throw new CliError(`--${name}: only with --simulate`);
    }
    return undefined;
  }
  const d = SWEEP_SIMULATION_DEFAULTS;
  return {
    requests: wholeNumber('requests', options.requests, d.requests, 1),
    replications: wholeNumber('replications', options.replications, d.replications, 1),
    seed: wholeNumber('seed', options.seed, d.seed, 0),
  };
}

interface AxisCliOptions {
  param?: string;
  from?: string;
  to?: string;
  steps?: string;
  values?: string;
  log?: boolean;
}

interface SweepCliOptions extends ModelOptions, SimulationCliOptions, AxisCliOptions, SloCliOptions {
  csv?: boolean;
  analytic?: boolean;
  compare?: boolean;
  param2?: string;
  from2?: string;
  to2?: string;
  steps2?: string;
  values2?: string;
  log2?: boolean;
}

/** One value as the parameter reads it: a rate, a duration, a whole number, or a raw --set scalar for key paths. */
function parseValue(parameter: SweepParameter, text: string, option: string): SweepValue {
  const trimmed = text.trim();
  const asNumber = trimmed === '' ? NaN : Number(trimmed);
  let value: SweepValue;
  switch (parameter.kind) {
    case 'rate': {
      const parsed = Number.isFinite(asNumber) ? { ok: true as const, value: asNumber } : parseRatePerSecond(trimmed);
      value = parsed.ok ? parsed.value : trimmed;
      break;
    }
    case 'service': {
      const parsed = Number.isFinite(asNumber) ? { ok: true as const, value: asNumber } : parseDurationSeconds(trimmed);
      value = parsed.ok ? parsed.value : trimmed;
      break;
    }
    case 'threads':
      value = trimmed === 'infinite' ? Infinity : Number.isNaN(asNumber) ? trimmed : asNumber;
      break;
    case 'clients':
      value = Number.isNaN(asNumber) ? trimmed : asNumber;
      break;
    case 'key':
      value = Number.isFinite(asNumber) ? asNumber : ((parseAssignment(`k=${trimmed}`)?.value as SweepValue | undefined) ?? trimmed);
      return value;
  }
  const problem = checkSweepValue(parameter, value);
  if (problem) throw new CliError(`${option} ${text}: ${problem}`);
  return value;
}

/** A number for from/to: plain, or a rate/duration with its unit (key paths take seconds for durations). */
function parseBound(parameter: SweepParameter, text: string, option: string): number {
  if (parameter.kind === 'key') {
    const asNumber = Number(text);
    if (text.trim() !== '' && Number.isFinite(asNumber)) return asNumber;
    const duration = parseDurationSeconds(text);
    if (duration.ok) return duration.value;
    throw new CliError(`${option} ${text}: expected a number (or a duration such as 120us) for ${parameter.name}`);
  }
  const value = parseValue(parameter, text, option);
  return Number(value);
}

function resolveAxis(model: Model, o: AxisCliOptions, suffix: '' | '2'): { parameter: SweepParameter; values: SweepValue[] } {
  const flag = (name: string) => `--${name}${suffix}`;
  const parsed = parseSweepParameter(model, o.param!);
  if (!parsed.ok) throw new CliError(`${flag('param')} ${parsed.message}`);
  const parameter = parsed.value;
  if (o.values !== undefined) {
    if (o.from !== undefined || o.to !== undefined || o.steps !== undefined) throw new CliError(`${flag('values')}: give either values or ${flag('from')}/${flag('to')}/${flag('steps')}, not both`);
    const values = o.values.split(',').filter((v) => v.trim() !== '').map((v) => parseValue(parameter, v, flag('values')));
    if (values.length === 0) throw new CliError(`${flag('values')}: give at least one value`);
    return { parameter, values };
  }
  if (o.from === undefined || o.to === undefined) throw new CliError(`${flag('param')} ${o.param}: give ${flag('from')} and ${flag('to')}, or ${flag('values')}`);
  const from = parseBound(parameter, o.from, flag('from'));
  const to = parseBound(parameter, o.to, flag('to'));
  const steps = o.steps === undefined ? 10 : Number(o.steps);
  if (!Number.isInteger(steps) || steps < 1 || steps > 10_000) throw new CliError(`${flag('steps')} ${o.steps}: expected a whole number of points from 1 to 10000`);
  if (o.log && (from <= 0 || to <= 0)) throw new CliError(`${flag('log')}: ${flag('from')} and ${flag('to')} must be positive for log spacing`);
  const values = rangeValues(parameter, { from, to, steps, scale: o.log ? 'log' : 'linear' });
  for (const value of values) {
    const problem = checkSweepValue(parameter, value);
    if (problem) throw new CliError(`${flag('from')}/${flag('to')}: ${problem}`);
  }
  return { parameter, values };
}

const CSV_FIGURES = ['stable', 'meetsSlo', 'throughput', 'maxThroughput', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'dropRate', 'bottleneck'] as const;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value === Infinity ? 'infinite' : '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function formatSweepCsv(result: SweepResult): string {
  const pools = Object.keys(result.rows[0]?.utilization ?? {});
  const hasCi = result.rows.some((r) => r.ci);
  const overload = hasOverloadFigures(result.rows) ? OVERLOAD_CSV_FIGURES : [];
  const hasAccuracy = result.rows.some((r) => r.accuracy);
  const header = [
    ...result.parameters.map((p) => p.name),
    'method',
    ...CSV_FIGURES,
    ...overload,
    ...pools.map((p) => `utilization.${p}`),
    ...(hasCi ? ['ci.mean', 'ci.p99', ...(overload.length > 0 ? ['ci.goodput'] : [])] : []),
    ...(hasAccuracy ? ['figures.mean', 'figures.percentiles', 'figures.dropRate'] : []),
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const row of result.rows) {
    lines.push(
      [
        ...result.parameters.map((p) => row.parameters[p.name]),
        row.method,
        ...CSV_FIGURES.map((f) => row[f]),
        ...overload.map((f) => row[f]),
        ...pools.map((p) => row.utilization[p]),
        ...(hasCi ? [row.ci?.mean, row.ci?.p99, ...(overload.length > 0 ? [row.ci?.goodput] : [])] : []),
        ...(hasAccuracy ? [row.accuracy?.mean.kind, row.accuracy?.percentiles.kind, row.accuracy?.dropRate.kind] : []),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function showValue(parameter: SweepResult['parameters'][number], value: SweepValue): string {
  if (typeof value === 'string') return value;
  if (value === Infinity) return 'infinite';
  if (parameter.unit === 'perSecond') return formatRate(value);
  if (parameter.unit === 'seconds') return formatDuration(value);
  return String(Number(value.toPrecision(6)));
}

/** One line per way the points are not stable (counted on one method's rows when analysis and simulation alternate). */
function instabilityFooter(rows: readonly SweepRow[]): string[] {
  const kinds: readonly Instability[] = ['overloaded', 'retries', 'not-recovered'];
  return kinds.flatMap((kind) => {
    const n = rows.filter((r) => r.instability === kind).length;
    return n > 0 ? [`${n} of ${rows.length} point${rows.length === 1 ? '' : 's'} ${kind === 'not-recovered' ? 'not recovered' : 'unstable'}: ${describeInstability(kind)}.`] : [];
  });
}

export function formatSweepTable(result: SweepResult): string {
  const time = (s: number | null) => (s === null ? '∞' : formatDuration(s));
  const maxUtil = (row: SweepRow) => {
    const values = Object.values(row.utilization);
    return values.some((v) => v === null) ? 'overloaded' : `${(100 * Math.max(0, ...(values as number[]))).toFixed(1)}%`;
  };
  const hasSlo = result.rows.some((r) => r.meetsSlo !== null);
  const both = result.method === 'both';
  const overload = hasOverloadFigures(result.rows);
  const header = [
    ...result.parameters.map((p) => p.name),
    ...(both ? ['method'] : []),
    'throughput',
    ...(overload ? overloadTableHeader(result.rows) : []),
    'mean',
    'p50',
    'p95',
    'p99',
    'p999',
    'drops',
    'max util',
    'bottleneck',
    ...(hasSlo ? ['SLO'] : []),
  ];
  // A figure analyze answered from its seeded simulation (beyond the analytic bands) is marked *.
  const simulated = (row: SweepRow, figure: 'mean' | 'percentiles' | 'dropRate') => (row.method === 'analytic' && row.accuracy?.[figure].kind === 'simulated' ? '*' : '');
  const rows = result.rows.map((row) => [
    ...result.parameters.map((p) => showValue(p, row.parameters[p.name]!)),
    ...(both ? [row.method] : []),
    row.throughput === null ? '—' : formatRate(row.throughput),
    ...(overload ? overloadCells(row, result.rows) : []),
    time(row.mean) + simulated(row, 'mean'),
    time(row.p50) + simulated(row, 'percentiles'),
    time(row.p95) + simulated(row, 'percentiles'),
    time(row.p99) + simulated(row, 'percentiles') + (row.ci?.p99 != null ? ` ±${formatDuration(row.ci.p99, 2)}` : ''),
    time(row.p999) + simulated(row, 'percentiles'),
    `${(100 * row.dropRate).toFixed(row.dropRate > 0 && row.dropRate < 0.001 ? 3 : 1)}%${simulated(row, 'dropRate')}`,
    maxUtil(row),
    row.bottleneck ?? '—',
    ...(hasSlo ? [row.meetsSlo ? 'met' : 'MISSED'] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
  const title = `${result.model} — sweep of ${result.parameters.map((p) => p.name).join(' × ')}, ${result.method}`;
  const bounds = result.slo ? [`SLO: ${describeSlo(result.slo)}`] : [];
  const footer = instabilityFooter(result.rows.filter((r) => r.method === result.rows[0]?.method));
  if (overload) footer.push(...overloadFooter(result.rows));
  const marked = result.rows.filter((r) => (['mean', 'percentiles', 'dropRate'] as const).some((f) => simulated(r, f) !== '')).length;
  if (marked > 0) {
    footer.push(`* from analyze's seeded simulation at ${marked} point${marked === 1 ? '' : 's'}: the analytic methods there are measured beyond the target (--analytic: the pure analytic figures, with their bands in --json).`);
  }
  return `${[title, ...bounds, '', line(header), ...rows.map(line), ...(footer.length ? ['', ...footer] : [])].join('\n')}\n`;
}

export function registerSweep(program: Command, io: CliIo): void {
  const command = addModelOptions(program.command('sweep').argument('<model>', 'model file (.yaml or .json)'))
    .description('one or two parameters over a range: throughput, latency percentiles, drops, utilisation per point (and goodput, timeouts, retries for a model with overload keys)')
    .requiredOption('--param <name>', 'rate, clients, threads:<pool>, service:<stage>, or a model key such as stages.decrypt.threads or workload.retry.budget')
    .option('--from <value>', 'first value (units allowed: 2k/s, 120us)')
    .option('--to <value>', 'last value')
    .option('--steps <n>', 'number of points, ends included (default 10)')
    .option('--values <list>', 'explicit values, comma-separated, instead of --from/--to')
    .option('--log', 'space the points geometrically')
    .option('--param2 <name>', 'a second parameter: every value of it for every value of the first')
    .option('--from2 <value>', 'first value of the second parameter')
    .option('--to2 <value>', 'last value of the second parameter')
    .option('--steps2 <n>', 'points of the second parameter (default 10)')
    .option('--values2 <list>', 'explicit values of the second parameter')
    .option('--log2', 'space the second parameter geometrically')
    .option('--csv', 'CSV on stdout, one row per point')
    .option('--analytic', "the pure analytic figures at every point, never analyze's simulation fallback (faster; bands in --json)")
    .option('--compare', 'analysis and simulation side by side: two rows per point (implies --simulate)');
  addSloOptions(command, ', for the SLO column');
  addSimulationOptions(command).action(async (path: string, options: SweepCliOptions) => {
    if (options.json && options.csv) throw new CliError('--json and --csv: choose one output format');
    if (options.analytic && options.simulate && !options.compare) throw new CliError('--analytic and --simulate: choose one (--compare puts them side by side)');
    const model = modelFromOptions(path, options);
    const first = resolveAxis(model, options, '');
    const second =
      options.param2 !== undefined
        ? resolveAxis(model, { param: options.param2, from: options.from2, to: options.to2, steps: options.steps2, values: options.values2, log: options.log2 }, '2')
        : undefined;
    for (const flag of ['from2', 'to2', 'steps2', 'values2', 'log2'] as const) {
      if (options.param2 === undefined && options[flag] !== undefined) throw new CliError(`--${flag}: only with --param2`);
    }
    if (second && second.parameter.name === first.parameter.name) throw new CliError(`--param2 ${options.param2}: already swept by --param`);
    const resolveKeyPaths = (assignments: readonly Override[]): Model => {
      const result = loadWithOptions(path, options, assignments);
      if (!result.ok) throw new CliError(formatIssues(result.issues), 2);
      return result.model;
    };
    // Refuse a bad key-path value before printing anything.
    for (const axis of [first, second]) {
      if (axis?.parameter.kind !== 'key') continue;
      for (const value of axis.values) {
        try {
          resolveKeyPaths([{ key: axis.parameter.key, value }]);
        } catch (error) {
          if (error instanceof CliError) throw new CliError(`sweep ${axis.parameter.key}=${String(value)} is refused:\n${error.message}`);
          throw error;
        }
      }
    }
    const slo = sloFromOptions(options);
    const sweepOptions = {
      ...(Object.keys(slo).length > 0 ? { slo } : {}),
      parameter: first.parameter.name,
      values: first.values,
      ...(second ? { second: { parameter: second.parameter.name, values: second.values } } : {}),
      resolveKeyPaths,
      ...(options.analytic ? { analytic: true } : {}),
    };
    const settings = simulationSettingsFrom({ ...options, simulate: options.simulate || options.compare });
    if (settings) assertSimulable(path, model);
    // By simulation the points run in parallel on worker threads; Ctrl-C stops the sweep.
    const simulated = settings
      ? await withRedis(io, options, (runnerFor) =>
          runInterruptible(io, 'reqpath sweep', (control) => sweepBySimulation(model, sweepOptions, settings, control), { runnerFor }),
        )
      : undefined;
    const result = simulated === undefined ? sweep(model, sweepOptions) : options.compare ? compareSweeps(sweep(model, sweepOptions), simulated) : simulated;
    io.out(options.json ? toJson(result) : options.csv ? formatSweepCsv(result) : formatSweepTable(result));
  });
}
