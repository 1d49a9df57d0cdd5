/**
 * `cores`: CPU-bound threads share k cores by processor sharing (src/sim/processor-sharing.ts), in both engines.
 */
import { describe, expect, it } from 'vitest';
import { ProcessorSharing } from '../../src/sim/processor-sharing.ts';
import { simulate } from '../../src/sim/simulate.ts';
import { analyze } from '../../src/analytic/analyze.ts';
import { withArrivalRate } from '../../src/model/edit.ts';
import type { EngineName } from '../../src/sim/types.ts';
import { inside, mmcResponse, model } from './helpers.ts';

describe('ProcessorSharing', () => {
  it('two jobs (work 1 s and 2 s) on one core finish at 2 s and 3 s; on two cores at 1 s and 2 s', () => {
    const one = new ProcessorSharing(1);
    one.add(0, 7, 1);
    one.add(0, 8, 2);
    expect(one.nextCompletion()).toBeCloseTo(2, 12); // both at rate 1/2 until the first has done 1 s of work
    expect(one.complete(2)).toBe(7);
    expect(one.nextCompletion()).toBeCloseTo(3, 12);
    const two = new ProcessorSharing(2);
    two.add(0, 1, 1);
    two.add(0, 2, 2);
    expect(two.nextCompletion()).toBeCloseTo(1, 12);
  });

  it('a job joining later re-times the next completion and bumps the version', () => {
    const ps = new ProcessorSharing(1);
    ps.add(0, 1, 1); // alone: due at 1
    const v = ps.version;
    ps.add(0.5, 2, 1); // from 0.5 both at rate 1/2: job 1 has 0.5 left → due at 1.5
    expect(ps.version).not.toBe(v);
    expect(ps.nextCompletion()).toBeCloseTo(1.5, 12);
    expect(ps.complete(1.5)).toBe(1);
    expect(ps.nextCompletion()).toBeCloseTo(2, 12); // job 2 had 0.5 left, now alone
  });
});

/**
 * T threads on k < T cores, Poisson arrivals, exponential work S, one CPU-bound stage: with N requests present,
 * min(N, T) hold threads and each runs at min(1, k/min(N, T)), so the total completion rate is min(N, k)/S — the
 * birth–death chain of M/M/k. Its mean response is M/M/k's (Erlang C, Kleinrock 1975 eq. 3.40), whatever T ≥ k.
 * Without the cores limit it would be M/M/T's, about half as long here.
 */
describe.each(['fast', 'simjs'] as EngineName[])('%s engine with cores', (engine) => {
  it('6 threads on 2 cores behave as M/M/2 (ρ = 0.7)', () => {
    const lambda = 1400;
    const s = 0.001;
    const m = model(`name: ps
workload: { arrivalRate: ${lambda} }
cores: 2
stages:
  - { name: cpu, service: ${s}, threads: 6 }
`);
    const r = simulate(m, { engine, requests: 40_000, replications: 8, seed: 9 });
    const exact = mmcResponse(lambda, s, 2); // 1.96 ms; M/M/6 would give 1.02 ms
    expect(inside(exact, r.latency.mean, r.ci.mean), `${r.latency.mean} ± ${r.ci.mean} vs ${exact}`).toBe(true);
    expect(r.ci.mean! / exact).toBeLessThan(0.05);
    expect(r.notes.join(' ')).not.toMatch(/not simulated/);
  });

  it('a cpuBound: false stage on the same threads is not slowed; the CPU-bound one is', () => {
    const m = model(`name: mixed
workload: { arrivalRate: 300 }
cores: 1
pools:
  workers: { threads: 4 }
stages:
  - { name: cpu, service: 2ms, pool: workers }
  - { name: io, service: 5ms, pool: workers, cpuBound: false }
`);
    const r = simulate(m, { engine, requests: 20_000, replications: 6, seed: 5 });
    const io = r.stages.find((x) => x.name === 'io')!;
    const ioCi = r.ci.stages.find((x) => x.name === 'io')!;
    expect(inside(0.005, io.meanResponse, ioCi.meanResponse), `io ${io.meanResponse} ± ${ioCi.meanResponse}`).toBe(true);
    // The CPU-bound stage shares one core with up to 3 others: its time on the thread exceeds its 2 ms of work.
    const cpu = r.stages.find((x) => x.name === 'cpu')!;
    expect(cpu.meanResponse!).toBeGreaterThan(0.003);
  });

  it('CPU-bound work reaching the cores is unstable, as the analysis says, even when threads are plentiful', () => {
    // 10 threads, 2 cores, 1 ms of CPU per request at 2500/s: 2.5 core-seconds per second offered to 2 cores.
    const m = model(`name: cpu-saturated
workload: { arrivalRate: 2500 }
cores: 2
stages:
  - { name: work, service: 1ms, threads: 10 }
`);
    const r = simulate(m, { requests: 2000, replications: 2, seed: 1 });
    expect(r.stable).toBe(false);
    expect(r.latency.mean).toBeNull();
    expect(analyze(m).stable).toBe(false);
    // Just under the cores the same model runs.
    expect(simulate(withArrivalRate(m, 1900), { requests: 2000, replications: 2, seed: 1 }).stable).toBe(true);
  });
});
