/**
 * Bands of the network-interaction parts (src/analytic/network-interaction.ts), measured on the accuracy
 * harness's models (bench/accuracy.json: 300 seeded random models, each against a long simulation). For every
 * model with an interaction part, the band that part needs so the model's claimed band covers the error seen:
 *   (|analytic / simulated − 1| − the other parts' weighted bands) / share (the simulation's noise included).
 * Rows are the worst need per load bucket; printed as TypeScript rows for accuracy-bands.ts.
 *
 *   npx tsx bench/network-bands.ts
 */
import { readFileSync } from 'node:fs';
import { randomModels } from '../test/helpers/random-models.ts';
import { analyze } from '../src/analytic/analyze.ts';
import type { AccuracyReport } from './accuracy/report.ts';
import { figureBand, type BandFigure as Figure } from '../src/analytic/accuracy.ts';
import { METHODS as BAND_METHODS } from '../src/analytic/accuracy-bands.ts';

/** Interaction parts share the error of the whole model; the other methods here were measured too narrowly on one station. */
const METHODS = ['network-reentry', 'network-flows', 'cores-ps-slowdown'] as const;
/** Finite-queue approximations (every class of them): charged for drop-rate errors only (their station rows see one queue alone). */
const DROP_METHODS: readonly string[] = Object.keys(BAND_METHODS).filter((m) => m.startsWith('finite-'));
const ALL_METHODS: readonly string[] = [...METHODS, ...DROP_METHODS];

const BUCKETS = [0.3, 0.5, 0.7, 0.9, 0.95, 1.2];
const MIN_SHARE = 0.05;

const report = JSON.parse(readFileSync('bench/accuracy.json', 'utf8')) as AccuracyReport;
const byId = new Map(report.models.map((m) => [m.id, m]));
interface Need { mean: number; p99: number; dropRate: number; models: number; seen: Record<Figure, boolean> }
const worst = new Map<string, Need>();

for (const rm of randomModels(report.generator.count, report.generator.seed)) {
  const entry = byId.get(rm.id);
  if (!entry || !entry.sim.stable) continue;
  const r = analyze(rm.model);
  if (!r.stable || !r.accuracy) continue;
  const parts = r.accuracy.parts;
  // The error is put down to the interaction holding the larger latency share; one holding under MIN_SHARE
  // cannot explain it (even a 100 % error there moves the mean by less) and is not charged.
  const candidates = parts.filter((p) => ALL_METHODS.includes(p.method)).sort((a, b) => b.share - a.share);
  const interactions = candidates.filter((p) => (METHODS as readonly string[]).includes(p.method));
  for (const part of candidates) {
    const method = part.method;
    const charged = part === interactions[0] && part.share >= MIN_SHARE;
    const dropsCharged = part.dropRateBand !== 0;
    if (!charged && !dropsCharged) continue;
    const bucket = BUCKETS.find((b) => (part.x ?? Infinity) <= b) ?? Infinity;
    const key = `${method}@${bucket}`;
    const row = worst.get(key) ?? { mean: 0, p99: 0, dropRate: 0, models: 0, seen: { mean: false, p99: false, dropRate: false } };
    row.models++;
    const seen = (figure: Figure) => (row.seen[figure] = true);
    const sim = entry.sim;
    const need = (figure: Figure, analytic: number | null, simulated: number | null) => {
      if (analytic === null || simulated === null || simulated === 0) return;
      // As measured, the reference's noise included (as bench/accuracy-bands.ts): a noisy reference widens the band.
      const error = Math.abs(analytic / simulated - 1);
      let others = 0;
      for (const p of parts) {
        if (p === part || figure === 'dropRate' || ALL_METHODS.includes(p.method)) continue;
        // The station table alone: the harness rows are what this script measures, not an input.
        others += p.share * (figureBand(p.method, p.x ?? Infinity, figure, true) ?? 0);
      }
      const share = figure === 'dropRate' ? 1 : part.share;
      if (figure === 'dropRate' ? !dropsCharged : !charged) return;
      if (share <= 0) return;
      seen(figure);
      const needed = (error - others) / share;
      if (process.env.VERBOSE && needed > 0.05) process.stdout.write(`${rm.id} ${method} x=${part.x} ${figure} error=${error.toFixed(3)} others=${others.toFixed(3)} share=${share.toFixed(2)} need=${needed.toFixed(2)} [${parts.map((p) => p.method).join(',')}]\n`);
      row[figure] = Math.max(row[figure], needed);
    };
    need('mean', r.latency.mean, sim.mean);
    need('p99', r.latency.p99, sim.p99);
    if (sim.dropRate >= 0.001) need('dropRate', r.dropRate, sim.dropRate);
    worst.set(key, row);
  }
}

const round = (x: number) => Number(Math.max(0.001, x).toPrecision(2));
// Flow approximations do not get better with load: a bucket's band is the worst need at or below its load.
// A figure no model has shown yet (no drops seen, say) stays null: not measured, so analyze simulates it.
for (const method of ALL_METHODS) {
  const envelope = { mean: 0, p99: 0, dropRate: 0 };
  const measured = { mean: false, p99: false, dropRate: false };
  for (const b of BUCKETS) {
    const need = worst.get(`${method}@${b}`);
    const cell = (figure: Figure) => {
      if (need?.seen[figure]) {
        measured[figure] = true;
        envelope[figure] = Math.max(envelope[figure], need[figure]);
      }
      return measured[figure] ? round(envelope[figure]) : null;
    };
    const dropOnly = DROP_METHODS.includes(method);
    const drop = cell('dropRate');
    // A drop-only row leaves mean and p99 to the station table (0 here: the larger band applies); without a
    // drop measured yet it says nothing, and is left out.
    if (dropOnly && drop === null) continue;
    const mean = dropOnly ? 0 : cell('mean');
    const p99 = dropOnly ? 0 : cell('p99');
    process.stdout.write(`  { method: '${method}', upTo: ${b}, mean: ${mean}, p99: ${p99}, dropRate: ${drop}, models: ${need?.models ?? 0} },\n`);
  }
}
