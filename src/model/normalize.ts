/**
 * normalizeModel: raw document (from YAML/JSON) → validated, typed Model, or every issue at once.
 *
 *   raw object ──zod (units parsed)──▶ ParsedModelFile ──cross-field rules──▶ Model
 *                      │                                       │
 *                      └──────────── ModelIssue[] ◀────────────┘
 */
import type { z } from 'zod';
import { defaultScv, makeServiceDist, type DistributionName } from './distribution.ts';
import { checkDocument } from './guard-document.ts';
import { MAX_LISTED_ISSUES } from './guard-limits.ts';
import { capIssues, formatPath, messages, showValue, type ModelIssue } from './messages.ts';
import { buildOverload, checkQueueTimeouts, scheduleBaseRate } from './normalize-overload.ts';
import { KNOWN_KEYS, modelFileSchema, type ParsedModelFile } from './schema.ts';
import type { Model, Pool, Segment, Slo, Stage, Workload } from './types.ts';

export type NormalizeResult = { ok: true; model: Model } | { ok: false; issues: ModelIssue[] };

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  if (path.length === 0) return KNOWN_KEYS.top;
  const head = path[0];
  if (head === 'workload') {
    const sub = path[1];
    if (sub === 'schedule' || sub === 'patience' || sub === 'retry') return KNOWN_KEYS[sub];
    return KNOWN_KEYS.workload;
  }
  if (head === 'stages') return KNOWN_KEYS.stage;
  if (head === 'pools') return KNOWN_KEYS.pool;
  if (head === 'slo') return KNOWN_KEYS.slo;
  return [];
}

/** Only the first MAX_LISTED_ISSUES become messages (a file with 40 000 unknown keys is refused at once). */
function zodIssuesToModelIssues(file: string, raw: unknown, issues: readonly z.core.$ZodIssue[]): ModelIssue[] {
  const out: ModelIssue[] = [];
  let total = 0;
  for (const issue of issues) {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      total += issue.keys.length;
      for (const key of issue.keys.slice(0, MAX_LISTED_ISSUES + 1 - out.length)) {
        out.push(messages.unknownKey(file, path, key, knownKeysAt(issue.path)));
      }
      continue;
    }
    total += 1;
    if (out.length > MAX_LISTED_ISSUES) continue;
    const value = valueAt(raw, issue.path);
    const missing = value === undefined;
    out.push({
      file,
      path,
      expected: missing ? `${issue.message} (the key is required)` : issue.message,
      ...(missing ? {} : { got: showValue(value) }),
    });
  }
  return capIssues(out, file, total);
}

/** Which scv values each family can take, and what it is when omitted. */
export function resolveScv(
  file: string,
  index: number | string,
  distribution: DistributionName,
  scv: number | undefined,
  k: number | undefined,
  issues: ModelIssue[],
): number {
  const reject = (rule: string, got: number) => {
    issues.push(messages.scvForDistribution(file, index, distribution, rule, got));
    return defaultScv(distribution, k);
  };
  if (k !== undefined && distribution !== 'erlang') issues.push(messages.kWithoutErlang(file, index));
  switch (distribution) {
    case 'exponential':
      return scv === undefined || scv === 1 ? 1 : reject('scv is 1 (omit it)', scv);
    case 'deterministic':
      return scv === undefined || scv === 0 ? 0 : reject('scv is 0 (omit it)', scv);
    case 'erlang': {
      if (k !== undefined) {
        if (scv !== undefined && Math.abs(scv - 1 / k) > 1e-12) return reject(`scv is 1/k = ${1 / k} (give k or scv, not both)`, scv);
        return 1 / k;
      }
      if (scv === undefined) return reject('give k (phases) or scv = 1/k', NaN);
      const phases = Math.round(1 / scv);
      return scv > 0 && Math.abs(1 / scv - phases) < 1e-9 ? scv : reject('scv is 1/k for a whole number k ≥ 1', scv);
    }
    case 'gamma':
      if (scv === undefined) return 1;
      return scv > 0 ? scv : reject('scv > 0 (use deterministic for 0)', scv);
    case 'lognormal':
      if (scv === undefined) return 1;
      return scv > 0 ? scv : reject('scv > 0 (use deterministic for 0)', scv);
    case 'hyperexponential':
      if (scv === undefined) return 2;
      return scv >= 1 ? scv : reject('scv ≥ 1 (use erlang or gamma below 1)', scv);
    case 'uniform':
      if (scv === undefined) return 1 / 3;
      return scv <= 1 / 3 ? scv : reject('scv ≤ 1/3 (a uniform on [0, 2·mean] has 1/3)', scv);
  }
}

