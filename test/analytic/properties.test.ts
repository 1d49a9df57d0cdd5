import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze } from '../../src/analytic/analyze.ts';
import { parseModel } from '../../src/model/load.ts';
import { PERCENTILE_KEYS } from '../../src/model/result.ts';
import { withThreads } from '../../src/model/edit.ts';

const DISTRIBUTIONS = ['exponential', 'deterministic', 'gamma', 'lognormal', 'hyperexponential', 'uniform'] as const;

const stageArb = fc.record({
  serviceMs: fc.double({ min: 0.01, max: 50, noNaN: true }),
  threads: fc.integer({ min: 1, max: 64 }),
  distribution: fc.constantFrom(...DISTRIBUTIONS),
  visits: fc.constantFrom(1, 1, 1, 0.5, 2),
  queueCapacity: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
});

const modelArb = fc.record({
  stages: fc.array(stageArb, { minLength: 1, maxLength: 5 }),
  load: fc.double({ min: 0.01, max: 0.97, noNaN: true }),
  arrivalScv: fc.constantFrom(1, 1, 0.5, 2),
});

type ModelSpec = typeof modelArb extends fc.Arbitrary<infer T> ? T : never;

function scvFor(distribution: string): Record<string, unknown> {
  if (distribution === 'gamma') return { scv: 0.5 };
  if (distribution === 'lognormal') return { scv: 2 };
  if (distribution === 'hyperexponential') return { scv: 4 };
  return {};
}

/** Arrival rate set so the busiest stage runs at `load` of its capacity. */
function build(spec: ModelSpec, rateScale = 1) {
  const demand = Math.max(...spec.stages.map((s) => (s.serviceMs / 1000) * s.visits / s.threads));
  const rate = (spec.load / demand) * rateScale;
  return parseModel(
    JSON.stringify({
      workload: { arrivalRate: rate, arrivalScv: spec.arrivalScv },
      stages: spec.stages.map((s, i) => ({
        name: `s${i}`,
        service: `${s.serviceMs}ms`,
        threads: s.threads,
        distribution: s.distribution,
        visits: s.visits,
        ...scvFor(s.distribution),
        ...(s.queueCapacity !== undefined ? { queueCapacity: s.queueCapacity } : {}),
      })),
    }),
  );
}

const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

