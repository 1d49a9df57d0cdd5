/**
 * The real-server proof, short: four Python workers sharing one accept queue on loopback, under open Poisson load
 * and under a closed loop of clients, calibrated from rows at 10/20/30% of nominal capacity, predicted at
 * 50/70/85% of the calibrated capacity (proof/ci-design.ts). (The single event loop and SO_REUSEPORT arrangements
 * are in the full `npm run proof`.) Bounds (issue 13): throughput ±8%, mean ±10% up to 70% and ±15% at 85%, p99
 * ±20%, judged wherever a run this short can judge them: everywhere under closed load, at 50% under open load.
 * Above 50% under open load the bound is the error an ideal server stays within in 99% of virtual runs of this
 * design (proof/virtual.ts: the issue's bounds break there in 54% of runs by sampling alone). A run that
 * measured a disturbed machine (a load average above MAX_LOAD_PER_CORE per core, the load generator ran late, or
 * requests failed) or broke a bound is measured again with fresh seeds (once in the file beyond its 3-minute
 * budget), and on a machine that busy before the run starts the attempt waits instead of measuring; a proof whose
 * every attempt was disturbed is reported inconclusive. It runs after every other test file has finished
 * (vitest.config.ts). `npm run proof` is the full version with repeats.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { ARRANGEMENTS, MAX_LOAD_PER_CORE, proveArrangement, type LoadKind, type ProofRun } from '../../proof/proof.ts';
import { CI_DESIGN, ciBoundFor } from '../../proof/ci-design.ts';
import { judge, type Judgement } from '../../proof/judge.ts';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['-c', 'import socket; socket.SO_REUSEPORT'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const python = hasPython();
const ATTEMPTS = 3;
// An attempt (server start, warm-up, 3 × 11 s low, 3 × 12 s high) takes about 74 s; the two tests take about
// 150 s. One more attempt in the whole file is allowed, for the first test whose run was disturbed or broke a
// bound: such a file takes about 3.7 minutes, every other file under 3. A wait for a calmer machine happens only
// while the 3-minute budget still holds an attempt for every later test.
const BUDGET_MS = 175_000;
const ATTEMPT_MS = 76_000;
const deadline = Date.now() + BUDGET_MS;
let spareAttempts = 1;
// A fresh seed (server's service draws, generator's arrivals) each run, printed with any failure: a fixed seed
// made every run judge the same sample, and seed 41's first low row drew services 10% above their mean (2.6
// standard errors), which put the closed loop's 50% point at +8…+11.5% run after run.
const SEED_BASE = 1 + (Date.now() % 100_000) * 10;

/** The machine is too busy to measure on right now (the same limit a measured row is held to). */
function machineBusy(): string | null {
  const load = loadavg()[0]!;
  return load > MAX_LOAD_PER_CORE * cpus().length ? `load average ${load.toFixed(1)} on ${cpus().length} cores before the run` : null;
}

function judged(run: ProofRun): Judgement[] {
  return judge(run, (key, fraction) => ciBoundFor(run.kind, key, fraction));
}

/** One judged figure and its bound, as the log shows it. */
function judgementText(j: Judgement): string {
  return `${Math.round(j.fraction * 100)}% ${j.key} ${j.error === null ? 'none' : `${(j.error * 100).toFixed(1)}%`} (±${(j.bound * 100).toFixed(0)}%)`;
}

function brokenText(judgements: readonly Judgement[]): string {
  return judgements
    .filter((j) => !j.holds)
    .map(judgementText)
    .join(', ');
}

/**
 * `later`: tests after this one, each kept one attempt's time of the budget. A run that broke a bound is
 * measured once more with fresh seeds when the file's spare attempt is still there, and the second run is
 * judged: each bound is about the 99th percentile of one figure's sampling error, a run judges 18 figures, so
 * an ideal server fails some bound in 2.3% of runs under open load (proof/virtual.ts, 300 runs); a model that is
 * wrong fails both runs.
 */