function buildWorkload(file: string, parsed: ParsedModelFile, issues: ModelIssue[]): Workload {
  const w = parsed.workload;
  const requestsPerConnection = w.requestsPerConnection ?? 1;
  const closed = w.clients !== undefined;
  // A schedule alone makes the workload open (its first step may give the base rate: normalize-overload.ts).
  const open = w.arrivalRate !== undefined || (w.schedule !== undefined && !closed);
  if (open === closed) issues.push(messages.workloadKind(file, open));
  if (open && w.thinkTime !== undefined) issues.push(messages.thinkTimeOpen(file));
  if (closed) {
    return { kind: 'closed', clients: w.clients!, thinkSeconds: w.thinkTime ?? 0, requestsPerConnection };
  }
  return {
    kind: 'open',
    arrivalRatePerSecond: w.arrivalRate ?? scheduleBaseRate(parsed) ?? 1,
    arrivalScv: w.arrivalScv ?? 1,
    requestsPerConnection,
  };
}

function buildSegments(stages: readonly Stage[]): Segment[] {
  const segments: Segment[] = [];
  for (const stage of stages) {
    const last = segments[segments.length - 1];
    if (last && last.pool === stage.pool) {
      (last.stageIndices as number[]).push(stage.index);
    } else {
      segments.push({ index: segments.length, pool: stage.pool, stageIndices: [stage.index] });
    }
  }
  return segments;
}

function buildSlo(parsed: ParsedModelFile): Slo | undefined {
  const s = parsed.slo;
  if (!s) return undefined;
  const slo: { -readonly [K in keyof Slo]: Slo[K] } = {};
  if (s.mean !== undefined) slo.meanSeconds = s.mean;
  if (s.p50 !== undefined) slo.p50Seconds = s.p50;
  if (s.p90 !== undefined) slo.p90Seconds = s.p90;
  if (s.p95 !== undefined) slo.p95Seconds = s.p95;
  if (s.p99 !== undefined) slo.p99Seconds = s.p99;
  if (s.p999 !== undefined) slo.p999Seconds = s.p999;
  if (s.maxDropRate !== undefined) slo.maxDropRate = s.maxDropRate;
  if (s.minGoodput !== undefined) {
    if ('share' in s.minGoodput) slo.minGoodputShare = s.minGoodput.share;
    else slo.minGoodputPerSecond = s.minGoodput.perSecond;
  }
  if (s.maxTimeoutRate !== undefined) slo.maxTimeoutRate = s.maxTimeoutRate;
  return slo;
}

