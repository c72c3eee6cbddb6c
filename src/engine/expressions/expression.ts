/**
 * Compiled expression: the source as written, the FEEL text we evaluate, or the problem that made
 * compile() refuse it (EXPR.INVALID / EXPR.UNSUPPORTED, reported by the expressions rule).
 */
import { CompileCode } from '../errors/compile-codes.js';
import { DEFAULT_FEEL_MAX_ITERATIONS, feelCost } from './feel-budget.js';
import { feelSyntaxError } from './feel.js';
import { containsJuel, JuelUnsupported, translateJuel } from './juel-translator.js';

export interface Expr {
  readonly source: string;
  readonly feel: string;
  readonly problem: { readonly code: string; readonly message: string } | null;
}

/** `=expr` → FEEL; `${...}` → translated; otherwise the text itself is FEEL. */
export function compileExpression(source: string): Expr {
  const text = source.trim();
  if (containsJuel(text)) {
    try {
      const feel = translateJuel(text);
      return check(source, feel);
    } catch (e) {
      const message = e instanceof JuelUnsupported ? e.message : 'unsupported expression';
      return { source, feel: '', problem: { code: CompileCode.EXPR_UNSUPPORTED, message: `${source}: ${message}` } };
    }
  }
  return check(source, text.startsWith('=') ? text.slice(1) : text);
}

function check(source: string, feel: string): Expr {
  if (feel.trim() === '') {
    return { source, feel, problem: { code: CompileCode.EXPR_INVALID, message: 'empty expression' } };
  }
  const err = feelSyntaxError(feel);
  if (err) return { source, feel, problem: { code: CompileCode.EXPR_INVALID, message: `${source}: ${err}` } };
  // What is too costly whatever the variables hold is refused at deploy time; the rest is checked when run.
  const cost = feelCost(feel, null, DEFAULT_FEEL_MAX_ITERATIONS);
  return {
    source,
    feel,
    problem: typeof cost === 'number' ? null : { code: cost.code, message: `${source}: ${cost.message}` },
  };
}

/** A literal value that may be an expression: `=expr` or `${...}` make an Expr, anything else stays literal. */
export function literalOrExpression(text: string): { literal: string } | { expr: Expr } {
  const t = text.trim();
  if (t.startsWith('=') || containsJuel(t)) return { expr: compileExpression(t) };
  return { literal: t };
}
