/**
 * `npx tsx bench/accuracy-bands.ts [--write] [--models N] [--requests R] [--only METHOD,...]`: measures the error
 * band of each analytic method (src/analytic/accuracy-bands.ts). For every method and load bucket it draws N
 * seeded random models that analyze solves with that method, compares the pure analytic answer with a
 * simulation (5 replications × R requests, seed 11), and keeps the worst |analytic / simulated − 1| of the mean,
 * p99 and drop rate (drop rate only where the simulation drops ≥ 0.1%), the simulation's noise included. --write rewrites the table between the
 * GENERATED markers; without it, the rows and a JSON summary go to stdout.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { normalizeModel } from '../src/model/normalize.ts';
import type { Model } from '../src/model/types.ts';
import { analyze } from '../src/analytic/analyze.ts';
import { simulate } from '../src/sim/simulate.ts';
import { ACCURACY_BANDS, METHODS, type BandRow } from '../src/analytic/accuracy-bands.ts';
import { NEAR_EXPONENTIAL_SCV } from '../src/analytic/pool-solver.ts';
import { benchArgs } from './args.ts';
import { mulberry32 } from './mulberry32.ts';

const { flag, option } = benchArgs();
const MODELS = Number(option('--models', '6'));
const REQUESTS = Number(option('--requests', '100000'));
const ONLY = option('--only', '').split(',').filter(Boolean);

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const between = (r: Rand, lo: number, hi: number) => lo + (hi - lo) * r();
const intBetween = (r: Rand, lo: number, hi: number) => Math.floor(between(r, lo, hi + 1));

type Dist = Record<string, unknown>;
const distLow = (r: Rand): Dist => pick(r, [{ distribution: 'erlang', k: intBetween(r, 2, 4) }, { distribution: 'gamma', scv: between(r, 0.2, 0.8) }]);
const distHigh = (r: Rand): Dist => pick(r, [{ distribution: 'hyperexponential', scv: between(r, 1.5, 4) }, { distribution: 'gamma', scv: between(r, 1.5, 4) }]);
const distAny = (r: Rand): Dist => pick(r, [{ distribution: 'deterministic' }, distLow(r), distHigh(r), { distribution: 'exponential' }]);
/** Service of scv in (lo, hi] of every high-variability shape analyze meets (lognormal included: its tail is what the two-moment methods miss). */
const distScv = (r: Rand, lo: number, hi: number): Dist => ({
  distribution: pick(r, ['hyperexponential', 'gamma', 'lognormal', 'lognormal']),
  scv: between(r, lo + 0.01, hi),
});
/**
 * Threads of a two-moment model: as often few as many (a lognormal of scv 3 on 2 threads at ρ 0.89 was −13 %
 * on p99, on 8 threads within 1 %; a uniform draw over 1–32 hardly ever met it).
 */
const threadsOf = (r: Rand, lo: number, hi: number) => pick(r, [1, 2, 2, 3, 4, 6, 8, 12, 16, 24, 32].filter((t) => t >= lo && t <= hi));
/** The classes of the two-moment families (NEAR_EXPONENTIAL_SCV splits them): low-variability, near-exponential and high-variability service. */
const { low: LV, high: HV } = NEAR_EXPONENTIAL_SCV;
const distLowCv = (r: Rand): Dist =>
  pick(r, [{ distribution: 'deterministic' }, { distribution: 'erlang', k: intBetween(r, 3, 4) }, { distribution: 'gamma', scv: between(r, 0.1, LV - 0.01) }]);
const distNearExp = (r: Rand): Dist =>
  pick(r, [{ distribution: 'exponential' }, { distribution: 'exponential' }, { distribution: 'erlang', k: 2 }, { distribution: 'gamma', scv: between(r, LV, 1) }, distScv(r, 1, HV)]);
const distHighCv = (r: Rand): Dist => distScv(r, HV, 5);

/** A model document at offered load ρ (of its first pool's threads), built by a method's generator. */
type Generator = (r: Rand, rho: number) => Record<string, unknown>;

function single(threads: number, dist: Dist, rho: number, extra: Record<string, unknown> = {}, workload: Record<string, unknown> = {}) {
  const service = 0.001;
  return {
    name: 'band',
    workload: { arrivalRate: (rho * threads) / service, ...workload },
    stages: [{ name: 's0', service, threads, ...dist, ...extra }],
  };
}

