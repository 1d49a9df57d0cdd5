/**
 * Exact closed networks at 10,000 and 100,000 clients (`npm run bench -- closedScale`, or
 * `npx tsx bench/closed-scale.ts`): wall time of the exact solution (best of five, after one warm-up call) as a
 * ratio to a fixed arithmetic loop timed in the same run, and Bard–Schweitzer's error on the mean response.
 */
import { exactClosed } from '../src/analytic/closed-exact.ts';
import { approximateMva, type MvaStation } from '../src/analytic/mva.ts';

function bestMillis(f: () => unknown): number {
  f();
  let best = Infinity;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    f();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

/** A reference unit of work: 10⁷ multiply-adds. */
function referenceMillis(): number {
  return bestMillis(() => {
    let s = 0;
    for (let i = 0; i < 1e7; i++) s = s * 0.999999 + i;
    return s;
  });
}

export function benchClosedScale(): Record<string, unknown> {
  const threeStations: MvaStation[] = [
    { demandSeconds: 2e-4, servers: 1 },
    { demandSeconds: 5.6e-3, servers: 8 },
    { demandSeconds: 5e-4, servers: 1 },
  ];
  const sixPools: MvaStation[] = Array.from({ length: 6 }, (_, i) => ({ demandSeconds: (1 + 0.2 * i) * 1e-3, servers: 64 }));
  const reference = referenceMillis();
  const out: Record<string, unknown> = { referenceMillis: Number(reference.toFixed(1)) };
  for (const [name, stations, n, think] of [
    ['3 stations, N = 10,000, think 10 s', threeStations, 10_000, 10],
    ['3 stations, N = 100,000, think 100 s', threeStations, 100_000, 100],
    ['6 pools of 64 threads, N = 100,000, think 10 s', sixPools, 100_000, 10],
  ] as const) {
    const millis = bestMillis(() => exactClosed(stations, n, think));
    const exact = n / exactClosed(stations, n, think).throughput - think;
    const schweitzer = n / approximateMva(stations, n, think).throughput - think;
    out[name] = {
      millis: Number(millis.toFixed(2)),
      ratioToReference: Number((millis / reference).toFixed(3)),
      meanResponseMs: Number((1000 * exact).toFixed(4)),
      schweitzerError: `${(100 * (schweitzer / exact - 1)).toFixed(1)}%`,
    };
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${JSON.stringify(benchClosedScale(), null, 2)}\n`);
