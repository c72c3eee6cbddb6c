/**
 * FEEL through `feelin`: parse checks at compile time, evaluation at run time.
 * Results are converted to plain JSON (FEEL temporal values become their ISO strings).
 */
import { evaluate, parseExpression } from 'feelin';
import { DEFAULT_FEEL_MAX_ITERATIONS, feelCost } from './feel-budget.js';

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

/** Fast path for a bare variable or `a.b.c` path (same result as FEEL: null when missing). */
function lookupPath(feel: string, context: Record<string, unknown>): { value: unknown } | null {
  const m = PATH.exec(feel);
  const path = m?.[1];
  if (!path) return null;
  const parts = path.split('.');
  if (KEYWORDS.has(parts[0] ?? '')) return null;
  let cur: unknown = context;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.hasOwn(cur, part))
      return { value: null };
    cur = (cur as Record<string, unknown>)[part];
  }
  return { value: cur === undefined ? null : cur };
}

function run(feel: string, context: Record<string, unknown>): unknown {
  try {
    return evaluate(feel, context).value;
  } catch (e) {
    throw new FeelEvaluationError(e instanceof Error ? e.message : String(e));
  }
}

export function evaluateFeel(
  feel: string,
  context: Record<string, unknown>,
  budget: FeelBudget = feelBudget(),
): unknown {
  const fast = lookupPath(feel, context);
  if (fast) return toPlain(fast.value);
  const cost = feelCost(
    feel,
    {
      lookup: (path) => {
        const found = lookupPath(path, context);
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
