/**
 * `npm run accuracy`: `analyze` against long simulations on seeded random models spread over the whole model
 * space, tables by feature and by method, JSON in bench/accuracy.json, and README "Known limits" rewritten
 * from it.
 *
 *   npm run accuracy                       # 300 models; simulations cached in the JSON, so a rerun only
 *                                          # re-analyses (and simulates what changed or is missing)
 *   npm run accuracy -- --limit 40         # simulate at most 40 missing models this run (resumable)
 *   npm run accuracy -- --quick            # short simulations, into a temporary file: for development
 *   npm run accuracy -- --feature closed   # only the models with that feature (README left alone)
 *   npm run accuracy -- --count 400 --seed 1 --out bench/accuracy.json --fresh --no-readme
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomModels } from '../test/helpers/random-models.ts';
import { analyseModel, errors, holds } from './accuracy/compare.ts';
import { FULL, measure, QUICK, type SimSettings } from './accuracy/measure.ts';
import { knownLimitsSection, rewriteReadme, type AccuracyReport, type ModelReport } from './accuracy/report.ts';
import { byFeature, byMethod, textTable } from './accuracy/table.ts';
import { entries } from './accuracy/report.ts';

interface Options {
  count: number;
  seed: number;
  limit: number;
  quick: boolean;
  fresh: boolean;
  readme: boolean;
  out: string;
  feature: string | null;
}

const COMMITTED = 'bench/accuracy.json';

function parseArgs(argv: readonly string[]): Options {
  const o: Options = { count: 300, seed: 1, limit: Infinity, quick: false, fresh: false, readme: true, out: '', feature: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--count') o.count = Number(next());
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--limit') o.limit = Number(next());
    else if (a === '--quick') o.quick = true;
    else if (a === '--fresh') o.fresh = true;
    else if (a === '--no-readme') o.readme = false;
    else if (a === '--out') o.out = next();
    else if (a === '--feature') o.feature = next();
    else throw new Error(`unknown option ${a}`);
  }
  if (o.out === '') o.out = o.quick || o.feature !== null ? join(tmpdir(), `reqpath-accuracy${o.quick ? '-quick' : ''}.json`) : COMMITTED;
  // Only the full run over the committed file may rewrite the README.
  if (o.quick || o.feature !== null || o.out !== COMMITTED) o.readme = false;
  return o;
}

function simKey(file: unknown, settings: SimSettings): string {
  return createHash('sha256').update(JSON.stringify({ file, settings })).digest('hex').slice(0, 16);
}

function write(path: string, report: AccuracyReport): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(report, null, 1)}\n`);
  renameSync(tmp, path);
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const settings = o.quick ? QUICK : FULL;
  const cached = new Map<string, ModelReport>();
  // Simulations are reused from the committed report and from the output file (a run resumed).
  for (const path of o.fresh ? [] : [COMMITTED, o.out]) {
    if (!existsSync(path)) continue;
    const old = JSON.parse(readFileSync(path, 'utf8')) as AccuracyReport;
    for (const m of old.models) cached.set(m.simKey, m);
  }
  const models = randomModels(o.count, o.seed).filter((m) => o.feature === null || m.features.includes(o.feature));
  const done: ModelReport[] = [];
  let simulated = 0;
  let pending = 0;
  const started = performance.now();
  for (const rm of models) {
    const key = simKey(rm.file, settings);
    let sim = cached.get(key)?.sim;
    if (sim === undefined) {
      if (simulated >= o.limit) {
        pending++;
        continue;
      }
      sim = await measure(rm.model, settings);
      simulated++;
      process.stderr.write(
        `${rm.id}: ${sim.requests * sim.replications} requests in ${sim.seconds.toFixed(1)} s (${simulated} simulated, ${((performance.now() - started) / 1000).toFixed(0)} s so far)\n`,
      );
    }
    const analytic = analyseModel(rm.model);
    const e = errors(analytic, sim);
    done.push({ id: rm.id, rho: rm.rho, features: rm.features, file: rm.file, simKey: key, sim, analytic, errors: e, holds: holds(e) });
    if (sim !== cached.get(key)?.sim) write(o.out, { generator: { seed: o.seed, count: o.count }, settings, models: done });
  }
  const report: AccuracyReport = { generator: { seed: o.seed, count: o.count }, settings, models: done };
  write(o.out, report);
  const all = entries(report);
  process.stdout.write(
    `analyze against simulation: ${all.filter((e) => e.holds).length} of ${all.length} models hold (mean, p99 ≤ 5 %, drops ≤ 10 %); ${all.filter((e) => e.holdsWithinNoise).length} with the reference's 95 % half-width allowed\n\n`,
  );
  process.stdout.write(`${textTable(byFeature(all))}\n\n${textTable(byMethod(all), 'method')}\n\n`);
  process.stdout.write(`JSON: ${o.out}${pending > 0 ? ` (${pending} models not simulated yet: run again to continue)` : ''}\n`);
  if (o.readme && pending === 0) {
    const readme = readFileSync('README.md', 'utf8');
    const next = rewriteReadme(readme, knownLimitsSection(report));
    if (next !== readme) {
      writeFileSync('README.md', next);
      process.stdout.write('README.md: Known limits rewritten\n');
    }
  }
}

await main();
