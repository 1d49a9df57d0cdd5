/**
 * Start-up cost of the compiled CLI: CPU time (user + sys) of `node bin/reqpath.js analyze MODEL --json`
 * against `node -e 0`, and of `import { analyze } from 'reqpath'` in a plain Node script, in the same run.
 * CPU rather than wall time, so other jobs on the machine matter less; rounds alternate the commands and the
 * quietest round of each counts. Run through bench/run.ts, or alone: `npx tsx bench/startup.ts`.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ROUNDS = 5;
const PER_ROUND = 4;

/** Mean CPU seconds per run of `command` over `runs` runs: bash's `times` reports its children's user and sys (1 ms). */
function cpuPerRun(command: string, runs: number): number {
  const script = `for i in $(seq ${runs}); do ${command} >/dev/null 2>&1; done; times`;
  const out = spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8' }).stdout.trim().split('\n');
  const seconds = (text: string) => {
    const m = /(\d+)m([\d.]+)s/.exec(text);
    return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  };
  const [user, sys] = out.at(-1)!.trim().split(/\s+/).map(seconds);
  return (user! + sys!) / runs;
}

export function benchStartup(): Record<string, unknown> {
  const node = JSON.stringify(process.execPath);
  const commands = {
    nodeBaseline: `${node} -e 0`,
    analyzeJson: `${node} bin/reqpath.js analyze models/seda-https-json.yaml --json`,
    importApi: `${node} --input-type=module -e "import { analyze, loadModel } from 'reqpath'; analyze(loadModel('models/seda-https-json.yaml'));"`,
    help: `${node} bin/reqpath.js --help`,
  };
  const best: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, command] of Object.entries(commands)) best[name] = Math.min(best[name] ?? Infinity, cpuPerRun(command, PER_ROUND));
  }
  const ms = (s: number) => Math.round(s * 1000);
  return {
    method: `CPU (user+sys) per run, best of ${ROUNDS} rounds of ${PER_ROUND} runs, commands alternating`,
    cpuMs: Object.fromEntries(Object.entries(best).map(([k, v]) => [k, ms(v)])),
    analyzeToNode: Math.round((best.analyzeJson! / best.nodeBaseline!) * 100) / 100,
    importToNode: Math.round((best.importApi! / best.nodeBaseline!) * 100) / 100,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(benchStartup(), null, 2)}\n`);
}
