/**
 * The long simulation one random model is compared with: a pilot run estimates how the 95 % half-widths of
 * the mean and p99 shrink with requests (as 1/√n), then a final run of 8 replications is sized so both reach
 * `targetRelative` of their estimate (1 % by default, small against the 5 % the analysis is held to), within a
 * request budget. Only the final run's figures are kept.
 */
import type { Model } from '../../src/model/types.ts';
import { simulateAsync } from '../../src/sim/simulate.ts';

export interface SimSettings {
  readonly targetRelative: number;
  readonly pilotRequests: number;
  readonly minRequests: number;
  readonly maxRequests: number;
  readonly replications: number;
  readonly seed: number;
}

export const FULL: SimSettings = {
  targetRelative: 0.01,
  pilotRequests: 20_000,
  minRequests: 200_000,
  maxRequests: 3_000_000,
  replications: 8,
  seed: 2026,
};
export const QUICK: SimSettings = { ...FULL, pilotRequests: 5_000, minRequests: 20_000, maxRequests: 100_000 };

export interface SimFigures {
  readonly stable: boolean;
  readonly requests: number;
  readonly replications: number;
  readonly throughput: number | null;
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly dropRate: number;
  readonly ci: { readonly mean: number | null; readonly p99: number | null; readonly throughput: number | null; readonly dropRate: number | null };
  /** The bottleneck's simulated utilisation (largest over pools). */
  readonly maxUtilization: number | null;
  readonly seconds: number;
}

const relative = (h: number | null, x: number | null) => (h === null || x === null || x === 0 ? Infinity : h / Math.abs(x));

export async function measure(model: Model, settings: SimSettings): Promise<SimFigures> {
  const started = performance.now();
  const pilot = await simulateAsync(model, { requests: settings.pilotRequests, replications: 4, seed: settings.seed, workers: 1 });
  if (!pilot.stable) return figures(pilot, started);
  const pilotTotal = settings.pilotRequests * 4;
  let worst = Math.max(relative(pilot.ci.mean, pilot.latency.mean), relative(pilot.ci.p99, pilot.latency.p99));
  if (pilot.dropRate >= 0.001) worst = Math.max(worst, relative(pilot.ci.dropRate, pilot.dropRate) / 2);
  const wanted = Number.isFinite(worst) ? pilotTotal * (worst / settings.targetRelative) ** 2 : settings.maxRequests;
  const total = Math.min(settings.maxRequests, Math.max(settings.minRequests, wanted));
  const requests = Math.ceil(total / settings.replications);
  const final = await simulateAsync(model, { requests, replications: settings.replications, seed: settings.seed + 1 });
  return figures(final, started);
}

function figures(r: Awaited<ReturnType<typeof simulateAsync>>, started: number): SimFigures {
  const utilizations = r.pools.map((p) => p.utilization).filter((u): u is number => u !== null);
  return {
    stable: r.stable,
    requests: r.requests,
    replications: r.replications,
    throughput: r.throughput,
    mean: r.latency.mean,
    p50: r.latency.p50,
    p99: r.latency.p99,
    dropRate: r.dropRate,
    ci: { mean: r.ci.mean, p99: r.ci.p99, throughput: r.ci.throughput, dropRate: r.ci.dropRate },
    maxUtilization: utilizations.length > 0 ? Math.max(...utilizations) : null,
    seconds: (performance.now() - started) / 1000,
  };
}
