/**
 * One simulation job on the queue: one replication of one model point, and what comes back (its Tally).
 * Everything crosses as JSON text built here: a job is data only (no code, no file path), infinities and
 * service distributions are written as tagged values, and a worker accepts a job only after checking its
 * whole shape and bounds (parseJob). Jobs carry the reqpath version: tallies from another version's
 * simulator must not be merged into this one's figures.
 */
import { z } from 'zod';
import { DISTRIBUTION_NAMES, makeServiceDist } from '../model/distribution.ts';
import type { Model } from '../model/types.ts';
import { LogHistogram } from '../sim/histogram.ts';
import { Tally } from '../sim/tally.ts';
import type { EngineName } from '../sim/types.ts';

export interface ReplicationJob {
  readonly version: string;
  readonly runId: string;
  /** Which model point of the run (a sweep's point, a chart's load; 0 for a single simulation). */
  readonly point: number;
  /** The replication: it runs on RNG stream `replication` of `seed`, wherever it runs. */
  readonly replication: number;
  readonly engine: EngineName;
  readonly seed: number;
  readonly requests: number;
  readonly warmup: number;
  /** The normalised model as tagged JSON (encodeModel). */
  readonly model: string;
}

/** The job's id on the queue: the same run, point and replication is the same job (adding it twice is a no-op). */
export function jobId(runId: string, point: number, replication: number): string {
  return `${runId}.${point}.${replication}`;
}

const MAX_JOB_REQUESTS = 1e9;
const MAX_MODEL_TEXT = 4 << 20;

export function encodeModel(model: Model): string {
  return JSON.stringify(model, (_key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
    if (value !== null && typeof value === 'object' && typeof (value as { sample?: unknown }).sample === 'function') {
      const dist = value as { name: string; meanSeconds: number; scv: number };
      return { $dist: [dist.name, dist.meanSeconds, dist.scv] };
    }
    return value;
  });
}

const finite = z.number().finite();
const nonNegative = finite.nonnegative();
const tagged = <T extends z.ZodTypeAny>(inner: T) => z.union([inner, z.object({ $number: z.enum(['Infinity']) }).strict()]);
const dist = z.object({ $dist: z.tuple([z.enum(DISTRIBUTION_NAMES), nonNegative, nonNegative]) }).strict();
const name = z.string().max(200);

const modelShape = z
  .object({
    name,
    description: z.string().max(10_000).optional(),
    workload: z.union([
      z.object({ kind: z.literal('open'), arrivalRatePerSecond: finite.positive(), arrivalScv: finite.positive(), requestsPerConnection: finite.positive() }).strict(),
      z.object({ kind: z.literal('closed'), clients: z.number().int().positive().max(1e7), thinkSeconds: nonNegative, requestsPerConnection: finite.positive() }).strict(),
    ]),
    stages: z
      .array(
        z
          .object({
            name,
            index: z.number().int().nonnegative(),
            service: dist,
            distribution: z.enum(DISTRIBUTION_NAMES),
            visits: finite.positive().max(1e6),
            perConnection: z.boolean(),
            pool: name,
            cpuBound: z.boolean(),
          })
          .strict(),
      )
      .min(1)
      .max(100_000),
    pools: z
      .array(
        z
          .object({
            name,
            threads: tagged(z.number().int().positive().max(1e7)),
            queueCapacity: tagged(z.number().int().nonnegative()),
            dispatch: z.enum(['shared', 'per-thread']),
            declared: z.boolean(),
          })
          .strict(),
      )
      .min(1),
    segments: z.array(z.object({ index: z.number().int().nonnegative(), pool: name, stageIndices: z.array(z.number().int().nonnegative()).min(1) }).strict()).min(1),
    slo: z.record(z.string().max(40), nonNegative).optional(),
    cores: finite.positive().optional(),
    // Overload settings are numbers, enums, schedules and one distribution: data of bounded depth.
    overload: z.record(z.string().max(40), z.unknown()).optional(),
  })
  .strict();

