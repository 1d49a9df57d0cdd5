/**
 * The short proof CI runs (test/proof/real-servers.test.ts), and what it can judge.
 *
 * The virtual proof (virtual.ts) runs this design against a simulated ideal server (exactly M/M/4 plus a constant
 * delay, so the model is right by construction). Under closed load it breaks none of the issue's bounds in 200
 * runs. Under open load it breaks them in 214 of 400: near saturation the sampling noise of three 10 s low-load
 * rows (±2% on the fitted demand) is amplified, so |error| at 85% reaches 32% on the mean and 42% on p99 in 5%
 * of runs, and the mean at 70% breaks ±10% in 22 runs. Longer high windows do not help (40 s: still ±30%); four
 * times longer low rows halve it. So the open-load points above 50% are judged here against the 99th percentile
 * of the ideal server's |error| (rounded up to 5%): that still catches a calibration gone wrong (a low-load ratio
 * instead of the regression was +75% at 70% and +360% at 85%), and `npm run proof` judges the issue's bounds
 * with 15 s rows, repeats and their spread. With this session's calibrate, 300 virtual open-load runs broke some
 * issue bound in 167 and some bound below in 7 (a run judges 18 figures, each bound one figure's 99th
 * percentile); 200 closed-load runs broke none.
 */
import type { JudgedKey } from './judge.ts';
import { issueBoundFor, type LoadKind } from './proof.ts';

export const CI_DESIGN = {
  low: { warmupSeconds: 1, seconds: 10 },
  high: { warmupSeconds: 2, seconds: 10 },
  lowFractions: [0.1, 0.2, 0.3],
  highFractions: [0.5, 0.7, 0.85],
} as const;

/** The 99th percentile of |error| in 400 virtual runs of CI_DESIGN under open load, rounded up to 5%. */
const OPEN_SAMPLING_BOUND: Readonly<Record<number, Readonly<Record<JudgedKey, number>>>> = {
  0.7: { throughput: 0.05, mean: 0.15, p99: 0.2 }, // measured 3.4%, 12.8%, 19.9%
  0.85: { throughput: 0.05, mean: 0.45, p99: 0.55 }, // measured 2.7%, 43.3%, 52.2%
};

export function ciBoundFor(kind: LoadKind, key: JudgedKey, fraction: number): number {
  const issue = issueBoundFor(key, fraction);
  const sampling = kind === 'open' ? OPEN_SAMPLING_BOUND[fraction]?.[key] : undefined;
  return Math.max(issue, sampling ?? 0);
}
