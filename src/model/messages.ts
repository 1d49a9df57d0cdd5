/**
 * Every user-facing message about a model lives here, as data first (ModelIssue) and words second
 * (formatIssue). Tests import these functions instead of copying strings.
 */
import { describeBytes, MAX_LISTED_ISSUES, MAX_MODEL_BYTES, MAX_STAGES } from './guard-limits.ts';

export interface ModelIssue {
  /** The file the model came from, or "<input>" for text passed directly. */
  readonly file: string;
  /** Key path in the file, e.g. "stages[3].threads"; "" for the whole document. */
  readonly path: string;
  readonly expected: string;
  /** The offending value, shown as JSON (truncated), or undefined when the key is missing. */
  readonly got?: string;
  readonly hint?: string;
}

/**
 * Text from a model file made safe for a terminal: control characters (escape sequences, carriage returns,
 * bidirectional overrides) are shown as \u escapes instead of acting on the screen.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function formatIssue(issue: ModelIssue): string {
  const where = issue.path === '' ? issue.file : `${issue.file}: ${issue.path}`;
  const got = issue.got === undefined ? '' : `, got ${issue.got}`;
  const hint = issue.hint === undefined ? '' : `. ${issue.hint}`;
  return escapeControl(`${where}: expected ${issue.expected}${got}${hint}`);
}

/** The first MAX_LISTED_ISSUES problems and, when there are more, one line counting the rest. */
export function capIssues(issues: readonly ModelIssue[], file: string, total = issues.length): ModelIssue[] {
  if (total <= MAX_LISTED_ISSUES) return [...issues];
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  return [...listed, messages.moreIssues(file, total - listed.length)];
}

export function formatIssues(issues: readonly ModelIssue[]): string {
  return issues.map(formatIssue).join('\n');
}

