/**
 * The SLO bounds plan and sweep take on the command line (--slo-p99 … --min-throughput), parsed with the model
 * file's units rule: a bare duration is seconds, a bare rate per second, a fraction 0.001 or 0.1%.
 */
import type { Command } from 'commander';
import { parseDurationSeconds, parseRatePerSecond } from '../model/units.ts';
import type { SloTarget } from '../plan/slo.ts';
import { CliError } from './errors.ts';

export interface SloCliOptions {
  sloMean?: string;
  sloP50?: string;
  sloP90?: string;
  sloP95?: string;
  sloP99?: string;
  sloP999?: string;
  maxDropRate?: string;
  maxUtil?: string;
  minThroughput?: string;
}

export function addSloOptions(command: Command, overriding: string): Command {
  return command
    .option('--slo-mean <duration>', `mean latency bound, e.g. 20ms (overrides the model slo${overriding})`)
    .option('--slo-p50 <duration>', 'p50 latency bound')
    .option('--slo-p90 <duration>', 'p90 latency bound')
    .option('--slo-p95 <duration>', 'p95 latency bound')
    .option('--slo-p99 <duration>', 'p99 latency bound, e.g. 50ms')
    .option('--slo-p999 <duration>', 'p99.9 latency bound')
    .option('--max-drop-rate <fraction>', 'largest fraction of requests dropped at full queues, e.g. 0.001 or 0.1%')
    .option('--max-util <fraction>', 'busy fraction no pool may exceed, e.g. 0.8 or 80%')
    .option('--min-throughput <rate>', 'completed requests/s to keep (closed workloads: fewer threads, less throughput)');
}

/** "0.1%" or 0.001 → 0.001; within [0, max]. */
export function parseFraction(option: string, text: string, { allowZero }: { allowZero: boolean }): number {
  const match = /^\s*(\d+(?:\.\d*)?(?:e-?\d+)?|\.\d+)\s*(%)?\s*$/i.exec(text);
  const value = match ? Number(match[1]) / (match[2] ? 100 : 1) : NaN;
  if (!Number.isFinite(value) || value > 1 || value < 0 || (!allowZero && value === 0)) {
    throw new CliError(`${option} ${text}: expected a fraction in ${allowZero ? '[0, 1]' : '(0, 1]'} such as 0.8 or 80%`);
  }
  return value;
}

export function parseRate(option: string, text: string): number {
  const asNumber = Number(text);
  const parsed = text.trim() !== '' && Number.isFinite(asNumber) ? { ok: true as const, value: asNumber } : parseRatePerSecond(text);
  if (!parsed.ok || !(parsed.value > 0)) throw new CliError(`${option} ${text}: expected a positive rate such as 6000, "6k/s" or "360k/min"`);
  return parsed.value;
}

function parseDuration(option: string, text: string): number {
  const asNumber = Number(text);
  const parsed = text.trim() !== '' && Number.isFinite(asNumber) ? { ok: true as const, value: asNumber } : parseDurationSeconds(text);
  if (!parsed.ok || !(parsed.value > 0)) throw new CliError(`${option} ${text}: expected a positive duration such as 50ms, 200us or 0.05 (seconds)`);
  return parsed.value;
}

/** The bounds given on the command line (the caller merges them over the model's slo). */
export function sloFromOptions(options: SloCliOptions): SloTarget {
  return {
    ...(options.sloMean !== undefined ? { meanSeconds: parseDuration('--slo-mean', options.sloMean) } : {}),
    ...(options.sloP50 !== undefined ? { p50Seconds: parseDuration('--slo-p50', options.sloP50) } : {}),
    ...(options.sloP90 !== undefined ? { p90Seconds: parseDuration('--slo-p90', options.sloP90) } : {}),
    ...(options.sloP95 !== undefined ? { p95Seconds: parseDuration('--slo-p95', options.sloP95) } : {}),
    ...(options.sloP99 !== undefined ? { p99Seconds: parseDuration('--slo-p99', options.sloP99) } : {}),
    ...(options.sloP999 !== undefined ? { p999Seconds: parseDuration('--slo-p999', options.sloP999) } : {}),
    ...(options.maxDropRate !== undefined ? { maxDropRate: parseFraction('--max-drop-rate', options.maxDropRate, { allowZero: true }) } : {}),
    ...(options.maxUtil !== undefined ? { maxUtilization: parseFraction('--max-util', options.maxUtil, { allowZero: false }) } : {}),
    ...(options.minThroughput !== undefined ? { minThroughput: parseRate('--min-throughput', options.minThroughput) } : {}),
  };
}
