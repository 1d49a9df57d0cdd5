/**
 * What-if: what does TLS, or a bigger JSON body, cost me?
 *
 *   npx tsx notebooks/tls-json-cost.ts [model.yaml]      (or: npx deno run -A notebooks/tls-json-cost.ts)
 *
 * Scales the mean service time of `decrypt` (record decryption: cipher, AES-NI or not, record size) and of
 * `decode` (JSON.parse grows roughly linearly with body size) and prints what each costs in latency and in
 * capacity, at the configured rate and at 1.3× it (the default model's bottleneck then runs at 91 %). Extra
 * service time costs its own length at light load; near a pool's saturation the queue multiplies it (the wait
 * grows like 1/(1 − ρ)), and past it the model is unstable ("∞").
 */
import { fileURLToPath } from 'node:url';
import { analyze, loadModel, withArrivalRate, withServiceMean, type Model } from '../src/index.ts';
import { percent, rate, table, time } from './lib/table.ts';

const path = process.argv[2] ?? fileURLToPath(new URL('../models/seda-https-json.yaml', import.meta.url));
const model = loadModel(path);
if (model.workload.kind !== 'open') throw new Error('this script needs an open workload (arrivalRate)');
const baseRate = model.workload.arrivalRatePerSecond;
const SURGE = 1.3;

function costTable(stageName: string, factors: readonly number[]): string {
  const stage = model.stages.find((s) => s.name === stageName);
  if (!stage) return `(no stage named ${stageName} in ${model.name})`;
  const rows = factors.map((factor) => {
    const edited: Model = withServiceMean(model, stageName, factor * stage.service.meanSeconds);
    const now = analyze(edited);
    const busier = analyze(withArrivalRate(edited, SURGE * baseRate));
    const util = busier.stages.find((s) => s.name === stageName)?.utilization ?? null;
    return [
      `${factor}×`,
      time(factor * stage.service.meanSeconds),
      time(now.latency.mean),
      time(now.latency.p99),
      time(busier.latency.p99),
      busier.stable ? percent(util) : `overloaded`,
      rate(now.maxThroughput),
      now.bottleneck ?? '—',
    ];
  });
  const atSurge = rate(SURGE * baseRate);
  return table(['scale', `${stageName} mean`, 'mean', 'p99', `p99 @${atSurge}`, `util @${atSurge}`, 'saturates at', 'bottleneck'], rows);
}

console.log(`${model.name} at ${rate(baseRate)} (and at ${SURGE}× = ${rate(SURGE * baseRate)})\n`);
console.log('TLS record decryption (0.5× ≈ AES-NI with small records, 2×-4× ≈ larger records or no AES-NI):');
console.log(costTable('decrypt', [0.5, 1, 2, 4]));
console.log('\nJSON decode (body size 1×, 2×, 3×, 4×):');
console.log(costTable('decode', [1, 2, 3, 4]));
