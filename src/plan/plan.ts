/**
 * plan(model, options) → PlanResult: the fewest threads (or the least cost) that meet the SLO at a target
 * rate, and how much headroom the current and the planned sizings have.
 *
 *   target model (rate λ*) ──all changeable pools unlimited──▶ lower bound: infeasible? say which bound and why
 *       ──minimum stable sizing c_p = ⌊a_p⌋ + 1 (a_p = offered load in threads)──▶ greedy: add the thread with
 *       the largest drop in SLO violation per unit cost until the SLO holds
 *       ──local search: drop one thread; move one (−a, +b); merge two (−a, −b, +c) while cost falls──▶ sizing
 *       ──▶ before/after per pool, headroom of both sizings (headroom.ts)
 *
 * Why greedy works: with independent stations the mean response is a sum of per-pool terms, each convex
 * decreasing in c (Dyer & Proll 1977, "On the validity of marginal analysis for allocating servers in
 * M/M/c queues", Management Science 23(9)), so marginal allocation (Fox 1966) is optimal for a mean bound
 * with uniform costs. Percentile bounds and unequal costs break that guarantee, which the local search
 * repairs in practice; test/plan checks the result against brute-force enumeration on small models.
 *
 * Pools of infinite threads are pure delays and never change; pools outside `options.pools` stay fixed.
 */
import { withArrivalRate } from '../model/edit.ts';
import type { Result } from '../model/result.ts';
import { assertPlanInput } from '../model/guard-options.ts';
import type { Model, Pool } from '../model/types.ts';
import { analyticEvaluator, runAsync, runSync, type Evaluator, type Steps, type SyncEvaluator } from './evaluator.ts';
import { headroomSteps, type Headroom } from './headroom.ts';
import { checkSlo, percentilesRead, type BoundName, type SloCheck, type SloTarget } from './slo.ts';
import { summarize, type ResultSummary } from './summary.ts';
import { removalLoss, StaffingPath, waitFactor } from './staffing-path.ts';
import { metastableNotes, steadyForPlanning, unlimitedThreads, withMetastablePolicy, type MetastablePolicy } from './overload-plan.ts';
import { confirmSizing, figureWords } from './confirm.ts';

export type PlanObjective = 'threads' | 'cost';

export interface PlanOptions {
  /** Requests per second to size for; defaults to the model's own arrival rate. */
  readonly targetRate?: number;
  /** Bounds merged over the model's `slo` (a bound given here wins). */
  readonly slo?: SloTarget;
  /** 'threads' (default): fewest threads in total; 'cost': least Σ threads × costPerThread. */
  readonly objective?: PlanObjective;
  /** Cost of one thread per pool (default 1); read only with objective 'cost'. */
  readonly costPerThread?: Readonly<Record<string, number>>;
  /** Upper limit on any pool's threads (a number for all, or per pool); default 4096. */
  readonly maxThreadsPerPool?: number | Readonly<Record<string, number>>;
  /** Pools the plan may resize; default every pool with finite threads. */
  readonly pools?: readonly string[];
  /** Start the search from these thread counts instead of the minimum stable sizing (e.g. an analytic plan refined by simulation). */
  readonly startFrom?: Readonly<Record<string, number>>;
  /** Compute headroom of the current and planned sizings (default true). */
  readonly headroom?: boolean;
  /**
   * 'full' (default): after the greedy, single removals, moves (−a, +b) and merges (−a, −a′, +b); 'removals':
   * single removals only — k evaluations a round instead of ~k², for an expensive evaluator (simulation).
   */
  readonly localSearch?: 'full' | 'removals';
  /**
   * With retries in the model: 'avoid' (default) refuses a sizing whose load is bistable (a good and a bad
   * operating point, SPEC §5 `metastable`); 'allow' checks the SLO at the good point only.
   */
  readonly metastable?: MetastablePolicy;
}

export interface PoolSizing {
  readonly threads: number | 'infinite';
  /** At the target rate; null when the pool is overloaded. */
  readonly utilization: number | null;
}

