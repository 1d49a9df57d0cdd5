/**
 * Planning speed: a plan of the default model at 3x traffic (p99 SLO, so every evaluation inverts a
 * transform), its headroom bisection alone, and a 20 × 3 sweep. Median of several runs after a warm-up;
 * `evaluations` says how many analytic solutions one plan needs, so a slower plan can be told apart from a
 * slower analyze().
 */
import { loadModel } from '../src/model/load.ts';
import { analyze } from '../src/analytic/analyze.ts';
import { headroom } from '../src/plan/headroom.ts';
import { plan } from '../src/plan/plan.ts';
import { sweep } from '../src/plan/sweep.ts';

function medianMs(runs: number, work: () => void): number {
  work(); // warm-up: JIT and caches
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Number(times[Math.floor(times.length / 2)]!.toFixed(3));
}

export function benchPlan(): Record<string, unknown> {
  const model = loadModel(new URL('../models/seda-https-json.yaml', import.meta.url).pathname);
  const target = model.workload.kind === 'open' ? model.workload.arrivalRatePerSecond * 3 : 6000;
  const result = plan(model, { targetRate: target });
  const evaluationMs = medianMs(20, () => analyze(model));
  return {
    model: model.name,
    targetRate: target,
    threadsBefore: result.totals.threadsBefore,
    threadsAfter: result.totals.threadsAfter,
    p99After: result.after?.summary.p99 ?? null,
    evaluations: result.evaluations,
    planMs: medianMs(7, () => plan(model, { targetRate: target })),
    planWithoutHeadroomMs: medianMs(7, () => plan(model, { targetRate: target, headroom: false })),
    headroomMs: medianMs(7, () => headroom(model)),
    sweep60PointsMs: medianMs(5, () =>
      sweep(model, { parameter: 'rate', from: 500, to: 12000, steps: 20, second: { parameter: 'threads:process', values: [16, 32, 64] } }),
    ),
    analyzeWithPercentilesMs: evaluationMs,
  };
}
