/**
 * A stage's service time as a linear expression of a measured column: service = a + b·v (v = bodyKB, say).
 * The utilisation law with the covariate in it, across rows that vary both load and v:
 *
 *   busy × threads = a₀ + α·X + β·(X·v)      (least squares, fitLeastSquares)
 *
 * a₀ is work that does not scale with requests (as in demand.ts), α the demand per request that does not depend
 * on v, β the demand per request per unit of v: a = α, b = β (the intercept read as for a plain demand,
 * regression.ts perRequest). β goes to the named stage alone; α is shared among the
 * stages the column covers in BASE's proportions. The fitted model keeps v as a variable (`vars:`), so
 * `--var bodyKB=64` predicts at another body size.
 */
import { ModelError } from '../model/messages.ts';
import type { Model } from '../model/types.ts';
import { declaredVars } from '../model/vars.ts';
import type { MeasurementRow } from './measurements.ts';
import { fitLeastSquares, usagePoints, type Estimate, type RowFitReport } from './regression.ts';

export interface CovariateRequest {
  /** The measured column (a covariate in the rows). */
  readonly column: string;
  /** The stage whose service depends on it; optional when BASE makes it clear (one finite stage, or one expression naming it). */
  readonly stage?: string;
}

export interface CovariateFit extends RowFitReport {
  readonly stage: string;
  readonly column: string;
  /** `busy.<pool>` or `cpu`: the utilisation column regressed. */
  readonly usage: string;
  /** Stages whose demand the usage column holds (the target among them). */
  readonly covered: readonly string[];
  readonly threads: number;
  /** a₀: thread-seconds per second that do not scale with requests. */
  readonly background: Estimate;
  /** Per request: the part independent of v (all covered stages), and per unit of v. */
  readonly constant: Estimate;
  readonly perUnit: Estimate;
  /** The value of v the fitted model is written at: BASE's variable, else the rows' median. */
  readonly at: number;
  readonly notes: readonly string[];
}

function isRecord(node: unknown): node is Record<string, unknown> {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

function finiteStages(model: Model): Model['stages'] {
  return model.stages.filter((s) => model.pools.find((p) => p.name === s.pool)!.threads !== Infinity);
}

/** Stages whose raw service expression names `variable` (as a whole word). */
function stagesUsing(raw: unknown, variable: string): string[] {
  if (!isRecord(raw) || !Array.isArray(raw['stages'])) return [];
  const word = new RegExp(`(?<![A-Za-z0-9_])${variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`);
  return (raw['stages'] as unknown[])
    .filter((s): s is Record<string, unknown> => isRecord(s) && typeof s['service'] === 'string' && word.test(s['service'] as string))
    .map((s) => String(s['name']));
}

function varies(rows: readonly MeasurementRow[], column: string): boolean {
  return new Set(rows.map((r) => r.covariates[column]).filter((v) => v !== undefined)).size >= 2;
}

function refuse(path: string, expected: string, got: string): never {
  throw new ModelError([{ file: 'calibrate', path, expected, got }]);
}

/**
 * Which stage and column to fit. Asked for: checked, and refused with a precise message when the rows or BASE
 * cannot give it. Not asked for: a variable BASE declares that the rows also carry (varying), used by exactly
 * one stage's service expression.
 */
export function covariateTarget(raw: unknown, base: Model, rows: readonly MeasurementRow[], request?: CovariateRequest): { stage: string; column: string } | null {
  const finite = finiteStages(base);
  if (request) {
    const { column } = request;
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r.covariates)))];
    if (!rows.some((r) => r.covariates[column] !== undefined)) {
      refuse(`--covariate ${column}`, `a column of the measurements (extra columns: ${columns.length ? columns.join(', ') : 'none'})`, column);
    }
    if (!varies(rows, column)) refuse(`--covariate ${column}`, 'a column that takes two or more values across the rows', 'one value');
    if (request.stage !== undefined) {
      if (!finite.some((s) => s.name === request.stage)) {
        refuse(`--covariate ${request.stage}=${column}`, `a stage of BASE with threads (${finite.map((s) => s.name).join(', ')})`, request.stage);
      }
      return { stage: request.stage, column };
    }
    const named = stagesUsing(raw, column).filter((n) => finite.some((s) => s.name === n));
    if (finite.length === 1) return { stage: finite[0]!.name, column };
    if (named.length === 1) return { stage: named[0]!, column };
    refuse(`--covariate ${column}`, `the stage named too, STAGE=${column} (stages: ${finite.map((s) => s.name).join(', ')})`, column);
  }
  for (const variable of declaredVars(raw)) {
    if (!rows.every((r) => r.covariates[variable] !== undefined) || !varies(rows, variable)) continue;
    const named = stagesUsing(raw, variable).filter((n) => finite.some((s) => s.name === n));
    if (named.length === 1) return { stage: named[0]!, column: variable };
  }
  return null;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The utilisation column that holds the target stage's demand, as demand.ts chooses it. */
