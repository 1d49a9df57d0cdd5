/**
 * The human-readable table for analyze and simulate: stages with threads, utilisation (bottleneck marked),
 * waits and responses, then the end-to-end figures and the notes.
 */
import { escapeControl } from '../model/messages.ts';
import type { Model } from '../model/types.ts';
import type { PoolResult, Result } from '../model/result.ts';
import { PERCENTILE_KEYS } from '../model/result.ts';
import { formatDuration, formatRate } from '../model/units.ts';
import { bindsElsewhere, describeInstability, instabilityOf } from '../model/instability.ts';
import { checkSlo } from '../plan/slo.ts';

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

/**
 * null means infinite at a saturated pool of an unstable result, "not measured" elsewhere in it (a simulation
 * refused for want of a steady state), and "no samples" in a stable one (a simulation stopped before any
 * request finished, a stage no request visited): the table says which.
 */
let nullText = '∞';

function time(seconds: number | null): string {
  if (seconds === null) return nullText;
  // Below a nanosecond a wait is noise to a reader; say so instead of printing 1e-13ns.
  return seconds > 0 && seconds < 1e-9 ? '<1ns' : formatDuration(seconds);
}

function count(x: number | null): string {
  if (x === null) return nullText;
  return x > 0 && x < 0.001 ? '<0.001' : Number(x.toPrecision(3)).toString();
}

function percent(x: number | null): string {
  return x === null ? '—' : `${(100 * x).toFixed(x < 0.001 && x > 0 ? 3 : 1)}%`;
}

/** Pools serving more than one stage get rows of their own: their utilisation is the sum of the stages'. */
function sharedPools(result: Result): PoolResult[] {
  return (result.pools ?? []).filter((pool) => pool.stages.length > 1);
}

export function formatResult(model: Model, result: Result): string {
  nullText = result.stable ? 'n/a' : '∞';
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
  const shared = sharedPools(result);
  const onShared = new Set(shared.map((p) => p.name));
  lines.push(header.map((h, i) => pad(h, widths[i]!, i > 0)).join(' '));
  const saturated = new Set((result.pools ?? []).filter((p) => p.utilization !== null && p.utilization >= 1).map((p) => p.name));
  for (const stage of result.stages) {
    if (!result.stable) nullText = saturated.has(stage.pool) ? '∞' : '—';
    const isBottleneck = stage.pool === result.bottleneck && !onShared.has(stage.pool);
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
  if (shared.length > 0) {
    lines.push('');
    const poolHeader = ['shared pool', 'threads', 'stages', 'util', 'P(wait)', 'wait', '', 'queue', 'drops'];
    lines.push(poolHeader.map((h, i) => pad(h, widths[i]!, i > 0)).join(' '));
    for (const pool of shared) {
      if (!result.stable) nullText = saturated.has(pool.name) ? '∞' : '—';
      const row = [
        `${pool.name === result.bottleneck ? '▶ ' : '  '}${pool.name}`,
        String(pool.threads),
        String(pool.stages.length),
        percent(pool.utilization),
        percent(pool.probWait),
        time(pool.meanWait),
        '',
        count(pool.meanQueueLength),
        percent(pool.dropRate),
      ];
      lines.push(row.map((cell, i) => pad(cell, widths[i]!, i > 0)).join(' '));
    }
    lines.push("(a stage on a shared pool: util is its share of the pool's threads; P(wait), wait and queue are per visit)");
  }
  lines.push('');
  const throughput = result.throughput === null ? '—' : formatRate(result.throughput);
  const capacity = result.maxThroughput === null ? 'unbounded' : formatRate(result.maxThroughput);
  const elsewhere = bindsElsewhere(model, result);
  lines.push(
    elsewhere
      ? `throughput ${throughput}, bound by ${elsewhere.binds}   smallest capacity ${capacity} (${elsewhere.smallest}: it sheds what it cannot take, so it does not bind)   drops ${percent(result.dropRate)}`
      : `throughput ${throughput}   saturates at ${capacity}${result.bottleneck ? ` (bottleneck: ${result.bottleneck})` : ''}   drops ${percent(result.dropRate)}`,
  );
  const instability = instabilityOf(result);
  if (instability !== null) lines.push(`${instability === 'not-recovered' ? 'NOT RECOVERED' : 'UNSTABLE'}: ${describeInstability(instability)}.`);
  if (instability === null || instability === 'not-recovered') {
    const l = result.latency;
    lines.push(
      `latency   mean ${time(l.mean)}   ${PERCENTILE_KEYS.map((k) => `${k} ${time(l[k])}`).join('   ')}`,
    );
    for (const check of checkSlo(result, model.slo ?? {}).checks) {
      const limit = check.bound === 'dropRate' ? percent(check.limit) : time(check.limit);
      const label = check.bound === 'dropRate' ? 'drops' : check.bound;
      const verdict = check.value === null && check.bound !== 'dropRate' ? 'n/a (no samples)' : check.met ? 'met' : 'MISSED';
      lines.push(`SLO ${label} ≤ ${limit}: ${verdict}`);
    }
  }
  if (result.notes.length > 0) {
    lines.push('');
    for (const note of result.notes) lines.push(`note: ${escapeControl(note)}`);
  }
  return `${lines.join('\n')}\n`;
}
