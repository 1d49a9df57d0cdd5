/**
 * `npx tsx bench/closed-accuracy.ts [models] [requests]`: closed-workload analysis against long simulations on
 * seeded random closed networks (1–6 stations, 1–32 threads, think time from 0 to large, pure delays,
 * per-thread pools, non-exponential service). Prints the worst and median error of the mean and p99 by class,
 * as in README "Closed workloads"; `--json` prints every model's row instead.
 */
// The pure analytic answer: the public analyze would answer an out-of-band figure from its own simulation.
import { analyzeAnalytic as analyze, simulate } from '../src/index.ts';
import { parseModel } from '../src/model/load.ts';

const count = Number(process.argv[2] ?? 60);
const requests = Number(process.argv[3] ?? 200_000);
const json = process.argv.includes('--json');

let seed = 12345;
const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

interface Row {
  readonly classes: string[];
  readonly meanError: number;
  readonly p99Error: number;
  readonly meanHalfWidth: number;
  readonly p99HalfWidth: number;
  readonly methods: string;
  readonly description: string;
}

const rows: Row[] = [];
for (let i = 0; i < count; i++) {
  const stations = 1 + Math.floor(rnd() * 6);
  const stages: Array<Record<string, unknown>> = [];
  let exponential = true;
  let delays = 0;
  let queues = 0;
  let perThread = false;
  let totalThreads = 0;
  let demand = 0;
  for (let s = 0; s < stations; s++) {
    const service = 0.0005 + rnd() * 0.005;
    const delay = stations > 1 && rnd() < 0.15;
    const threads = pick([1, 1, 2, 4, 8, 16, 32]);
    const dist = rnd() < 0.7 ? 'exponential' : pick(['deterministic', 'gamma', 'lognormal', 'hyperexponential']);
    const stage: Record<string, unknown> = { name: `s${s}`, service, threads: delay ? 'infinite' : threads, distribution: dist };
    if (dist === 'gamma') stage.scv = 0.5;
    if (dist === 'lognormal') stage.scv = 2;
    if (dist === 'hyperexponential') stage.scv = 4;
    if (!delay && threads > 1 && rnd() < 0.15) {
      stage.dispatch = 'per-thread';
      perThread = true;
    }
    if (dist !== 'exponential') exponential = false;
    if (delay) delays++;
    else {
      queues++;
      totalThreads += threads;
      demand = Math.max(demand, service / threads);
    }
    stages.push(stage);
  }
  // Think time from none to many times the cycle; clients around the knee N* = (D + Z)/D_max.
  const cycle = stages.reduce((a, s) => a + (s.service as number), 0);
  const think = rnd() < 0.3 ? 0 : cycle * pick([0.5, 2, 10, 50]);
  const knee = Math.max(1, (cycle + think) / Math.max(demand, 1e-9));
  const clients = Math.max(1, Math.round(knee * pick([0.5, 0.8, 1, 1.3, 2])));
  if (clients > 2000) continue;
  const model = parseModel(JSON.stringify({ name: `closed-${i}`, workload: { clients, thinkTime: think }, stages }));
  const a = analyze(model);
  const s = simulate(model, { requests, replications: 3, seed: 1 + i });
  if (a.latency.mean === null || s.latency.mean === null || a.latency.p99 === null || s.latency.p99 === null) continue;
  const classes = ['all'];
  classes.push(queues <= 1 ? 'one queueing station' : `${queues >= 3 ? '3–6' : '2'} queueing stations`);
  if (!exponential) classes.push('non-exponential service');
  if (delays > 0) classes.push('pure delays');
  if (perThread) classes.push('per-thread pools');
  classes.push(think === 0 ? 'no think time' : 'think time');
  classes.push(exponential && !perThread ? 'product form (exponential)' : 'outside product form');
  rows.push({
    classes,
    meanError: a.latency.mean / s.latency.mean - 1,
    p99Error: a.latency.p99 / s.latency.p99 - 1,
    meanHalfWidth: (s.ci.mean ?? 0) / s.latency.mean,
    p99HalfWidth: (s.ci.p99 ?? 0) / s.latency.p99,
    methods: (a.accuracy?.parts ?? []).map((p) => p.method).join(','),
    description: `N=${clients} Z=${(1000 * think).toFixed(2)}ms ${stages.map((st) => `${st.threads}×${(1000 * (st.service as number)).toFixed(2)}ms ${st.distribution}${st.dispatch ? ' per-thread' : ''}`).join(', ')}`,
  });
}

if (json) {
  process.stdout.write(`${JSON.stringify(rows, null, 1)}\n`);
} else {
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((x, y) => x - y);
    return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)]!;
  };
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const out = ['| class | models | mean: median / worst error | p99: median / worst error |', '|---|---|---|---|'];
  const names = [...new Set(rows.flatMap((r) => r.classes))];
  for (const name of names) {
    const of = rows.filter((r) => r.classes.includes(name));
    const m = of.map((r) => Math.abs(r.meanError));
    const p = of.map((r) => Math.abs(r.p99Error));
    out.push(`| ${name} | ${of.length} | ${pct(median(m))} / ${pct(Math.max(...m))} | ${pct(median(p))} / ${pct(Math.max(...p))} |`);
  }
  const worst = [...rows].sort((x, y) => Math.abs(y.p99Error) - Math.abs(x.p99Error)).slice(0, 5);
  out.push('', 'worst p99:', ...worst.map((r) => `  p99 ${pct(r.p99Error)} mean ${pct(r.meanError)} (sim ±${pct(r.meanHalfWidth)}): ${r.description}`));
  process.stdout.write(`${out.join('\n')}\n`);
}
