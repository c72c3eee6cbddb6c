/**
 * The engine evaluates simple conditions (comparisons with literals joined by and/or) without feelin,
 * for speed: its answers must be feelin's, value for value, including FEEL's null semantics.
 */
import { describe, expect, it } from '@jest/globals';
import { evaluate } from 'feelin';
import { evaluateFeel, toPlain, variablesOf } from '../../src/engine/expressions/feel.js';

const VALUES: unknown[] = [
  undefined,
  null,
  0,
  1,
  2,
  -1.5,
  '',
  'a',
  'b',
  '1',
  true,
  false,
  { y: 'a' },
  ['a'],
  { y: null },
];
const LITERALS = ['null', '0', '1', '2', '-1.5', '""', '"a"', '"1"', 'true', 'false'];
const OPERATORS = ['=', '!=', '<', '<=', '>', '>='];

function feelin(expression: string, context: Record<string, unknown>): unknown {
  try {
    return toPlain(evaluate(expression, context).value);
  } catch {
    return 'error';
  }
}

function ours(expression: string, context: Record<string, unknown>): unknown {
  try {
    return evaluateFeel(expression, variablesOf(context));
  } catch {
    return 'error';
  }
}

describe('simple FEEL conditions evaluated without feelin', () => {
  it('compare a variable with a literal exactly as feelin does', () => {
    for (const op of OPERATORS) {
      for (const x of VALUES) {
        const context = x === undefined ? {} : { x };
        for (const lit of LITERALS) {
          for (const expression of [`x ${op} ${lit}`, `${lit} ${op} x`, `x.y ${op} ${lit}`]) {
            expect([expression, x, ours(expression, context)]).toEqual([expression, x, feelin(expression, context)]);
          }
        }
      }
    }
  });

  it('combine comparisons with and / or (three-valued) and parentheses exactly as feelin does', () => {
    const parts = ['a = 1', 'a != 1', 'b = "x"', 'c', 'missing = 2', '(a = 1 or b = "y")', 'a = "1"'];
    const contexts = [{ a: 1, b: 'x', c: true }, { a: 2, b: 'y', c: false }, { a: null, c: null }, { c: 'text' }];
    for (const context of contexts) {
      for (const l of parts) {
        for (const r of parts) {
          for (const op of ['and', 'or']) {
            const expression = `${l} ${op} ${r}`;
            expect([expression, ours(expression, context)]).toEqual([expression, feelin(expression, context)]);
          }
        }
      }
    }
  });

  it('leaves text that does not parse to feelin (its error, not a guess)', () => {
    expect(ours('a = 1 b', { a: 1 })).toBe('error');
    expect(feelin('a = 1 b', { a: 1 })).toBe('error');
  });
});
