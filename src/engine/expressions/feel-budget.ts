/**
 * A deterministic work budget for FEEL. `feelin` evaluates without any hook we could count steps in, so
 * the cost is bounded before evaluation instead: the parse tree is walked and every iteration
 * (`for`, `some`, `every`, filters) is sized from its source — a literal range or list, or at run time
 * a variable's value, or the value of an independent sub-expression — and multiplied through nesting.
 * An expression whose estimate exceeds the budget is refused without being run (EXPR.BUDGET_EXCEEDED).
 * Regular expressions (matches, replace, split) must be string literals without nested quantifiers or
 * back-references, which is where catastrophic backtracking comes from (EXPR.UNSAFE_PATTERN).
 */
import { feelTree, type FeelNode as Node, type FeelTree } from './feel-tree.js';

export const DEFAULT_FEEL_MAX_ITERATIONS = 10_000;

export interface FeelCostProblem {
  readonly code: 'EXPR.BUDGET_EXCEEDED' | 'EXPR.UNSAFE_PATTERN';
  readonly message: string;
}

/** How the analysis learns values: at deploy time nothing is known; at run time the variables are. */
export interface CostEnv {
  /** The value of a variable path, or undefined when unknown (deploy time). */
  lookup(path: string): unknown;
  /** Evaluates an independent sub-expression (run time only). */
  evaluate?(feel: string): unknown;
}

const REGEX_FUNCTIONS: Readonly<Record<string, number>> = { matches: 1, replace: 1, split: 1 };
/** Size of an iteration we cannot know before running it: it takes the whole budget. */
const UNKNOWN = Number.POSITIVE_INFINITY;

class Budget extends Error {}

/**
 * Checks an expression against the budget: the problem, or the estimated number of iterations when it
 * may run.
 */
export function feelCost(feel: string, env: CostEnv | null, maxIterations: number): FeelCostProblem | number {
  let entry: FeelTree;
  try {
    entry = feelTree(feel);
  } catch {
    return 0; // syntax errors are reported by the syntax check
  }
  if (!entry.risky) return 0;
  const walker = new Walker(env, maxIterations);
  try {
    walker.cost(entry.tree, 1, new Set());
    return walker.spent;
  } catch (e) {
    if (e instanceof UnsafePattern) return { code: 'EXPR.UNSAFE_PATTERN', message: e.message };
    if (e instanceof Budget) {
      return {
        code: 'EXPR.BUDGET_EXCEEDED',
        message: `the expression may iterate more than ${maxIterations.toLocaleString('en-US')} times`,
      };
    }
    throw e;
  }
}

class UnsafePattern extends Error {}

class Walker {
  spent = 0;

  constructor(
    private readonly env: CostEnv | null,
    private readonly max: number,
  ) {}

  private charge(n: number): void {
    this.spent += n;
    if (!(this.spent <= this.max)) throw new Budget();
  }

  /** Walks a node evaluated `times` times; `bound` holds the names bound by enclosing iterations. */
  cost(node: Node, times: number, bound: ReadonlySet<string>): void {
    switch (node.name) {
      case 'ForExpression':
      case 'QuantifiedExpression':
        return this.iteration(node, times, bound);
      case 'FilterExpression': {
        const [list, filter] = node.children;
        if (!list || !filter) break;
        this.cost(list, times, bound);
        if (filter.name === 'NumericLiteral') return;
        const size = this.size(list, bound);
        this.charge(times * size);
        return this.cost(filter, times * size, new Set([...bound, 'item']));
      }
      case 'FunctionInvocation':
        this.checkPattern(node);
        break;
    }
    for (const c of node.children) this.cost(c, times, bound);
  }

  private iteration(node: Node, times: number, bound: ReadonlySet<string>): void {
    const contexts = node.children.find((c) => c.name === 'InExpressions')?.children ?? [];
    const body = node.children[node.children.length - 1];
    let product = times;
    const inner = new Set(bound);
    for (const ctx of contexts) {
      const name = ctx.children.find((c) => c.name === 'Name')?.text.trim();
      const source = ctx.children.find((c) => c.name === 'IterationContext');
      if (source) {
        for (const c of source.children) this.cost(c, product, inner);
        product *= this.size(source, inner);
        this.charge(product);
      }
      if (name) inner.add(name);
    }
    if (body && body.name !== 'InExpressions') this.cost(body, product, inner);
  }

