/**
 * The package as installed: `import … from 'reqpath'` and the bin run the compiled dist/ (built by the global
 * setup), load the drawing libraries only in the verbs that draw, and the tarball ships no tests.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cli } from '../helpers/cli.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const DRAWING = ['vega', 'vega-lite', '@resvg/resvg-js', 'ink', 'react'];

/**
 * A module-resolution hook that refuses the drawing libraries: a process run with it fails the moment
 * anything imports one of them.
 */
const hook = `
const forbidden = ${JSON.stringify(DRAWING)};
export async function resolve(specifier, context, next) {
  const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (forbidden.includes(name)) throw new Error('FORBIDDEN-IMPORT ' + specifier);
  return next(specifier, context);
}`;
const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`;
const refusingDrawing = ['--import', `data:text/javascript,${encodeURIComponent(register)}`];

function node(args: readonly string[]) {
  return spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('the compiled package', () => {
  it("imports { analyze } from 'reqpath' in plain Node without the drawing libraries", () => {
    const script =
      "import { analyze, loadModel, renderSvg } from 'reqpath';" +
      "const r = analyze(loadModel('models/seda-https-json.yaml'));" +
      "console.log(JSON.stringify({ p99: r.latency.p99, render: typeof renderSvg }));";
    const run = node([...refusingDrawing, '--input-type=module', '-e', script]);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { p99: number; render: string };
    expect(out.p99).toBeGreaterThan(0);
    expect(out.render).toBe('function');
  });

  it('runs analyze, simulate, sweep and plan without the drawing libraries', () => {
    const model = 'models/seda-https-json.yaml';
    for (const args of [
      ['analyze', model, '--json'],
      ['simulate', model, '--requests', '2000', '--replications', '2', '--json'],
      ['sweep', model, '--param', 'rate', '--from', '1k', '--to', '2k', '--steps', '2', '--json'],
      ['plan', model, '--growth', '2x', '--json'],
    ]) {
      const run = node([...refusingDrawing, 'bin/reqpath.js', ...args]);
      expect(run.stderr, args.join(' ')).not.toContain('FORBIDDEN-IMPORT');
      expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
  });

  it('the refusing hook does catch a verb that draws (so the checks above can fail)', () => {
    const outDir = mkdtempSync(join(tmpdir(), 'reqpath-dist-test-'));
    onTestFinished(() => rmSync(outDir, { recursive: true, force: true }));
    const run = node([...refusingDrawing, 'bin/reqpath.js', 'chart', 'models/seda-https-json.yaml', '--out', outDir, '--which', 'utilization', '--format', 'svg']);
    expect(run.stderr + run.stdout).toContain('FORBIDDEN-IMPORT');
  });

  it('simulates in parallel from dist/ above 200k requests, with the same JSON as on one thread', () => {
    const script = `
      import { availableParallelism } from 'node:os';
      import { loadModel, simulateAsync } from 'reqpath';
      const model = loadModel('models/seda-https-json.yaml');
      const options = { requests: 50000, replications: 5, seed: 3 };
      const reports = [];
      const parallel = await simulateAsync(model, { ...options, onProgress: (p) => reports.push(p.replication) });
      const single = await simulateAsync(model, { ...options, workers: 1 });
      const json = (r) => JSON.stringify({ ...r, eventsPerSecond: 0 });
      console.log(JSON.stringify({ same: json(parallel) === json(single), reports, cores: availableParallelism() }));`;
    const run = node(['--input-type=module', '-e', script]);
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { same: boolean; reports: number[]; cores: number };
    expect(out.same).toBe(true);
    // On workers progress comes once per finished replication; on one thread at every poll.
    if (out.cores > 1) expect(out.reports).toEqual([1, 2, 3, 4, 5]);
  }, 60_000);

  it('sweepBySimulation on worker threads (dist/) gives the same JSON as point by point on one thread', () => {
    const script = `
      import { loadModel, sweepBySimulation } from 'reqpath';
      const model = loadModel('models/seda-https-json.yaml');
      const sweep = { parameter: 'rate', values: [1000, 3000, 5000, 7000] };
      const settings = { requests: 3000, replications: 2, seed: 5 };
      const done = [];
      const workers = await sweepBySimulation(model, sweep, settings, { threads: 2, onProgress: (p) => done.push(p.done) });
      const single = await sweepBySimulation(model, sweep, settings, { threads: 1 });
      console.log(JSON.stringify({ same: JSON.stringify(workers) === JSON.stringify(single), done, rows: single.rows.length }));`;
    const run = node(['--input-type=module', '-e', script]);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ same: true, done: [0, 1, 2, 3, 4], rows: 4 });
  }, 60_000);

  it('sweep --simulate from dist/ prints the same JSON as the in-process CLI from source', async () => {
    const args = ['sweep', 'models/seda-https-json.yaml', '--param', 'rate', '--values', '1000,3000,5000', '--simulate', '--requests', '3000', '--replications', '2', '--json'];
    const compiled = node(['bin/reqpath.js', ...args]);
    expect(compiled.status, compiled.stderr).toBe(0);
    // The in-process CLI runs from source, where simulateMany keeps to the calling thread.
    const inProcess = await cli(...args);
    expect(inProcess.code).toBe(0);
    expect(compiled.stdout).toBe(inProcess.stdout);
    expect(compiled.stderr).toContain('simulating sweep points (3/3)');
  }, 60_000);

  it('Ctrl-C stops a sweep by simulation: exit 130, "interrupted" on stderr, nothing on stdout', async () => {
    const child = spawn(process.execPath, ['bin/reqpath.js', 'sweep', 'models/seda-https-json.yaml', '--param', 'rate', '--values', '1000,2000,3000,4000', '--simulate', '--requests', '100000', '--json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const started = new Promise<void>((resolve) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        // The first point is done: the run is under way and its SIGINT handler installed.
        if (stderr.includes('simulating sweep points (1/4)')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await Promise.race([started, exited]);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/reqpath sweep: interrupted/);
    expect(stdout).toBe('');
  }, 120_000);

  it('ships dist/, bin/ and the models but not test/, src/ or the notebooks', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
    const files = (JSON.parse(out) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
    expect(files).toContain('bin/reqpath.js');
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/replication-worker.js');
    expect(files).toContain('models/seda-https-json.yaml');
    expect(files.filter((f) => /^(test|src|notebooks|bench)\//.test(f))).toEqual([]);
  });
});
