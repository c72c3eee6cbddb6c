/**
 * FEEL parse trees as plain data, parsed once per expression text and cached: the budget check and the
 * fast evaluator of simple conditions read them (feelin itself re-parses on every evaluation).
 */
import { parseExpression } from 'feelin';

export interface FeelNode {
  readonly name: string;
  readonly text: string;
  readonly children: readonly FeelNode[];
}

export interface FeelTree {
  readonly tree: FeelNode;
  /** It iterates or calls a function: the budget check must look at it. */
  readonly risky: boolean;
  /** It parsed without errors (only then may it be evaluated without feelin). */
  readonly valid: boolean;
}

type TopNode = ReturnType<typeof parseExpression>['topNode'];

const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', '..', '.', ':', '⚠']);
const KEYWORDS = new Set(['for', 'in', 'return', 'some', 'every', 'satisfies', 'if', 'then', 'else']);
const RISKY = new Set(['ForExpression', 'QuantifiedExpression', 'FilterExpression', 'FunctionInvocation']);
const CACHE_LIMIT = 2_000;
const trees = new Map<string, FeelTree>();

function toNode(n: TopNode, input: string): FeelNode {
  const children: FeelNode[] = [];
  for (let c = n.firstChild; c; c = c.nextSibling) {
    if (!PUNCTUATION.has(c.name) && !KEYWORDS.has(c.name)) children.push(toNode(c, input));
  }
  return { name: n.name, text: input.slice(n.from, n.to), children };
}

function risky(node: FeelNode): boolean {
  return RISKY.has(node.name) || node.children.some(risky);
}

/** The tree of an expression (parsed without a context: variable names with spaces are not recognised). */
export function feelTree(feel: string): FeelTree {
  const hit = trees.get(feel);
  if (hit) return hit;
  const parsed = parseExpression(feel, {}, undefined);
  let valid = true;
  parsed.iterate({
    enter(n) {
      if (n.type.isError) valid = false;
    },
  });
  const tree = toNode(parsed.topNode, feel);
  const entry = { tree, risky: risky(tree), valid };
  if (trees.size >= CACHE_LIMIT) trees.clear(); // bounded: expressions come from deployed models
  trees.set(feel, entry);
  return entry;
}
