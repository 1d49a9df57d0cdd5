/**
 * The CLI's edges under hostile use (issue 17 §5–6): broken pipes, bad --out paths, validate --json of an
 * invalid file, escape sequences from model text, out-of-range seeds.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'reqpath-hostile-cli-'));
const BIN = join(import.meta.dirname, '../../bin/reqpath.js');

/** Runs the real bin and closes its stdout after the first chunk, as `| head -1` does. */
function firstChunkThenClose(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('hostile CLI use', () => {
  it('a reader that goes away (| head -1) ends the run quietly, exit 0, no stack trace', async () => {
    const r = await firstChunkThenClose(['sweep', 'models/seda-https-json.yaml', '--param', 'rate', '--from', '100', '--to', '4000', '--steps', '1500', '--csv']);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(r.code).toBe(0);
  });

  it('chart --out refuses paths it cannot use at once, exit 2, in words', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const cases: Array<[string, RegExp]> = [
      ['/proc/reqpath-x', /^--out \/proc\/reqpath-x: cannot create \/proc\/reqpath-x/],
      ['/dev/null/x', /^--out \/dev\/null\/x: cannot use \/dev\/null\/x \(a part of the path is a file\)/],
      [file, /expected a directory, but .* is a file/],
      [join(file, 'sub'), /a part of the path is a file/],
    ];
    for (const [out, message] of cases) {
      const started = performance.now();
      const r = await cli('chart', 'models/seda-https-json.yaml', '--out', out, '--format', 'vl.json');
      expect(r.code, out).toBe(2);
      expect(r.stderr, out).toMatch(message);
      expect(r.stderr).not.toMatch(/ENOTDIR|EEXIST|\n\s+at /);
      expect(performance.now() - started).toBeLessThan(30_000); // no hang (it never returned), on a loaded machine
    }
  });

  it('validate --json prints the issues of an invalid file as JSON, exit 2', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'workload: { arrivalRate: -1 }\nstages:\n  - { name: a, service: 1ms, threads: 0 }\n');
    const r = await cli('validate', file, '--json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.valid).toBe(false);
    expect(json.issues.map((i: { path: string }) => i.path).sort()).toEqual(['stages[0].threads', 'workload.arrivalRate']);
  });

  it('escape sequences in a description or key never reach the terminal raw', async () => {
    const file = join(dir, 'esc.yaml');
    writeFileSync(file, 'description: "\\e]0;pwned\\a\\e[2J hello \\u202e"\nworkload: { arrivalRate: 10 }\nstages:\n  - { name: a, service: 1ms, threads: 1 }\n');
    const r = await cli('analyze', file);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(r.stdout).toContain('\\u001b]0;pwned');
    writeFileSync(file, 'workload: { arrivalRate: 10 }\n"\\e[31mkey": 1\nstages:\n  - { name: a, service: 1ms, threads: 1 }\n');
    const refused = await cli('validate', file);
    expect(refused.code).toBe(2);
    expect(refused.stderr).not.toMatch(/\u001b/);
  });

  it('a seed past 2³² − 1 is refused, not taken modulo 2³²', async () => {
    const r = await cli('simulate', 'models/seda-https-json.yaml', '--seed', String(2 ** 32 + 1), '--requests', '100');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--seed 4294967297: expected an integer ≥ 0 and ≤ 4294967295/);
  });
});
