/**
 * `npx tsx bench/fallback-time.ts [--seed 1] [--count 300] [--ids 1-2,1-71]`: what the public analyze's
 * simulation fallback costs (issue 12: "any simulation fallback under 2 s"). CPU time (process.cpuUsage, so a
 * loaded machine does not inflate it) of the default model's analysis and of every harness model that falls
 * back, with the events spent and the relative half-widths reached. Run it under `nice -n 10`, alone.
 */
import { analyze } from '../src/solve/analyze.ts';
import { analyze as analyzeAnalytic } from '../src/analytic/analyze.ts';
import { fallbackRouting } from '../src/analytic/accuracy.ts';
import { loadModel } from '../src/model/load.ts';
import type { Model } from '../src/model/types.ts';
import { randomModels } from '../test/helpers/random-models.ts';
import { benchArgs } from './args.ts';

const { option } = benchArgs();
const seed = Number(option('--seed', '1'));
const count = Number(option('--count', '300'));
const ids = option('--ids', '').split(',').filter(Boolean);

function cpuSeconds(run: () => unknown): { seconds: number; value: unknown } {
  const before = process.cpuUsage();
  const value = run();
  const used = process.cpuUsage(before);
  return { seconds: (used.user + used.system) / 1e6, value };
}

const defaultModel = loadModel('models/seda-https-json.yaml');
analyze(defaultModel);
const reps = 200;
const d = cpuSeconds(() => {
  for (let i = 0; i < reps; i++) analyze(defaultModel);
});
process.stdout.write(`default model (seda-https-json): ${((1000 * d.seconds) / reps).toFixed(3)} ms CPU per analyze (${reps} runs)\n`);

const times: number[] = [];
for (const rm of randomModels(count, seed)) {
  if (ids.length > 0 && !ids.includes(rm.id)) continue;
  const model: Model = rm.model;
  const a = analyzeAnalytic(model);
  if (fallbackRouting(a) === null && a.stable) continue;
  const { seconds, value } = cpuSeconds(() => analyze(model));
  const r = value as ReturnType<typeof analyze>;
  const note = r.notes.find((n) => n.startsWith('simulated:') || n.startsWith('not simulated:'));
  if (note === undefined) continue;
  times.push(seconds);
  const how = /\(([a-z]+ engine, [^;]*); (95% half-widths[^)]*\))/.exec(note);
  process.stdout.write(`${rm.id} ρ ${rm.rho}: ${seconds.toFixed(2)} s CPU  ${how ? `${how[1]}; ${how[2]}` : note.slice(0, 90)}\n`);
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]?.toFixed(2);
process.stdout.write(`${times.length} fallbacks: CPU median ${q(0.5)} s, p90 ${q(0.9)} s, max ${q(1)} s\n`);
