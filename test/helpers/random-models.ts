/**
 * Seeded random models spread over the whole model space, for the accuracy harness (bench/accuracy/) and the
 * statistical comparison of the two simulation engines (test/sim/engines-agree.test.ts).
 *
 * Each model is written as a user would write it (a ModelFile: units, pools, shorthands) and goes through
 * parseModel, so nothing the validator refuses is ever generated. The load is set last: the arrival rate is
 * ρ × the smallest saturation rate (threads, or the cores for CPU-bound work), so ρ is the bottleneck's load;
 * a closed model gets the client count whose asymptotic bound puts the bottleneck at ρ.
 *
 * Same (seed, index) → same model, whatever the count asked for: model i draws from its own stream.
 */
import { parseModel } from '../../src/model/load.ts';
import type { ModelFile } from '../../src/model/schema.ts';
import type { Model } from '../../src/model/types.ts';
import { Xoshiro128 } from '../../src/sim/rng.ts';

export interface RandomModel {
  readonly id: string;
  /** The file as written (JSON-able), load included. */
  readonly file: ModelFile;
  readonly model: Model;
  /** Target load of the bottleneck (thread pool or cores). */
  readonly rho: number;
  /** Feature tags, for tables by feature. */
  readonly features: readonly string[];
}

type StageFile = NonNullable<ModelFile['stages']>[number];
type PoolFile = NonNullable<ModelFile['pools']>[string];

class Draw {
  constructor(private readonly rng: Xoshiro128) {}
  u(): number {
    return this.rng.next();
  }
  chance(p: number): boolean {
    return this.rng.next() < p;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng.next() * xs.length)]!;
  }
  logUniform(lo: number, hi: number): number {
    return lo * Math.pow(hi / lo, this.rng.next());
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.rng.next();
  }
}

const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

const FOCUS = [
  'deterministic',
  'erlang',
  'gamma',
  'lognormal',
  'hyperexponential',
  'uniform',
  'visits<1',
  'visits>1',
  'finite-queue',
  'arrivals',
  'shared-pool',
  'per-thread',
  'cores',
  'perConnection',
  'delay',
  'closed',
] as const;
type Focus = (typeof FOCUS)[number];

/**
 * A focused model (about a third) has 1–3 stages, exponential service and exactly one feature, so a table by
 * feature can tell which feature an error belongs to; the others mix everything.
 */
class Profile {
  constructor(readonly focus: Focus | null) {}
  /** Probability of an optional feature: as given when mixing, all or nothing when focused. */
  p(feature: Focus, base: number, focused = 1): number {
    if (this.focus === null) return base;
    return this.focus === feature ? focused : 0;
  }
}

function distributionKeys(d: Draw, features: Set<string>, profile: Profile): Partial<StageFile> {
  const focusDist = profile.focus !== null && ['deterministic', 'erlang', 'gamma', 'lognormal', 'hyperexponential', 'uniform'].includes(profile.focus);
  const family =
    profile.focus === null ? d.pick(['exponential', 'exponential', 'deterministic', 'erlang', 'gamma', 'lognormal', 'hyperexponential', 'uniform'] as const)
    : focusDist && d.chance(0.7) ? (profile.focus as 'deterministic')
    : 'exponential';
  features.add(`dist:${family}`);
  switch (family) {
    case 'exponential':
      return {};
    case 'deterministic':
      return { distribution: 'deterministic' };
    case 'erlang':
      return { distribution: 'erlang', k: d.int(2, 5) };
    case 'gamma':
      return { distribution: 'gamma', scv: round(d.logUniform(0.2, 3), 2) };
    case 'lognormal':
      return { distribution: 'lognormal', scv: round(d.logUniform(0.3, 4), 2) };
    case 'hyperexponential':
      return { distribution: 'hyperexponential', scv: round(d.logUniform(1.5, 5), 2) };
    case 'uniform':
      return { distribution: 'uniform', ...(d.chance(0.5) ? {} : { scv: round(d.uniform(0.05, 0.33), 2) }) };
  }
}

/** The rate (requests/s) at which something saturates: thread pools, or the cores for the CPU-bound work. */
export function saturationRate(model: Model): number | null {
  let best: number | null = null;
  const finite = new Set(model.pools.filter((p) => p.threads !== Infinity).map((p) => p.name));
  for (const pool of model.pools) {
    if (pool.threads === Infinity) continue;
    const demand = model.stages.filter((s) => s.pool === pool.name).reduce((a, s) => a + s.visits * s.service.meanSeconds, 0);
    if (demand > 0 && (best === null || pool.threads / demand < best)) best = pool.threads / demand;
  }
  if (model.cores !== undefined) {
    const cpu = model.stages.filter((s) => s.cpuBound && finite.has(s.pool)).reduce((a, s) => a + s.visits * s.service.meanSeconds, 0);
    if (cpu > 0 && (best === null || model.cores / cpu < best)) best = model.cores / cpu;
  }
  return best;
}

