/**
 * The plan's lower bound ("even with unlimited threads in every resizable pool") must not take CPU work off
 * the cores: infinite threads make a pool a pure delay, which needs no core (model/capacity.ts). On
 * models/acceptor-workers.yaml at 11k/s (98% of its 11,268/s) that bound read p99 14.05 ms, a figure no sizing
 * reaches (the current 50 workers simulate 20.2 ms ± 9%); kept on the cores at the thread cap it reads 19.3 ms.
 */
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.ts';
import { unlimitedThreads } from '../../src/plan/overload-plan.ts';
import { plan } from '../../src/plan/plan.ts';

const model = loadModel('models/acceptor-workers.yaml');

describe('unlimited threads under cores', () => {
  it('a pool with CPU-bound work stays finite (at the cap); one without cores, or without CPU work, is infinite', () => {
    expect(unlimitedThreads(model, 'workers', 1024)).toBe(1024);
    expect(unlimitedThreads(model, 'accept', 1024)).toBe(1024);
    const { cores: _cores, ...noCores } = model;
    expect(unlimitedThreads(noCores, 'workers', 1024)).toBe(Infinity);
  });

  it("the plan's lowest achievable p99 keeps the CPU's contention", () => {
    const p = plan(model, { targetRate: 11_000, slo: { p99Seconds: 0.012 } });
    expect(p.feasible).toBe(false);
    const p99 = p.infeasible.find((b) => b.bound === 'p99')!;
    expect(p99.lowestAchievable!).toBeGreaterThan(0.0175);
  });
});

describe('a current sizing that meets the SLO by the figures analyze prints', () => {
  it('is the plan when the search (analytic, saturating early near capacity) would add threads', () => {
    // acceptor-workers at 11k/s: the analytic workers pool saturates early and the search asked for 65 workers,
    // while analyze (simulated) puts the current 50 within p99 ≤ 25 ms; the plan said so in a note and kept 65.
    const p = plan(model, { targetRate: 11_000 });
    expect(p.feasible).toBe(true);
    expect(p.before.meetsSlo).toBe(true);
    expect(p.threads).toEqual({ workers: 50, accept: 1 });
    expect(p.notes.join(' ')).toContain('the plan keeps it');
    // Its headroom, searched analytically, falls short of the target the plan meets: the notes say so.
    expect(p.plannedHeadroom!.ratePerSecond).toBeLessThan(11_000);
    expect(p.notes.join(' ')).toContain('the headroom is at least the target rate');
  });
});