export function normalizeModel(raw: unknown, file = '<input>', fallbackName = 'model'): NormalizeResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, issues: [messages.notAnObject(file, raw)] };
  }
  const documentIssues = checkDocument(raw, file);
  if (documentIssues.length > 0) return { ok: false, issues: capIssues(documentIssues, file) };
  const result = modelFileSchema.safeParse(raw);
  if (!result.success) return { ok: false, issues: zodIssuesToModelIssues(file, raw, result.error.issues) };
  const parsed = result.data;
  const issues: ModelIssue[] = [];
  const workload = buildWorkload(file, parsed, issues);

  // Maps, not `in` on a plain object: a pool may be called constructor or toString.
  const declaredPools = new Map(Object.entries(parsed.pools ?? {}));
  const declaredNames = [...declaredPools.keys()];
  const pools: Pool[] = declaredNames.map((poolName) => {
    const p = declaredPools.get(poolName)!;
    const threads = p.threads === 'infinite' ? Infinity : p.threads;
    if (threads === Infinity && p.queueCapacity !== undefined) {
      issues.push(messages.infiniteWithQueue(file, `pools.${poolName}.queueCapacity`));
    }
    return {
      name: poolName,
      threads,
      queueCapacity: p.queueCapacity ?? Infinity,
      dispatch: p.dispatch ?? 'shared',
      declared: true,
    };
  });

  const poolByName = new Map(pools.map((p) => [p.name, p]));
  const seenStages = new Set<string>();
  const stages: Stage[] = parsed.stages.map((s, index) => {
    if (seenStages.has(s.name)) issues.push(messages.duplicateStage(file, index, s.name));
    seenStages.add(s.name);
    const hasThreads = s.threads !== undefined;
    const hasPool = s.pool !== undefined;
    if (hasThreads === hasPool) issues.push(messages.threadsOrPool(file, index, hasThreads));
    let poolName = s.name;
    if (hasPool && !hasThreads) {
      poolName = s.pool!;
      if (!declaredPools.has(poolName)) issues.push(messages.unknownPool(file, index, poolName, declaredNames));
      for (const key of ['queueCapacity', 'dispatch'] as const) {
        if (s[key] !== undefined) issues.push(messages.poolOptionOnPoolStage(file, index, key));
      }
    } else if (hasThreads) {
      if (declaredPools.has(s.name)) issues.push(messages.poolNameClash(file, index, s.name));
      const threads = s.threads === 'infinite' ? Infinity : s.threads!;
      if (threads === Infinity && s.queueCapacity !== undefined) {
        issues.push(messages.infiniteWithQueue(file, `stages[${index}].queueCapacity`));
      }
      const own: Pool = {
        name: s.name,
        threads,
        queueCapacity: s.queueCapacity ?? Infinity,
        dispatch: s.dispatch ?? 'shared',
        declared: false,
      };
      pools.push(own);
      if (!poolByName.has(s.name)) poolByName.set(s.name, own);
    }
    if (s.perConnection && s.visits !== undefined) issues.push(messages.visitsWithPerConnection(file, index));
    const distribution = s.distribution ?? 'exponential';
    const scv = resolveScv(file, index, distribution, s.scv, s.k, issues);
    const perConnection = s.perConnection ?? false;
    const visits = perConnection ? 1 / workload.requestsPerConnection : (s.visits ?? 1);
    const pool = poolByName.get(poolName);
    const isDelay = pool !== undefined && pool.threads === Infinity;
    return {
      name: s.name,
      index,
      service: makeServiceDist(distribution, s.service, scv),
      distribution,
      visits,
      perConnection,
      pool: poolName,
      cpuBound: s.cpuBound ?? !isDelay,
      ...(s.queueTimeout !== undefined ? { queueTimeoutSeconds: s.queueTimeout } : {}),
    };
  });

  const usedPools = new Set(stages.map((s) => s.pool));
  for (const poolName of declaredNames) if (!usedPools.has(poolName)) issues.push(messages.unusedPool(file, poolName));

  const segments = buildSegments(stages);
  const overload = buildOverload(file, parsed, issues);
  checkQueueTimeouts(file, { pools }, stages, segments, issues);
  if (issues.length > 0) return { ok: false, issues: capIssues(issues, file) };
  const model: Model = {
    name: parsed.name ?? fallbackName,
    ...(parsed.description !== undefined ? { description: parsed.description } : {}),
    workload,
    stages,
    pools,
    segments,
    ...(parsed.slo ? { slo: buildSlo(parsed)! } : {}),
    ...(parsed.cores !== undefined ? { cores: parsed.cores } : {}),
    ...(overload !== undefined ? { overload } : {}),
  };
  return { ok: true, model };
}
