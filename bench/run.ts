/**
 * `npm run bench`: every benchmark in one process, one JSON document on stdout. Figures from the same run
 * on the same machine, so ratios (e.g. the fast engine against a hand-written loop) are honest.
 * Each part lives beside its owner: analytic.ts, sim.ts, plan.ts.
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';

type Bench = () => Record<string, unknown> | Promise<Record<string, unknown>>;

const parts: Array<[name: string, file: string, exportName: string]> = [
  ['analytic', './analytic.ts', 'benchAnalytic'],
  ['simulation', './sim.ts', 'benchSimulation'],
  ['plan', './plan.ts', 'benchPlan'],
  ['planScale', './plan-scale.ts', 'benchPlanScale'],
  ['closedScale', './closed-scale.ts', 'benchClosedScale'],
  // These two run the compiled package (dist/: `npm run bench` builds it first) in child processes.
  ['startup', './startup.ts', 'benchStartup'],
  ['parallel', './parallel.ts', 'benchParallel'],
  ['recursion', './recursion.ts', 'benchRecursion'],
  ['distributed', './distributed.ts', 'benchDistributed'],
];

const only = process.argv.slice(2);
const report: Record<string, unknown> = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  date: new Date().toISOString(),
};
for (const [name, file, exportName] of parts) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (!existsSync(new URL(file, import.meta.url))) continue;
  process.stderr.write(`bench: ${name}...\n`);
  const module = (await import(file)) as Record<string, Bench>;
  report[name] = await module[exportName]!();
}
report.peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
