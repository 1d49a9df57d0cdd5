/**
 * The public API refuses bad numbers with the ModelError a bad file gets (issue 17 §4): before, simulate with
 * a NaN rate and plan({ targetRate: NaN }) never returned, a rate of 0 threw a TypeError, a negative rate was
 * answered as stable and NaN came back in results.
 */
import { describe, expect, it } from 'vitest';
import {
  analyze,
  headroom,
  latencyDistribution,
  ModelError,
  parseModel,
  plan,
  simulate,
  simulateAsync,
  sweep,
  withArrivalRate,
  withClients,
  withServiceMean,
  withThreads,
  type Model,
} from '../../src/index.ts';

const model = parseModel(`workload: { arrivalRate: 100 }\nstages:\n  - { name: a, service: 1ms, threads: 2 }\n  - { name: b, service: 2ms, threads: 4 }\n`);

function refusal(run: () => unknown): ModelError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return error as ModelError;
  }
  throw new Error('expected a ModelError');
}

describe('API guards', () => {
  it('analyze refuses NaN, zero, negative and infinite rates naming the field', () => {
    for (const rate of [NaN, 0, -5, Infinity]) {
      const error = refusal(() => analyze(withArrivalRate(model, rate)));
      expect(error.issues[0]!.path).toBe('workload.arrivalRatePerSecond');
      expect(error.message).toMatch(/^<model>: workload\.arrivalRatePerSecond: expected a finite number > 0/);
      // The value as given: NaN and Infinity, not the null JSON would spell them as.
      expect(error.issues[0]!.got).toBe(String(rate));
    }
    expect(() => latencyDistribution(withArrivalRate(model, NaN))).toThrow(ModelError);
  });

  it('refuses bad clients, threads and service times', () => {
    expect(refusal(() => analyze(withClients(model, 2.5))).issues[0]!.path).toBe('workload.clients');
    expect(refusal(() => analyze(withClients(model, 1e9))).message).toMatch(/reqpath's limit/);
    expect(refusal(() => analyze(withThreads(model, 'a', 0))).issues[0]!.path).toBe('pools[0].threads');
    expect(refusal(() => analyze(withThreads(model, 'a', 1e9))).issues[0]!.path).toBe('pools[0].threads');
    expect(refusal(() => analyze(withServiceMean(model, 'b', NaN))).issues[0]!.path).toBe('stages[1].service.meanSeconds');
    expect(refusal(() => analyze({ ...model, stages: [] })).issues[0]!.path).toBe('stages');
    expect(refusal(() => analyze(null as unknown as Model)).issues[0]!.path).toBe('');
  });

  it('simulate refuses a NaN rate and bad options at once instead of running forever', () => {
    const started = performance.now();
    expect(() => simulate(withArrivalRate(model, NaN), { requests: 1000 })).toThrow(ModelError);
    for (const options of [{ requests: NaN }, { replications: 0 }, { seed: -1 }, { seed: 2 ** 32 }, { seed: 1.5 }, { warmup: -1 }, { precision: 2 }]) {
      expect(() => simulate(model, { requests: 1000, ...options }), JSON.stringify(options)).toThrow(ModelError);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('simulateAsync rejects with the same error', async () => {
    await expect(simulateAsync(withArrivalRate(model, -1), { requests: 1000, workers: 1 })).rejects.toBeInstanceOf(ModelError);
  });

  it('the largest seed is accepted and differs from seed 0 (no silent modulo)', () => {
    const a = simulate(model, { requests: 2000, replications: 2, seed: 2 ** 32 - 1 });
    const b = simulate(model, { requests: 2000, replications: 2, seed: 0 });
    expect(a.seed).toBe(2 ** 32 - 1);
    expect(a.latency.mean).not.toBe(b.latency.mean);
  });

  it('plan refuses a NaN target rate and bad limits at once', () => {
    const started = performance.now();
    for (const options of [{ targetRate: NaN }, { targetRate: -1 }, { targetRate: 0 }, { maxThreadsPerPool: NaN }, { maxThreadsPerPool: { a: -1 } }, { slo: { p99Seconds: NaN } }]) {
      expect(() => plan(model, options), JSON.stringify(options)).toThrow(ModelError);
    }
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('sweep and headroom refuse bad numbers', () => {
    expect(() => sweep(model, { parameter: 'rate', from: 10, to: 100, steps: NaN })).toThrow(ModelError);
    expect(() => sweep(withArrivalRate(model, NaN), { parameter: 'rate', values: [10] })).toThrow(ModelError);
    expect(() => headroom(withArrivalRate(model, -3))).toThrow(ModelError);
  });

  it('a valid model still answers, with no NaN anywhere', () => {
    const json = JSON.stringify(analyze(model));
    expect(json).not.toMatch(/NaN/);
  });
});
