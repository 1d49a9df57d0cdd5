/**
 * The departure-recursion engine against the event engine and the hand-written loop (bench/sim.ts) on the
 * six-stage reference model: CPU seconds in the same process, rounds interleaved, best of three each, and the
 * heap before and after a 4M-request run (the recursion keeps only requests in flight, so its memory does not
 * grow with the run). Every run covers the same requests: 1M measured after a warm-up of 100k.
 */
import { loadavg } from 'node:os';
import { parseModel } from '../src/model/load.ts';
import { simulate } from '../src/sim/simulate.ts';
import { handWrittenLoop, referenceModelYaml } from './sim.ts';

function cpuSeconds(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

const REQUESTS = 1_000_000;
const WARMUP = REQUESTS / 10;

export function benchRecursion(): Record<string, unknown> {
  const model = parseModel(referenceModelYaml());
  const runs = {
    handWritten: () => handWrittenLoop(REQUESTS + WARMUP, 1),
    fast: () => simulate(model, { engine: 'fast', requests: REQUESTS, warmup: WARMUP, replications: 1, seed: 1 }),
    recursion: () => simulate(model, { engine: 'recursion', requests: REQUESTS, warmup: WARMUP, replications: 1, seed: 1 }),
  };
  const loadBefore = loadavg()[0]!;
  const best = { handWritten: Infinity, fast: Infinity, recursion: Infinity };
  for (let round = 0; round < 3; round++) {
    for (const name of ['handWritten', 'fast', 'recursion'] as const) best[name] = Math.min(best[name], cpuSeconds(runs[name]));
  }
  const loadAfter = loadavg()[0]!;
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const long = simulate(model, { engine: 'recursion', requests: 4_000_000, replications: 1, seed: 2 });
  const heapAfter = process.memoryUsage().heapUsed;
  const round2 = (x: number) => Number(x.toFixed(2));
  return {
    model: 'six-stage reference (bench/sim.ts), 1M requests after 100k warm-up, one replication',
    cpuSecondsFor1MRequests: {
      handWritten: round2(best.handWritten),
      fast: round2(best.fast),
      recursion: round2(best.recursion),
    },
    recursionToFast: round2(best.fast / best.recursion),
    recursionTarget: '≥ 3',
    fastToHandWritten: round2(best.handWritten / best.fast),
    fastToHandWrittenTarget: '≥ 0.55',
    loadAverage1m: [round2(loadBefore), round2(loadAfter)],
    heapGrowthMBOver4MRequests: Number(((heapAfter - heapBefore) / 2 ** 20).toFixed(1)),
    meanLatency4M: long.latency.mean,
  };
}
