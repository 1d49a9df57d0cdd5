/**
 * Parallel replications: wall time of simulateAsync on the compiled package (dist/, as the CLI and
 * `import 'reqpath'` run it) on one thread and with the default workers, for 10M and for 200k requests in all
 * (5 replications) on the six-stage reference model; the speed-up is the ratio, measured in the same run.
 * Each measurement runs in its own Node process so one cannot warm the other. Also a sweep of 8 points by
 * simulation, point by point vs on worker threads (simulateMany). Wall-time speed-ups need a quiet machine;
 * the CPU overhead of the workers (CPU with workers / CPU on one thread) does not, and is reported beside them.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { referenceModelYaml } from './sim.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Timing {
  /** Wall time. */
  readonly seconds: number;
  /** CPU time of the whole process, worker threads included. */
  readonly cpuSeconds: number;
  readonly json: string;
}

function timed(body: string): Timing {
  const script = `
    import { parseModel, simulateAsync, sweepBySimulation } from 'reqpath';
    const model = parseModel(${JSON.stringify(referenceModelYaml())});
    const started = performance.now();
    const cpu = process.cpuUsage();
    const result = await (async () => { ${body} })();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const { eventsPerSecond, ...rest } = result;
    console.log(JSON.stringify({ seconds, cpuSeconds: (used.user + used.system) / 1e6, json: JSON.stringify(rest) }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Timing;
}

function speedUp(requestsPerReplication: number): Record<string, unknown> {
  const options = `{ requests: ${requestsPerReplication}, replications: 5, seed: 1, warmup: 0 }`;
  const single = timed(`return simulateAsync(model, { ...${options}, workers: 1 });`);
  const parallel = timed(`return simulateAsync(model, ${options});`);
  return {
    requests: 5 * requestsPerReplication,
    oneThreadSeconds: round(single.seconds),
    workersSeconds: round(parallel.seconds),
    speedUp: round(single.seconds / parallel.seconds),
    // Wall-time speed-up depends on what else the machine runs; the CPU the workers add does not.
    cpuOverhead: round(parallel.cpuSeconds / single.cpuSeconds),
    sameJson: single.json === parallel.json,
  };
}

export function benchParallel(): Record<string, unknown> {
  // 8 points of 5 × 100k requests (4M in all: above simulateMany's 2M threshold).
  const sweep = (threads: number) =>
    timed(`return sweepBySimulation(model, { parameter: 'rate', from: 200, to: 900, steps: 8 }, { requests: 100000, replications: 5, seed: 1 }, { threads: ${threads} });`);
  const sweepOne = sweep(1);
  const sweepMany = sweep(2);
  return {
    model: 'six-stage reference (bench/sim.ts), 5 replications, warm-up 0',
    loadAverageBefore: Math.round(loadavg()[0]! * 100) / 100,
    tenMillion: speedUp(2_000_000),
    twoHundredThousand: speedUp(40_000),
    sweep8Points: {
      oneThreadSeconds: round(sweepOne.seconds),
      workersSeconds: round(sweepMany.seconds),
      speedUp: round(sweepOne.seconds / sweepMany.seconds),
      cpuOverhead: round(sweepMany.cpuSeconds / sweepOne.cpuSeconds),
      sameJson: sweepOne.json === sweepMany.json,
    },
    loadAverageAfter: Math.round(loadavg()[0]! * 100) / 100,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(benchParallel(), null, 2)}\n`);
}
