/**
 * `reqpath calibrate MEASUREMENTS --model BASE [--out FILE] [--traces OTLP.json] [--json]` (SPEC §4): fits
 * BASE's service times, scv and overhead delay to measured rows. The fitted YAML goes to --out (or stdout);
 * the report (fitted figures with their intervals, residuals per row, notes) to stdout with --out, else
 * stderr. Everything is read and checked before anything is written.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { calibrate, type CalibrationResult } from '../../calibrate/calibrate.ts';
import type { CovariateRequest } from '../../calibrate/covariate.ts';
import { fittedYaml } from '../../calibrate/fitted-yaml.ts';
import { parseMeasurements } from '../../calibrate/measurements.ts';
import { parseOtlpSpans, traceStatistics } from '../../calibrate/traces.ts';
import { tryLoadModel } from '../../model/load.ts';
import { formatIssues, ModelError } from '../../model/messages.ts';
import { formatDuration } from '../../model/units.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../io.ts';

interface CalibrateOptions {
  model: string;
  out?: string;
  traces?: string;
  covariate?: string;
  loadDependent?: boolean;
  json?: boolean;
}

/** `--covariate bodyKB` or `--covariate decode=bodyKB`. */
function covariateOption(text: string | undefined): CovariateRequest | undefined {
  if (text === undefined) return undefined;
  const match = /^(?:([^=\s]+)=)?([A-Za-z_][A-Za-z0-9_]*)$/.exec(text.trim());
  if (!match) throw new CliError(`--covariate ${text}: expected COLUMN or STAGE=COLUMN, e.g. bodyKB or decode=bodyKB`, 2);
  return { column: match[2]!, ...(match[1] ? { stage: match[1] } : {}) };
}

/** A file's text, or a refusal naming it (exit 2). */
export function readInput(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ModelError([{ file: path, path: '', expected: `a readable ${what} file`, got: code === 'ENOENT' ? 'no such file' : (code ?? 'an error') }]);
  }
}

function percent(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  return `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
}

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => pad(r, widths)).join('\n');
}

export function calibrationReport(result: CalibrationResult, header: string): string {
  const lines = [header, ''];
  const figureRows = [['fitted', 'value', '95% interval', 'from']];
  for (const f of result.figures) {
    const isTime = f.field === 'service';
    const value = isTime ? formatDuration(f.value, 4) : f.value.toPrecision(3);
    const ci = f.ci95 === null ? '—' : isTime ? `${formatDuration(f.ci95[0], 3)} – ${formatDuration(f.ci95[1], 3)}` : `${f.ci95[0].toPrecision(3)} – ${f.ci95[1].toPrecision(3)}`;
    figureRows.push([`${f.stage}.${f.field}`, value, ci, f.source]);
  }
  lines.push(result.figures.length > 0 ? table(figureRows) : 'nothing fitted', '');
  const keys = ['throughput', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999'] as const;
  const present = keys.filter((k) => result.residuals.some((r) => r.error[k] !== undefined));
  lines.push('residuals, (predicted − measured) / measured:');
  lines.push(table([['row', 'load', ...present], ...result.residuals.map((r) => [String(r.row), r.load, ...present.map((k) => percent(r.error[k]))])]));
  if (result.traces) {
    lines.push('', `traces: ${result.traces.spans} spans in ${result.traces.traces} traces over ${formatDuration(result.traces.windowSeconds)}`);
    const traceRows = [['stage', 'spans', 'naive (mean span)', 'wait', 'service', 'naive bias']];
    for (const s of result.traces.stages) {
      traceRows.push([
        s.stage,
        String(s.spans),
        formatDuration(s.naive.value, 4),
        s.wait ? formatDuration(s.wait.value, 4) : 'not in spans',
        s.service ? formatDuration(s.service.value, 4) : 'model-corrected',
        percent(s.naiveBias),
      ]);
    }
    lines.push(table(traceRows));
  }
  if (result.notes.length > 0) lines.push('', 'notes:', ...result.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}

export function registerCalibrate(program: Command, io: CliIo): void {
  program
    .command('calibrate')
    .argument('<measurements>', 'measurement rows: CSV with a header, or a JSON array (README: Calibrate from measurements)')
    .requiredOption('--model <base>', 'BASE model: the structure (stages, pools, threads) to fit')
    .option('--out <file>', 'write the fitted model (YAML) here; without it the YAML goes to stdout and the report to stderr')
    .option('--traces <otlp>', 'OpenTelemetry traces (OTLP JSON) for per-stage service times')
    .option('--covariate <[stage=]column>', "fit the stage's service as a + column × b from a measured column, e.g. decode=bodyKB (written with vars: and an expression)")
    .option('--load-dependent', 'where busy/cpu per request changes with load (significant curvature), write the service as S(throughput), evaluated at each load\'s operating point')
    .option('--json', 'machine-readable JSON on stdout (nothing else on stdout)')
    .description('fit a model\'s service times, scv and overhead delay to measurements (utilisation law, queueing-aware)')
    .action((measurementsPath: string, options: CalibrateOptions) => {
      const baseText = readInput(options.model, 'model');
      const loaded = tryLoadModel(options.model);
      if (!loaded.ok) throw new CliError(formatIssues(loaded.issues), 2);
      const measurements = parseMeasurements(readInput(measurementsPath, 'measurements'), measurementsPath);
      const traces = options.traces
        ? traceStatistics(parseOtlpSpans(readInput(options.traces, 'OTLP JSON'), options.traces), loaded.model.stages.map((s) => s.name), options.traces)
        : undefined;
      const covariate = covariateOption(options.covariate);
      const result = calibrate(loaded.raw, loaded.model, measurements.rows, { ...(traces ? { traces } : {}), ...(covariate ? { covariate } : {}), loadDependent: options.loadDependent === true });
      const yaml = fittedYaml(baseText, result, { measurementsFile: measurementsPath, baseFile: options.model });
      if (options.out) writeFileSync(options.out, yaml);
      if (options.json) {
        const { model: _model, edits: _edits, ...report } = result;
        io.out(toJson({ ...report, fitted: options.out ?? null, ...(options.out ? {} : { yaml }) }));
        return;
      }
      const header = `calibrated ${options.model} from ${measurementsPath} (${measurements.rows.length} rows)${options.out ? ` → ${options.out}` : ''}`;
      const report = calibrationReport(result, header);
      if (options.out) io.out(report);
      else {
        io.out(yaml);
        io.err(report);
      }
    });
}
