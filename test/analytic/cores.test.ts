import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analytic/analyze.ts';
import { cpuSlowdown } from '../../src/analytic/cores.ts';
import { loadModel, parseModel } from '../../src/model/load.ts';

const rel = (x: number | null | undefined, y: number) => Math.abs((x ?? NaN) / y - 1);

describe('cores: a k-core processor-sharing CPU shared by T threads', () => {
  it('one core, two threads: σ = L/a of the M/M/1/2 chain whose carried work is a (closed form)', () => {
    for (const a of [0.1, 0.5, 0.9]) {
      // Offered x with carried x(1 + x)/(1 + x + x²) = a: (1 − a)x² + (1 − a)x − a = 0.
      const x = (-(1 - a) + Math.sqrt((1 - a) ** 2 + 4 * a * (1 - a))) / (2 * (1 - a));
      const inSystem = (x + 2 * x * x) / (1 + x + x * x);
      const s = cpuSlowdown(1, 2, a);
      expect(rel(s.factor, inSystem / a)).toBeLessThan(1e-9);
      expect(s.saturated).toBe(false);
    }
  });

  it('no slowdown when the threads fit the cores, saturation when the work reaches them', () => {
    expect(cpuSlowdown(8, 8, 7.9).factor).toBe(1);
    expect(cpuSlowdown(4, 16, 4).saturated).toBe(true);
  });

  it('fewer cores slow CPU-bound stages only, and say so in notes', () => {
    const base = loadModel('models/acceptor-workers.yaml');
    const text = (cores: number) =>
      JSON.stringify({
        name: 'cores',
        workload: { arrivalRate: 8000 },
        cores,
        pools: { workers: { threads: 50 } },
        stages: [
          { name: 'work', service: 0.0005, pool: 'workers' },
          { name: 'db', service: 0.003, pool: 'workers', cpuBound: false },
        ],
      });
    const many = analyze(parseModel(text(64)));
    const few = analyze(parseModel(text(8)));
    expect(few.latency.mean!).toBeGreaterThan(many.latency.mean!);
    expect(few.stages[1]!.meanResponse).toBeCloseTo(0.003 + few.stages[1]!.meanWait!, 12);
    expect(few.stages[0]!.meanResponse! - few.stages[0]!.meanWait!).toBeGreaterThan(0.0005);
    expect(few.notes.join(' ')).toMatch(/processor-sharing/);
    expect(many.notes.join(' ')).not.toMatch(/processor-sharing/);
    expect(analyze(base).notes.join(' ')).toMatch(/cores/);
  });

  it('closed workloads reach a fixed point: fewer cores, lower throughput', () => {
    const doc = (cores: number) =>
      parseModel(
        JSON.stringify({
          name: 'closed-cores',
          workload: { clients: 40, thinkTime: '1ms' },
          cores,
          stages: [{ name: 'work', service: '1ms', threads: 16 }],
        }),
      );
    const two = analyze(doc(2));
    const sixteen = analyze(doc(16));
    expect(two.throughput!).toBeLessThan(sixteen.throughput!);
    expect(two.throughput!).toBeLessThanOrEqual(2 / 0.001 + 1e-6);
    expect(two.notes.join(' ')).toMatch(/cores/);
  });
});
