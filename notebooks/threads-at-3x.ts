/**
 * What-if: how many threads do I need at 3× today's traffic?
 *
 *   npx tsx notebooks/threads-at-3x.ts [model.yaml] [growth]      (or: npx deno run -A notebooks/threads-at-3x.ts)
 *
 * Three answers side by side at the target rate: the current sizing, the fewest threads that meet the model's
 * SLO (reqpath's planner), and the fewest that also keep every pool under 70 % busy, which leaves room for
 * the next surge. Each pool must at least cover its offered load in threads, a = λ·v·S (Little's law on the
 * servers); the SLO and the utilisation ceiling decide how much above that.
 */
import { fileURLToPath } from 'node:url';
import { analyze, capacity, headroom, loadModel, plan, threadsByPool, withArrivalRate, withThreads } from '../src/index.ts';
import { percent, rate, table, time } from './lib/table.ts';

const path = process.argv[2] ?? fileURLToPath(new URL('../models/seda-https-json.yaml', import.meta.url));
const growth = Number(process.argv[3] ?? 3);
const model = loadModel(path);
if (model.workload.kind !== 'open') throw new Error('this script needs an open workload (arrivalRate)');
const targetRate = growth * model.workload.arrivalRatePerSecond;

const fewest = plan(model, { targetRate });
const roomy = plan(model, { targetRate, slo: { maxUtilization: 0.7 } });

console.log(`${model.name}: ${rate(model.workload.arrivalRatePerSecond)} today, sizing for ${growth}× = ${rate(targetRate)}`);
const sloText = Object.entries(fewest.slo)
  .map(([k, v]) => (k.endsWith('Seconds') ? `${k.replace('Seconds', '')} ≤ ${time(v)}` : `${k} ${v}`))
  .join(', ');
console.log(`SLO: ${sloText || '(none in the model: only stability)'}\n`);

/**
 * Offered load in threads, a = λ·D_p (D_p = Σ v·S over the pool's stages), next to each sizing. Not the
 * utilisation at the target: a pool past saturation is busy 100 % of the time however much is offered.
 */
const { demandSeconds } = capacity(model);
const poolRows = fewest.pools
  .filter((p) => p.role !== 'delay')
  .map((p) => {
    const offered = targetRate * demandSeconds[model.pools.findIndex((q) => q.name === p.name)]!;
    const roomyPool = roomy.pools.find((q) => q.name === p.name);
    return [
      p.name,
      offered === null ? '∞' : offered.toFixed(2),
      p.before.threads,
      percent(p.before.utilization),
      p.after?.threads ?? '—',
      percent(p.after?.utilization ?? null),
      roomyPool?.after?.threads ?? '—',
      percent(roomyPool?.after?.utilization ?? null),
    ];
  });
console.log(table(['pool', 'offered (threads)', 'now', 'util', 'fewest', 'util', '≤70% busy', 'util'], poolRows));

/** A sizing (threads per pool) at the target rate: p99, busiest pool, saturation, and how far the SLO holds. */
function sizingRow(label: string, threads: Readonly<Record<string, number>> | null) {
  if (threads === null) return [label, '—', '—', '—', '—', '—'];
  const sized = Object.entries(threads).reduce((m, [pool, c]) => withThreads(m, pool, c), withArrivalRate(model, targetRate));
  const r = analyze(sized);
  const busiest = Math.max(...r.pools.map((p) => (p.threads === 'infinite' ? 0 : (p.utilization ?? 1))));
  // Headroom against the model's own SLO (not the 70 % ceiling): the growth this sizing absorbs past the target.
  const h = headroom(sized);
  const total = Object.values(threads).filter(Number.isFinite).reduce((a, b) => a + b, 0);
  return [label, total, time(r.latency.p99), percent(busiest), rate(r.maxThroughput), `${h.multiple.toFixed(2)}× target`];
}
console.log('');
console.log(
  table(
    ['sizing', 'threads', `p99 @${rate(targetRate)}`, 'busiest pool', 'saturates at', 'SLO holds up to'],
    [
      sizingRow('current', threadsByPool(model)),
      sizingRow('fewest meeting SLO', fewest.threads),
      sizingRow('fewest, every pool ≤70% busy', roomy.threads),
    ],
  ),
);
if (roomy.feasible) console.log(`\napply with: ${roomy.overrides.map((o) => `--set ${o}`).join(' ')}`);
for (const bound of [...fewest.infeasible, ...roomy.infeasible]) console.log(`infeasible: ${bound.reason}`);
