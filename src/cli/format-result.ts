/**
 * The human-readable table for analyze and simulate: stages with threads, utilisation (bottleneck marked),
 * waits and responses, then the end-to-end figures and the notes.
 */
import { escapeControl } from '../model/messages.ts';
import type { Model } from '../model/types.ts';
import type { Result } from '../model/result.ts';
import { PERCENTILE_KEYS } from '../model/result.ts';
import { formatDuration, formatRate } from '../model/units.ts';
import { checkSlo } from '../plan/slo.ts';

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function time(seconds: number | null): string {
  if (seconds === null) return '∞';
  // Below a nanosecond a wait is noise to a reader; say so instead of printing 1e-13ns.
  return seconds > 0 && seconds < 1e-9 ? '<1ns' : formatDuration(seconds);
}

function count(x: number | null): string {
  if (x === null) return '∞';
  return x > 0 && x < 0.001 ? '<0.001' : Number(x.toPrecision(3)).toString();
}

function percent(x: number | null): string {
  return x === null ? '—' : `${(100 * x).toFixed(x < 0.001 && x > 0 ? 3 : 1)}%`;
}

export function formatResult(model: Model, result: Result): string {
  const lines: string[] = [];
  const load =
    result.offeredRate === null
      ? `closed workload, ${model.workload.kind === 'closed' ? model.workload.clients : '?'} clients`
      : `offered ${formatRate(result.offeredRate)}`;
  lines.push(`${result.model} — ${result.method}, ${load}`);
  if (model.description) lines.push(escapeControl(model.description));
  lines.push('');
  const header = ['stage', 'threads', 'visits', 'util', 'P(wait)', 'wait', 'response', 'queue', 'drops'];
  const widths = [16, 8, 7, 9, 9, 10, 10, 9, 8];
  lines.push(header.map((h, i) => pad(h, widths[i]!, i > 0)).join(' '));
  for (const stage of result.stages) {
    const isBottleneck = stage.pool === result.bottleneck;
    const row = [
      `${isBottleneck ? '▶ ' : '  '}${stage.name}`,
      String(stage.threads),
      Number(stage.visits.toPrecision(3)).toString(),
      percent(stage.utilization),
      percent(stage.probWait),
      time(stage.meanWait),
      time(stage.meanResponse),
      count(stage.meanQueueLength),
      percent(stage.dropRate),
    ];
    lines.push(row.map((cell, i) => pad(cell, widths[i]!, i > 0)).join(' '));
  }
  lines.push('');
  const throughput = result.throughput === null ? '—' : formatRate(result.throughput);
  const capacity = result.maxThroughput === null ? 'unbounded' : formatRate(result.maxThroughput);
  lines.push(
    `throughput ${throughput}   saturates at ${capacity}${result.bottleneck ? ` (bottleneck: ${result.bottleneck})` : ''}   drops ${percent(result.dropRate)}`,
  );
  if (!result.stable) {
    lines.push('UNSTABLE: the offered load reaches the bottleneck capacity; queues and latency grow without bound.');
  } else {
    const l = result.latency;
    lines.push(
      `latency   mean ${time(l.mean)}   ${PERCENTILE_KEYS.map((k) => `${k} ${time(l[k])}`).join('   ')}`,
    );
    for (const check of checkSlo(result, model.slo ?? {}).checks) {
      const limit = check.bound === 'dropRate' ? percent(check.limit) : time(check.limit);
      const label = check.bound === 'dropRate' ? 'drops' : check.bound;
      lines.push(`SLO ${label} ≤ ${limit}: ${check.met ? 'met' : 'MISSED'}`);
    }
  }
  if (result.notes.length > 0) {
    lines.push('');
    for (const note of result.notes) lines.push(`note: ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