function reentry(r: Rand, rho: number, dist: Dist) {
  const visits = between(r, 1.5, 3);
  return single(intBetween(r, 1, 4), dist, rho / visits, { visits });
}

/** A closed loop of `queues` FCFS stations (and sometimes a pure delay) near its knee N* = (D + Z) / D_max. */
function closed(r: Rand, queues: number, dist: () => Dist) {
  const stages: Record<string, unknown>[] = Array.from({ length: queues }, (_, i) => ({
    name: `s${i}`,
    service: between(r, 0.0005, 0.005),
    threads: pick(r, [1, 1, 2, 4, 8, 16]),
    ...dist(),
  }));
  if (r() < 0.4) stages.splice(intBetween(r, 0, queues), 0, { name: 'delay', service: between(r, 0.0005, 0.005), threads: 'infinite', ...distAny(r) });
  const cycle = stages.reduce((a, s) => a + (s.service as number), 0);
  const think = r() < 0.3 ? 0 : cycle * pick(r, [0.5, 2, 10, 50]);
  const dMax = Math.max(...stages.filter((s) => s.threads !== 'infinite').map((s) => (s.service as number) / (s.threads as number)));
  const clients = Math.max(1, Math.min(2000, Math.round(((cycle + think) / dMax) * pick(r, [0.5, 0.8, 1, 1.3, 2]))));
  return { name: 'band', workload: { clients, thinkTime: think }, stages };
}

const FINITE = [0.3, 0.5, 0.7, 0.9, 1.2, 3];

/** A two-moment method's classes: near-exponential (its id), high-variability (id-high-cv) and, where its service can be below cs² 1, low-variability (id-low-cv). */
function twoMomentClasses(
  id: string,
  buckets: number[],
  make: (r: Rand, rho: number, dist: Dist) => Record<string, unknown>,
  nearExp: (r: Rand) => Dist = distNearExp,
): Record<string, { buckets: number[]; make: Generator }> {
  const classes: Record<string, { buckets: number[]; make: Generator }> = {
    [id]: { buckets, make: (r, rho) => make(r, rho, nearExp(r)) },
    [`${id}-high-cv`]: { buckets, make: (r, rho) => make(r, rho, distHighCv(r)) },
  };
  if (`${id}-low-cv` in METHODS) classes[`${id}-low-cv`] = { buckets, make: (r, rho) => make(r, rho, distLowCv(r)) };
  return classes;
}