  /** Number of elements an iteration source yields (UNKNOWN when it cannot be told beforehand). */
  private size(node: Node, bound: ReadonlySet<string>): number {
    const parts = node.children;
    if ((node.name === 'IterationContext' && parts.length === 2) || node.name === 'Interval') {
      const [from, to] = parts.map((p) => this.number(p, bound));
      if (from === undefined || to === undefined) return this.env ? UNKNOWN : 1;
      return Number.isNaN(from) || Number.isNaN(to) ? 0 : Math.abs(to - from) + 1;
    }
    if (node.name === 'IterationContext' || node.name === 'SimplePositiveUnaryTest') {
      const only = parts[0];
      return only && parts.length === 1 ? this.size(only, bound) : UNKNOWN;
    }
    if (node.name === 'List') return parts.length;
    const value = this.value(node, bound);
    if (value === undefined) return this.env ? UNKNOWN : 1;
    return Array.isArray(value) ? value.length : 1;
  }

  /** A range bound: its number; NaN when known not to be a number (the range cannot run); undefined if unknown. */
  private number(node: Node, bound: ReadonlySet<string>): number | undefined {
    if (node.name === 'NumericLiteral') return Number(node.text);
    const v = this.value(node, bound);
    if (v === undefined) return undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : Number.NaN;
  }

  /** The value of a sub-expression that does not depend on iteration variables, when it can be known. */
  private value(node: Node, bound: ReadonlySet<string>): unknown {
    if (!this.env || dependsOn(node, bound)) return undefined;
    if (node.name === 'VariableName' || node.name === 'PathExpression') return this.env.lookup(node.text.trim());
    if (!this.env.evaluate) return undefined;
    this.cost(node, 1, bound); // the sub-expression is run once more to size it: it pays too
    return this.env.evaluate(node.text);
  }

  private checkPattern(node: Node): void {
    const fn = node.children[0]?.text.trim() ?? '';
    const index = REGEX_FUNCTIONS[fn];
    if (index === undefined) return;
    const params = node.children[1];
    const pattern =
      params?.name === 'NamedParameters'
        ? params.children.find((p) => /^\s*(pattern|delimiter)\s*:/.test(p.text))?.children[1]
        : params?.children[index];
    if (!pattern) return;
    if (pattern.name !== 'StringLiteral') {
      throw new UnsafePattern(`the pattern of ${fn}() must be a string literal`);
    }
    const problem = regexProblem(pattern.text.slice(1, -1));
    if (problem) throw new UnsafePattern(`the pattern of ${fn}() ${problem}`);
  }
}

function dependsOn(node: Node, bound: ReadonlySet<string>): boolean {
  if (node.name === 'VariableName' && bound.has(node.text.trim())) return true;
  if (node.name === 'PathExpression' || node.name === 'VariableName') {
    const head = node.text.trim().split('.')[0] ?? '';
    if (bound.has(head)) return true;
  }
  return node.children.some((c) => dependsOn(c, bound));
}

/**
 * Nested quantifiers (`(a+)+`), quantified alternations (`(a|aa)*`) and back-references backtrack
 * exponentially in JavaScript's regex engine; a handful of characters of input then block the process.
 */
export function regexProblem(pattern: string): string | null {
  const groups: { inner: boolean }[] = [];
  let lastGroupInner = false;
  let afterGroup = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      if (/[1-9k]/.test(pattern[i + 1] ?? '')) return 'uses a back-reference';
      i++;
      afterGroup = false;
      continue;
    }
    if (ch === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      afterGroup = false;
      continue;
    }
    const repeats = ch === '*' || ch === '+' || (ch === '{' && /^\{\d*,\d*\}|^\{\d*[2-9]\d*\}/.test(pattern.slice(i)));
    if (repeats) {
      if (afterGroup && lastGroupInner) return 'repeats a group that repeats or alternates (catastrophic backtracking)';
      const top = groups[groups.length - 1];
      if (top) top.inner = true;
      afterGroup = false;
      continue;
    }
    if (ch === '|') {
      const top = groups[groups.length - 1];
      if (top) top.inner = true;
    }
    if (ch === '(') groups.push({ inner: false });
    if (ch === ')') {
      lastGroupInner = groups.pop()?.inner ?? false;
      const parent = groups[groups.length - 1];
      if (parent && lastGroupInner) parent.inner = true;
      afterGroup = true;
      continue;
    }
    if (ch !== '?') afterGroup = false;
  }
  return null;
}