async function proveWithRetries(name: string, kind: LoadKind, later: number): Promise<{ run: ProofRun | null; attempts: string[] }> {
  const until = deadline - later * ATTEMPT_MS;
  const arrangement = ARRANGEMENTS.find((a) => a.name === name)!;
  const attempts: string[] = [];
  const canRetry = (): boolean => {
    if (Date.now() + ATTEMPT_MS <= until) return true;
    if (spareAttempts === 0) return false;
    spareAttempts--;
    return true;
  };
  let last: ProofRun | null = null;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1 && !canRetry()) {
      attempts.push('the time budget holds no further attempt');
      break;
    }
    // Measuring on a machine already this busy cannot be trusted: wait a little for it to calm down instead.
    const busy = machineBusy();
    if (busy) {
      attempts.push(busy);
      if (Date.now() + 20_000 + ATTEMPT_MS <= until) await new Promise((r) => setTimeout(r, 20_000));
      continue;
    }
    last = await proveArrangement(arrangement, kind, { ...CI_DESIGN, seed: SEED_BASE + attempt });
    const why = last.disturbances.length > 0 ? `disturbed: ${last.disturbances.join('; ')}` : brokenText(judged(last));
    if (why === '' || attempt === ATTEMPTS) break;
    attempts.push(`attempt ${attempt} (seed ${SEED_BASE + attempt}) ${why.startsWith('disturbed') ? why : `broke ${why}`}`);
  }
  return { run: last, attempts };
}

function check(run: ProofRun | null, attempts: readonly string[]): void {
  if (run === null || run.disturbances.length > 0) {
    // Every attempt met a disturbed machine: inconclusive, not a failure of the model (and said so).
    console.warn(`real-server proof inconclusive, the machine was disturbed: ${[...attempts, ...(run?.disturbances ?? [])].join(' | ')}`);
    return;
  }
  const report = run.comparison.rows.map((row, i) => `${Math.round(run.fractions[i]! * 100)}%: ${JSON.stringify(row.error)}`).join('\n');
  const context = `${run.arrangement} ${run.kind} (seeds from ${SEED_BASE})\n${report}\nlow rows:\n${run.lowCsv}high rows:\n${run.highCsv}${attempts.length ? `earlier attempts: ${attempts.join(' | ')}` : ''}`;
  const judgements = judged(run);
  // The errors go to the log on success too: the margins to the bounds are what tells a flaky proof from a firm one.
  console.info(
    `${run.arrangement} ${run.kind}: ${judgements.map(judgementText).join(', ')}` +
      (attempts.length ? `; earlier: ${attempts.join(' | ')}` : ''),
  );
  for (const j of judgements) {
    expect(j.error, `${j.key} at ${j.fraction}\n${context}`).not.toBeNull();
    expect(Math.abs(j.error!), `${j.key} at ${j.fraction} (mean of ${j.windows} window(s)), bound ±${(j.bound * 100).toFixed(0)}%\n${context}`).toBeLessThanOrEqual(j.bound);
  }
}

describe.runIf(python || process.env['CI'] === 'true')('real servers on loopback: calibrated at ≤ 30% load, predicted at 50/70/85%', () => {
  it('needs python3 (Debian package python3)', () => {
    expect(python, 'python3 with socket.SO_REUSEPORT is required: apt-get install python3').toBe(true);
  });

  it('four workers sharing one accept queue, open Poisson load', async () => {
    const { run, attempts } = await proveWithRetries('shared-queue', 'open', 1);
    check(run, attempts);
  }, 400_000);

  it('four workers sharing one accept queue, closed loop of clients with think time', async () => {
    const { run, attempts } = await proveWithRetries('shared-queue', 'closed', 0);
    check(run, attempts);
  }, 400_000);
});

describe.skipIf(python || process.env['CI'] === 'true')('real servers on loopback', () => {
  it.skip('skipped: needs python3 (Debian package python3)', () => {});
});
