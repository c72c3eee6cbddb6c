/**
 * Evaluates the commonest conditions — `path = literal`, `path != literal`, numeric comparisons, joined
 * by `and` / `or` — directly from the cached tree, with FEEL's semantics (null equals only null; values of
 * different types compare to null; three-valued and/or). feelin parses the text again on every call,
 * which costs more than the rest of a transition; anything else falls back to it (NOT_SIMPLE).
 */
import type { FeelNode } from './feel-tree.js';

export const NOT_SIMPLE: unique symbol = Symbol('not simple');

type Scalar = string | number | boolean | null;
type Lookup = (path: string) => { value: unknown } | null;

export function fastEvaluate(node: FeelNode, lookup: Lookup): Scalar | typeof NOT_SIMPLE {
  switch (node.name) {
    case 'Expression':
    case 'ParenthesizedExpression':
      return node.children.length === 1 && node.children[0] ? fastEvaluate(node.children[0], lookup) : NOT_SIMPLE;
    case 'Comparison':
      return compare(node, lookup);
    case 'Conjunction':
    case 'Disjunction':
      return logic(node, lookup);
    default:
      return operand(node, lookup);
  }
}

function operand(node: FeelNode, lookup: Lookup): Scalar | typeof NOT_SIMPLE {
  switch (node.name) {
    case 'StringLiteral':
      return node.text.includes('\\') ? NOT_SIMPLE : node.text.slice(1, -1);
    case 'NumericLiteral': {
      const n = Number(node.text.replace(/\s+/g, ''));
      return Number.isFinite(n) ? n : NOT_SIMPLE;
    }
    case 'BooleanLiteral':
      return node.text === 'true';
    case 'null':
      return null;
    case 'VariableName':
    case 'PathExpression': {
      const found = lookup(node.text);
      if (!found) return NOT_SIMPLE;
      const v = found.value;
      if (v === null || v === undefined) return null;
      return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
        ? v
        : NOT_SIMPLE;
    }
    default:
      return NOT_SIMPLE;
  }
}

function compare(node: FeelNode, lookup: Lookup): Scalar | typeof NOT_SIMPLE {
  const [l, op, r] = node.children;
  if (!l || !op || !r || node.children.length !== 3) return NOT_SIMPLE;
  const a = operand(l, lookup);
  const b = operand(r, lookup);
  if (a === NOT_SIMPLE || b === NOT_SIMPLE) return NOT_SIMPLE;
  switch (op.text.trim()) {
    case '=':
      return equals(a, b);
    case '!=': {
      const eq = equals(a, b);
      return eq === null ? null : !eq;
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      // feelin's ordering of other types (null, strings against ranges) has its own rules: leave them to it
      return typeof a === 'number' && typeof b === 'number' ? order(op.text.trim(), a, b) : NOT_SIMPLE;
    default:
      return NOT_SIMPLE;
  }
}

function equals(a: Scalar, b: Scalar): boolean | null {
  if (a === null || b === null) return a === b;
  return typeof a === typeof b ? a === b : null;
}

function order(op: string, a: number, b: number): boolean {
  return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
}

function logic(node: FeelNode, lookup: Lookup): Scalar | typeof NOT_SIMPLE {
  const and = node.name === 'Conjunction';
  const operands = node.children.filter((c) => c.name !== 'and' && c.name !== 'or');
  if (operands.length !== 2) return NOT_SIMPLE;
  const values: (boolean | null)[] = [];
  for (const o of operands) {
    const v = fastEvaluate(o, lookup);
    if (v === NOT_SIMPLE) return NOT_SIMPLE;
    if (typeof v !== 'boolean' && v !== null) return NOT_SIMPLE; // non-booleans: feelin decides
    values.push(v);
  }
  if (and) return values.includes(false) ? false : values.includes(null) ? null : true;
  return values.includes(true) ? true : values.includes(null) ? null : false;
}