/** Request demand per pool and the bottleneck's, for sizing a closed population. */
function closedPopulation(model: Model, rho: number, thinkSeconds: number): number {
  let total = thinkSeconds;
  let maxPerThread = 0;
  for (const pool of model.pools) {
    const demand = model.stages.filter((s) => s.pool === pool.name).reduce((a, s) => a + s.visits * s.service.meanSeconds, 0);
    total += demand;
    if (pool.threads !== Infinity) maxPerThread = Math.max(maxPerThread, demand / pool.threads);
  }
  if (model.cores !== undefined) {
    const finite = new Set(model.pools.filter((p) => p.threads !== Infinity).map((p) => p.name));
    const cpu = model.stages.filter((s) => s.cpuBound && finite.has(s.pool)).reduce((a, s) => a + s.visits * s.service.meanSeconds, 0);
    maxPerThread = Math.max(maxPerThread, cpu / model.cores);
  }
  // X(N) ≤ min(N / (D + Z), 1 / D_max): N = ρ (D + Z) / D_max puts the bound's bottleneck load at ρ.
  return Math.max(1, Math.min(400, Math.round((rho * total) / maxPerThread)));
}

function generateOne(seed: number, index: number): RandomModel {
  const d = new Draw(new Xoshiro128(seed, index));
  const features = new Set<string>();
  const profile = new Profile(d.chance(0.35) ? d.pick(FOCUS) : null);
  if (profile.focus !== null) features.add('focused');
  const stageCount = profile.focus === null ? d.int(1, 8) : profile.focus === 'shared-pool' ? d.int(2, 4) : d.int(1, 3);
  features.add(stageCount === 1 ? 'stages:1' : stageCount <= 3 ? 'stages:2-3' : 'stages:4-8');
  const closed = d.chance(profile.p('closed', 0.18));
  const perConnectionWanted = d.chance(profile.p('perConnection', 0.15));
  const requestsPerConnection = perConnectionWanted ? d.int(2, 10) : 1;

  // Shared pools: a few named pools that some stages use (run-to-completion when consecutive).
  const pools: Record<string, PoolFile> = {};
  const poolNames: string[] = [];
  if (stageCount >= 2 && d.chance(profile.p('shared-pool', 0.4))) {
    const n = stageCount >= 5 && d.chance(0.3) ? 2 : 1;
    for (let k = 0; k < n; k++) {
      const name = `pool${k}`;
      const threads = d.pick([1, 1, 2, 4, 8]);
      const pool: { threads: number; queueCapacity?: number; dispatch?: 'per-thread' } = { threads };
      if (!closed && d.chance(profile.p('finite-queue', 0.2, 0.5))) pool.queueCapacity = d.int(0, 20);
      if (threads > 1 && d.chance(profile.p('per-thread', 0.2))) pool.dispatch = 'per-thread';
      pools[name] = pool;
      poolNames.push(name);
    }
  }

  const stages: StageFile[] = [];
  for (let i = 0; i < stageCount; i++) {
    const name = `s${i}`;
    const stage: Record<string, unknown> = { name, service: `${round(d.logUniform(20, 5000))}us` };
    Object.assign(stage, distributionKeys(d, features, profile));
    const onPool = poolNames.length > 0 && d.chance(profile.focus === 'shared-pool' ? 0.8 : 0.55);
    if (onPool) {
      stage.pool = d.pick(poolNames);
    } else if (d.chance(profile.p('delay', 0.1, 0.5))) {
      stage.threads = 'infinite';
      features.add('delay');
      stage.service = `${round(d.logUniform(200, 20000))}us`;
    } else {
      const threads = profile.focus === 'per-thread' || profile.focus === 'cores' ? d.pick([2, 4, 8]) : d.pick([1, 1, 1, 2, 2, 4, 8, 16, 32]);
      stage.threads = threads;
      if (!closed && d.chance(profile.p('finite-queue', 0.2, 0.7))) stage.queueCapacity = d.pick([0, 1, 2, 5, 10, 30]);
      if (threads > 1 && d.chance(profile.p('per-thread', 0.15))) stage.dispatch = 'per-thread';
    }
    if (perConnectionWanted && i === 0) {
      stage.perConnection = true;
    } else if (d.chance(profile.p('visits<1', 0.15, 0.7))) {
      stage.visits = round(d.uniform(0.2, 0.95), 2);
    } else if (d.chance(profile.p('visits>1', 0.12, 0.7))) {
      stage.visits = round(d.uniform(1.2, 3), 2);
    }
    stages.push(stage as StageFile);
  }
  // Every declared pool must be used.
  for (const name of poolNames) {
    if (!stages.some((s) => s.pool === name)) {
      const target = stages.find((s) => s.threads !== 'infinite' && s.pool === undefined) ?? stages[stages.length - 1]!;
      const t = target as Record<string, unknown>;
      delete t.threads;
      delete t.queueCapacity;
      delete t.dispatch;
      t.pool = name;
    }
  }

  let cores: number | undefined;
  if (d.chance(profile.p('cores', 0.15))) {
    // Fewer cores than CPU-bound threads so that the limit binds; some stages are not CPU-bound.
    for (const s of stages) if (s.threads !== 'infinite' && d.chance(profile.focus === null ? 0.15 : 0)) (s as Record<string, unknown>).cpuBound = false;
    cores = d.int(1, 4);
  }

  const workload: Record<string, unknown> = {};
  if (requestsPerConnection > 1) workload.requestsPerConnection = requestsPerConnection;
  let thinkSeconds = 0;
  if (closed) {
    thinkSeconds = d.chance(0.3) ? 0 : round(d.logUniform(0.0005, 0.05));
    workload.clients = 1;
    workload.thinkTime = thinkSeconds;
  } else {
    workload.arrivalRate = 1;
    if (d.chance(profile.p('arrivals', 0.45))) workload.arrivalScv = round(d.logUniform(0.25, 4), 2);
  }
  const file: Record<string, unknown> = { name: `random-${seed}-${index}`, workload, stages };
  if (poolNames.length > 0) file.pools = pools;
  if (cores !== undefined) file.cores = cores;

  const rho = round(d.uniform(0.1, 0.95), 2);
  let model = parseModel(JSON.stringify(file));
  // Drop the cores when they do not bind (no more CPU-bound threads than cores): the feature would be absent.
  if (cores !== undefined) {
    const finite = new Set(model.pools.filter((p) => p.threads !== Infinity).map((p) => p.name));
    const cpuThreads = model.pools
      .filter((p) => finite.has(p.name) && model.stages.some((s) => s.pool === p.name && s.cpuBound))
      .reduce((a, p) => a + p.threads, 0);
    if (cpuThreads <= cores) {
      if (cpuThreads > 1) file.cores = cores = cpuThreads - 1;
      else {
        delete file.cores;
        cores = undefined;
      }
      model = parseModel(JSON.stringify(file));
    }
  }
  const saturation = saturationRate(model);
  if (closed) {
    workload.clients = closedPopulation(model, rho, thinkSeconds);
  } else {
    workload.arrivalRate = round(rho * (saturation ?? 1000), 4);
  }
  model = parseModel(JSON.stringify(file));
  tagFeatures(model, features);
  return { id: `${seed}-${index}`, file: file as ModelFile, model, rho, features: [...features].sort() };
}

