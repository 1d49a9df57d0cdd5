/**
 * `npx tsx bench/accuracy.ts`: analysis against simulation on every shipped model at ρ = 0.5, 0.7, 0.9 of
 * the bottleneck's capacity, printed as the Markdown table in README "Analytic methods". Error is
 * analytic / simulated − 1; the simulated mean carries its 95 % half-width.
 */
import { readdirSync } from 'node:fs';
import { analyze, capacity, loadModel, simulate, withArrivalRate } from '../src/index.ts';

const pct = (x: number) => `${x >= 0 ? '' : '-'}${Math.abs(100 * x).toFixed(1)}%`;
const ms = (x: number) => (1000 * x).toFixed(3);

const rows = ['| model | ρ | sim mean (ms, ± 95 %) | mean error | sim p99 (ms) | p99 error |', '|---|---|---|---|---|---|'];
for (const file of readdirSync(new URL('../models/', import.meta.url)).filter((f) => f.endsWith('.yaml')).sort()) {
  const model = loadModel(new URL(`../models/${file}`, import.meta.url).pathname);
  if (model.workload.kind !== 'open') continue;
  const saturation = capacity(model).maxThroughput;
  if (saturation === null) continue;
  for (const rho of [0.5, 0.7, 0.9]) {
    const at = withArrivalRate(model, rho * saturation);
    const a = analyze(at);
    const s = simulate(at, { requests: 200_000, replications: 4, seed: 7 });
    if (!a.stable || a.latency.mean === null || s.latency.mean === null || a.latency.p99 === null || s.latency.p99 === null) {
      rows.push(`| ${model.name} | ${rho} | — | unstable | — | — |`);
      continue;
    }
    rows.push(
      `| ${model.name} | ${rho} | ${ms(s.latency.mean)} ± ${ms(s.ci.mean ?? 0)} | ${pct(a.latency.mean / s.latency.mean - 1)} | ${(1000 * s.latency.p99).toFixed(2)} | ${pct(a.latency.p99 / s.latency.p99 - 1)} |`,
    );
  }
}
process.stdout.write(`${rows.join('\n')}\n`);
