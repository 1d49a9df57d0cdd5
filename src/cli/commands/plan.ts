/**
 * `reqpath plan MODEL`: the fewest threads (or least cost) meeting the SLO at a target rate, the
 * per-pool change, p99 before and after, and the headroom of the current and planned sizings.
 * An infeasible SLO is a result (exit 0, "feasible": false) that names the bound and the best value reachable.
 */
import type { Command } from 'commander';
import { formatDuration, formatRate } from '../../model/units.ts';
import { plan, type PlanObjective, type PlanOptions, type PlanResult } from '../../plan/plan.ts';
import type { Headroom } from '../../plan/headroom.ts';
import { describeSlo } from '../describe-slo.ts';
import { addSloOptions, parseRate, sloFromOptions, type SloCliOptions } from '../slo-options.ts';
import { CliError } from '../errors.ts';
import type { CliIo } from '../io.ts';
import { toJson } from '../io.ts';
import { addModelOptions, assertSimulable, modelFromOptions, type ModelOptions } from '../model-options.ts';
import { withRedis } from '../redis-options.ts';
import { addSimulationOptions, simulationSettingsFrom, type SimulationCliOptions } from './sweep.ts';
import { runInterruptible } from '../long-run.ts';
import { planBySimulation } from '../../orchestrate/plan.ts';
import { overloadSloFromOptions } from './plan-overload-options.ts';