function tagFeatures(model: Model, features: Set<string>): void {
  const w = model.workload;
  if (w.kind === 'closed') features.add('closed');
  else {
    features.add('open');
    if (w.arrivalScv > 1) features.add('arrivals:bursty');
    else if (w.arrivalScv < 1) features.add('arrivals:smooth');
  }
  if (model.cores !== undefined) features.add('cores');
  for (const s of model.stages) {
    if (s.perConnection) features.add('perConnection');
    else if (s.visits < 1) features.add('visits<1');
    else if (s.visits > 1) features.add('visits>1');
  }
  for (const p of model.pools) {
    const finite = p.threads !== Infinity;
    if (finite && p.queueCapacity !== Infinity && w.kind === 'open') features.add('finite-queue');
    if (p.dispatch === 'per-thread' && finite && p.threads > 1) features.add('per-thread');
    const segs = model.segments.filter((g) => g.pool === p.name);
    if (p.declared && model.stages.filter((s) => s.pool === p.name).length > 1) features.add('shared-pool');
    if (segs.some((g) => g.stageIndices.length > 1)) features.add('run-to-completion');
    if (segs.length > 1) features.add('pool-reentered');
  }
  const exponentialOnly = model.stages.every((s) => s.distribution === 'exponential');
  if (exponentialOnly && (w.kind === 'closed' || w.arrivalScv === 1)) features.add('markovian');
}

/** Models 0 … count−1 of a seed. */
export function randomModels(count: number, seed = 1): RandomModel[] {
  return Array.from({ length: count }, (_, i) => generateOne(seed, i));
}

/** Model `index` of a seed alone. */
export function randomModel(seed: number, index: number): RandomModel {
  return generateOne(seed, index);
}
