/**
 * What-if: one shared accept queue, or SO_REUSEPORT (a queue per worker)?
 *
 *   npx tsx notebooks/shared-vs-reuseport.ts      (or: npx deno run -A notebooks/shared-vs-reuseport.ts)
 *
 * models/nginx-shared-accept.yaml and models/nginx-reuseport.yaml do the same work on 8 workers and differ
 * only in dispatch. Shared: one queue, any free worker takes the next request (G/G/8). Reuseport: the kernel
 * hashes each connection to a worker, so there are 8 queues of λ/8 each (8 × G/G/1), and a request can wait
 * behind a busy worker while another idles. Same capacity, different waits: the script prints p50 and p99
 * of both from 30% to 95% of saturation, then checks the approximation (Allen–Cunneen) by simulation at 90%.
 */
import { fileURLToPath } from 'node:url';
import { analyze, loadModel, simulate, withArrivalRate } from '../src/index.ts';
import { percent, rate, table, time } from './lib/table.ts';

const file = (name: string) => fileURLToPath(new URL(`../models/${name}.yaml`, import.meta.url));
const shared = loadModel(file('nginx-shared-accept'));
const reuseport = loadModel(file('nginx-reuseport'));

const saturation = analyze(shared).maxThroughput;
if (saturation === null) throw new Error('the nginx models should saturate');
console.log(`${shared.name} vs ${reuseport.name}: both saturate at ${rate(saturation)}`);

const rows = [0.3, 0.5, 0.7, 0.8, 0.9, 0.95].map((share) => {
  const ratePerSecond = share * saturation;
  const a = analyze(withArrivalRate(shared, ratePerSecond));
  const b = analyze(withArrivalRate(reuseport, ratePerSecond));
  const waitA = a.pools.find((p) => p.name === 'workers')?.meanWait ?? null;
  const waitB = b.pools.find((p) => p.name === 'workers')?.meanWait ?? null;
  const ratio = a.latency.p99 === null || b.latency.p99 === null ? '—' : `${(b.latency.p99 / a.latency.p99).toFixed(2)}×`;
  return [
    percent(share),
    rate(ratePerSecond),
    time(waitA),
    time(waitB),
    time(a.latency.p50),
    time(b.latency.p50),
    time(a.latency.p99),
    time(b.latency.p99),
    ratio,
  ];
});
console.log(
  table(['load', 'rate', 'wait shared', 'wait reuseport', 'p50 shared', 'p50 reuseport', 'p99 shared', 'p99 reuseport', 'p99 ratio'], rows),
);
console.log('\nwait = mean wait for a worker per visit; a request visits its worker twice (before and after upstream).');

// Allen–Cunneen is an approximation: simulate both at 90% of saturation (4 seeded replications of 50k requests).
const checks = ([['shared accept', shared], ['SO_REUSEPORT', reuseport]] as const).map(([label, m]) => {
  const at90 = withArrivalRate(m, 0.9 * saturation);
  const analytic = analyze(at90);
  const simulated = simulate(at90, { requests: 50_000, replications: 4, seed: 1 });
  return [
    label,
    time(analytic.latency.mean),
    `${time(simulated.latency.mean)} ± ${time(simulated.ci.mean)}`,
    time(analytic.latency.p99),
    `${time(simulated.latency.p99)} ± ${time(simulated.ci.p99)}`,
  ];
});
console.log(`\nat 90% of saturation, analysis vs simulation (± = 95% CI half-width):`);
console.log(table(['dispatch', 'mean (analysis)', 'mean (simulation)', 'p99 (analysis)', 'p99 (simulation)'], checks));
