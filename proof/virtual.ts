/**
 * The virtual proof: the CI proof's design (rows, durations, loads, calibration, judging) run against a
 * simulated *ideal* server, the shared-queue arrangement exactly as the model sees it (M/M/4, exponential
 * 4.15 ms, a constant 0.6 ms outside the server, exponential think time). Whatever bound an ideal server
 * breaks is broken by sampling alone, so it measures what a run of this length can judge.
 *
 *   npx tsx proof/virtual.ts [open|closed] [runs (200)] [--low-seconds S] [--high-seconds S] [--json]
 *
 * Each run: simulate the low rows (seeded, one replication, the row's own number of requests), calibrate
 * from them, measure "high" rows at 50/70/85% of the calibrated capacity by simulation, judge (judge.ts).
 */
import { parseArgs } from 'node:util';
import { calibrate } from '../src/calibrate/calibrate.ts';
import { parseMeasurements } from '../src/calibrate/measurements.ts';
import { parseModel, tryParseModel } from '../src/index.ts';
import { simulate } from '../src/sim/simulate.ts';
import { CI_DESIGN, ciBoundFor } from './ci-design.ts';
import { judge, type JudgedKey } from './judge.ts';
import { ARRANGEMENTS, evaluate, highLoad, issueBoundFor, lowLoad, toCsv, type Load, type LoadKind } from './proof.ts';

const SERVICE_SECONDS = 4.15e-3;
const OUTSIDE_SECONDS = 0.6e-3;
const THREADS = 4;

function idealServer(load: Load) {
  const workload = 'rate' in load ? { arrivalRate: load.rate } : { clients: load.clients, thinkTime: `${load.thinkSeconds}s` };
  return parseModel(
    JSON.stringify({
      name: 'ideal-shared-queue',
      workload,
      stages: [
        { name: 'outside', service: `${OUTSIDE_SECONDS}s`, threads: 'infinite', distribution: 'deterministic' },
        { name: 'workers', service: `${SERVICE_SECONDS}s`, threads: THREADS },
      ],
    }),
  );
}

/** One measured row, as the load generator and the server's counters would give it. */
function simulatedRow(load: Load, seconds: number, seed: number, target: number): Record<string, number> {
  const throughputGuess = 'rate' in load ? load.rate : load.clients / (load.thinkSeconds + SERVICE_SECONDS + OUTSIDE_SECONDS);
  const result = simulate(idealServer(load), { requests: Math.max(100, Math.round(throughputGuess * seconds)), replications: 1, warmup: 200, seed });
  const workers = result.stages.find((s) => s.name === 'workers')!;
  const ms = (s: number | null | undefined): number => (s ?? NaN) * 1e3;
  return {
    ...('rate' in load ? { rate: load.rate } : { clients: load.clients, thinkTime_ms: load.thinkSeconds * 1e3 }),
    throughput: result.throughput ?? NaN,
    mean_ms: ms(result.latency.mean),
    p50_ms: ms(result.latency.p50),
    p90_ms: ms(result.latency.p90),
    p99_ms: ms(result.latency.p99),
    'busy.workers': workers.utilization ?? NaN,
    duration: seconds,
    target,
  };
}

export interface VirtualSummary {
  readonly kind: LoadKind;
  readonly runs: number;
  /** Runs in which some judged figure broke the issue's bound. */
  readonly runsBreaking: number;
  /** Runs the CI test would fail: some figure broke the bound CI judges it by (ci-design.ts). */
  readonly runsFailingCi: number;
  /** Per load and figure: how often the issue's bound broke, and the 50/95/99th percentiles of |error|. */
  readonly figures: readonly { fraction: number; key: JudgedKey; breaks: number; absError: { p50: number; p95: number; p99: number } }[];
}

export function virtualProof(kind: LoadKind, runs: number, design = CI_DESIGN): VirtualSummary {
  const arrangement = ARRANGEMENTS.find((a) => a.name === 'shared-queue')!;
  const base = tryParseModel(arrangement.base, { file: 'shared-queue.yaml' });
  if (!base.ok) throw new Error('BASE of shared-queue refused');
  const errors = new Map<string, number[]>();
  const breaks = new Map<string, number>();
  let runsBreaking = 0;
  let runsFailingCi = 0;
  for (let run = 0; run < runs; run++) {
    const low = design.lowFractions.map((f, i) =>
      simulatedRow(lowLoad(arrangement, kind, f), design.low.seconds, run * 1000 + i + 1, f),
    );
    const fitted = calibrate(base.raw, base.model, parseMeasurements(toCsv(low.map(({ target: _, ...row }) => row)), 'low.csv').rows).model;
    const high = design.highFractions.map((f, i) =>
      simulatedRow(highLoad(arrangement, kind, f, fitted), design.high.seconds, run * 1000 + 50 + i, f),
    );
    const judged = judge(evaluate(arrangement, kind, toCsv(low), toCsv(high)), issueBoundFor);
    if (judged.some((j) => !j.holds)) runsBreaking++;
    if (judged.some((j) => j.error === null || Math.abs(j.error) > ciBoundFor(kind, j.key, j.fraction))) runsFailingCi++;
    for (const j of judged) {
      const id = `${j.fraction}|${j.key}`;
      errors.set(id, [...(errors.get(id) ?? []), Math.abs(j.error ?? Infinity)]);
      if (!j.holds) breaks.set(id, (breaks.get(id) ?? 0) + 1);
    }
  }
  const quantile = (values: readonly number[], p: number): number => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(p * values.length))]!;
  const figures = [...errors].map(([id, values]) => {
    const [fraction, key] = id.split('|') as [string, JudgedKey];
    return { fraction: Number(fraction), key, breaks: breaks.get(id) ?? 0, absError: { p50: quantile(values, 0.5), p95: quantile(values, 0.95), p99: quantile(values, 0.99) } };
  });
  return { kind, runs, runsBreaking, runsFailingCi, figures };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'low-seconds': { type: 'string' }, 'high-seconds': { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const kind = (positionals[0] ?? 'open') as LoadKind;
  if (kind !== 'open' && kind !== 'closed') throw new Error(`expected open or closed, got ${kind}`);
  const runs = Number(positionals[1] ?? 200);
  const design = {
    ...CI_DESIGN,
    low: { ...CI_DESIGN.low, seconds: Number(values['low-seconds'] ?? CI_DESIGN.low.seconds) },
    high: { ...CI_DESIGN.high, seconds: Number(values['high-seconds'] ?? CI_DESIGN.high.seconds) },
  };
  const summary = virtualProof(kind, runs, design);
  if (values.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
    process.stdout.write(`virtual proof, ${kind} load, ${runs} runs (low rows ${design.low.seconds} s, high ${design.high.seconds} s): ${summary.runsBreaking} break some bound of the issue, ${summary.runsFailingCi} would fail the CI test's bounds\n`);
    for (const f of summary.figures) {
      process.stdout.write(`  ${Math.round(f.fraction * 100)}% ${f.key.padEnd(10)} bound ±${pct(issueBoundFor(f.key, f.fraction))}: broken in ${f.breaks}; |error| p50 ${pct(f.absError.p50)}, p95 ${pct(f.absError.p95)}, p99 ${pct(f.absError.p99)}\n`);
    }
  }
}
