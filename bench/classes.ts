/**
 * `npx tsx bench/classes.ts [reentry|bursty|distributions] [--count N] [--refresh]`: analysis against long
 * simulations of the fast engine on seeded random models of one class of issue 12 (3: re-entered stages with
 * any service distribution; 5: bursty or smooth arrivals through tandems; 6: every service distribution),
 * printing worst and median errors of the mean and p99. Simulations are cached in bench/.cache/ keyed by the
 * model, so a change to the analysis is re-measured in seconds (`--cached`: only models already simulated). Each simulation runs until the 95 % half-width
 * of p99 is within 1 % (or a cap, reported).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseModel } from '../src/model/load.ts';
import { analyze } from '../src/analytic/analyze.ts';
import { simulate } from '../src/sim/simulate.ts';
import { benchArgs } from './args.ts';
import { mulberry32 } from './mulberry32.ts';

type Dist = { distribution: string; scv?: number; k?: number };


const DISTS = ['exponential', 'deterministic', 'erlang', 'gamma', 'lognormal', 'hyperexponential', 'uniform'];

function randomDist(r: () => number, name = DISTS[Math.floor(r() * DISTS.length)]!): Dist {
  const logU = (lo: number, hi: number) => lo * Math.pow(hi / lo, r());
  switch (name) {
    case 'erlang':
      return { distribution: name, k: 1 + Math.floor(r() * 8) };
    case 'gamma':
      return { distribution: name, scv: logU(0.1, 4) };
    case 'lognormal':
      return { distribution: name, scv: logU(0.25, 4) };
    case 'hyperexponential':
      return { distribution: name, scv: logU(1.2, 4) };
    case 'uniform':
      return { distribution: name, scv: logU(0.05, 1 / 3) };
    default:
      return { distribution: name };
  }
}

const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;

interface StageSpec extends Dist {
  rho: number;
  threads: number;
  visits: number;
}

function modelDoc(name: string, arrivalScv: number, stages: StageSpec[]) {
  const rate = 1000;
  return {
    name,
    workload: { arrivalRate: rate, arrivalScv },
    stages: stages.map((s, i) => {
      const serviceSeconds = (s.rho * s.threads) / (rate * s.visits);
      const { rho: _rho, ...rest } = s;
      return { name: `s${i}`, service: `${(serviceSeconds * 1e6).toPrecision(6)}us`, ...rest };
    }),
  };
}

export function generate(kind: string, count: number, seed = 12): object[] {
  const r = mulberry32(seed * 7919 + kind.length);
  const docs: object[] = [];
  for (let i = 0; i < count; i++) {
    const stages: StageSpec[] = [];
    if (kind === 'reentry') {
      const n = 1 + Math.floor(r() * 3);
      const at = Math.floor(r() * n);
      for (let j = 0; j < n; j++) {
        if (j === at) stages.push({ ...randomDist(r), rho: 0.1 + 0.85 * r(), threads: pick(r, [1, 1, 1, 2, 4]), visits: 1.2 + 2.8 * r() });
        else stages.push({ ...randomDist(r, 'exponential'), rho: 0.1 + 0.6 * r(), threads: pick(r, [1, 2, 4]), visits: 1 });
      }
      docs.push(modelDoc(`reentry-${i}`, 1, stages));
    } else if (kind === 'bursty') {
      const n = 2 + Math.floor(r() * 7);
      for (let j = 0; j < n; j++) stages.push({ ...randomDist(r), rho: 0.1 + 0.85 * r(), threads: pick(r, [1, 1, 2, 4, 8]), visits: 1 });
      docs.push(modelDoc(`bursty-${i}`, 0.25 * Math.pow(16, r()), stages));
    } else {
      const n = 1 + Math.floor(r() * 2);
      for (let j = 0; j < n; j++) stages.push({ ...randomDist(r), rho: 0.1 + 0.85 * r(), threads: pick(r, [1, 1, 2, 4]), visits: 1 });
      docs.push(modelDoc(`dist-${i}`, 1, stages));
    }
  }
  return docs;
}

interface SimFigures {
  mean: number;
  p99: number;
  ciMean: number;
  ciP99: number;
  requests: number;
}

function simulated(doc: object, cacheDir: string, refresh: boolean, cachedOnly = false): SimFigures | null {
  const key = JSON.stringify(doc);
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  const file = `${cacheDir}/${(hash >>> 0).toString(16)}.json`;
  if (!refresh && existsSync(file)) {
    const hit = JSON.parse(readFileSync(file, 'utf8')) as { key: string; sim: SimFigures };
    if (hit.key === key) return hit.sim;
  }
  if (cachedOnly) return null;
  const model = parseModel(key);
  let requests = 40_000;
  let sim: SimFigures;
  for (;;) {
    const s = simulate(model, { requests, replications: 10, seed: 11 });
    sim = { mean: s.latency.mean!, p99: s.latency.p99!, ciMean: s.ci.mean!, ciP99: s.ci.p99!, requests };
    if (sim.ciP99 <= 0.01 * sim.p99 || requests >= MAX_REQUESTS) break;
    const factor = Math.min(8, Math.max(2, Math.pow(sim.ciP99 / (0.009 * sim.p99), 2)));
    requests = Math.min(MAX_REQUESTS, Math.ceil(requests * factor));
  }
  writeFileSync(file, JSON.stringify({ key, sim }));
  return sim;
}

/** Per replication (10 replications). */
const MAX_REQUESTS = 400_000;

