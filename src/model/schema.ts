/**
 * The model file as written (SPEC §1), as zod schemas. Units are parsed here (through units.ts) so the
 * parsed output is already in seconds and per second; cross-field rules live in normalize.ts.
 * Every `error` string is the "expected" half of a message: what the key should hold.
 */
import { z } from 'zod';
import { DISTRIBUTION_NAMES } from './distribution.ts';
import { MAX_CLIENTS, MAX_DESCRIPTION, MAX_THREADS, MIN_RATE_PER_SECOND, MIN_SERVICE_SECONDS } from './guard-limits.ts';
import { expectedWith, parseDurationSeconds, parseRatePerSecond, type Parsed } from './units.ts';
import { GOODPUT_FLOOR_EXPECTED, parseGoodputFloor, type GoodputFloor } from './goodput-floor.ts';

/** How a value with a unit looks in JSON Schema (for editors); the parser is the authority. */
function unitJsonSchema(kind: 'duration' | 'rate', expected: string) {
  const pattern =
    kind === 'duration'
      ? '^\\s*[+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?\\s*(ns|us|µs|μs|ms|s|sec|min|m|h)?\\s*$'
      : '^\\s*[+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?\\s*[kKMG]?\\s*(/\\s*(s|sec|min|m|h))?\\s*$';
  const expression = { type: 'string', description: 'an expression with units over vars, e.g. "30us + bodyKB * 4us"' };
  return { description: expected, anyOf: [{ type: 'number', minimum: 0 }, { type: 'string', pattern }, expression] };
}

/**
 * What each numeric leaf holds, so expressions (vars.ts) are checked against it before validation:
 * a duration must come out as time, a rate as 1/time, any other number as a plain number.
 */
const VALUE_KINDS = new WeakMap<z.ZodType, 'duration' | 'rate' | 'number'>();
export function valueKind(schema: z.ZodType): 'duration' | 'rate' | 'number' | undefined {
  // A refined unit value is a clone of its pipe; the pipe's input is the registered instance.
  const input = schema instanceof z.ZodPipe ? (schema._zod.def.in as z.ZodType) : undefined;
  return VALUE_KINDS.get(schema) ?? (input && VALUE_KINDS.get(input)) ?? (schema instanceof z.ZodNumber ? 'number' : undefined);
}

function unitValue(parse: (input: unknown) => Parsed, expected: string, allowZero: boolean) {
  const kind = parse === parseRatePerSecond ? 'rate' : 'duration';
  const written = z.unknown().meta(unitJsonSchema(kind, expected));
  VALUE_KINDS.set(written, kind);
  return written.transform((input, ctx) => {
    const parsed = parse(input);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: expectedWith(expected, parsed), input });
      return z.NEVER;
    }
    if (parsed.value < 0 || (!allowZero && parsed.value === 0)) {
      ctx.addIssue({ code: 'custom', message: expected, input });
      return z.NEVER;
    }
    return parsed.value;
  });
}

const positiveDuration = unitValue(parseDurationSeconds, 'a positive duration such as "120us" or 0.002', false);
const nonNegativeDuration = unitValue(parseDurationSeconds, 'a duration ≥ 0 such as "5ms" or 0', true);
const positiveRate = unitValue(parseRatePerSecond, 'a positive rate such as 2000, "2k/s" or "120/min"', false);

const positiveInt = z.number({ error: 'a positive integer' }).int({ error: 'a positive integer' }).min(1, { error: 'a positive integer' });
const nonNegativeInt = z
  .number({ error: 'an integer ≥ 0' })
  .int({ error: 'an integer ≥ 0' })
  .min(0, { error: 'an integer ≥ 0' });
const threadCount = z
  .custom<number | 'infinite'>((v) => v === 'infinite' || (typeof v === 'number' && Number.isInteger(v) && v >= 1), {
    error: 'a positive integer or "infinite"',
  })
  .refine((v) => v === 'infinite' || v <= MAX_THREADS, { error: `at most ${MAX_THREADS} threads (reqpath's limit) or "infinite"` })
  .meta({ anyOf: [{ type: 'integer', minimum: 1, maximum: MAX_THREADS }, { const: 'infinite' }] });
