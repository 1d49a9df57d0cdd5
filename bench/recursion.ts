/**
 * The departure-recursion engine against the event engine on the six-stage reference model (bench/sim.ts),
 * CPU seconds in the same process, best of three each, and the heap before and after a 4M-request run (the
 * recursion keeps only requests in flight, so its memory does not grow with the run).
 */
import { parseModel } from '../src/model/load.ts';
import { simulate } from '../src/sim/simulate.ts';
import { referenceModelYaml } from './sim.ts';

function cpuSeconds(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

export function benchRecursion(): Record<string, unknown> {
  const model = parseModel(referenceModelYaml());
  const best = (engine: 'fast' | 'recursion') =>
    Math.min(...[0, 1, 2].map(() => cpuSeconds(() => simulate(model, { engine, requests: 1_000_000, replications: 1, seed: 1 }))));
  const fast = best('fast');
  const recursion = best('recursion');
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const long = simulate(model, { engine: 'recursion', requests: 4_000_000, replications: 1, seed: 2 });
  const heapAfter = process.memoryUsage().heapUsed;
  return {
    model: 'six-stage reference (bench/sim.ts), 1M requests, one replication',
    fastCpuSeconds: fast,
    recursionCpuSeconds: recursion,
    recursionToFast: Number((fast / recursion).toFixed(2)),
    target: '≥ 3',
    heapGrowthMBOver4MRequests: Number(((heapAfter - heapBefore) / 2 ** 20).toFixed(1)),
    meanLatency4M: long.latency.mean,
  };
}
