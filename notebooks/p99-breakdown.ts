/**
 * What-if: where does my p99 come from?
 *
 *   npx tsx notebooks/p99-breakdown.ts [model.yaml]      (or: npx deno run -A notebooks/p99-breakdown.ts)
 *
 * The mean is additive over stages (linearity of expectation), so it splits exactly into each stage's wait
 * and service per request. A percentile is not additive, so the p99 is attributed by counterfactual: give one
 * pool unlimited threads (it still serves, it never queues) and see how far the end-to-end p99 falls.
 * Done at the configured load and near saturation, where queueing takes over from service.
 */
import { fileURLToPath } from 'node:url';
import { analyze, loadModel, withArrivalRate, withThreads, type Model, type Result } from '../src/index.ts';
import { percent, rate, table, time } from './lib/table.ts';

const path = process.argv[2] ?? fileURLToPath(new URL('../models/seda-https-json.yaml', import.meta.url));
const model = loadModel(path);

/** Stage rows: per-request wait and service (per-visit figures × visits) and their share of the mean. */
function breakdown(result: Result): string {
  const mean = result.latency.mean;
  const rows = result.stages.map((s) => {
    const wait = s.meanWait === null ? null : s.visits * s.meanWait;
    const service = s.meanResponse === null || s.meanWait === null ? null : s.visits * (s.meanResponse - s.meanWait);
    const share = mean === null || wait === null || service === null ? null : (wait + service) / mean;
    return [s.name, s.threads, percent(s.utilization), percent(s.probWait), time(wait), time(service), percent(share)];
  });
  return table(['stage', 'threads', 'util', 'P(wait)', 'wait/req', 'service/req', 'share of mean'], rows);
}

/**
 * End-to-end p99 with each finite pool's queueing removed in turn (threads → unlimited). Both sides of each
 * difference come from the analytic solver: near saturation `analyze` answers p99 from a seeded simulation
 * whose ±20 % there swamped the differences (a pool that never queues read 12 % slower).
 */
function p99WithoutQueueing(m: Model): string {
  const analytic = (x: Model) => analyze(x, { method: 'analytic' });
  const result = analytic(m);
  const base = result.latency.p99;
  const rows = result.pools
    .filter((p) => p.threads !== 'infinite')
    .map((p) => {
      const p99 = analytic(withThreads(m, p.name, Infinity)).latency.p99;
      const saved = base === null || p99 === null ? null : base - p99;
      return [p.name, time(p99), time(saved), base === null || saved === null ? '—' : percent(saved / base)];
    });
  return `analytic p99 ${time(base)}, with one pool's queueing removed:\n${table(['pool never queues', 'p99', 'p99 saved', 'of p99'], rows)}`;
}

const configured = analyze(model);
if (model.workload.kind !== 'open' || configured.maxThroughput === null) {
  console.log('This script compares loads of an open workload that saturates; give it such a model.');
  process.exit(0);
}
const loads = [
  { label: 'configured', ratePerSecond: model.workload.arrivalRatePerSecond },
  { label: '90% of saturation', ratePerSecond: 0.9 * configured.maxThroughput },
  { label: '98% of saturation', ratePerSecond: 0.98 * configured.maxThroughput },
];

console.log(`${model.name}: saturates at ${rate(configured.maxThroughput)} (bottleneck ${configured.bottleneck})`);
for (const load of loads) {
  const m = withArrivalRate(model, load.ratePerSecond);
  const r = analyze(m);
  console.log(`\n== ${rate(load.ratePerSecond)} (${load.label}): mean ${time(r.latency.mean)}, p99 ${time(r.latency.p99)}`);
  console.log(breakdown(r));
  console.log('');
  console.log(p99WithoutQueueing(m));
}