interface PlanCliOptions extends ModelOptions, SimulationCliOptions, SloCliOptions {
  targetRate?: string;
  growth?: string;
  minGoodput?: string;
  maxTimeoutRate?: string;
  allowMetastable?: boolean;
  objective?: string;
  cost?: string[];
  pools?: string;
  maxThreads?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** "3x", "3", "250%" → 3, 3, 2.5. */
export function parseGrowth(text: string): number {
  const match = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(x|×|%)?\s*$/i.exec(text);
  const value = match ? Number(match[1]) / (match[2] === '%' ? 100 : 1) : NaN;
  if (!(value > 0) || !Number.isFinite(value)) throw new CliError(`--growth ${text}: expected a positive factor such as 3x, 1.5 or 250%`);
  return value;
}

function parseCosts(entries: readonly string[], pools: readonly string[]): Record<string, number> {
  const costs: Record<string, number> = {};
  for (const entry of entries.flatMap((e) => e.split(','))) {
    const match = /^\s*([^=\s]+)\s*=\s*(.+?)\s*$/.exec(entry);
    const value = match ? Number(match[2]) : NaN;
    if (!match || !Number.isFinite(value) || value <= 0) throw new CliError(`--cost ${entry}: expected POOL=COST with a positive cost, e.g. process=2`);
    if (!pools.includes(match[1]!)) throw new CliError(`--cost ${entry}: no pool named "${match[1]}" (have ${pools.join(', ')})`);
    costs[match[1]!] = value;
  }
  return costs;
}

function parseInteger(option: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new CliError(`${option} ${text}: expected a whole number ≥ 1`);
  return value;
}

function percent(x: number | null): string {
  if (x === null) return 'overloaded';
  return `${(100 * x).toFixed(x > 0 && x < 0.001 ? 3 : 1)}%`;
}

function time(seconds: number | null): string {
  return seconds === null ? '∞' : formatDuration(seconds);
}

function figure(bound: string, value: number | null): string {
  if (bound === 'throughput' || bound === 'goodput') return value === null ? '—' : formatRate(value);
  if (bound === 'metastable') return value === null ? '—' : value > 0 ? 'bistable' : 'no';
  if (bound === 'timeoutRate') return value === null ? '—' : percent(value);
  return bound === 'dropRate' || bound === 'utilization' ? percent(value) : time(value);
}

function describeHeadroom(label: string, h: Headroom | null, reference: string): string {
  if (h === null) return `${label}: not computed`;
  if (h.missedAtRatePerSecond === null) return `${label}: unbounded (no rate tried misses the SLO)`;
  if (h.ratePerSecond === 0) {
    const where = h.searchedFromPerSecond > 0 ? `from the goodput floor ${formatRate(h.searchedFromPerSecond)} up` : 'at any rate';
    return `${label}: none — the SLO is missed ${where} (${h.limitedBy.join(', ')})`;
  }
  const limit = h.limitedBy.map((b) => (b === 'saturation' ? 'saturation' : b === 'dropRate' ? 'drop rate' : b)).join(', ');
  return `${label}: ${formatRate(h.ratePerSecond)} = ${h.multiple.toFixed(2)}× the ${reference} rate (then ${limit} breaks)`;
}

export function formatPlan(result: PlanResult): string {
  const lines: string[] = [];
  const target = result.targetRate === null ? 'its closed workload' : formatRate(result.targetRate);
  const growth = result.growth !== null && result.growth !== 1 ? ` (${Number(result.growth.toPrecision(4))}× the current ${formatRate(result.currentRate!)})` : '';
  lines.push(`${result.model} — plan for ${target}${growth}, ${result.objective === 'cost' ? 'least cost' : 'fewest threads'}, ${result.method}`);
  lines.push(`SLO: ${describeSlo(result.slo) || 'none (stability only)'}`);
  lines.push('');
  if (!result.feasible) {
    lines.push('No sizing meets the SLO at this rate:');
    for (const bound of result.infeasible) lines.push(`  - ${bound.reason}`);
    lines.push('');
  }
  const cost = result.objective === 'cost';
  // An open load past a pool's capacity: its busy share is capped at 100%, which read as merely full.
  const busy = (u: number | null) => (result.targetRate !== null && u !== null && u >= 1 ? 'overloaded' : percent(u));
  const header = ['pool', 'threads now', 'plan', 'change', 'util now', 'util plan', ...(cost ? ['cost/thread'] : [])];
  const rows = result.pools.map((p) => [
    p.name + (p.role === 'fixed' ? ' (fixed)' : p.role === 'delay' ? ' (delay)' : ''),
    String(p.before.threads),
    p.after ? String(p.after.threads) : '—',
    p.change === null ? '' : p.change > 0 ? `+${p.change}` : p.change === 0 ? '0' : String(p.change),
    busy(p.before.utilization),
    p.after ? busy(p.after.utilization) : '—',
    ...(cost ? [String(p.costPerThread)] : []),
  ]);
  rows.push([
    'total',
    String(result.totals.threadsBefore),
    result.totals.threadsAfter === null ? '—' : String(result.totals.threadsAfter),
    result.totals.threadsAfter === null ? '' : `${result.totals.threadsAfter - result.totals.threadsBefore >= 0 ? '+' : ''}${result.totals.threadsAfter - result.totals.threadsBefore}`,
    '',
    '',
    ...(cost ? [`${result.totals.costBefore} → ${result.totals.costAfter ?? '—'}`] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  lines.push(line(header));
  rows.forEach((r, i) => {
    if (i === rows.length - 1) lines.push(line(widths.map((w) => '─'.repeat(w))));
    lines.push(line(r));
  });
  lines.push('');
  // The figures start in column 17: a longer label ("at its closed workload:") goes on a line of its own.
  const at = `at ${target}:`;
  if (at.length > 16) lines.push(at);
  lines.push(`${(at.length > 16 ? '' : at).padEnd(18)}current sizing      planned`);
  const checks = new Map(result.after?.checks.map((c) => [c.bound, c]) ?? []);
  for (const check of result.before.checks) {
    const after = checks.get(check.bound);
    const cell = (value: number | null, met: boolean) => `${figure(check.bound, value)} ${met ? 'ok' : 'MISSED'}`;
    lines.push(`  ${check.bound.padEnd(14)}${cell(check.value, check.met).padEnd(20)}${after ? cell(after.value, after.met) : '—'}`);
  }
  if (!result.before.checks.some((c) => c.bound === 'p99')) {
    lines.push(`  ${'p99'.padEnd(14)}${time(result.before.summary.p99).padEnd(20)}${result.after ? time(result.after.summary.p99) : '—'}`);
  }
  lines.push(`  ${'bottleneck'.padEnd(14)}${(result.before.summary.bottleneck ?? '—').padEnd(20)}${result.after?.summary.bottleneck ?? '—'}`);
  lines.push('');
  if (result.currentRate !== null || result.headroom !== null) {
    lines.push(describeHeadroom('headroom of the current sizing', result.headroom, 'current'));
  }
  if (result.feasible && (result.targetRate !== null || result.plannedHeadroom !== null)) {
    lines.push(describeHeadroom('headroom of the planned sizing', result.plannedHeadroom, 'target'));
  }
  const thin = result.plannedHeadroom;
  // A utilisation ceiling is a margin already; warn only when a latency or drop bound is the edge.
  if (result.feasible && thin && thin.ratePerSecond > 0 && thin.multiple < 1.1 && !thin.limitedBy.includes('utilization')) {
    // Rounded to whole percents a margin under 0.5 % would read "within 0%".
    const margin = Math.max(0, (thin.multiple - 1) * 100);
    lines.push(`  careful: the plan sits within ${margin < 1 ? 'less than 1' : margin.toFixed(0)}% of the SLO edge; add a margin with --max-util 0.8 or a higher --target-rate`);
  }
  if (result.overrides.length > 0) lines.push(`apply with: ${result.overrides.map((o) => `--set ${o}`).join(' ')}`);
  for (const note of result.notes) lines.push(`note: ${note}`);
  return `${lines.join('\n')}\n`;
}

export function registerPlan(program: Command, io: CliIo): void {
  const command = addModelOptions(program.command('plan').argument('<model>', 'model file (.yaml or .json)'))
    .description('fewest threads (or least cost) meeting the SLO at a target rate; headroom of the current sizing')
    .option('--target-rate <rate>', 'size for this arrival rate, e.g. 6000 or "6k/s" (default: the current rate)')
    .option('--growth <factor>', 'size for the current rate times this, e.g. 3x or 150%');
  addSloOptions(command, '');
  command
    .option('--min-goodput <rate|share>', 'goodput floor: requests/s completed within the timeout (550, "550/s") or a share of the offered rate ("99%")')
    .option('--max-timeout-rate <fraction>', 'largest number of timed-out attempts per original request, e.g. 0.01 or 1%')
    .option('--allow-metastable', 'with retries: accept a sizing whose load is bistable (SLO read at the good point only); default: size out of it')
    .option('--objective <objective>', 'threads (fewest in total) or cost (least Σ threads × cost)', 'threads')
    .option('--cost <pool=cost>', 'cost of one thread of a pool, e.g. process=2 (repeatable or comma-separated; default 1)', collect)
    .option('--pools <names>', 'only these pools may change (comma-separated; default all with finite threads)')
    .option('--max-threads <n>', 'upper limit on any pool (default 4096)');
  addSimulationOptions(command).action(async (path: string, options: PlanCliOptions) => {
    const model = modelFromOptions(path, options);
    const poolNames = model.pools.map((p) => p.name);
    if (options.targetRate !== undefined && options.growth !== undefined) throw new CliError('--target-rate and --growth: give one of them, not both');
    const currentRate = model.workload.kind === 'open' ? model.workload.arrivalRatePerSecond : null;
    let targetRate: number | undefined;
    if (options.targetRate !== undefined) targetRate = parseRate('--target-rate', options.targetRate);
    if (options.growth !== undefined) {
      const growth = parseGrowth(options.growth);
      if (currentRate === null) throw new CliError(`--growth ${options.growth}: ${path} has a closed workload (clients); use --target-rate`);
      targetRate = currentRate * growth;
    }
    const objective = options.objective ?? 'threads';
    if (objective !== 'threads' && objective !== 'cost') throw new CliError(`--objective ${objective}: expected threads or cost`);
    const slo = { ...sloFromOptions(options), ...overloadSloFromOptions(options) };
    const merged = { ...model.slo, ...slo };
    if (Object.values(merged).every((v) => v === undefined)) {
      throw new CliError(
        `${path}: no SLO to plan for: the model has no slo and no --slo-p99, --slo-mean, --max-drop-rate, --max-util, --min-throughput, --min-goodput or --max-timeout-rate was given`,
      );
    }
    const pools = options.pools?.split(',').map((p) => p.trim()).filter((p) => p !== '');
    for (const name of pools ?? []) {
      if (!poolNames.includes(name)) throw new CliError(`--pools ${options.pools}: no pool named "${name}" (have ${poolNames.join(', ')})`);
    }
    if (pools && pools.length === 0) throw new CliError('--pools: name at least one pool');
    const costPerThread = parseCosts(options.cost ?? [], poolNames);
    if (options.cost && objective !== 'cost') throw new CliError('--cost: costs count only with --objective cost');
    const maxThreads = options.maxThreads === undefined ? undefined : parseInteger('--max-threads', options.maxThreads);
    const planOptions: PlanOptions = {
      ...(targetRate !== undefined ? { targetRate } : {}),
      slo,
      objective: objective as PlanObjective,
      costPerThread,
      ...(maxThreads !== undefined ? { maxThreadsPerPool: maxThreads } : {}),
      ...(pools ? { pools } : {}),
      ...(options.allowMetastable ? { metastable: 'allow' as const } : {}),
    };
    const settings = simulationSettingsFrom(options);
    if (settings) assertSimulable(path, model);
    // Searched analytically, then refined by simulation in the core (src/orchestrate/plan.ts); Ctrl-C stops it.
    const result = settings
      ? await withRedis(io, options, (runnerFor) =>
          runInterruptible(io, 'reqpath plan', (control) => planBySimulation(model, planOptions, settings, control), { runnerFor }),
        )
      : plan(model, planOptions);
    io.out(options.json ? toJson(result) : formatPlan(result));
  });
}
