/**
 * Planning at scale, as a user runs it: `reqpath plan FILE` in a fresh process on 96 and 384 stages, on six
 * pools sized for ~9,000 busy threads each, and on a closed workload of 100,000 clients, each as a ratio of
 * its CPU time (user + system) to `reqpath validate FILE` of the same file in the same run, so that start-up
 * is the unit and a noisy, shared machine cancels out. Issue 15's target: every ratio ≤ 5.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const CPU_MARK = 'reqpath-bench-cpu ';
// Printed by the child itself at exit: its own CPU (worker threads included), not the shell's.
const reportCpu = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('${CPU_MARK}'+(u.user+u.system)/1e6+'\\n')})`;

function bin(): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  return join(root, pkg.bin.reqpath!);
}

function cpuSeconds(args: string[]): { seconds: number; status: number | null } {
  const run = spawnSync(process.execPath, ['--import', reportCpu, bin(), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const line = run.stderr.split('\n').find((l) => l.startsWith(CPU_MARK));
  if (!line) throw new Error(`bench plan-scale: no CPU figure from reqpath ${args.join(' ')}: ${run.stderr.slice(0, 500)}`);
  return { seconds: Number(line.slice(CPU_MARK.length)), status: run.status };
}

/** Best of three: the least disturbed run of each. */
function best(args: string[]): number {
  let min = Infinity;
  for (let i = 0; i < 3; i++) {
    const { seconds, status } = cpuSeconds(args);
    if (status !== 0) throw new Error(`bench plan-scale: reqpath ${args.join(' ')} exited ${status}`);
    min = Math.min(min, seconds);
  }
  return min;
}

export function scaleModels(): Record<string, unknown> {
  const pipeline = (n: number) => ({
    name: `pipeline-${n}`,
    workload: { arrivalRate: 2000 },
    stages: Array.from({ length: n }, (_, i) => ({ name: `s${i}`, service: `${20 + ((i * 37) % 200)}us`, threads: 2 + (i % 5) })),
    slo: { p99: `${2 * n}ms` },
  });
  return {
    'stages-96': pipeline(96),
    'stages-384': pipeline(384),
    'pools-10000-threads': {
      name: 'six-big-pools',
      workload: { arrivalRate: 200000 },
      stages: Array.from({ length: 6 }, (_, i) => ({ name: `s${i}`, service: `${10 + i}ms`, threads: 10000 })),
      slo: { p99: '400ms' },
    },
    'clients-100000': {
      name: 'closed-100k',
      workload: { clients: 100000, thinkTime: '10s' },
      stages: Array.from({ length: 6 }, (_, i) => ({ name: `s${i}`, service: `${1 + i * 0.2}ms`, threads: 64 })),
      slo: { p99: '50ms' },
    },
  };
}

const GROWTH: Record<string, string[]> = {
  'stages-96': ['--growth', '3'],
  'stages-384': ['--growth', '3'],
  'pools-10000-threads': ['--growth', '3', '--max-threads', '20000'],
  'clients-100000': [],
};

export function benchPlanScale(): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'reqpath-plan-scale-'));
  try {
    const report: Record<string, unknown> = {};
    for (const [name, model] of Object.entries(scaleModels())) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, JSON.stringify(model));
      const validate = best(['validate', file]);
      const planned = best(['plan', file, ...GROWTH[name]!, '--json']);
      report[name] = { validateCpuSeconds: validate, planCpuSeconds: planned, ratio: Number((planned / validate).toFixed(2)), target: '≤ 5' };
    }
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
