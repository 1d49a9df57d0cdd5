import { describe, expect, it } from 'vitest';
import { gimc } from '../../src/analytic/gimc.ts';
import { analyze } from '../../src/analytic/analyze.ts';
import { mmc } from '../../src/analytic/mmc.ts';
import { departureScv, mergeScv, relaxationSeconds, scvSeenAt, splitScv } from '../../src/analytic/qna.ts';
import { parseModel } from '../../src/model/load.ts';

const rel = (x: number | null | undefined, y: number) => Math.abs((x ?? NaN) / y - 1);

function model(workload: Record<string, unknown>, stages: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) {
  return parseModel(JSON.stringify({ name: 'q', workload, stages, ...extra }));
}

describe('QNA linking equations (Whitt 1983)', () => {
  it('departure, splitting and merging formulas', () => {
    // eq. 39 at ρ = 0 passes arrivals through; at ρ = 1 a single server emits its service process.
    expect(departureScv(3, 0.5, 0, 4)).toBe(3);
    expect(departureScv(3, 0.5, 1, 1)).toBeCloseTo(0.5, 15);
    expect(departureScv(1, 1, 0.7, 8)).toBe(1);
    expect(splitScv(2, 0.25)).toBeCloseTo(1.25, 15);
    expect(mergeScv(1, 2, 3, 0)).toBeCloseTo(0.5, 15);
  });

  it('carries an M/D/1 departure stream (cd² = 1 − ρ²) into the next station, seen at that station’s time scale', () => {
    const rho1 = 0.8;
    const rho2 = 0.6;
    const r = analyze(
      model({ arrivalRate: 80 }, [
        { name: 'a', service: rho1 / 80, threads: 1, distribution: 'deterministic' },
        { name: 'b', service: rho2 / 80, threads: 1 },
      ]),
    );
    // QNA's departure scv over the upstream queue's relaxation time, the Poisson input's 1 over longer times.
    const upstream = relaxationSeconds(1, 0, rho1 / 80, 1, rho1);
    const downstream = relaxationSeconds(1, 1, rho2 / 80, 1, rho2);
    const ca2 = scvSeenAt({ short: 1 - rho1 * rho1, long: 1, scale: upstream }, downstream);
    expect(ca2).toBeGreaterThan(1 - rho1 * rho1);
    expect(ca2).toBeLessThan(1);
    // The exponential station behind it is a GI/M/1 fed a renewal flow of that scv (gimc.ts).
    expect(rel(r.stages[1]!.meanWait, gimc(80, rho2 / 80, 1, ca2).meanWait)).toBeLessThan(1e-12);
    expect(r.pools[1]!.method).toMatch(/^GI\/M\/1 /);
  });

  it('keeps Poisson flows Poisson through M/M/c stations, re-entries and perConnection thinning (Burke 1956, Jackson 1963)', () => {
    const r = analyze(
      model({ arrivalRate: 300, requestsPerConnection: 5 }, [
        { name: 'accept', service: 0.0005, threads: 1, perConnection: true },
        { name: 'work', service: 0.004, threads: 4, visits: 2.5 },
        { name: 'tail', service: 0.01, threads: 4 },
      ]),
    );
    for (const pool of r.pools) expect(pool.method).toMatch(/exact/);
    expect(rel(r.stages[2]!.meanWait, mmc(300, 0.01, 4).meanWait)).toBeLessThan(1e-9);
  });

  it('a random split to per-thread queues sees (1/c)·ca² + 1 − 1/c', () => {
    const c = 4;
    const r = analyze(
      model({ arrivalRate: 200, arrivalScv: 3 }, [{ name: 'w', service: 0.01, threads: c, dispatch: 'per-thread', distribution: 'erlang', k: 2 }]),
    );
    const ca2 = 3 / c + 1 - 1 / c;
    const perQueueRho = 0.5;
    expect(rel(r.stages[0]!.meanWait, ((ca2 + 0.5) / 2) * ((perQueueRho * 0.01) / (1 - perQueueRho)))).toBeLessThan(1e-12);
  });

  it('arrival variability raises downstream waits, and smoother service lowers them', () => {
    const waitOf = (arrivalScv: number, distribution: string) =>
      analyze(
        model({ arrivalRate: 150, arrivalScv }, [
          { name: 'a', service: 0.005, threads: 1, distribution },
          { name: 'b', service: 0.02, threads: 4 },
        ]),
      ).stages[1]!.meanWait!;
    expect(waitOf(4, 'exponential')).toBeGreaterThan(waitOf(1, 'exponential'));
    expect(waitOf(1, 'deterministic')).toBeLessThan(waitOf(1, 'exponential'));
  });
});