function usageFor(base: Model, rows: readonly MeasurementRow[], stage: string): { usage: string; covered: string[]; threads: number; value: (r: MeasurementRow) => number | undefined } | null {
  const target = base.stages.find((s) => s.name === stage)!;
  const pool = base.pools.find((p) => p.name === target.pool)!;
  if (rows.some((r) => r.busy[pool.name] !== undefined)) {
    return { usage: `busy.${pool.name}`, covered: base.stages.filter((s) => s.pool === pool.name).map((s) => s.name), threads: pool.threads, value: (r) => r.busy[pool.name] };
  }
  if (target.cpuBound && rows.some((r) => r.cpu !== undefined)) {
    const covered = finiteStages(base).filter((s) => s.cpuBound).map((s) => s.name);
    return { usage: 'cpu', covered, threads: 1, value: (r) => r.cpu };
  }
  return null;
}

export function fitCovariate(raw: unknown, base: Model, rows: readonly MeasurementRow[], target: { stage: string; column: string }): CovariateFit | { error: string } {
  const usage = usageFor(base, rows, target.stage);
  if (!usage) return { error: `${target.stage} = a + b·${target.column}: no busy.${base.stages.find((s) => s.name === target.stage)!.pool} or cpu column to regress; BASE's service kept` };
  const { used, xs, ys } = usagePoints(rows.filter((r) => r.covariates[target.column] !== undefined), usage.value, usage.threads);
  const vs = used.map((r) => r.covariates[target.column]!);
  const fit = fitLeastSquares([xs.map(() => 1), xs, xs.map((x, i) => x * vs[i]!)], ys);
  if (!fit) return { error: `${target.stage} = a + b·${target.column}: ${usage.usage} over ${used.length} rows cannot separate load from ${target.column} (vary both, three rows or more)` };
  const [a0, alpha, beta] = fit.coefficients as [Estimate, Estimate, Estimate];
  const notes: string[] = [];
  if (fit.df < 1) notes.push(`${target.stage} = a + b·${target.column}: ${used.length} rows fit exactly; a fourth gives the figures an uncertainty`);
  const declared = isRecord(raw) && isRecord(raw['vars']) ? raw['vars'][target.column] : undefined;
  const at = typeof declared === 'number' ? declared : median(vs);
  if (!(beta.value > 0)) notes.push(`${target.stage}: ${usage.usage} does not grow with ${target.column} across these rows (b = ${beta.value.toPrecision(3)} s per unit)`);
  if (alpha.value < 0 && Math.min(...vs) >= 0) {
    notes.push(`${target.stage}: the part of the service independent of ${target.column} came out negative; the line holds only over the measured range (${Math.min(...vs)}–${Math.max(...vs)})`);
  }
  return {
    stage: target.stage,
    column: target.column,
    usage: usage.usage,
    covered: usage.covered,
    threads: usage.threads,
    background: a0,
    constant: alpha,
    perUnit: beta,
    at,
    rSquared: fit.rSquared,
    rows: used.map((r) => r.row),
    residuals: used.map((r, i) => ({ row: r.row, value: fit.residuals[i]! })),
    notes,
  };
}
