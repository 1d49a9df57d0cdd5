/**
 * The model's `vars:` as the TUI steps them. Expressions are evaluated once, when a model loads, so a new value
 * is a new load: the model is re-read from its document (`ModelSource.reload`) with `vars.<name>` set, exactly
 * as `--var name=value` would set it, and never evaluated anywhere else.
 */
import type { ModelResult } from '../model/load.ts';
import type { Override } from '../model/overrides.ts';
import { parseDurationSeconds, parseRatePerSecond } from '../model/units.ts';
import { rate, time } from './format.ts';

/** Where the model came from, so it can be loaded again with other variable values. */
export interface ModelSource {
  /** Loads the model again from its document, these overrides applied after the ones it was first loaded with. */
  readonly reload: (overrides: readonly Override[]) => ModelResult;
}

export type VariableUnit = 'number' | 'duration' | 'rate';

export interface Variable {
  readonly name: string;
  readonly unit: VariableUnit;
  /** As loaded (file plus --var): seconds for a duration, per second for a rate. */
  readonly value: number;
  /** One press of + or −: a 1-2-5 figure near a tenth of the loaded value (whole for a whole number ≥ 2). */
  readonly step: number;
}

/** A variable written as an expression of others ("base * 2"): it follows them and has no steps of its own. */
export interface DerivedVariable {
  readonly name: string;
  readonly expression: string;
}

export interface Variables {
  readonly steppable: readonly Variable[];
  readonly derived: readonly DerivedVariable[];
}

export const NO_VARIABLES: Variables = { steppable: [], derived: [] };

function isRecord(node: unknown): node is Record<string, unknown> {
  return node !== null && typeof node === 'object' && !Array.isArray(node);
}

/** 1, 2 or 5 times a power of ten, nearest (in ratio) to a tenth of `value`. */
export function niceStep(value: number, unit: VariableUnit): number {
  const tenth = Math.abs(value) / 10;
  if (!(tenth > 0) || !Number.isFinite(tenth)) return unit === 'duration' ? 1e-3 : 1;
  const power = 10 ** Math.floor(Math.log10(tenth));
  const mantissa = tenth / power;
  const nice = mantissa < Math.sqrt(2) ? 1 : mantissa < Math.sqrt(10) ? 2 : mantissa < Math.sqrt(50) ? 5 : 10;
  const step = Number((nice * power).toPrecision(12));
  // A whole number of 2 or more is most likely a count (threads, replicas): whole steps. YAML reads "1.0" as 1,
  // and a 1 is most often a factor (growth: 1.0), so it steps by tenths.
  return unit === 'number' && Number.isInteger(value) && value >= 2 ? Math.max(1, Math.round(step)) : step;
}

/** The variables of a loaded document (`ModelResult.raw`: after --var and --set, before evaluation). */
export function variablesOf(raw: unknown): Variables {
  if (!isRecord(raw) || !isRecord(raw['vars'])) return NO_VARIABLES;
  const steppable: Variable[] = [];
  const derived: DerivedVariable[] = [];
  for (const [name, written] of Object.entries(raw['vars'])) {
    const add = (unit: VariableUnit, value: number) => steppable.push({ name, unit, value, step: niceStep(value, unit) });
    if (typeof written === 'number' && Number.isFinite(written)) {
      add('number', written);
      continue;
    }
    if (typeof written !== 'string') continue;
    const text = written.trim();
    const duration = parseDurationSeconds(text);
    // "2k/s" is a rate; "2k" alone a plain number with a magnitude, as expressions read it.
    const magnitude = parseRatePerSecond(text);
    if (duration.ok && /[a-zµμ]$/i.test(text)) add('duration', duration.value);
    else if (magnitude.ok) add(/\/|per\b/.test(text) ? 'rate' : 'number', magnitude.value);
    else derived.push({ name, expression: text });
  }
  return { steppable, derived };
}

/** The value after `steps` presses, rounded so that steps and back return exactly to the start. */
export function valueAfter(variable: Variable, steps: number): number {
  return Number((variable.value + steps * variable.step).toPrecision(12));
}

/** The value as `--var` would take it: the unit written out, so the loader reads it as the file's did. */
export function assignment(variable: Variable, value: number): Override {
  const written = variable.unit === 'duration' ? `${value}s` : variable.unit === 'rate' ? `${value}/s` : value;
  return { key: `vars.${variable.name}`, value: written };
}

/** The value with its unit, for the screen. */
export function showValue(variable: Pick<Variable, 'unit'>, value: number): string {
  if (variable.unit === 'duration') return time(value);
  if (variable.unit === 'rate') return rate(value);
  return String(Number(value.toPrecision(6)));
}
