import { render, cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { withThreads } from '../../src/model/edit.ts';
import { StageTable } from '../../src/tui/components/StageTable.tsx';
import { defaultModel, unstableModel, rowOf } from './helpers.ts';

afterEach(cleanup);


describe('<StageTable>', () => {
  const result = analyze(defaultModel());

  it('shows every stage with its pool, threads, utilisation, waits and response', () => {
    const frame = render(<StageTable result={result} />).lastFrame()!;
    expect(frame).toMatch(/stage\s+pool\s+threads\s+util\s+P\(wait\)\s+wait\s+response\s+drops/);
    for (const stage of ['accept', 'read', 'decrypt', 'parse', 'decode', 'process']) expect(rowOf(frame, stage)).toBeDefined();
    // process: λ·S/c = 11 200 × 2 ms / 32 = 70 %: it queues (P(wait) by GI/M/c, its flow nearly Poisson), its wait shows.
    expect(rowOf(frame, 'process')).toMatch(/process\s+process\s+32\s+70\.0%\s+\S+\s+3\.8%\s+8µs\s+2\.01ms\s+0\.0%/);
    // decrypt: 11 200 × 120 µs / 4 = 33.6 %.
    expect(rowOf(frame, 'decrypt')).toMatch(/decrypt\s+decrypt\s+4\s+33\.6%/);
  });

  it('marks the bottleneck and the selected row', () => {
    const frame = render(<StageTable result={result} selected={2} />).lastFrame()!;
    expect(rowOf(frame, 'process')).toMatch(/^ ▶/);
    expect(rowOf(frame, 'decrypt')).toMatch(/^›/);
    expect(rowOf(frame, 'read')).toMatch(/^ {4}read/);
  });

  it('stars a pool the user resized and shows its new figures', () => {
    const edited = analyze(withThreads(defaultModel(), 'decrypt', 2));
    const row = rowOf(render(<StageTable result={edited} editedPools={['decrypt']} />).lastFrame()!, 'decrypt');
    // Two threads: ρ = 11 200 × 120 µs / 2 = 67.2 %, and P(wait) = 2ρ² / (1 + ρ) = 54.0 % for M/M/2.
    expect(row).toMatch(/decrypt\s+decrypt\s+2\*\s+67\.2%\s+\S+\s+54\.0%/);
  });

  it('writes ∞ and — for an unstable model, never NaN or Infinity', () => {
    const frame = render(<StageTable result={analyze(unstableModel())} />).lastFrame()!;
    expect(frame).not.toMatch(/NaN|Infinity|null/);
    expect(rowOf(frame, 'only')).toMatch(/∞/);
  });
});