/** JSON of a value, cut to stay on one readable line. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // JSON spells NaN and ±Infinity as null, which names the wrong value.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return escapeControl(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** "stages[3].threads" from ["stages", 3, "threads"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** Nearest candidate within a third of the word's length (commander's suggestSimilar rule of thumb). */
export function suggestSimilar(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

export const messages = {
  unknownKey: (file: string, path: string, key: string, known: readonly string[]): ModelIssue => {
    const near = suggestSimilar(key.slice(0, 64), known);
    const shown = showValue(key);
    const shortKey = key.length > 60 ? `${key.slice(0, 57)}...` : key;
    return {
      file,
      path: path === '' ? shortKey : `${path}.${shortKey}`,
      expected: `no key ${shown} here (known keys: ${known.join(', ')})`,
      ...(near ? { hint: `Did you mean "${near}"?` } : {}),
    };
  },
  syntax: (file: string, detail: string): ModelIssue => ({
    file,
    path: '',
    expected: 'valid YAML or JSON',
    hint: detail,
  }),
  notAnObject: (file: string, got: unknown): ModelIssue => ({
    file,
    path: '',
    expected: 'a model: a mapping with workload and stages',
    got: showValue(got),
  }),
  unreadable: (file: string, reason: string): ModelIssue => ({
    file,
    path: '',
    expected: 'a readable model file (.yaml, .yml or .json)',
    hint: reason,
  }),
  workloadKind: (file: string, both: boolean): ModelIssue => ({
    file,
    path: 'workload',
    expected: both ? 'either arrivalRate (open) or clients (closed), not both' : 'arrivalRate (open workload) or clients (closed workload)',
    hint: both ? 'Remove one of them.' : 'Add e.g. arrivalRate: 2000.',
  }),
  thinkTimeOpen: (file: string): ModelIssue => ({
    file,
    path: 'workload.thinkTime',
    expected: 'thinkTime only with clients (a closed workload)',
    hint: 'Remove thinkTime or replace arrivalRate by clients.',
  }),
  threadsOrPool: (file: string, index: number, both: boolean): ModelIssue => ({
    file,
    path: `stages[${index}]`,
    expected: both ? 'either threads or pool, not both' : 'threads (its own pool) or pool (a shared pool)',
    hint: both ? 'The pool fixes the thread count; remove threads.' : 'Add e.g. threads: 4.',
  }),
  unknownPool: (file: string, index: number, pool: string, known: readonly string[]): ModelIssue => {
    const near = suggestSimilar(pool, known);
    return {
      file,
      path: `stages[${index}].pool`,
      expected: known.length === 0 ? 'a pool declared under pools (there are none)' : `one of the pools ${known.join(', ')}`,
      got: showValue(pool),
      ...(near ? { hint: `Did you mean "${near}"?` } : { hint: 'Declare it under pools.' }),
    };
  },
  poolOptionOnPoolStage: (file: string, index: number, key: string): ModelIssue => ({
    file,
    path: `stages[${index}].${key}`,
    expected: `${key} on the pool, not on a stage that uses one`,
    hint: `Move ${key} under pools.`,
  }),
  duplicateStage: (file: string, index: number, stageName: string): ModelIssue => ({
    file,
    path: `stages[${index}].name`,
    expected: 'a name no other stage has',
    got: showValue(stageName),
  }),
  poolNameClash: (file: string, index: number, stageName: string): ModelIssue => ({
    file,
    path: `stages[${index}].name`,
    expected: 'a stage name different from every declared pool name',
    got: showValue(stageName),
    hint: 'A stage with its own threads is its own pool, so the names would collide.',
  }),
  visitsWithPerConnection: (file: string, index: number): ModelIssue => ({
    file,
    path: `stages[${index}].visits`,
    expected: 'visits or perConnection, not both',
    hint: 'perConnection sets visits to 1/requestsPerConnection.',
  }),
  /** `at`: a stage index, or the key path of another distribution (e.g. "workload.patience"). */
  scvForDistribution: (file: string, at: number | string, distribution: string, rule: string, got: number): ModelIssue => ({
    file,
    path: `${typeof at === 'number' ? `stages[${at}]` : at}.scv`,
    expected: `for ${distribution}, ${rule}`,
    got: showValue(got),
  }),
  kWithoutErlang: (file: string, at: number | string): ModelIssue => ({
    file,
    path: `${typeof at === 'number' ? `stages[${at}]` : at}.k`,
    expected: 'k only with distribution: erlang',
  }),
  infiniteWithQueue: (file: string, path: string): ModelIssue => ({
    file,
    path,
    expected: 'no queueCapacity on a pure delay (threads: "infinite" never queues)',
  }),
  unusedPool: (file: string, pool: string): ModelIssue => ({
    file,
    path: `pools.${pool}`,
    expected: 'a pool that some stage uses',
    hint: `Add pool: ${pool} to a stage or remove it.`,
  }),
  scheduleOrder: (file: string, index: number, previousAt: number, got: number): ModelIssue => ({
    file,
    path: `workload.schedule[${index}].at`,
    expected: `a time after the previous step's (${previousAt} s): steps in increasing order of at`,
    got: showValue(got),
  }),
  scheduleNeedsRate: (file: string): ModelIssue => ({
    file,
    path: 'workload.arrivalRate',
    expected: 'arrivalRate (the rate before the first step), or a schedule whose first step is at 0 with a rate > 0',
    hint: 'Add e.g. arrivalRate: 2000.',
  }),
  overloadClosed: (file: string, key: string): ModelIssue => ({
    file,
    path: `workload.${key}`,
    expected: `${key} only with an open workload (arrivalRate): a closed loop's clients set their own pace`,
  }),
  horizonBeforeSchedule: (file: string, horizon: number, lastAt: number): ModelIssue => ({
    file,
    path: 'workload.horizon',
    expected: `a horizon after the last schedule step (${lastAt} s)`,
    got: showValue(horizon),
    hint: 'Omit it for the default: the last step plus 60 s.',
  }),
  budgetWithoutRetries: (file: string): ModelIssue => ({
    file,
    path: 'workload.retry.budget',
    expected: 'a budget only with attempts ≥ 2 (with one attempt nothing is retried)',
  }),
  queueTimeoutNoQueue: (file: string, index: number, reason: string): ModelIssue => ({
    file,
    path: `stages[${index}].queueTimeout`,
    expected: 'queueTimeout only on a stage that queues',
    hint: reason,
  }),
  reservedKey: (file: string, path: string): ModelIssue => ({
    file,
    path,
    expected: 'a key other than __proto__ (reserved: it would reach every object of the program)',
    hint: 'Rename it.',
  }),
  tooManyStages: (file: string, count: number): ModelIssue => ({
    file,
    path: 'stages',
    expected: `at most ${MAX_STAGES} stages (reqpath's limit)`,
    got: `${count} stages`,
  }),
  tooLarge: (file: string, bytes: number | undefined): ModelIssue => ({
    file,
    path: '',
    expected: `a model file of at most ${describeBytes(MAX_MODEL_BYTES)} (reqpath's limit)`,
    ...(bytes !== undefined ? { got: describeBytes(bytes) } : { hint: 'It is larger.' }),
  }),
  moreIssues: (file: string, more: number): ModelIssue => ({
    file,
    path: '',
    expected: 'the problems above fixed first',
    hint: `And ${more} more not listed.`,
  }),
  badOverride: (file: string, assignment: string, reason: string): ModelIssue => ({
    file,
    path: assignment,
    expected: 'KEY=VALUE with a key path such as stages.decrypt.threads or workload.arrivalRate',
    hint: reason,
  }),
} as const;

/** Thrown by loadModel/parseModel; the CLI turns it into stderr text and exit status 2. */
export class ModelError extends Error {
  readonly issues: readonly ModelIssue[];
  constructor(issues: readonly ModelIssue[]) {
    super(formatIssues(issues));
    this.name = 'ModelError';
    this.issues = issues;
  }
}
