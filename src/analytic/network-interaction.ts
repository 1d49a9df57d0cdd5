/**
 * Where the per-part bands cannot be trusted on their own. Each method's band (accuracy-bands.ts) was measured
 * on a station fed as in its own test: Poisson or renewal arrivals, one pass. Inside a network two things break
 * that premise, and the accuracy harness (`npm run accuracy`) measured both far beyond the parts' bands:
 *
 * - a pool entered again later in the path (re-entry, or one pool serving several runs of stages) when the
 *   network is not product form: the visits' waits are correlated and the merged flow is not renewal
 *   (means off by up to +54% where every part claimed 0.1%);
 * - a pool fed by another queue's departures that QNA says are not Poisson: departures are correlated, not the
 *   renewal flow of the given scv the method assumes (p99 off by up to +83%, drop rates by up to 2.6×).
 *
 * Each case is one more part of the model, with its own measured band (method ids `network-reentry` and
 * `network-flows`), weighted by the share of the latency spent waiting in the pools it concerns. A product-form network (Poisson
 * arrivals, exponential service, no finite queue, no cores) has neither: Jackson's theorem makes it exact.
 */
import type { PartUse } from './accuracy.ts';

export interface PoolFlow {
  readonly name: string;
  /** A pool with finite threads that some request reaches (a pure delay reshapes no flow). */
  readonly queueing: boolean;
  readonly rho: number;
  /** The scv of the arrivals the pool sees (QNA, at the pool's own time scale). */
  readonly arrivalScv: number;
  /**
   * QNA's scv of the flow reaching the pool before the time-scale view (qna.ts scvSeenAt) discounts it: an idle
   * pool between two queues resets that view's time scale to its own, so a pool behind it read as Poisson
   * what a bursty queue upstream sent (model 2-56 of seed 2: 1.003 seen, 1.40 sent; its wait −15 % against a
   * 1.5 % band). Absent: the same as arrivalScv.
   */
  readonly shortScv?: number;
  /** Entered more than once per request: re-entered, or serving several runs of stages. */
  readonly reentered: boolean;
  readonly finite: boolean;
  /** Share of arrivals the pool refuses (a finite queue); absent: none. */
  readonly blocking?: number;
  /**
   * Share of the mean end-to-end latency the pool's requests spend waiting: the interaction shapes waits, and
   * service is exact, so a wide pool that seldom queues holds little of the error whatever its latency share.
   */
  readonly waitShare: number;
  /** Position of the pool's first run of stages in the path. */
  readonly firstPosition: number;
}

/** Past this distance of its arrivals' scv from 1, a downstream pool's input counts as shaped by the network. */
const NON_POISSON = 0.05;
/**
 * Past this share of refusals, a finite queue's departures are smoother than the QNA departure scv (an
 * infinite-queue formula: 1 for exponential service) says, and every queue after it counts as shaped: an
 * M/M/1 behind an M/M/1/K refusing 3 % claimed an exact mean +5.8 % off a long simulation (10 %: +10 %,
 * an M/M/1/1 loss stage refusing 23 %: +16 %, p99 +19 %).
 */
const REFUSING = 0.001;

/**
 * `mm1Tandem`: the model is a tandem of ·/M/1 stations fed by the renewal arrivals (interchange.ts
 * isRenewalMM1Tandem), whose shaped flows carry their own, narrower band (network-flows-mm1-tandem).
 */
export function interactionUses(pools: readonly PoolFlow[], productForm: boolean, mm1Tandem = false): PartUse[] {
  if (productForm) return [];
  const queueing = pools.filter((p) => p.queueing);
  const firstQueue = Math.min(...queueing.map((p) => p.firstPosition));
  const reentered = queueing.filter((p) => p.reentered);
  const firstRefusing = Math.min(...queueing.filter((p) => p.finite && (p.blocking ?? 0) >= REFUSING).map((p) => p.firstPosition));
  const shaped = queueing.filter(
    (p) =>
      !p.reentered &&
      p.firstPosition > firstQueue &&
      (p.firstPosition > firstRefusing ||
        Math.max(Math.abs(p.arrivalScv - 1), Math.abs((p.shortScv ?? p.arrivalScv) - 1)) > NON_POISSON),
  );
  const uses: PartUse[] = [];
  const use = (method: string, affected: readonly PoolFlow[]) => {
    if (affected.length === 0) return;
    uses.push({
      part: affected.map((p) => p.name).join('+'),
      method,
      x: Math.max(...affected.map((p) => p.rho)),
      share: Math.min(1, affected.reduce((s, p) => s + p.waitShare, 0)),
      drops: affected.some((p) => p.finite),
    });
  };
  use('network-reentry', reentered);
  use(mm1Tandem ? 'network-flows-mm1-tandem' : 'network-flows', shaped);
  return uses;
}