function main() {
  const { flag, option, words } = benchArgs();
  const kinds = words(['--count']);
  const count = Number(option('--count', '16'));
  const refresh = flag('--refresh');
  const cacheDir = new URL('./.cache', import.meta.url).pathname;
  mkdirSync(cacheDir, { recursive: true });
  const out: Record<string, unknown> = {};
  for (const kind of kinds.length > 0 ? kinds : ['reentry', 'bursty', 'distributions']) {
    const rows: Array<{ name: string; mean: number; p99: number; ci: number; doc: object }> = [];
    for (const doc of generate(kind, count)) {
      const sim = simulated(doc, cacheDir, refresh, flag('--cached'));
      if (!sim) continue;
      const a = analyze(parseModel(JSON.stringify(doc)));
      const row = {
        name: (doc as { name: string }).name,
        mean: a.latency.mean! / sim.mean - 1,
        p99: a.latency.p99! / sim.p99 - 1,
        ci: sim.ciP99 / sim.p99,
        doc,
      };
      rows.push(row);
      if (flag('--verbose')) process.stderr.write(`${row.name} mean ${pct(row.mean)} p99 ${pct(row.p99)} (ci ${pct(row.ci)}) ${JSON.stringify((doc as { stages: unknown }).stages)} scv ${JSON.stringify((doc as { workload: unknown }).workload)}\n`);
    }
    const summary = (xs: number[]) => {
      const abs = xs.map(Math.abs).sort((a, b) => a - b);
      const worstAt = xs.map(Math.abs).indexOf(abs[abs.length - 1]!);
      return { worst: xs[worstAt]!, median: abs[Math.floor(abs.length / 2)]!, within5: abs.filter((x) => x <= 0.05).length };
    };
    const m = summary(rows.map((r) => r.mean));
    const p = summary(rows.map((r) => r.p99));
    out[kind] = { models: rows.length, mean: m, p99: p, maxCiP99: Math.max(...rows.map((r) => r.ci)) };
    process.stdout.write(
      `${kind}: ${rows.length} models; mean worst ${pct(m.worst)} median ${pct(m.median)} within 5% ${m.within5}; p99 worst ${pct(p.worst)} median ${pct(p.median)} within 5% ${p.within5}; p99 CI ≤ ${pct(Math.max(...rows.map((r) => r.ci)))}\n`,
    );
  }
  if (flag('--json')) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

if (import.meta.url === `file://${process.argv[1]}`) main();
