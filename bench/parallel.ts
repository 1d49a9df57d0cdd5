/**
 * Parallel replications: wall time of simulateAsync on the compiled package (dist/, as the CLI and
 * `import 'reqpath'` run it) on one thread and with the default workers, for 10M and for 200k requests in all
 * (5 replications) on the six-stage reference model; the speed-up is the ratio, measured in the same run.
 * Each measurement runs in its own Node process so one cannot warm the other. Also a sweep of 8 points by
 * simulation, point by point vs on worker threads (simulateMany).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { referenceModelYaml } from './sim.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function timed(body: string): { seconds: number; json: string } {
  const script = `
    import { parseModel, simulateAsync, sweepBySimulation } from 'reqpath';
    const model = parseModel(${JSON.stringify(referenceModelYaml())});
    const started = performance.now();
    const result = await (async () => { ${body} })();
    const seconds = (performance.now() - started) / 1000;
    const { eventsPerSecond, ...rest } = result;
    console.log(JSON.stringify({ seconds, json: JSON.stringify(rest) }));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { seconds: number; json: string };
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
    sameJson: single.json === parallel.json,
  };
}

export function benchParallel(): Record<string, unknown> {
  const sweep = (threads: number) =>
    timed(`return sweepBySimulation(model, { parameter: 'rate', from: 200, to: 900, steps: 8 }, { requests: 20000, replications: 3, seed: 1 }, { threads: ${threads} });`);
  const sweepOne = sweep(1);
  const sweepMany = sweep(2);
  return {
    model: 'six-stage reference (bench/sim.ts), 5 replications, warm-up 0',
    tenMillion: speedUp(2_000_000),
    twoHundredThousand: speedUp(40_000),
    sweep8Points: { oneThreadSeconds: round(sweepOne.seconds), workersSeconds: round(sweepMany.seconds), speedUp: round(sweepOne.seconds / sweepMany.seconds), sameJson: sweepOne.json === sweepMany.json },
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(benchParallel(), null, 2)}\n`);
}