const jobShape = z
  .object({
    version: z.string().max(40),
    runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    point: z.number().int().nonnegative().max(1e7),
    replication: z.number().int().nonnegative().max(1e6),
    engine: z.enum(['recursion', 'fast', 'simjs']),
    seed: z.number().int().nonnegative().max(0xffffffff),
    requests: z.number().int().positive().max(MAX_JOB_REQUESTS),
    warmup: z.number().int().nonnegative().max(MAX_JOB_REQUESTS),
    model: z.string().max(MAX_MODEL_TEXT),
  })
  .strict();

/** Refused: the job is not a simulation job of the documented shape, or comes from another version. */
export class JobRefused extends Error {
  override name = 'JobRefused';
}

function reviveModel(text: string): Model {
  const raw: unknown = JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const tag = value as { $number?: unknown; $dist?: unknown };
      if (tag.$number === 'Infinity') return Infinity;
    }
    return value;
  });
  // Validated with infinities back as numbers; the distributions are rebuilt only after the shape check.
  const checked = modelShape.safeParse(JSON.parse(text));
  if (!checked.success) throw new JobRefused(`job model: ${checked.error.issues[0]?.path.join('.') ?? ''}: ${checked.error.issues[0]?.message ?? 'invalid'}`);
  const model = raw as Model & { stages: { service: { $dist: [string, number, number] } }[] };
  const stageCount = model.stages.length;
  const poolNames = new Set(model.pools.map((p) => p.name));
  for (const segment of model.segments) {
    if (!poolNames.has(segment.pool) || segment.stageIndices.some((i) => i >= stageCount)) throw new JobRefused('job model: a segment names a pool or stage that does not exist');
  }
  const rebuild = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rebuild);
    if (value !== null && typeof value === 'object') {
      const tag = (value as { $dist?: [Parameters<typeof makeServiceDist>[0], number, number] }).$dist;
      if (tag) return makeServiceDist(tag[0], tag[1], tag[2]);
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebuild(v)]));
    }
    return value;
  };
  return rebuild(model) as Model;
}

/** A job as the worker received it: checked, or refused with the reason. */
export function parseJob(data: unknown, ownVersion: string): { job: ReplicationJob; model: Model } {
  const checked = jobShape.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new JobRefused(`not a reqpath simulation job: ${issue?.path.join('.') || 'job'}: ${issue?.message ?? 'invalid'}`);
  }
  const job = checked.data as ReplicationJob;
  if (job.version !== ownVersion) {
    throw new JobRefused(`job from reqpath ${job.version}, this worker is reqpath ${ownVersion}: run workers of the same version as the client`);
  }
  if (job.warmup + job.requests > MAX_JOB_REQUESTS) throw new JobRefused(`job asks for more than ${MAX_JOB_REQUESTS} requests`);
  return { job, model: reviveModel(job.model) };
}

/** A Tally as JSON-safe data: typed arrays as arrays, the histogram as its non-zero buckets. */
export function encodeTally(tally: Tally): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(tally)) {
    if (value instanceof LogHistogram) {
      const nonZero: number[] = [];
      value.counts.forEach((count, i) => {
        if (count !== 0) nonZero.push(i, count);
      });
      out[key] = { buckets: nonZero, total: value.total, min: Number.isFinite(value.min) ? value.min : null, max: value.max };
    } else if (value instanceof Float64Array) {
      out[key] = Array.from(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function decodeTally(data: unknown, stageCount: number, segmentCount: number): Tally {
  const tally = new Tally(stageCount, segmentCount);
  const target = tally as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const current = target[key];
    if (current instanceof LogHistogram) {
      const h = value as { buckets: number[]; total: number; min: number | null; max: number };
      for (let k = 0; k < h.buckets.length; k += 2) current.counts[h.buckets[k]!] = h.buckets[k + 1]!;
      current.total = h.total;
      current.min = h.min ?? Infinity;
      current.max = h.max;
    } else if (current instanceof Float64Array) {
      current.set(value as number[]);
    } else if (key in target) {
      target[key] = value;
    }
  }
  return tally;
}