const clientCount = positiveInt.max(MAX_CLIENTS, { error: `a positive integer, at most ${MAX_CLIENTS} (reqpath's limit)` });
VALUE_KINDS.set(threadCount, 'number');
const nonNegativeNumber = z.number({ error: 'a number ≥ 0' }).min(0, { error: 'a number ≥ 0' });
const probability = z.number({ error: 'a probability in [0, 1]' }).min(0).max(1, { error: 'a probability in [0, 1]' });
const name = z
  .string({ error: 'a name (letters, digits, - or _)' })
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, { error: 'a name (letters, digits, -, _ or ., not starting with . or -)' })
  .max(100, { error: 'a name of at most 100 characters' })
  .refine((n) => n !== '__proto__', { error: 'a name other than __proto__ (reserved)' });

const nonNegativeRate = unitValue(parseRatePerSecond, 'a rate ≥ 0 such as 6000, "6k/s" or 0', true);

/** SPEC §5: one step of a piecewise-constant offered rate. */
export const scheduleStepSchema = z.strictObject({
  at: nonNegativeDuration,
  rate: nonNegativeRate,
});

/** SPEC §5: how long a waiting request stays before it leaves (per request, summed over every queue it waits in). */
export const patienceSchema = z.strictObject({
  mean: positiveDuration,
  distribution: z.enum(DISTRIBUTION_NAMES, { error: `one of ${DISTRIBUTION_NAMES.join(', ')}` }).optional(),
  scv: nonNegativeNumber.optional(),
  k: positiveInt.optional(),
});

export const JITTER_NAMES = ['none', 'full', 'equal'] as const;
export const CANCEL_NAMES = ['queued', 'none'] as const;

/** SPEC §5: a timed-out, abandoned or dropped attempt is sent again, at most `attempts` times in all. */
export const retrySchema = z.strictObject({
  attempts: positiveInt,
  backoff: nonNegativeDuration.optional(),
  multiplier: z.number({ error: 'a number ≥ 1' }).min(1, { error: 'a number ≥ 1' }).optional(),
  jitter: z.enum(JITTER_NAMES, { error: '"none", "full" or "equal"' }).optional(),
  budget: nonNegativeNumber.optional(),
});

export const workloadSchema = z.strictObject(
  {
  arrivalRate: positiveRate.refine((r) => r >= MIN_RATE_PER_SECOND, { error: `a rate of at least ${MIN_RATE_PER_SECOND}/s (reqpath's limit)` }).optional(),
  arrivalScv: nonNegativeNumber.optional(),
  requestsPerConnection: z.number({ error: 'a number ≥ 1' }).min(1, { error: 'a number ≥ 1' }).optional(),
  clients: clientCount.optional(),
  thinkTime: nonNegativeDuration.optional(),
  schedule: z.array(scheduleStepSchema, { error: 'a list of { at, rate } steps' }).min(1, { error: 'a list of at least one { at, rate } step' }).optional(),
  horizon: positiveDuration.optional(),
  timeout: positiveDuration.optional(),
  patience: patienceSchema.optional(),
  cancel: z.enum(CANCEL_NAMES, { error: '"queued" (remove a given-up request still waiting) or "none" (serve it anyway)' }).optional(),
  retry: retrySchema.optional(),
  },
  { error: 'a mapping with arrivalRate (open workload) or clients (closed workload)' },
);

export const stageSchema = z.strictObject(
  {
  name,
  service: positiveDuration.refine((s) => s >= MIN_SERVICE_SECONDS, { error: `a service time of at least 1ps (${MIN_SERVICE_SECONDS} s: reqpath's limit)` }),
  threads: threadCount.optional(),
  pool: name.optional(),
  perConnection: z.boolean({ error: 'true or false' }).optional(),
  queueCapacity: nonNegativeInt.optional(),
  visits: z.number({ error: 'a positive number' }).gt(0, { error: 'a positive number' }).optional(),
  distribution: z.enum(DISTRIBUTION_NAMES, { error: `one of ${DISTRIBUTION_NAMES.join(', ')}` }).optional(),
  scv: nonNegativeNumber.optional(),
  k: positiveInt.optional(),
  dispatch: z.enum(['shared', 'per-thread'], { error: '"shared" or "per-thread"' }).optional(),
  cpuBound: z.boolean({ error: 'true or false' }).optional(),
  queueTimeout: positiveDuration.optional(),
  },
  { error: 'a stage: a mapping with name, service and threads or pool' },
);