describe('analytic invariants (property tests)', () => {
  it("Little's law per stage and utilisation = λ·v·S/c", () => {
    fc.assert(
      fc.property(modelArb, (spec) => {
        const model = build(spec);
        const r = analyze(model);
        expect(r.stable).toBe(true);
        r.stages.forEach((s, i) => {
          const stage = model.stages[i]!;
          const c = spec.stages[i]!.threads;
          expect(close(s.meanInSystem!, s.throughput * s.meanResponse!)).toBe(true);
          expect(close(s.meanQueueLength!, s.throughput * s.meanWait!)).toBe(true);
          // Admitted visit rate × service / threads.
          expect(close(s.utilization!, (s.throughput * stage.service.meanSeconds) / c)).toBe(true);
          expect(s.utilization!).toBeGreaterThanOrEqual(0);
          expect(s.utilization!).toBeLessThan(1);
        });
      }),
      { numRuns: 200 },
    );
  });

  it('throughput never exceeds the offered rate; drops are a probability', () => {
    fc.assert(
      fc.property(modelArb, fc.double({ min: 0.1, max: 3, noNaN: true }), (spec, scale) => {
        const r = analyze(build(spec, scale));
        expect(r.throughput!).toBeLessThanOrEqual(r.offeredRate! * (1 + 1e-12));
        expect(r.dropRate).toBeGreaterThanOrEqual(0);
        expect(r.dropRate).toBeLessThanOrEqual(1);
        expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
      }),
      { numRuns: 200 },
    );
  });

  it('percentiles are ordered p50 ≤ p90 ≤ p95 ≤ p99 ≤ p999, and p50 ≤ mean-ish bounds hold', () => {
    fc.assert(
      // Deterministic stages included: their jumps are kept out of the inverted transform (lattice.ts).
      fc.property(modelArb, (spec) => {
        const r = analyze(build(spec));
        const values = PERCENTILE_KEYS.map((k) => r.latency[k]!);
        for (let i = 1; i < values.length; i++) expect(values[i]!).toBeGreaterThanOrEqual(values[i - 1]! * (1 - 1e-9));
        // Markov: P(T > t) ≤ mean/t, so the p90 cannot exceed 10 × mean.
        expect(values[1]!).toBeLessThanOrEqual(10 * r.latency.mean! * (1 + 1e-6));
      }),
      { numRuns: 150 },
    );
  });

  it('more load never shortens a wait; one more thread never lengthens that stage\'s wait', () => {
    // Only the widened stage's own wait must not grow: a wider stage with a finite queue drops less and so
    // sends more traffic downstream, which may lengthen waits there.
    fc.assert(
      fc.property(modelArb, fc.double({ min: 1.001, max: 1.2, noNaN: true }), fc.nat(), (spec, factor, pick) => {
        const base = analyze(build(spec));
        const busier = analyze(build({ ...spec, load: Math.min(0.98, spec.load * factor) }));
        // Downstream of another stage a wait may rightly shrink with more load: a finite queue upstream drops
        // more, and under QNA a busier upstream stage with scv < 1 sends smoother traffic on (FC_SEED=-47050488:
        // gamma → deterministic, −1e-6 relative). So every stage is checked only in a Jackson network.
        const jackson = spec.arrivalScv === 1 && spec.stages.every((s) => s.distribution === 'exponential' && s.queueCapacity === undefined);
        base.stages.forEach((s, i) => {
          if (i > 0 && !jackson) return;
          expect(busier.stages[i]!.meanWait!).toBeGreaterThanOrEqual(s.meanWait! * (1 - 1e-9) - 1e-15);
        });
        // Latency is of completed requests: past a loss stage entered with probability < 1, more load refuses
        // more of those who enter it, and the survivors, who skipped it more often, finish sooner.
        const lossSkipped = spec.stages.some((s) => s.queueCapacity !== undefined && s.visits < 1);
        if (!lossSkipped) expect(busier.latency.p99!).toBeGreaterThanOrEqual(base.latency.p99! * (1 - 1e-6));
        const i = pick % spec.stages.length;
        const stages = spec.stages.map((s, j) => (j === i ? { ...s, threads: s.threads + 1 } : s));
        // Same arrival rate: build() scales the rate by the busiest stage, so pin it via the unchanged spec.
        const wider = analyze(withThreads(build(spec), `s${i}`, spec.stages[i]!.threads + 1));
        expect(stages[i]!.threads).toBe(spec.stages[i]!.threads + 1);
        expect(wider.stages[i]!.meanWait!).toBeLessThanOrEqual(base.stages[i]!.meanWait! * (1 + 1e-9) + 1e-15);
      }),
      { numRuns: 150 },
    );
  });

  // One more thread in a pool never raises p99 of the pool's own sojourn, and nothing downstream changes when the
  // pool is the last one, or when the network is Jackson's (Poisson, exponential: departures stay Poisson). In
  // general it is NOT a law: a wider upstream pool smooths its departures less (QNA, Whitt 1983 eq. 39: cd² rises
  // towards ca² as ρ falls), so a deterministic or low-scv pool followed by a busy one can pass on more
  // burstiness, and p99 can rise (by ~1e−6 relative in the counterexamples fast-check found, seed 1–3).
  it('one more thread in the last pool never raises p99 (open model, unbounded queues, deterministic stages included)', () => {
    fc.assert(
      fc.property(modelArb, (spec) => {
        const unbounded = { ...spec, stages: spec.stages.map((s) => ({ ...s, queueCapacity: undefined })) };
        const model = build(unbounded);
        const base = analyze(model);
        const i = spec.stages.length - 1;
        const wider = analyze(withThreads(model, `s${i}`, spec.stages[i]!.threads + 1));
        expect(wider.latency.p99!).toBeLessThanOrEqual(base.latency.p99! * (1 + 1e-7));
      }),
      { numRuns: 150 },
    );
  });

  it('one more thread in any pool of a Jackson network never raises p99', () => {
    fc.assert(
      fc.property(modelArb, fc.nat(), (spec, pick) => {
        const jackson = {
          ...spec,
          arrivalScv: 1 as const,
          stages: spec.stages.map((s) => ({ ...s, distribution: 'exponential' as const, queueCapacity: undefined })),
        };
        const model = build(jackson);
        const base = analyze(model);
        const i = pick % spec.stages.length;
        const wider = analyze(withThreads(model, `s${i}`, spec.stages[i]!.threads + 1));
        expect(wider.latency.p99!).toBeLessThanOrEqual(base.latency.p99! * (1 + 1e-7));
      }),
      { numRuns: 150 },
    );
  });
});