const GENERATORS: Record<string, { buckets: number[]; make: Generator }> = {
  mg1: { buckets: [0.3, 0.5, 0.7, 0.9, 0.95], make: (r, rho) => single(1, pick(r, [distLow(r), distHigh(r), { distribution: 'deterministic' }]), rho) },
  'mdc-cosmetatos': { buckets: [0.3, 0.5, 0.7, 0.9, 0.95], make: (r, rho) => single(intBetween(r, 2, 16), { distribution: 'deterministic' }, rho) },
  'mgc-kimura': { buckets: [0.3, 0.5, 0.7, 0.9, 0.95], make: (r, rho) => single(intBetween(r, 2, 16), pick(r, [{ distribution: 'erlang', k: intBetween(r, 2, 4) }, { distribution: 'gamma', scv: between(r, 0.2, 0.8) }]), rho) },
  // The two-moment families in two classes each: x is ρ; several threads (up to 32) with both classes' shapes.
  ...twoMomentClasses('mgc-lee-longton', [0.3, 0.5, 0.7, 0.9, 0.95], (r, rho, dist) => single(threadsOf(r, 2, 32), dist, rho), (r) => distScv(r, 1, HV)),
  // Exponential service behind a renewal flow of any scv (the simulator's gamma below 1 is exact only for 1/scv
  // an integer), shared or per-thread queues.
  'gim-c': {
    buckets: [0.3, 0.5, 0.7, 0.9, 0.95],
    make: (r, rho) =>
      single(threadsOf(r, 1, 32), {}, rho, r() < 0.25 ? { dispatch: 'per-thread' } : {}, { arrivalScv: pick(r, [0.3, 0.5, 0.7, 0.85, 1.2, 2, 4, 8]) }),
  },
  'gim-c-k': {
    buckets: FINITE,
    make: (r, rho) =>
      single(threadsOf(r, 1, 16), {}, rho, { queueCapacity: intBetween(r, 0, 20), ...(r() < 0.25 ? { dispatch: 'per-thread' } : {}) }, {
        arrivalScv: pick(r, [0.3, 0.5, 0.7, 0.85, 1.2, 2, 4, 8]),
      }),
  },
  ...twoMomentClasses('ggc-allen-cunneen', [0.3, 0.5, 0.7, 0.9, 0.95], (r, rho, dist) =>
    single(threadsOf(r, 1, 32), dist, rho, {}, { arrivalScv: pick(r, [0.25, 0.5, 2, 4]) }),
  ),
  ...twoMomentClasses('ggc-near-poisson', [0.3, 0.5, 0.7, 0.9, 0.95], (r, rho, dist) =>
    single(threadsOf(r, 1, 32), dist, rho, {}, { arrivalScv: pick(r, [0.8, 0.9, 1.1, 1.2]) }),
  ),
  // A lone stage's M/G/1/K is solved exactly (mg1k-embedded); what still reaches this method is one thread with a
  // finite queue serving a run of stages (its service a sum, no single distribution to put in the chain), whose
  // drop rate is also the band of a shared or re-entered finite pool's refusals.
  'finite-mg1': {
    buckets: [0.3, 0.5, 0.7, 0.9, 1.2, 3],
    make: (r, rho) => {
      const stages = Array.from({ length: intBetween(r, 2, 3) }, (_, i) => ({
        name: `s${i}`,
        service: between(r, 0.0002, 0.001),
        pool: 'p',
        ...pick(r, [distLow(r), distHigh(r), { distribution: 'deterministic' }, {}, { distribution: 'lognormal', scv: between(r, 0.5, 4) }]),
      }));
      const demand = stages.reduce((sum, x) => sum + x.service, 0);
      return { name: 'band', workload: { arrivalRate: rho / demand }, pools: { p: { threads: 1, queueCapacity: intBetween(r, 1, 20) } }, stages };
    },
  },
  'finite-mdc-cosmetatos': { buckets: [0.3, 0.5, 0.7, 0.9, 1.2, 3], make: (r, rho) => single(intBetween(r, 2, 8), { distribution: 'deterministic' }, rho, { queueCapacity: intBetween(r, 1, 20) }) },
  'finite-mgc-kimura': { buckets: [0.3, 0.5, 0.7, 0.9, 1.2, 3], make: (r, rho) => single(intBetween(r, 2, 8), distLow(r), rho, { queueCapacity: intBetween(r, 1, 20) }) },
  ...twoMomentClasses('finite-mgc-lee-longton', FINITE, (r, rho, dist) => single(threadsOf(r, 2, 16), dist, rho, { queueCapacity: intBetween(r, 1, 20) }), (r) => distScv(r, 1, HV)),
  ...twoMomentClasses('finite-ggc-allen-cunneen', FINITE, (r, rho, dist) =>
    single(threadsOf(r, 1, 16), dist, rho, { queueCapacity: intBetween(r, 1, 20) }, { arrivalScv: pick(r, [0.25, 0.5, 2, 4]) }),
  ),
  ...twoMomentClasses('finite-ggc-near-poisson', FINITE, (r, rho, dist) =>
    single(threadsOf(r, 1, 16), dist, rho, { queueCapacity: intBetween(r, 1, 20) }, { arrivalScv: pick(r, [0.8, 0.9, 1.1, 1.2]) }),
  ),
  'reentry-exponential': { buckets: [0.3, 0.5, 0.7, 0.9], make: (r, rho) => reentry(r, rho, {}) },
  'reentry-general': { buckets: [0.3, 0.5, 0.7, 0.9], make: (r, rho) => reentry(r, rho, pick(r, [distLow(r), distHigh(r)])) },
  'shared-pool-mix': {
    buckets: [0.3, 0.5, 0.7, 0.9],
    make: (r, rho) => {
      const threads = intBetween(r, 1, 8);
      const a = between(r, 0.0002, 0.002);
      const b = between(r, 0.0002, 0.002);
      return {
        name: 'band',
        workload: { arrivalRate: (rho * threads) / (a + b) },
        pools: { p: { threads } },
        stages: [
          { name: 'a', service: a, pool: 'p' },
          { name: 'mid', service: 0.001, threads: 'infinite' },
          { name: 'b', service: b, pool: 'p' },
        ],
      };
    },
  },
  'lognormal-transform': {
    buckets: [1, 2, 4],
    // x is the scv: one thread at ρ 0.3–0.8 isolates the fit (the M/G/1 wait itself is exact).
    make: (r, scv) =>
      single(1, scv <= 1 && r() < 0.3 ? { distribution: 'uniform' } : { distribution: 'lognormal', scv: between(r, scv / 2, scv) }, between(r, 0.3, 0.8)),
  },
  'mg1k-embedded': {
    buckets: [0.3, 0.5, 0.7, 0.9, 1.2, 3],
    make: (r, rho) => single(1, pick(r, [distLow(r), distHigh(r), { distribution: 'deterministic' }, { distribution: 'lognormal', scv: between(r, 0.5, 4) }]), rho, { queueCapacity: intBetween(r, 1, 20) }),
  },
  'cores-birth-death': {
    buckets: [0.3, 0.5, 0.7, 0.9],
    make: (r, rho) => {
      const cores = intBetween(r, 1, 4);
      return { name: 'band', workload: { arrivalRate: (rho * cores) / 0.001 }, cores, stages: [{ name: 's0', service: 0.001, threads: intBetween(r, cores + 1, 4 * cores + 2) }] };
    },
  },
  // 1–4 pools of any work on 1–4 cores, few threads as often as many (a pool may have fewer threads than cores),
  // sometimes a pure delay off the CPU: two exponential pools of more threads than cores alone measured ≤ 0.2 %
  // on the mean at core load ≤ 0.3, while a harness model of three pools (1, 2 and 8 threads) on one core was +11 %.
  'cores-ps-slowdown': {
    buckets: [0.3, 0.5, 0.7, 0.9],
    make: (r, rho) => {
      const cores = intBetween(r, 1, 4);
      const pools = intBetween(r, 1, 4);
      const stages: Record<string, unknown>[] = Array.from({ length: pools }, (_, i) => ({
        name: `s${i}`,
        service: between(r, 0.0005, 0.002),
        threads: r() < 0.5 ? intBetween(r, 1, cores + 1) : intBetween(r, cores + 1, 3 * cores + 2),
        ...(r() < 0.5 ? {} : distAny(r)),
      }));
      const demand = stages.reduce((s, x) => s + (x.service as number), 0);
      if (r() < 0.3) stages.splice(intBetween(r, 0, pools), 0, { name: 'delay', service: between(r, 0.0005, 0.005), threads: 'infinite' });
      return { name: 'band', workload: { arrivalRate: (rho * cores) / demand }, cores, stages };
    },
  },
  // Closed rows: x is the population (one bucket); clients around and past the knee, think time none to long.
  'closed-one-station': { buckets: [Infinity], make: (r) => closed(r, 1, () => ({})) },
  'closed-mva': { buckets: [Infinity], make: (r) => closed(r, intBetween(r, 2, 4), () => ({})) },
  'closed-mva-general': { buckets: [Infinity], make: (r) => closed(r, intBetween(r, 1, 3), () => distAny(r)) },
  'closed-cores': {
    buckets: [Infinity],
    make: (r) => ({ ...closed(r, intBetween(r, 1, 3), () => ({})), cores: intBetween(r, 1, 4) }),
  },
};