export const poolSchema = z.strictObject(
  {
    threads: threadCount,
    queueCapacity: nonNegativeInt.optional(),
    dispatch: z.enum(['shared', 'per-thread'], { error: '"shared" or "per-thread"' }).optional(),
  },
  { error: 'a pool: a mapping with threads (and queueCapacity, dispatch)' },
);

/** SPEC §5 goodput floor: a rate or a share of the offered rate (goodput-floor.ts). */
const goodputFloor = z
  .unknown()
  .meta({ description: GOODPUT_FLOOR_EXPECTED, anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'string' }] })
  .transform((input, ctx): GoodputFloor => {
    const parsed = parseGoodputFloor(input);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: `${GOODPUT_FLOOR_EXPECTED} (${parsed.reason})`, input });
    return z.NEVER;
  });

export const sloSchema = z.strictObject(
  {
  mean: positiveDuration.optional(),
  p50: positiveDuration.optional(),
  p90: positiveDuration.optional(),
  p95: positiveDuration.optional(),
  p99: positiveDuration.optional(),
  p999: positiveDuration.optional(),
  maxDropRate: probability.optional(),
  // SPEC §5 bounds (names chosen here; SPEC names none): goodput floor, timed-out attempts per original request.
  minGoodput: goodputFloor.optional(),
  maxTimeoutRate: nonNegativeNumber.optional(),
  },
  { error: 'a mapping of bounds such as { p99: 50ms, maxDropRate: 0.001, minGoodput: "99%" }' },
);

/** Parametric models: a variable is a number or an expression with units over earlier variables (vars.ts). */
export const varsSchema = z
  .record(
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'a variable name (letters, digits, _, not starting with a digit)' }),
    z.union([z.number(), z.string()], { error: 'a number or an expression such as "30us + bodyKB * 4us"' }),
    { error: 'a map of variable name to a number or an expression' },
  )
  .meta({ description: 'Variables usable in any number, duration or rate of the model, e.g. bodyKB: 16' });

export const modelFileSchema = z.strictObject({
  name: name.optional(),
  vars: varsSchema.optional(),
  description: z.string({ error: 'a string' }).max(MAX_DESCRIPTION, { error: `a string of at most ${MAX_DESCRIPTION} characters` }).optional(),
  workload: workloadSchema,
  stages: z.array(stageSchema, { error: 'a list of stages' }).min(1, { error: 'a list of at least one stage' }),
  pools: z.record(name, poolSchema, { error: 'a map of pool name to { threads, queueCapacity?, dispatch? }' }).optional(),
  slo: sloSchema.optional(),
  cores: positiveInt.optional(),
});

/** The model file as a user writes it (units as strings allowed). */
export type ModelFile = z.input<typeof modelFileSchema>;
/** The model file after unit parsing, before cross-field normalisation. */
export type ParsedModelFile = z.output<typeof modelFileSchema>;

/** JSON Schema of the model file as written, for editors (`npm run schema` writes schema/model.schema.json). */
export function modelFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(modelFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}

/** Keys allowed at each object path, for "did you mean" hints. */
export const KNOWN_KEYS = {
  top: Object.keys(modelFileSchema.shape),
  workload: Object.keys(workloadSchema.shape),
  stage: Object.keys(stageSchema.shape),
  pool: Object.keys(poolSchema.shape),
  slo: Object.keys(sloSchema.shape),
  schedule: Object.keys(scheduleStepSchema.shape),
  patience: Object.keys(patienceSchema.shape),
  retry: Object.keys(retrySchema.shape),
} as const;
