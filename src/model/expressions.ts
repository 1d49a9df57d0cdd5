/**
 * Arithmetic with units in a model file ("30us + bodyKB * 4us", "2k/s * growth"), through mathjs but
 * only a whitelisted subset of it: constants, the model's variables, time units, + - * / ^, parentheses
 * and a few pure functions. Everything else (assignment, function definition, accessors, import,
 * evaluate, createUnit, strings, matrices) is refused before anything is evaluated.
 * Evaluated once when the model loads; mathjs is loaded only when a file uses an expression.
 */
import { createRequire } from 'node:module';
import type { MathNode, MathJsInstance, Unit } from 'mathjs';

/** What an expression came out as: seconds, per second, or a plain number. */
export type Dimension = 'time' | 'rate' | 'number';

/** A value with its dimension; what variables hold between expressions. */
export interface Quantity {
  readonly value: number;
  readonly dimension: Dimension;
}

export type Evaluated = { ok: true; quantity: Quantity } | { ok: false; reason: string };

/** Time units an expression may name, in seconds; `m` is left out (mathjs and physics read it as metres). */
const TIME_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, sec: 1, min: 60, h: 3600 };
export const UNIT_NAMES: readonly string[] = ['ns', 'us', 'µs', 'ms', 's', 'sec', 'min', 'h'];
// min and max are left out: `min` is the unit minute here.
export const FUNCTIONS: ReadonlySet<string> = new Set(['sqrt', 'abs', 'ceil', 'floor', 'round', 'exp', 'log']);
const OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'unaryMinus', 'unaryPlus', 'pow']);
const MAX_LENGTH = 500;

let instance: MathJsInstance | undefined;
function math(): MathJsInstance {
  if (!instance) {
    const mathjs = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
    instance = mathjs.create(mathjs.all, { number: 'number' });
  }
  return instance;
}

const NUMBER = String.raw`(?<![A-Za-z0-9_.])((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)`;
const MAGNITUDE_RE = new RegExp(`${NUMBER}\\s*([kKMG])(?![A-Za-z0-9_])`, 'g');
const LITERAL_RE = new RegExp(`${NUMBER}\\s*(ns|us|ms|sec|min|s|h)(?![A-Za-z0-9_])`, 'g');

/**
 * Literals keep their meaning inside expressions: "2k" is 2000 and "250us" is one quantity, so
 * "1 / 250us" is 4000/s (mathjs alone would read it as (1/250)·us).
 */
function rewriteLiterals(text: string): string {
  const scale: Record<string, string> = { k: '1e3', K: '1e3', M: '1e6', G: '1e9' };
  return text
    .replace(/[µμ]/g, 'u')
    .replace(MAGNITUDE_RE, (_, n: string, m: string) => `(${n} * ${scale[m]})`)
    .replace(LITERAL_RE, (_, n: string, unit: string) => `(${n} ${unit})`);
}

/** The first node outside the whitelist, described, or undefined when every node is allowed. */
function refusedNode(root: MathNode, variables: ReadonlySet<string>): string | undefined {
  let problem: string | undefined;
  root.traverse((node, _path, parent) => {
    if (problem) return;
    switch (node.type) {
      case 'ConstantNode': {
        const value = (node as unknown as { value: unknown }).value;
        if (typeof value !== 'number') problem = `a constant ${JSON.stringify(value)} (only numbers are allowed)`;
        return;
      }
      case 'ParenthesisNode':
        return;
      case 'OperatorNode': {
        const { fn, implicit, args } = node as unknown as { fn: string; implicit: boolean; args: MathNode[] };
        // Implicit multiplication only inside a literal such as "250us"; elsewhere it hides precedence.
        if (implicit && !(args[0]?.type === 'ConstantNode' && args[1]?.type === 'SymbolNode' && (args[1] as unknown as { name: string }).name in TIME_UNITS)) {
          problem = `an implicit multiplication "${node.toString()}" (write the * sign)`;
        } else if (!OPERATORS.has(fn)) problem = `the operator "${(node as unknown as { op: string }).op}" (allowed: + - * / ^)`;
        return;
      }
      case 'FunctionNode': {
        const fn = (node as unknown as { fn: MathNode }).fn;
        const name = fn.type === 'SymbolNode' ? (fn as unknown as { name: string }).name : undefined;
        if (name === undefined || !FUNCTIONS.has(name)) {
          problem = `a call to ${name ?? fn.toString()}(…) (allowed functions: ${[...FUNCTIONS].join(', ')})`;
        }
        return;
      }
      case 'SymbolNode': {
        const name = (node as unknown as { name: string }).name;
        const isCallee = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === node;
        if (isCallee) return;
        if (!variables.has(name) && !(name in TIME_UNITS)) {
          const known = [...variables].join(', ');
          problem = `an unknown name "${name}" (variables: ${known === '' ? 'none declared under vars' : known}; units: ${UNIT_NAMES.join(', ')})`;
        }
        return;
      }
      default:
        problem = `${describeNode(node.type)} (only arithmetic on numbers, variables and time units is allowed)`;
    }
  });
  return problem;
}

function describeNode(type: string): string {
  const names: Record<string, string> = {
    AssignmentNode: 'an assignment',
    FunctionAssignmentNode: 'a function definition',
    AccessorNode: 'a property access',
    IndexNode: 'an index',
    ArrayNode: 'a matrix',
    ObjectNode: 'an object',
    BlockNode: 'several statements',
    ConditionalNode: 'a condition',
    RangeNode: 'a range',
    RelationalNode: 'a comparison',
  };
  return names[type] ?? `a ${type}`;
}

function toQuantity(result: unknown): Evaluated {
  const m = math();
  if (typeof result === 'number') {
    return Number.isFinite(result) ? { ok: true, quantity: { value: result, dimension: 'number' } } : { ok: false, reason: `the result is not a finite number (it overflows or divides by zero)` };
  }
  if (m.isUnit(result)) {
    const unit = result as Unit;
    for (const [dimension, base] of [['time', 's'], ['rate', 'Hz']] as const) {
      if (unit.equalBase(m.unit(1, base))) {
        const value = unit.toNumber(base);
        return Number.isFinite(value) ? { ok: true, quantity: { value, dimension } } : { ok: false, reason: `the result is not a finite number (it overflows or divides by zero)` };
      }
    }
    return { ok: false, reason: `the result ${unit.toString()} is neither a time, a rate (1/time) nor a plain number` };
  }
  return { ok: false, reason: 'the result is not a number' };
}

/** Evaluates one expression against already evaluated variables. */
export function evaluateExpression(text: string, variables: ReadonlyMap<string, Quantity>): Evaluated {
  if (text.length > MAX_LENGTH) return { ok: false, reason: `an expression of at most ${MAX_LENGTH} characters` };
  const m = math();
  let root: MathNode;
  try {
    root = m.parse(rewriteLiterals(text));
  } catch (error) {
    return { ok: false, reason: `a syntax error: ${(error as Error).message}` };
  }
  const refused = refusedNode(root, new Set(variables.keys()));
  if (refused) return { ok: false, reason: `refused ${refused}` };
  const scope = new Map<string, unknown>();
  for (const [name, seconds] of Object.entries(TIME_UNITS)) scope.set(name, m.unit(seconds, 's'));
  for (const [name, q] of variables) {
    scope.set(name, q.dimension === 'number' ? q.value : m.unit(q.value, q.dimension === 'time' ? 's' : 'Hz'));
  }
  try {
    return toQuantity(root.compile().evaluate(scope));
  } catch (error) {
    return { ok: false, reason: `it cannot be evaluated: ${(error as Error).message}` };
  }
}
