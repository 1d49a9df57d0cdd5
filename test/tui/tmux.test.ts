/**
 * End to end in a real terminal: `reqpath tui` in a detached tmux session (120 × 40), keys sent with
 * send-keys, the screen read with capture-pane. Needs the Debian package `tmux`; without it the test is
 * skipped, except under CI=true, where a missing tmux is a failure (.ci/run installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const hasTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;
const inCi = process.env['CI'] === 'true';
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
// Our own server socket and a unique session name: nothing of a user's tmux is touched, parallel runs never meet.
const socket = `reqpath-test-${process.pid}`;
const session = `reqpath-tui-${process.pid}-${Date.now().toString(36)}`;
const elsewhere = `${session}-elsewhere`;

const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
const screen = (target = session): string => tmux('capture-pane', '-p', '-t', target);

/** Polls the pane until `ok`; the first wait covers node + tsx start-up on a busy machine. */
async function waitForScreen(ok: (text: string) => boolean, what: string, timeoutMs = 60_000, target = session): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen(target);
    if (ok(text)) return text;
    if (Date.now() > deadline) throw new Error(`tmux: ${what} never appeared; screen:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('reqpath tui in tmux', () => {
  if (!hasTmux) {
    if (inCi) {
      it('has tmux under CI=true', () => {
        throw new Error('CI=true but tmux is not installed: install the Debian package `tmux` (apt-get install tmux)');
      });
    } else {
      console.warn('test/tui/tmux.test.ts: skipped, tmux is not installed (Debian package `tmux`)');
      it.skip('needs the Debian package `tmux` (apt-get install tmux); skipped because tmux is not installed', () => {});
    }
    return;
  }

  afterAll(() => {
    for (const name of [session, elsewhere]) spawnSync('tmux', ['-L', socket, 'kill-session', '-t', name], { stdio: 'ignore' });
    spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
    // The server leaves its socket file behind; it is ours alone, so remove it.
    const uid = process.getuid?.() ?? 0;
    rmSync(join(process.env['TMUX_TMPDIR'] ?? '/tmp', `tmux-${uid}`, socket), { force: true });
  });

  it('draws the model, follows +, →, s and q, and exits 0', { timeout: 120_000 }, async () => {
    // Ink draws only a final frame when it believes it runs in CI, so the TUI runs with CI unset.
    const command =
      'env -u CI -u CONTINUOUS_INTEGRATION node bin/reqpath.js tui models/seda-https-json.yaml; ' +
      'echo "REQPATH_EXIT=$?"; sleep 600';
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', '-c', repoRoot, command);

    let text = await waitForScreen((t) => t.includes('offered 11.2k/s'), 'the header');
    expect(text).toMatch(/seda-https-json\s+stable\s+SLO met/);
    expect(text).toMatch(/›\s+accept\s+accept\s+1\s/);
    expect(text).toMatch(/▶\s+process\s+process\s+32\s+70\.0%/);

    tmux('send-keys', '-t', session, '+');
    text = await waitForScreen((t) => /accept\s+accept\s+2\*/.test(t), 'accept on 2 threads after +');

    tmux('send-keys', '-t', session, 'Right');
    text = await waitForScreen((t) => t.includes('offered 12.32k/s (+10%)'), 'the rate +10% after →');
    // process at 12 320/s: 12 320 × 2 ms / 32 = 77.0 %.
    expect(text).toMatch(/process\s+process\s+32\s+77\.0%/);
    expect(text).not.toMatch(/NaN|Infinity/);

    // The real simulator, on the model as edited: 12 320/s, accept on 2 threads.
    tmux('send-keys', '-t', session, 's');
    text = await waitForScreen((t) => t.includes('simulated p99'), 'the simulated p99 after s');
    expect(text).toMatch(/simulated p99 [\d.]+ms ± [\d.]+(ms|µs|s) \(95% CI, 5 × 20k requests\)\s+analytic p99 [\d.]+ms/);

    tmux('send-keys', '-t', session, 'q');
    text = await waitForScreen((t) => /REQPATH_EXIT=\d+/.test(t), 'the exit status after q');
    expect(text).toContain('REQPATH_EXIT=0');
  });

  it('runs from another directory, as an installed package does (default model beside the package)', { timeout: 120_000 }, async () => {
    // tsx used to read tsconfig.json from the working directory, and JSX then failed with "React is not defined".
    const cwd = mkdtempSync(join(tmpdir(), 'reqpath-tui-cwd-'));
    try {
      const command =
        `env -u CI -u CONTINUOUS_INTEGRATION node ${JSON.stringify(join(repoRoot, 'bin/reqpath.js'))} tui; ` +
        'echo "REQPATH_EXIT=$?"; sleep 600';
      tmux('new-session', '-d', '-s', elsewhere, '-x', '120', '-y', '40', '-c', cwd, command);
      let text = await waitForScreen((t) => t.includes('offered ') || /REQPATH_EXIT=\d+/.test(t), 'the header', 60_000, elsewhere);
      expect(text).not.toContain('React is not defined');
      expect(text).toMatch(/seda-https-json\s+stable/);
      tmux('send-keys', '-t', elsewhere, 'q');
      text = await waitForScreen((t) => /REQPATH_EXIT=\d+/.test(t), 'the exit status after q', 60_000, elsewhere);
      expect(text).toContain('REQPATH_EXIT=0');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
