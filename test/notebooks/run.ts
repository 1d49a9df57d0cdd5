/** Runs a notebooks/ script as a user would (tsx or deno from node_modules) and parses its text tables. */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: REPO, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

export const tsx = (script: string, ...args: string[]) => run(join(REPO, 'node_modules/.bin/tsx'), [script, ...args]);
export const deno = (script: string, ...args: string[]) =>
  run(join(REPO, 'node_modules/.bin/deno'), ['run', '-A', script, ...args], { DENO_NO_UPDATE_CHECK: '1' });

/** The tables in a script's output: a header line, a rule of ─, rows until a blank line; cells split on 2+ spaces. */
export function tables(text: string): Record<string, string>[][] {
  const lines = text.split('\n');
  const found: Record<string, string>[][] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!/^─+(\s+─+)*$/.test(lines[i]!.trim())) continue;
    const header = lines[i - 1]!.trim().split(/\s{2,}/);
    const rows: Record<string, string>[] = [];
    for (let j = i + 1; j < lines.length && lines[j]!.trim() !== '' && !lines[j]!.includes(':'); j++) {
      const cells = lines[j]!.trim().split(/\s{2,}/);
      rows.push(Object.fromEntries(header.map((h, k) => [h, cells[k] ?? ''])));
    }
    found.push(rows);
  }
  return found;
}

/** "1.23ms", "45µs", "<1ns", "0s" → seconds; "∞" → Infinity. */
export function seconds(text: string): number {
  if (text === '∞') return Infinity;
  if (text === '<1ns') return 0;
  const m = /^(-?[\d.]+(?:e[-+]?\d+)?)(ns|µs|ms|s)$/.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * { ns: 1e-9, µs: 1e-6, ms: 1e-3, s: 1 }[m[2] as 'ns' | 'µs' | 'ms' | 's'];
}

/** "16k/s", "8.333k/s", "500/s" → requests per second. */
export function perSecond(text: string): number {
  const m = /^([\d.]+)(k|M)?\/s$/.exec(text);
  if (!m) throw new Error(`not a rate: ${text}`);
  return Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'M' ? 1e6 : 1);
}