function load(doc: Record<string, unknown>): Model {
  const n = normalizeModel(doc);
  if (!n.ok) throw new Error(JSON.stringify(n.issues));
  return n.model;
}

/**
 * |a/s − 1| as measured, the simulation's noise included. Subtracting the simulation's 95% half-width (as this
 * script once did) made rows near saturation say ≤ 0.1% for approximations whose reference was ±10% wide: a
 * measurement that could not tell was read as one that found no error. Kept in, a noisy reference widens the
 * band, so the loads where nothing can be told within the target are simulated.
 */
const err = (a: number | null, s: number | null) => (a === null || s === null || !(s > 0) ? null : Math.abs(a / s - 1));
const worst = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? Number(Math.max(...v).toPrecision(2)) : null;
};

/** --markdown: the current table as README rows (no measurement). */
if (flag('--markdown')) {
  const pct = (x: number | null) => (x === null ? '—' : x === 0 ? 'exact' : `${x > 0.05 ? '**' : ''}${(100 * x).toPrecision(2)}%${x > 0.05 ? '**' : ''}`);
  const lines = ['| method | x ≤ | mean | p99 | drop rate | models |', '|---|---|---|---|---|---|'];
  for (const row of ACCURACY_BANDS) {
    if (row.models === 0) continue;
    lines.push(`| ${row.method} | ${row.upTo === Infinity ? 'any' : row.upTo} | ${pct(row.mean)} | ${pct(row.p99)} | ${pct(row.dropRate)} | ${row.models} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exit(0);
}

const measured: BandRow[] = [];
const details: unknown[] = [];
for (const [method, gen] of Object.entries(GENERATORS)) {
  if (ONLY.length && !ONLY.includes(method)) continue;
  let lower = -Infinity;
  gen.buckets.forEach((upTo, b) => {
    const r = mulberry32(1000 * b + method.length * 7919 + method.charCodeAt(0));
    const errs = { mean: [] as (number | null)[], p99: [] as (number | null)[], drop: [] as (number | null)[] };
    let models = 0;
    for (let attempt = 0; models < MODELS && attempt < MODELS * 20; attempt++) {
      const x = upTo === Infinity ? 0 : between(r, Number.isFinite(lower) ? lower : upTo * 0.2, upTo);
      const model = load(gen.make(r, x));
      const a = analyze(model);
      const part = a.accuracy?.parts.find((p) => p.method === method);
      if (!part || !a.stable) continue;
      const s = simulate(model, { requests: REQUESTS, replications: 5, seed: 11 });
      models++;
      const e = {
        mean: err(a.latency.mean, s.latency.mean),
        p99: err(a.latency.p99, s.latency.p99),
        drop: s.dropRate >= 0.001 ? err(a.dropRate, s.dropRate) : null,
      };
      errs.mean.push(e.mean);
      errs.p99.push(e.p99);
      errs.drop.push(e.drop);
      details.push({ method, upTo, x, errors: e });
      if (process.env.VERBOSE) process.stderr.write(`  x=${x.toFixed(3)} ${JSON.stringify({ stage: model.stages[0], arrivalScv: model.workload })} mean ${e.mean?.toFixed(3)} p99 ${e.p99?.toFixed(3)}\n`);
    }
    // A figure the method gets exactly is 0 by construction; a measured band is at least 0.001 (the resolution
    // of the measurement: 0 would read as exact).
    const exact = METHODS[method]?.exact ?? [];
    const band = (figure: 'mean' | 'p99' | 'dropRate', xs: (number | null)[]) => {
      if (exact.includes(figure)) return 0;
      const w = worst(xs);
      return w === null ? null : Math.max(0.001, w);
    };
    measured.push({ method, upTo, mean: band('mean', errs.mean), p99: band('p99', errs.p99), dropRate: band('dropRate', errs.drop), models });
    // The measured worst even where the band is 0 by construction: an exact method's check.
    process.stderr.write(`${method} ≤ ${upTo}: ${JSON.stringify(measured.at(-1))} measured worst mean ${worst(errs.mean)}, p99 ${worst(errs.p99)}\n`);
    lower = upTo;
  });
}

const fmt = (x: number | null) => (x === null ? 'null' : x === Infinity ? 'Infinity' : String(x));
const keep = ACCURACY_BANDS.filter((row) => !measured.some((m) => m.method === row.method));
const rows = [...keep, ...measured].map(
  (row) => `  { method: '${row.method}', upTo: ${fmt(row.upTo)}, mean: ${fmt(row.mean)}, p99: ${fmt(row.p99)}, dropRate: ${fmt(row.dropRate)}, models: ${row.models} },`,
);
const table = `// BEGIN GENERATED BANDS (bench/accuracy-bands.ts)\nexport const ACCURACY_BANDS: readonly BandRow[] = [\n${rows.join('\n')}\n];\n// END GENERATED BANDS`;
if (flag('--write')) {
  const file = new URL('../src/analytic/accuracy-bands.ts', import.meta.url);
  const text = readFileSync(file, 'utf8');
  writeFileSync(file, text.replace(/\/\/ BEGIN GENERATED BANDS[\s\S]*\/\/ END GENERATED BANDS/, table));
} else process.stdout.write(`${table}\n`);
