/**
 * `npx tsx bench/tandem-bands.ts [--models N] [--requests R] [--seed S]`: the band of network-flows-mm1-tandem
 * (src/analytic/network-interaction.ts), the flows inside a tandem of single-thread exponential stations behind
 * renewal arrivals (interchange.ts). Seeded random tandems (2–6 stations, arrival scv log-uniform over
 * 0.25–8, the busiest station at ρ 0.3–0.95, a deterministic delay ahead of them in a fifth of the models) are
 * simulated (5 replications × R requests, recursion engine, seed 11; cached in bench/tandem-bands.json by model)
 * and compared with the pure analytic answer. Like bench/network-bands.ts, the band a model needs is
 * (|analytic / simulated − 1| − the other parts' weighted bands) / the part's share, the simulation's noise
 * included; a bucket's row is the worst need at or below its load. Prints the rows for accuracy-bands.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { normalizeModel } from '../src/model/normalize.ts';
import type { Model } from '../src/model/types.ts';
import { analyze } from '../src/analytic/analyze.ts';
import { figureBand } from '../src/analytic/accuracy.ts';
import { simulateMany } from '../src/sim/parallel-many.ts';
import { benchArgs } from './args.ts';
import { mulberry32 } from './mulberry32.ts';

const { option } = benchArgs();
const MODELS = Number(option('--models', '80'));
const REQUESTS = Number(option('--requests', '2000000'));
const SEED = Number(option('--seed', '5'));
const CACHE = 'bench/tandem-bands.json';
const METHOD = 'network-flows-mm1-tandem';
const BUCKETS = [0.3, 0.5, 0.7, 0.9, 0.95];

interface Reference {
  readonly mean: number;
  readonly p99: number;
  readonly ciMean: number;
  readonly ciP99: number;
}

function randomTandem(r: () => number, id: number): Record<string, unknown> {
  const k = 2 + Math.floor(r() * 5);
  const scv = Math.exp(Math.log(0.25) + r() * Math.log(32));
  const top = 0.3 + r() * 0.65;
  const rhos = Array.from({ length: k }, () => 0.15 + r() * (top - 0.15));
  rhos[Math.floor(r() * k)] = top;
  const rate = 100;
  const stages: Record<string, unknown>[] = rhos.map((rho, i) => ({ name: `s${i}`, service: rho / rate, threads: 1 }));
  if (r() < 0.2) stages.unshift({ name: 'net', service: 0.002, threads: 'infinite', distribution: 'deterministic' });
  return { name: `tandem-${SEED}-${id}`, workload: { arrivalRate: rate, arrivalScv: Number(scv.toPrecision(4)) }, stages };
}

const cache: Record<string, Reference> = existsSync(CACHE) ? JSON.parse(readFileSync(CACHE, 'utf8')) : {};
const keyOf = (doc: unknown) => createHash('sha256').update(JSON.stringify(doc) + `|${REQUESTS}`).digest('hex').slice(0, 16);

const rand = mulberry32(SEED);
const docs = Array.from({ length: MODELS }, (_, i) => randomTandem(rand, i));
const models = docs.map((d): Model => {
  const n = normalizeModel(d);
  if (!n.ok) throw new Error(JSON.stringify(n.issues));
  return n.model;
});
const missing = docs.map((d, i) => [keyOf(d), i] as const).filter(([key]) => !(key in cache));
if (missing.length > 0) {
  process.stderr.write(`simulating ${missing.length} tandems (5 × ${REQUESTS} requests each)\n`);
  const { results } = await simulateMany(
    missing.map(([, i]) => ({ model: models[i]!, options: { requests: REQUESTS, replications: 5, seed: 11, engine: 'recursion' } })),
    { onDone: (done, total) => process.stderr.write(`  ${done}/${total}\n`) },
  );
  results.forEach((sim, j) => {
    cache[missing[j]![0]] = { mean: sim.latency.mean!, p99: sim.latency.p99!, ciMean: sim.ci.mean ?? 0, ciP99: sim.ci.p99 ?? 0 };
  });
  writeFileSync(CACHE, JSON.stringify(cache, null, 1) + '\n');
}

const need = new Map<number, { mean: number; p99: number; models: number }>();
const errors: number[] = [];
docs.forEach((doc, i) => {
  const ref = cache[keyOf(doc)]!;
  const r = analyze(models[i]!);
  const part = r.accuracy?.parts.find((p) => p.method === METHOD);
  const error = { mean: Math.abs(r.latency.mean! / ref.mean - 1), p99: Math.abs(r.latency.p99! / ref.p99 - 1) };
  errors.push(Math.max(error.mean, error.p99));
  if (!part) return;
  const bucket = BUCKETS.find((b) => (part.x ?? Infinity) <= b) ?? Infinity;
  const row = need.get(bucket) ?? { mean: 0, p99: 0, models: 0 };
  row.models++;
  for (const figure of ['mean', 'p99'] as const) {
    let others = 0;
    for (const p of r.accuracy!.parts) if (p !== part) others += p.share * (figureBand(p.method, p.x ?? Infinity, figure) ?? 0);
    row[figure] = Math.max(row[figure], (error[figure] - others) / part.share);
  }
  need.set(bucket, row);
  if (process.env.VERBOSE) {
    const ws = (doc.workload as { arrivalScv: number }).arrivalScv;
    process.stdout.write(`${doc.name} scv ${ws} x ${part.x} share ${part.share.toFixed(2)} mean ${(100 * error.mean).toFixed(1)}% p99 ${(100 * error.p99).toFixed(1)}% (ci ${(100 * ref.ciP99 / ref.p99).toFixed(1)}%)\n`);
  }
});

const round = (x: number) => Number(Math.max(0.001, x).toPrecision(2));
let mean = 0;
let p99 = 0;
for (const b of BUCKETS) {
  const row = need.get(b);
  mean = Math.max(mean, row?.mean ?? 0);
  p99 = Math.max(p99, row?.p99 ?? 0);
  console.log(`  { method: '${METHOD}', upTo: ${b}, mean: ${round(mean)}, p99: ${round(p99)}, dropRate: 0, models: ${row?.models ?? 0} },`);
}
errors.sort((a, b) => a - b);
console.log(
  `${MODELS} tandems: worst |error| of mean and p99 ${(100 * errors.at(-1)!).toFixed(1)}%, median ${(100 * errors[errors.length >> 1]!).toFixed(1)}%, within 5%: ${errors.filter((e) => e <= 0.05).length}`,
);
