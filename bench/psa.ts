/**
 * The pointwise-stationary approximation (src/analytic/pointwise-stationary.ts) against long time-driven
 * simulations: for a few slow schedules, each piece's throughput, goodput, requests in the system and p99 by
 * PSA and by the fast engine (R single-replication runs of the whole horizon, windows one piece long; mean and
 * 95% half-width across runs), and the relative error. Then a fast spike, which PSA must refuse.
 *
 *   npx tsx bench/psa.ts [replications]
 */
import { analyze } from '../src/analytic/analyze.ts';
import { schedulePieces } from '../src/analytic/pointwise-stationary.ts';
import { parseModel } from '../src/model/load.ts';
import type { Model } from '../src/model/types.ts';
import { simulate } from '../src/sim/simulate.ts';
import { halfWidth95, sampleMean } from '../src/sim/student-t.ts';

const R = Number(process.argv[2] ?? 8);

const SLOW: readonly { name: string; yaml: string }[] = [
  {
    name: 'M/M/4 (10 ms), 200 → 320 → 200/s, 600 s pieces',
    yaml: `workload: { arrivalRate: 200, schedule: [ { at: 600s, rate: 320 }, { at: 1200s, rate: 200 } ], horizon: 1800s }
stages: [ { name: s, service: 10ms, threads: 4 } ]`,
  },
  {
    name: 'M/M/1 (50 ms), 10 → 16 → 10/s, 300 s pieces',
    yaml: `workload: { arrivalRate: 10, schedule: [ { at: 300s, rate: 16 }, { at: 600s, rate: 10 } ], horizon: 900s }
stages: [ { name: s, service: 50ms, threads: 1 } ]`,
  },
  {
    name: 'tandem M/M/2 → M/M/1 with a delay, 40 → 70 → 40/s, 300 s pieces',
    yaml: `workload: { arrivalRate: 40, schedule: [ { at: 300s, rate: 70 }, { at: 600s, rate: 40 } ], horizon: 900s }
stages:
  - { name: a, service: 20ms, threads: 2 }
  - { name: rpc, service: 30ms, threads: infinite }
  - { name: b, service: 10ms, threads: 1 }`,
  },
  {
    name: 'Erlang-A M/M/10+M (1 s, patience 2 s), 8 → 14 → 8/s, 300 s pieces',
    yaml: `workload: { arrivalRate: 8, schedule: [ { at: 300s, rate: 14 }, { at: 600s, rate: 8 } ], horizon: 900s, patience: { mean: 2s } }
stages: [ { name: s, service: 1s, threads: 10 } ]`,
  },
  {
    name: 'retries (fixed point) M/M/10, T = 2 s, 3 attempts, 2 → 3 → 2/s, 1000 s pieces',
    yaml: `workload: { arrivalRate: 2, schedule: [ { at: 1000s, rate: 3 }, { at: 2000s, rate: 2 } ], horizon: 3000s, timeout: 2s, cancel: none, retry: { attempts: 3, backoff: 0.5s, jitter: full } }
stages: [ { name: s, service: 1s, threads: 10 } ]`,
  },
];

const FAST_SPIKE = `workload: { arrivalRate: 10, schedule: [ { at: 300s, rate: 18 }, { at: 310s, rate: 10 } ], horizon: 600s }
stages: [ { name: s, service: 50ms, threads: 1 }]`;

type Figure = 'throughput' | 'goodput' | 'inSystem' | 'p99';
const FIGURES: readonly Figure[] = ['throughput', 'goodput', 'inSystem', 'p99'];

function simulatedPieces(model: Model, pieceSeconds: number): { mean: number; half: number }[][] {
  const runs = Array.from({ length: R }, (_, k) => simulate(model, { replications: 1, seed: 1000 + k, windowSeconds: pieceSeconds, engine: 'fast' }).timeline!);
  return runs[0]!.map((_, w) =>
    FIGURES.map((f) => {
      const xs = runs.map((t) => t[w]![f]).filter((x): x is number => x !== null);
      return { mean: sampleMean(xs), half: halfWidth95(xs) ?? NaN };
    }),
  );
}

const pct = (a: number, b: number) => `${a / b - 1 >= 0 ? '+' : ''}${(100 * (a / b - 1)).toFixed(1)}%`;
const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4));

console.log(`| model | piece | figure | PSA | simulated (${R} runs, 95% CI) | error |`);
console.log('|---|---|---|---|---|---|');
for (const c of SLOW) {
  const model = parseModel(c.yaml);
  const pieces = schedulePieces(model);
  const length = pieces[0]!.end - pieces[0]!.start;
  const psa = analyze(model);
  if (psa.timeline === undefined) {
    console.log(`| ${c.name} | refused | ${psa.notes.join(' ')} | | | |`);
    continue;
  }
  const sim = simulatedPieces(model, length);
  psa.timeline.forEach((w, k) => {
    FIGURES.forEach((f, i) => {
      const a = w[f];
      const s = sim[k]![i]!;
      if (a === null) return;
      console.log(`| ${k === 0 && i === 0 ? c.name : ''} | ${i === 0 ? `[${w.start}, ${w.end}) at ${w.offered}/s` : ''} | ${f} | ${num(a)} | ${num(s.mean)} ± ${num(s.half)} | ${pct(a, s.mean)} |`);
    });
  });
}
const spike = analyze(parseModel(FAST_SPIKE));
console.log(`\nfast spike: timeline ${spike.timeline === undefined ? 'refused' : 'given'}; ${spike.notes.filter((n) => n.includes('pointwise')).join(' ')}`);
