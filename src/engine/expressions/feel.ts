/**
 * FEEL through `feelin`: parse checks at compile time, evaluation at run time.
 * Results are converted to plain JSON (FEEL temporal values become their ISO strings).
 */
import { evaluate, parseExpression } from 'feelin';

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

export function evaluateFeel(feel: string, context: Record<string, unknown>): unknown {
  try {
    return toPlain(evaluate(feel, context).value);
  } catch (e) {
    throw new FeelEvaluationError(e instanceof Error ? e.message : String(e));
  }
}

/** A scalar result as text (strings, numbers, booleans); objects as JSON; null/undefined as null. */
export function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}
