/**
 * FEEL through `feelin`: parse checks at compile time, evaluation at run time.
 * Results are converted to plain JSON (FEEL temporal values become their ISO strings).
 */
import { evaluate, parseExpression } from 'feelin';
import { DEFAULT_FEEL_MAX_ITERATIONS, feelCost } from './feel-budget.js';
import { fastEvaluate, NOT_SIMPLE } from './feel-fast.js';
import { feelTree, type FeelTree } from './feel-tree.js';

export function feelSyntaxError(feel: string): string | null {
  try {
    const tree = parseExpression(feel, {}, undefined);
    let error: string | null = null;
    tree.iterate({
      enter(node) {
        if (error === null && node.type.isError) error = `syntax error at position ${node.from}`;
      },
    });
    return error;
  } catch (e) {
    return e instanceof Error ? e.message : 'syntax error';
  }
}

export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object') {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const text: unknown = (value as { toString: () => unknown }).toString();
      return typeof text === 'string' ? text : null;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = toPlain(v);
    return out;
  }
  if (typeof value === 'function') return null;
  return value;
}

export class FeelEvaluationError extends Error {}

/** The expression would exceed its work budget (or uses an unsafe pattern) and was not run. */
export class FeelBudgetError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Iterations one expression may take, and what the whole command has left (shared by every expression
 * the command evaluates, so a loop of cheap-looking conditions cannot add up to seconds either).
 */
export interface FeelBudget {
  readonly perExpression: number;
  remaining: number;
}

export function feelBudget(perExpression = DEFAULT_FEEL_MAX_ITERATIONS, perCommand = perExpression * 10): FeelBudget {
  return { perExpression, remaining: perCommand };
}

const PATH = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*$/;
const KEYWORDS = new Set([
  'true',
  'false',
  'null',
  'not',
  'and',
  'or',
  'some',
  'every',
  'if',
  'for',
  'in',
  'return',
  'then',
  'else',
]);

/**
 * The variables an expression sees, read one name at a time: most expressions touch one or two of
 * them, so the merged context (copied by feelin on every call) is only built when feelin runs.
 */
export interface FeelVariables {
  /** The variable's value, or undefined when no such variable is defined. */
  get(name: string): unknown;
  /** All of them, merged (for feelin). */
  all(): Record<string, unknown>;
}

export function variablesOf(context: Record<string, unknown>): FeelVariables {
  return { get: (name) => (Object.hasOwn(context, name) ? context[name] : undefined), all: () => context };
}

function walk(vars: FeelVariables, parts: readonly string[], strict: boolean): { value: unknown } | null {
  let cur: unknown = vars.get(parts[0] ?? '');
  for (const part of parts.slice(1)) {
    if (cur === null || cur === undefined) return { value: null };
    const plain = typeof cur === 'object' && !Array.isArray(cur);
    if (strict && (!plain || Object.getPrototypeOf(cur) !== Object.prototype)) return null;
    if (!plain || !Object.hasOwn(cur, part)) return { value: null };
    cur = (cur as Record<string, unknown>)[part];
  }
  return { value: cur === undefined ? null : cur };
}

const paths = new Map<string, readonly string[] | null>();

/** The parts of a bare `a.b.c` path expression, or null (cached: the same few expressions run again and again). */
function pathOf(feel: string): readonly string[] | null {
  const hit = paths.get(feel);
  if (hit !== undefined) return hit;
  const path = PATH.exec(feel)?.[1];
  const parts = path ? path.split('.') : null;
  const result = parts && !KEYWORDS.has(parts[0] ?? '') ? parts : null;
  if (paths.size >= 2_000) paths.clear();
  paths.set(feel, result);
  return result;
}

/** Fast path for a bare variable or `a.b.c` path (same result as FEEL: null when missing). */
function lookupPath(feel: string, vars: FeelVariables): { value: unknown } | null {
  const parts = pathOf(feel);
  return parts ? walk(vars, parts, false) : null;
}

/** A path through plain objects only (a list on the way would map in FEEL: not simple). */
function strictPath(path: string, vars: FeelVariables): { value: unknown } | null {
  return walk(
    vars,
    path.split('.').map((p) => p.trim()),
    true,
  );
}

function treeOrNull(feel: string): FeelTree | null {
  try {
    return feelTree(feel);
  } catch {
    return null; // feelin reports the syntax error
  }
}

function run(feel: string, context: Record<string, unknown>): unknown {
  try {
    return evaluate(feel, context).value;
  } catch (e) {
    throw new FeelEvaluationError(e instanceof Error ? e.message : String(e));
  }
}

export function evaluateFeel(feel: string, vars: FeelVariables, budget: FeelBudget = feelBudget()): unknown {
  const fast = lookupPath(feel, vars);
  if (fast) return toPlain(fast.value);
  const parsed = treeOrNull(feel);
  if (parsed?.valid && !parsed.risky) {
    const value = fastEvaluate(parsed.tree, (path) => strictPath(path, vars));
    if (value !== NOT_SIMPLE) return value;
  }
  const context = vars.all();
  const cost = feelCost(
    feel,
    {
      lookup: (path) => {
        const found = lookupPath(path, vars);
        return found ? found.value : undefined; // a missing variable is known: it is null
      },
      evaluate: (sub) => run(sub, context),
    },
    Math.min(budget.perExpression, budget.remaining),
  );
  if (typeof cost !== 'number') throw new FeelBudgetError(cost.code, cost.message);
  budget.remaining -= cost;
  return toPlain(run(feel, context));
}

/** A scalar result as text (strings, numbers, booleans); objects as JSON; null/undefined as null. */
export function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}
