import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyze, parseModel, withArrivalRate } from '../../src/index.ts';
import { calibrate } from '../../src/calibrate/calibrate.ts';
import { fittedYaml } from '../../src/calibrate/fitted-yaml.ts';
import { base, syntheticRows } from './synthetic.ts';
import { mulberry32 as rng } from '../../bench/mulberry32.ts';

function service(result: ReturnType<typeof calibrate>, stage: string): number {
  return result.model.stages.find((s) => s.name === stage)!.service.meanSeconds;
}

describe('calibrate: service times recovered from simulated measurements of a known model', () => {
  // Random seeded models across the space: 1–8 threads, 0.2–20 ms service, 0–3 ms delay outside the server,
  // one or two pools; rows at 10/20/30% of capacity with busy columns. The fit must land within 3%.
  const random = rng(13);
  const cases = Array.from({ length: 5 }, (_, k) => {
    const threads = 1 + Math.floor(random() * 8);
    const serviceMs = 0.2 * 100 ** random();
    const delayMs = 3 * random();
    const twoPools = k % 2 === 1;
    const secondMs = serviceMs * (0.2 + 0.5 * random());
    return { k, threads, serviceMs, delayMs, twoPools, secondMs };
  });
  for (const c of cases) {
    it(`model ${c.k}: ${c.threads} threads, ${c.serviceMs.toFixed(2)} ms${c.twoPools ? ` + a second pool ${c.secondMs.toFixed(2)} ms` : ''}, delay ${c.delayMs.toFixed(2)} ms`, () => {
      const stages = (serviceMs: number, secondMs: number) =>
        `  - { name: work, service: ${serviceMs}ms, threads: ${c.threads} }\n` + (c.twoPools ? `  - { name: encode, service: ${secondMs}ms, threads: 2 }\n` : '');
      const truth = parseModel(`name: truth\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: net, service: ${c.delayMs}ms, threads: infinite, distribution: deterministic }\n${stages(c.serviceMs, c.secondMs)}`);
      const capacity = analyze(truth).maxThroughput!;
      const rows = syntheticRows(truth, [0.1, 0.2, 0.3].map((f) => ({ rate: f * capacity })), { seed: c.k + 1, requests: 30_000, replications: 2 });
      const b = base(`name: base\nworkload: { arrivalRate: 1 }\nstages:\n${stages(c.serviceMs * 2.5, c.secondMs * 0.4)}`);
      const result = calibrate(b.raw, b.model, rows);
      expect(Math.abs(service(result, 'work') / (c.serviceMs / 1e3) - 1)).toBeLessThan(0.03);
      if (c.twoPools) expect(Math.abs(service(result, 'encode') / (c.secondMs / 1e3) - 1)).toBeLessThan(0.03);
      // The delay is what the mean latency leaves after the model's queueing: within 3% of the service time.
      expect(Math.abs(service(result, 'overhead') - c.delayMs / 1e3)).toBeLessThan(0.03 * (c.serviceMs / 1e3) + 2e-5);
      for (const figure of result.figures.filter((f) => f.method === 'utilization-law')) {
        expect(figure.rows).toEqual([1, 2, 3]);
        expect(figure.ci95).not.toBeNull();
      }
      // And the fitted model predicts the measured rows.
      for (const r of result.residuals) expect(Math.abs(r.error.mean!)).toBeLessThan(0.03);
    });
  }

  it('regression with an intercept is unbiased where the low-load ratio is not (work that does not scale with requests)', () => {
    const truth = parseModel('name: t\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: loop, service: 1ms, threads: 1 }\n');
    const rows = syntheticRows(truth, [90, 180, 270].map((rate) => ({ rate })), { columns: 'cpu', background: 0.02, seed: 5, requests: 40_000, replications: 2 });
    const b = base('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: loop, service: 3ms, threads: 1 }\n');
    const result = calibrate(b.raw, b.model, rows);
    expect(Math.abs(service(result, 'loop') / 1e-3 - 1)).toBeLessThan(0.03);
    const naive = rows[0]!.cpu! / rows[0]!.throughput;
    expect(naive / 1e-3 - 1).toBeGreaterThan(0.15); // what the issue's naive calibration did
    // The per-request figure falling with load is reported, with the intercept named as the reason.
    expect(result.notes.join('\n')).toMatch(/per request falls .* intercept/);
    expect(result.demand[0]!.intercept.value).toBeGreaterThan(0.01);
  });

  it('a closed load generator (clients, think time) calibrates too, the delay acting as extra think time', () => {
    const truth = parseModel('name: t\nworkload: { clients: 4, thinkTime: 20ms }\nstages:\n  - { name: net, service: 2ms, threads: infinite }\n  - { name: work, service: 4ms, threads: 4 }\n');
    const rows = syntheticRows(truth, [3, 6, 9].map((clients) => ({ clients, thinkSeconds: 0.02 })), { seed: 9, requests: 30_000, replications: 2 });
    const b = base('name: b\nworkload: { clients: 1 }\nstages:\n  - { name: work, service: 1ms, threads: 4 }\n');
    const result = calibrate(b.raw, b.model, rows);
    expect(Math.abs(service(result, 'work') / 4e-3 - 1)).toBeLessThan(0.03);
    expect(Math.abs(service(result, 'overhead') / 2e-3 - 1)).toBeLessThan(0.06);
    // BASE's own delay stage is the one fitted when it has one.
    const withDelay = base('name: b\nworkload: { clients: 1 }\nstages:\n  - { name: rtt, service: 1us, threads: infinite }\n  - { name: work, service: 1ms, threads: 4 }\n');
    const again = calibrate(withDelay.raw, withDelay.model, rows);
    expect(again.model.stages.map((s) => s.name)).toEqual(['rtt', 'work']);
    expect(Math.abs(service(again, 'rtt') / 2e-3 - 1)).toBeLessThan(0.06);
  });

  it('without busy or cpu columns, the latency fit recovers the service time from percentiles', () => {
    const truth = parseModel('name: t\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: net, service: 1ms, threads: infinite, distribution: deterministic }\n  - { name: work, service: 5ms, threads: 4 }\n');
    const rows = syntheticRows(truth, [80, 160, 240].map((rate) => ({ rate })), { columns: "none", seed: 3, requests: 40_000, replications: 2 });
    const b = base('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: work, service: 2ms, threads: 4 }\n');
    const result = calibrate(b.raw, b.model, rows);
    expect(result.figures.find((f) => f.stage === 'work')!.method).toBe('latency-fit');
    expect(Math.abs(service(result, 'work') / 5e-3 - 1)).toBeLessThan(0.03);
    expect(Math.abs(service(result, 'overhead') / 1e-3 - 1)).toBeLessThan(0.1);
  });

  it('a cpu column far below the service the latencies show (I/O-bound handlers) gives way to the latency fit', () => {
    const truth = parseModel('name: t\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: work, service: 4ms, threads: 4 }\n');
    const rows = syntheticRows(truth, [100, 200, 300].map((rate) => ({ rate })), { columns: 'cpu', cpuShare: 0.05, seed: 6, requests: 30_000, replications: 2 });
    const b = base('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: work, service: 1ms, threads: 4 }\n');
    const result = calibrate(b.raw, b.model, rows);
    expect(result.figures.find((f) => f.stage === 'work')!.method).toBe('latency-fit');
    expect(Math.abs(service(result, 'work') / 4e-3 - 1)).toBeLessThan(0.05);
    expect(result.notes.join('\n')).toMatch(/cpuBound: false/);
  });

  it('the bundled six-stage model (a stage per connection, a lognormal stage): every pool fitted, shapes kept', () => {
    const file = readFileSync('models/seda-https-json.yaml', 'utf8');
    const truth = parseModel(file);
    const capacity = analyze(truth).maxThroughput!;
    const rows = syntheticRows(truth, [0.1, 0.2, 0.3].map((f) => ({ rate: f * capacity })), { seed: 8, requests: 30_000, replications: 2 });
    const doubled = file.replace(/service: (\d+(?:\.\d+)?)(us|ms)/g, (_m, n: string, u: string) => `service: ${Number(n) * 2}${u}`);
    const b = base(doubled);
    const result = calibrate(b.raw, b.model, rows);
    for (const stage of truth.stages) {
      const fitted = result.model.stages.find((s) => s.name === stage.name)!;
      // accept runs once per connection (visits 0.1): a tenth of the samples, so a wider margin.
      const margin = stage.visits < 1 ? 0.1 : 0.03;
      expect(Math.abs(fitted.service.meanSeconds / stage.service.meanSeconds - 1), stage.name).toBeLessThan(margin);
      expect(fitted.distribution, stage.name).toBe(stage.distribution);
    }
  });

  it('fits the scv from percentiles when the service is not exponential', () => {
    const truth = parseModel('name: t\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: work, service: 5ms, threads: 2, distribution: gamma, scv: 0.25 }\n');
    const rows = syntheticRows(truth, [40, 80, 120].map((rate) => ({ rate })), { seed: 4, requests: 40_000, replications: 2 });
    const b = base('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: work, service: 2ms, threads: 2 }\n');
    const result = calibrate(b.raw, b.model, rows);
    const scv = result.figures.find((f) => f.field === 'scv');
    expect(scv).toBeDefined();
    expect(scv!.value).toBeGreaterThan(0.15);
    expect(scv!.value).toBeLessThan(0.35);
    expect(result.model.stages.find((s) => s.name === 'work')!.distribution).toBe('gamma');
    // Predicting a higher load with the fitted shape: within 5% of the truth's own analysis.
    const at = (m: typeof truth) => analyze(withArrivalRate(m, 340)).latency;
    expect(Math.abs(at(result.model).p99! / at(truth).p99! - 1)).toBeLessThan(0.05);
  });

  it('puts a jittery delay outside the server in the delay, not in the service scv', () => {
    // A random delay (gamma scv 1, as connection set-up and a load generator's scheduling jitter) ahead of
    // exponential service. With the delay held fixed its spread read as a service scv of 1.5, which queueing
    // amplifies: +10% on the mean and +15% on p99 at 85% for this draw. Fitted as below: −5.9% and −6.8%, the
    // service mean's own error (20k requests a row) taken to 85%.
    const truth = parseModel(
      'name: t\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: net, service: 1.2ms, threads: infinite, distribution: gamma, scv: 1 }\n  - { name: loop, service: 1ms, threads: 1 }\n',
    );
    const rows = syntheticRows(truth, [100, 150, 200, 300].map((rate) => ({ rate })), { seed: 8, requests: 20_000, replications: 1 });
    const b = base('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: loop, service: 2ms, threads: 1 }\n');
    const result = calibrate(b.raw, b.model, rows);
    expect(result.model.stages.find((s) => s.name === 'loop')!.distribution).toBe('exponential');
    const delay = result.model.stages.find((s) => s.name === 'overhead')!;
    expect(delay.distribution).toBe('gamma');
    expect(delay.service.scv).toBeGreaterThan(0.5);
    expect(delay.service.scv).toBeLessThan(2);
    // The written file says the same.
    const written = parseModel(fittedYaml('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: loop, service: 2ms, threads: 1 }\n', result, { measurementsFile: 'm.csv', baseFile: 'b.yaml' }));
    expect(written.stages[0]!.distribution).toBe('gamma');
    expect(written.stages[0]!.service.scv).toBeCloseTo(delay.service.scv, 2);
    const at = (m: typeof truth) => analyze(withArrivalRate(m, 850)).latency;
    expect(Math.abs(at(result.model).mean! / at(truth).mean! - 1)).toBeLessThan(0.08);
    expect(Math.abs(at(result.model).p99! / at(truth).p99! - 1)).toBeLessThan(0.1);
  });

  it("keeps a BASE delay stage's family, writes the shape the model was fitted with, and reads no spread from one percentile", () => {
    const truth = parseModel(
      'name: t\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: net, service: 1.2ms, threads: infinite, distribution: gamma, scv: 1 }\n  - { name: loop, service: 1ms, threads: 1 }\n',
    );
    const rows = syntheticRows(truth, [100, 150, 200, 300].map((rate) => ({ rate })), { seed: 8, requests: 20_000, replications: 1 });
    const text = 'name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: net, service: 1ms, threads: infinite, distribution: lognormal, scv: 0.2 }\n  - { name: loop, service: 2ms, threads: 1 }\n';
    const b = base(text);
    const result = calibrate(b.raw, b.model, rows);
    const net = result.model.stages.find((s) => s.name === 'net')!;
    expect(net.distribution).toBe('lognormal');
    expect(net.service.scv).toBeGreaterThan(0.5);
    const written = parseModel(fittedYaml(text, result, { measurementsFile: 'm.csv', baseFile: 'b.yaml' })).stages.find((s) => s.name === 'net')!;
    expect(written.distribution).toBe(net.distribution);
    expect(written.service.scv).toBeCloseTo(net.service.scv, 2);
    // p99 alone: any spread of the delay fits it, so none is read.
    const p99Only = rows.map((r) => ({ ...r, latency: { mean: r.latency.mean, p99: r.latency.p99 } }));
    const plain = base('name: b\nworkload: { arrivalRate: 1 }\nstages:\n  - { name: loop, service: 2ms, threads: 1 }\n');
    expect(calibrate(plain.raw, plain.model, p99Only).model.stages[0]!.distribution).toBe('deterministic');
  });
});
