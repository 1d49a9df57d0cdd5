/**
 * Options every model-reading verb shares (--json, --rate, --set) and the one place they turn into a Model.
 */
import type { Command } from 'commander';
import { simulationIssues } from '../model/guard-options.ts';
import { withArrivalRate } from '../model/edit.ts';
import { tryLoadModel, type ModelResult } from '../model/load.ts';
import { formatIssues } from '../model/messages.ts';
import { parseAssignment, rateOverride, type Override } from '../model/overrides.ts';
import type { Model } from '../model/types.ts';
import { CliError } from './errors.ts';

export interface ModelOptions {
  json?: boolean;
  rate?: string;
  set?: string[];
  var?: string[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function addModelOptions(command: Command): Command {
  return command
    .option('--json', 'machine-readable JSON on stdout (nothing else on stdout)')
    .option('--rate <rate>', 'override the arrival rate, e.g. 3000 or "3k/s"')
    .option('--set <key=value>', 'override a model value, e.g. stages.decrypt.threads=8 (repeatable)', collect)
    .option('--var <name=value>', 'set a variable declared under vars, e.g. bodyKB=64 or "base=2k/s" (repeatable)', collect);
}

export function overridesFrom(options: ModelOptions): Override[] {
  const overrides: Override[] = [];
  for (const assignment of options.set ?? []) {
    const parsed = parseAssignment(assignment);
    if (!parsed) throw new CliError(`--set ${assignment}: expected KEY=VALUE, e.g. stages.decrypt.threads=8`);
    overrides.push({ ...parsed, origin: `--set ${parsed.key}` });
  }
  for (const assignment of options.var ?? []) {
    const parsed = parseAssignment(assignment);
    if (!parsed || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(parsed.key)) throw new CliError(`--var ${assignment}: expected NAME=VALUE, e.g. bodyKB=64`);
    overrides.push({ key: `vars.${parsed.key}`, value: parsed.value, origin: `--var ${parsed.key}` });
  }
  if (options.rate !== undefined) {
    const asNumber = Number(options.rate);
    overrides.push(...rateOverride(options.rate.trim() !== '' && Number.isFinite(asNumber) ? asNumber : options.rate));
    overrides.push({ key: 'workload.clients', value: undefined });
    overrides.push({ key: 'workload.thinkTime', value: undefined });
  }
  return overrides;
}

/**
 * Loads and validates with the options' overrides and `more` after them. --rate on a workload with a schedule
 * is its time average, the schedule scaled to it (withArrivalRate): the base rate alone changes nothing once a
 * step starts at 0 s.
 */
export function loadWithOptions(path: string, options: ModelOptions, more: readonly Override[] = []): ModelResult {
  const result = tryLoadModel(path, { overrides: [...overridesFrom(options), ...more] });
  if (!result.ok || options.rate === undefined || result.model.workload.kind !== 'open') return result;
  const unrated = tryLoadModel(path, { overrides: [...overridesFrom({ ...options, rate: undefined }), ...more] });
  if (!unrated.ok || unrated.model.overload?.schedule == null) return result;
  return { ...unrated, model: withArrivalRate(unrated.model, result.model.workload.arrivalRatePerSecond) };
}

/** Loads and validates; a refused model becomes a CliError with every issue, exit status 2. */
export function modelFromOptions(path: string, options: ModelOptions): Model {
  const result = loadWithOptions(path, options);
  if (!result.ok) throw new CliError(formatIssues(result.issues), 2);
  return result.model;
}

/** The simulator's limits (model/guard-options.ts), refused naming the file before any work: exit status 2. */
export function assertSimulable(path: string, model: Model): void {
  const issues = simulationIssues(model, path);
  if (issues.length > 0) throw new CliError(formatIssues(issues), 2);
}