export interface PoolPlan {
  readonly name: string;
  /** 'resized' pools are the plan's to choose; 'fixed' were left out of options.pools; 'delay' have infinite threads. */
  readonly role: 'resized' | 'fixed' | 'delay';
  readonly costPerThread: number;
  readonly before: PoolSizing;
  readonly after: PoolSizing | null;
  /** after.threads − before.threads; null when there is no plan or for a delay. */
  readonly change: number | null;
}

export interface InfeasibleBound {
  readonly bound: BoundName | 'saturation' | 'maxThreads';
  /** The SLO limit that cannot be met (seconds or a fraction); null for saturation. */
  readonly limit: number | null;
  /** The best value any allowed sizing reaches (the infimum with unlimited threads); null when unbounded. */
  readonly lowestAchievable: number | null;
  readonly reason: string;
}

export interface Evaluated {
  readonly summary: ResultSummary;
  readonly checks: readonly SloCheck[];
  readonly meetsSlo: boolean;
}

export interface PlanResult {
  readonly model: string;
  readonly method: Result['method'];
  readonly objective: PlanObjective;
  /** The model's own open arrival rate; null for a closed workload. */
  readonly currentRate: number | null;
  readonly targetRate: number | null;
  /** targetRate / currentRate. */
  readonly growth: number | null;
  readonly slo: SloTarget;
  readonly feasible: boolean;
  /** Why no sizing meets the SLO; empty when feasible. */
  readonly infeasible: readonly InfeasibleBound[];
  /** The planned threads of every finite pool; null when infeasible. */
  readonly threads: Readonly<Record<string, number>> | null;
  /** `--set` assignments that apply the plan to the model file. */
  readonly overrides: readonly string[];
  readonly pools: readonly PoolPlan[];
  readonly totals: {
    readonly threadsBefore: number;
    readonly threadsAfter: number | null;
    readonly costBefore: number;
    readonly costAfter: number | null;
  };
  /** The current sizing at the target rate. */
  readonly before: Evaluated;
  /** The planned sizing at the target rate; null when infeasible. */
  readonly after: Evaluated | null;
  /** Of the current sizing, as a multiple of the current rate; null for a closed workload or when not asked. */
  readonly headroom: Headroom | null;
  /** Of the planned sizing, as a multiple of the target rate. */
  readonly plannedHeadroom: Headroom | null;
  /** How many times the evaluator ran. */
  readonly evaluations: number;
  readonly notes: readonly string[];
}

export const DEFAULT_MAX_THREADS_PER_POOL = 4096;
/** Up to this many resizable pools the full local search (removals, moves, merges) runs: ~k² evaluations a round. */
const FULL_LOCAL_SEARCH_MAX_POOLS = 8;
/** Screened removals on larger models stop after this many failures in a row. */
const SCREENED_REMOVAL_FAILURES = 3;

type Sizing = readonly number[];

function definedOnly(slo: SloTarget | undefined): SloTarget {
  return Object.fromEntries(Object.entries(slo ?? {}).filter(([, v]) => v !== undefined)) as SloTarget;
}

function describeBound(bound: BoundName): string {
  return bound === 'dropRate' ? 'drop rate' : bound === 'utilization' ? 'utilisation' : bound === 'timeoutRate' ? 'timeout rate' : bound;
}

function formatFigure(bound: BoundName, value: number): string {
  if (bound === 'dropRate' || bound === 'utilization' || bound === 'timeoutRate') return `${Number((value * 100).toPrecision(3))}%`;
  if (bound === 'throughput' || bound === 'goodput') return `${Number(value.toPrecision(4))}/s`;
  if (bound === 'metastable') return value > 0 ? 'bistable' : 'not bistable';
  return `${Number((value * 1000).toPrecision(4))}ms`;
}

function overrideFor(pool: Pool, threads: number): string {
  return pool.declared ? `pools.${pool.name}.threads=${threads}` : `stages.${pool.name}.threads=${threads}`;
}

