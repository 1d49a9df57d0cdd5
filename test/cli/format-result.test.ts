/**
 * The human table (issue 17 §8, §11): "n/a" where a stable result simply has no samples (∞ only for an
 * unstable one), an interrupted simulation with nothing measured says so and exits 130, and a shared pool
 * gets a row of its own.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { formatResult } from '../../src/cli/format-result.ts';
import { loadModel } from '../../src/model/load.ts';
import type { Result } from '../../src/model/result.ts';
import { cli } from '../helpers/cli.ts';

describe('the text table', () => {
  it('shows n/a, not ∞, for figures a stable result has no samples for, and no SLO verdict from them', () => {
    const model = loadModel('models/seda-https-json.yaml');
    const result = analyze(model);
    const empty: Result = {
      ...result,
      latency: { mean: null, p50: null, p90: null, p95: null, p99: null, p999: null },
      stages: result.stages.map((s) => ({ ...s, meanWait: null, meanResponse: null, meanQueueLength: null })),
    };
    const text = formatResult(model, empty);
    expect(text).not.toContain('∞');
    expect(text).toMatch(/p99 n\/a/);
    expect(text).toMatch(/SLO p99 ≤ 50ms: n\/a \(no samples\)/);
    expect(text).not.toMatch(/SLO p99[^\n]*MISSED/);
  });

  it('still shows ∞ in an unstable result', async () => {
    const r = await cli('analyze', 'models/seda-https-json.yaml', '--rate', '1000000');
    expect(r.stdout).toMatch(/UNSTABLE/);
    expect(r.stdout).toContain('∞');
  });

  it('gives a shared pool a row of its own with the pool-level figures', async () => {
    const r = await cli('analyze', 'models/nginx-reuseport.yaml');
    expect(r.code).toBe(0);
    const json = JSON.parse((await cli('analyze', 'models/nginx-reuseport.yaml', '--json')).stdout);
    const workers = json.pools.find((p: { name: string }) => p.name === 'workers');
    const row = r.stdout.split('\n').find((line) => /^▶ workers\s/.test(line));
    expect(row, r.stdout).toBeDefined();
    expect(row).toContain(`${(100 * workers.utilization).toFixed(1)}%`);
    expect(r.stdout).toMatch(/^shared pool\s+threads\s+stages/m);
  });

  it('Ctrl-C before anything was measured: no table, "no results", exit 130', async () => {
    const before = new Set(process.listeners('SIGINT'));
    const run = cli('simulate', 'models/seda-https-json.yaml', '--requests', '1000', '--warmup', '100000000', '--replications', '1');
    const timer = setInterval(() => {
      const added = process.listeners('SIGINT').filter((l) => !before.has(l));
      if (added.length > 0) {
        clearInterval(timer);
        setTimeout(() => added.forEach((listener) => (listener as () => void)()), 300);
      }
    }, 20);
    const r = await run;
    clearInterval(timer);
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/interrupted before any request was measured: no results/);
  });
});