export function* planSteps(input: Model, options: PlanOptions = {}): Steps<PlanResult> {
  assertPlanInput(input, options);
  const notes: string[] = [];
  const model = steadyForPlanning(input, notes);
  const slo: SloTarget = withMetastablePolicy(model, { ...definedOnly(model.slo), ...definedOnly(options.slo) }, options.metastable);
  const objective = options.objective ?? 'threads';
  const currentRate = model.workload.kind === 'open' ? model.workload.arrivalRatePerSecond : null;
  const targetRate = options.targetRate ?? currentRate;
  const atTarget = options.targetRate !== undefined ? withArrivalRate(model, options.targetRate) : model;

  for (const name of options.pools ?? []) {
    if (!model.pools.some((p) => p.name === name)) throw new RangeError(`no pool named ${name}`);
  }
  const allowed = new Set(options.pools ?? model.pools.map((p) => p.name));
  const changeable = model.pools.filter((p) => p.threads !== Infinity && allowed.has(p.name));
  for (const pool of model.pools) {
    if (pool.threads === Infinity && options.pools?.includes(pool.name)) {
      notes.push(`${pool.name}: infinite threads (a pure delay) never change`);
    }
  }
  const costOf = (name: string) => (objective === 'cost' ? (options.costPerThread?.[name] ?? 1) : 1);
  const capOf = (name: string) => {
    const max = options.maxThreadsPerPool;
    return typeof max === 'number' ? max : (max?.[name] ?? DEFAULT_MAX_THREADS_PER_POOL);
  };
  const costs = changeable.map((p) => costOf(p.name));
  const caps = changeable.map((p) => capOf(p.name));
  const needs = { percentiles: percentilesRead(slo) };

  let evaluations = 0;
  function* counted<T>(steps: Steps<T>): Steps<T> {
    let next = steps.next();
    while (!next.done) {
      evaluations++;
      next = steps.next(yield next.value);
    }
    return next.value;
  }
  const changeableIndex = new Map(changeable.map((pool, i) => [pool.name, i]));
  // One pass over the pools: editing them one at a time would copy the pool list once per pool.
  const withSizing = (base: Model, sizing: Sizing): Model => ({
    ...base,
    pools: base.pools.map((pool) => {
      const i = changeableIndex.get(pool.name);
      return i === undefined || sizing[i] === pool.threads ? pool : { ...pool, threads: sizing[i]! };
    }),
  });
  const cache = new Map<string, Result>();
  function* evaluate(sizing: Sizing, full = false): Steps<Result> {
    const key = `${full ? 'full' : 'search'}:${sizing.join(',')}`;
    const hit = cache.get(key);
    if (hit) return hit;
    evaluations++;
    // A full evaluation is an answer (the current sizing, the plan): the figures analyze prints (confirm.ts).
    const result = yield { model: withSizing(atTarget, sizing), needs: full ? { percentiles: true, confirm: true } : { ...needs, screening: true } };
    cache.set(key, result);
    return result;
  }
  const meets = (result: Result) => checkSlo(result, slo).met;
  const cost = (sizing: Sizing) => sizing.reduce((sum, c, i) => sum + c * costs[i]!, 0);
  const evaluated = (result: Result): Evaluated => {
    const verdict = checkSlo(result, slo);
    return { summary: summarize(result), checks: verdict.checks, meetsSlo: verdict.met };
  };

  const currentSizing: Sizing = changeable.map((p) => p.threads);
  const beforeResult = yield* evaluate(currentSizing, true);
  const before = evaluated(beforeResult);
  const headroom =
    options.headroom === false || currentRate === null || model.workload.kind !== 'open'
      ? null
      : yield* counted(headroomSteps(model, currentRate, slo));
  if (currentRate === null && options.headroom !== false) notes.push('headroom: not computed for a closed workload (it is a rate)');

  const finish = (sizing: Sizing | null, after: Result | null, infeasible: InfeasibleBound[], plannedHeadroom: Headroom | null): PlanResult => {
    const planned = new Map(changeable.map((p, i) => [p.name, sizing?.[i]]));
    const threadsBefore = model.pools.reduce((s, p) => s + (p.threads === Infinity ? 0 : p.threads), 0);
    const costBefore = model.pools.reduce((s, p) => s + (p.threads === Infinity ? 0 : p.threads * costOf(p.name)), 0);
    const threadsAfter = (p: Pool) => planned.get(p.name) ?? p.threads;
    const pools: PoolPlan[] = model.pools.map((pool) => {
      const role = pool.threads === Infinity ? 'delay' : planned.has(pool.name) ? 'resized' : 'fixed';
      const utilizationIn = (result: Result) => result.pools.find((p) => p.name === pool.name)?.utilization ?? null;
      const threads = (n: number) => (n === Infinity ? 'infinite' : n);
      return {
        name: pool.name,
        role,
        costPerThread: costOf(pool.name),
        before: { threads: threads(pool.threads), utilization: utilizationIn(beforeResult) },
        after: after && sizing ? { threads: threads(threadsAfter(pool)), utilization: utilizationIn(after) } : null,
        change: after && sizing && role !== 'delay' ? threadsAfter(pool) - pool.threads : null,
      };
    });
    const finite = model.pools.filter((p) => p.threads !== Infinity);
    const feasible = sizing !== null && after !== null;
    return {
      model: model.name,
      method: beforeResult.method,
      objective,
      currentRate,
      targetRate,
      growth: currentRate !== null && targetRate !== null && currentRate > 0 ? targetRate / currentRate : null,
      slo,
      feasible,
      infeasible,
      threads: feasible ? Object.fromEntries(finite.map((p) => [p.name, threadsAfter(p)])) : null,
      overrides: feasible ? finite.filter((p) => threadsAfter(p) !== p.threads).map((p) => overrideFor(p, threadsAfter(p))) : [],
      pools,
      totals: {
        threadsBefore,
        threadsAfter: feasible ? finite.reduce((s, p) => s + threadsAfter(p), 0) : null,
        costBefore,
        costAfter: feasible ? finite.reduce((s, p) => s + threadsAfter(p) * costOf(p.name), 0) : null,
      },
      before,
      after: after ? evaluated(after) : null,
      headroom,
      plannedHeadroom,
      evaluations,
      notes: [...notes, ...metastableNotes(model, beforeResult, after, options.metastable)],
    };
  };

  // Lower bound: every changeable pool unlimited (no waiting there). Whatever it misses, no sizing meets.
  const bound = yield* evaluate(caps.map((cap, i) => unlimitedThreads(model, changeable[i]!.name, cap)));
  if (!bound.stable) {
    const overloaded = bound.pools.filter((p) => p.threads !== 'infinite' && (p.utilization === null || p.utilization >= 1)).map((p) => p.name);
    const saturates = bound.maxThroughput === null ? '' : ` and saturate at ${bound.maxThroughput.toPrecision(4)}/s`;
    return finish(null, null, [
      {
        bound: 'saturation',
        limit: null,
        lowestAchievable: null,
        reason: `${overloaded.join(', ') || bound.bottleneck || 'a pool'} cannot be resized${saturates}, below the target rate ${targetRate ?? ''}/s; allow the plan to resize ${overloaded.length > 1 ? 'them' : 'it'} (pools option)`,
      },
    ], null);
  }
  const floor = checkSlo(bound, slo);
  if (!floor.met) {
    return finish(
      null,
      null,
      floor.checks
        .filter((c) => !c.met)
        .map((c) => ({
          bound: c.bound,
          limit: c.limit,
          lowestAchievable: c.value,
          reason: `${describeBound(c.bound)} ${c.bound === 'throughput' || c.bound === 'goodput' ? '≥' : '≤'} ${formatFigure(c.bound, c.limit)} cannot be met: even with unlimited threads in every resizable pool ${describeBound(c.bound)} is ${c.value === null ? (c.bound === 'goodput' || c.bound === 'timeoutRate' ? 'unknown (no analytic method for this model; see its analysis notes)' : 'unbounded') : formatFigure(c.bound, c.value)}${c.bound === 'dropRate' || c.bound === 'utilization' || c.bound === 'throughput' ? ' (set by the workload and the pools the plan may not resize)' : ' (service times and fixed pools alone)'}`,
        })),
      null,
    );
  }

  // Offered load in threads per pool (a_p = Σ stage visit rate × mean service) and the proxy's inputs.
  const requestRate = bound.throughput ?? targetRate ?? 0;
  const loadsWithoutFactor = changeable.map((pool) => {
    const offered = model.stages.reduce((sum, stage) => {
      if (stage.pool !== pool.name) return sum;
      const visitRate = bound.stages.find((s) => s.name === stage.name)?.throughput ?? 0;
      return sum + visitRate * stage.service.meanSeconds;
    }, 0);
    const visitRate = bound.pools.find((p) => p.name === pool.name)?.arrivalRate ?? 0;
    return {
      offered,
      holdingSeconds: visitRate > 0 ? offered / visitRate : 0,
      visitsPerRequest: requestRate > 0 ? visitRate / requestRate : 0,
      perThread: pool.dispatch === 'per-thread',
    };
  });
  // Minimum stable sizing, raised to any utilisation ceiling (a pool at c threads is a_p / c busy).
  const start: number[] = changeable.map((pool, i) => {
    const offered = loadsWithoutFactor[i]!.offered;
    const stable = Math.floor(offered + 1e-9) + 1;
    const underCeiling = slo.maxUtilization !== undefined ? Math.ceil(offered / slo.maxUtilization - 1e-9) : 1;
    return Math.min(caps[i]!, Math.max(1, Math.round(options.startFrom?.[pool.name] ?? Math.max(stable, underCeiling))));
  });

  const startResult = yield* evaluate(start);
  let sizing: number[];
  if (checkSlo(startResult, slo).met) {
    sizing = start;
  } else {
    const loads = loadsWithoutFactor.map((load, i) => ({
      ...load,
      waitFactor: waitFactor(load, start[i]!, startResult.pools.find((p) => p.name === changeable[i]!.name)?.meanWait ?? null),
    }));
    const found = yield* firstMeetingOnPath(new StaffingPath(loads, start, caps, costs));
    if (found) {
      sizing = found;
    } else {
      const greedy = yield* greedyFrom(start, startResult);
      if (!greedy) {
        const missed = checkSlo(startResult, slo).checks.filter((c) => !c.met);
        return finish(null, null, [
          {
            bound: 'maxThreads',
            limit: null,
            lowestAchievable: null,
            reason: `every resizable pool reached its thread limit (${DEFAULT_MAX_THREADS_PER_POOL} by default; maxThreadsPerPool) and ${missed.map((c) => describeBound(c.bound)).join(', ') || 'stability'} still missed`,
          },
        ], null);
      }
      sizing = greedy;
    }
  }

  /**
   * The fewest steps along the path that meet the SLO. Every bound improves with threads, so "meets" is
   * monotone along the path: gallop out, then close the bracket by regula falsi (Illinois variant) on the
   * SLO margin, which is smooth in the step count, with a bisection every third try so the bracket always
   * shrinks. About log₂ of the path length full evaluations instead of one per pool per step.
   */
  function* firstMeetingOnPath(path: StaffingPath): Steps<number[] | null> {
    // 1 − limit/value (> 0 while missed, 1 when unstable): nearly linear in added threads, as a latency falls
    // like 1/(threads − offered load), where the log margin is not.
    const shortfall = (margin: number) => 1 - Math.exp(-margin);
    const at = function* (k: number): Steps<{ met: boolean; margin: number }> {
      const verdict = checkSlo(yield* evaluate(path.sizingAt(k)), slo);
      return { met: verdict.met, margin: shortfall(verdict.margin) };
    };
    let lo = 0;
    let marginLo = shortfall(checkSlo(startResult, slo).margin);
    let hi = -1;
    let marginHi = 0;
    let previous: { k: number; margin: number } | null = null;
    let probe = Math.max(1, Math.ceil(changeable.length / 2));
    while (hi < 0) {
      const available = path.extendTo(probe);
      if (available <= lo) return null;
      probe = Math.min(probe, available);
      const e = yield* at(probe);
      if (e.met) {
        hi = probe;
        marginHi = e.margin;
        break;
      }
      previous = { k: lo, margin: marginLo };
      lo = probe;
      marginLo = e.margin;
      // Aim past the secant's root (the margin is convex in the steps, so the secant falls short), at most ×4.
      const slope = Number.isFinite(previous.margin) && Number.isFinite(marginLo) ? (previous.margin - marginLo) / (lo - previous.k) : 0;
      const aim = slope > 0 ? lo + (1.25 * marginLo) / slope : lo * 2;
      probe = Math.ceil(Math.min(lo * 4, Math.max(lo + 1, aim)));
    }
    let keptSide = 0;
    for (let round = 1; hi - lo > 1; round++) {
      let k = Math.floor((lo + hi) / 2);
      if (round % 3 !== 0 && Number.isFinite(marginLo) && Number.isFinite(marginHi) && marginLo > marginHi) {
        k = Math.round(lo + ((hi - lo) * marginLo) / (marginLo - marginHi));
      }
      k = Math.min(hi - 1, Math.max(lo + 1, k));
      const e = yield* at(k);
      if (e.met) {
        hi = k;
        marginHi = e.margin;
        if (keptSide === 1) marginLo /= 2;
        keptSide = 1;
      } else {
        lo = k;
        marginLo = e.margin;
        if (keptSide === -1) marginHi /= 2;
        keptSide = -1;
      }
    }
    return path.sizingAt(hi);
  }

  /** The exhaustive greedy (every pool tried with a full evaluation per step): a fallback when the proxy path runs dry. */
  function* greedyFrom(from: number[], fromResult: Result): Steps<number[] | null> {
    let current = from;
    let result = fromResult;
    let verdict = checkSlo(result, slo);
    while (!verdict.met) {
      let best: { sizing: number[]; result: Result; score: number; cost: number } | null = null;
      for (let i = 0; i < changeable.length; i++) {
        if (current[i]! >= caps[i]!) continue;
        const candidate = current.slice();
        candidate[i]! += 1;
        const candidateResult = yield* evaluate(candidate);
        const violation = checkSlo(candidateResult, slo).violation;
        let gain: number;
        if (verdict.violation === Infinity) {
          const overloaded = result.pools.find((p) => p.name === changeable[i]!.name)?.utilization;
          gain = violation < Infinity ? Infinity : overloaded === null || (overloaded ?? 0) >= 1 ? 0 : -1;
        } else {
          gain = verdict.violation - violation;
        }
        const score = gain / costs[i]!;
        if (!best || score > best.score || (score === best.score && costs[i]! < best.cost)) {
          best = { sizing: candidate, result: candidateResult, score, cost: costs[i]! };
        }
      }
      if (!best) return null;
      current = best.sizing;
      result = best.result;
      verdict = checkSlo(result, slo);
    }
    return current;
  }

  if (changeable.length > FULL_LOCAL_SEARCH_MAX_POOLS) {
    // Many pools: the k² moves would dominate. Try single removals, cheapest proxy loss first, and stop once
    // a few in a row fail (the path already ends on a thread that was needed).
    const loads = loadsWithoutFactor.map((load) => ({ ...load, waitFactor: 1 }));
    const order = changeable
      .map((_, i) => i)
      .filter((i) => sizing[i]! > start[i]!)
      .sort((a, b) => removalLoss(loads[a]!, sizing[a]!, costs[a]!) - removalLoss(loads[b]!, sizing[b]!, costs[b]!));
    let failures = 0;
    for (const i of order) {
      if (failures >= SCREENED_REMOVAL_FAILURES) break;
      const candidate = sizing.slice();
      candidate[i]! -= 1;
      if (meets(yield* evaluate(candidate))) {
        sizing = candidate;
        failures = 0;
      } else {
        failures++;
      }
    }
  } else {
    yield* localSearch();
  }

  function* localSearch(): Steps<void> {
    // Local search: keep any move that lowers the cost and still meets the SLO, until none does.
    for (let improved = true; improved; ) {
      improved = false;
      const order = changeable.map((_, i) => i).sort((a, b) => costs[b]! - costs[a]!);
      for (const i of order) {
        if (sizing[i]! <= 1) continue;
        const candidate = sizing.slice();
        candidate[i]! -= 1;
        if (meets(yield* evaluate(candidate))) {
          sizing = candidate;
          improved = true;
          break;
        }
      }
      if (improved || options.localSearch === 'removals') continue;
      // Moves (−a, +b) that keep the SLO; accepted when b is cheaper, and the seeds of (−a, −b′, +b) merges.
      const feasibleMoves: [number, number][] = [];
      for (const a of order) {
        if (sizing[a]! <= 1) continue;
        for (let b = 0; b < changeable.length && !improved; b++) {
          if (b === a || sizing[b]! >= caps[b]!) continue;
          const candidate = sizing.slice();
          candidate[a]! -= 1;
          candidate[b]! += 1;
          if (!meets(yield* evaluate(candidate))) continue;
          if (costs[b]! < costs[a]!) {
            sizing = candidate;
            improved = true;
          } else {
            feasibleMoves.push([a, b]);
          }
        }
        if (improved) break;
      }
      if (improved) continue;
      // Merges (−a, −a′, +b): feasible only if (−a, +b) is (one thread more in a′ never hurts), so seeded from those.
      for (const [a, b] of feasibleMoves) {
        for (let a2 = 0; a2 < changeable.length && !improved; a2++) {
          if (a2 === b || costs[b]! >= costs[a]! + costs[a2]!) continue;
          if (sizing[a2]! - (a2 === a ? 1 : 0) <= 1) continue;
          const candidate = sizing.slice();
          candidate[a]! -= 1;
          candidate[a2]! -= 1;
          candidate[b]! += 1;
          if (meets(yield* evaluate(candidate))) {
            sizing = candidate;
            improved = true;
          }
        }
        if (improved) break;
      }
    }
  }

  const confirmed = yield* confirmSizing({
    sizing,
    pools: changeable.map((p) => p.name),
    caps,
    costs,
    slo,
    confirm: (candidate) => evaluate(candidate, true),
    screen: (candidate) => evaluate(candidate),
  });
  sizing = confirmed.sizing.slice();
  let after = confirmed.result;
  // The search's fast figures can miss where analyze's own meet (an approximation saturating early): a current
  // sizing that meets the SLO by analyze's figures and costs less is the answer, not a note beside a dearer one.
  if (cost(sizing) > cost(currentSizing) && meets(beforeResult)) {
    notes.push(
      `the current sizing meets the SLO by the figures analyze prints and costs less than the searched ${changeable.map((p, i) => `${p.name} ${sizing[i]}`).join(', ')} (the search's analytic figures missed at it): the plan keeps it (${figureWords(beforeResult)})`,
    );
    sizing = currentSizing.slice();
    after = beforeResult;
  } else notes.push(...confirmed.notes);
  const plannedHeadroom =
    options.headroom === false || targetRate === null ? null : yield* counted(headroomSteps(withSizing(model, sizing), targetRate, slo));
  // Headroom is searched with the analytic figures; where they miss below a rate that analyze's figures meet, say so.
  if (plannedHeadroom !== null && targetRate !== null && plannedHeadroom.ratePerSecond < targetRate && meets(after)) {
    notes.push(
      `headroom of the planned sizing: searched with the analytic figures, which miss the SLO from ${Number(plannedHeadroom.ratePerSecond.toPrecision(4))}/s, while the figures analyze prints meet it at the target ${Number(targetRate.toPrecision(4))}/s: the headroom is at least the target rate, the analytic search cannot say how much more`,
    );
  }
  if (atTarget.workload.kind === 'closed' && slo.minThroughput === undefined && (after.throughput ?? 0) < (beforeResult.throughput ?? 0) * 0.999) {
    notes.push(
      `closed workload: fewer threads also mean less throughput (${Math.round(beforeResult.throughput ?? 0)}/s now, ${Math.round(after.throughput ?? 0)}/s planned); set a throughput floor (minThroughput, --min-throughput) to keep it`,
    );
  }
  return finish(sizing, after, [], plannedHeadroom);
}

/** Plans with a synchronous evaluator (the analytic solver by default). */
export function plan(model: Model, options: PlanOptions & { readonly evaluator?: SyncEvaluator } = {}): PlanResult {
  return runSync(planSteps(model, options), options.evaluator ?? analyticEvaluator);
}

/** Plans with any evaluator, e.g. a simulation running elsewhere. */
export function planAsync(model: Model, options: PlanOptions & { readonly evaluator?: Evaluator } = {}): Promise<PlanResult> {
  return runAsync(planSteps(model, options), options.evaluator ?? analyticEvaluator);
}
