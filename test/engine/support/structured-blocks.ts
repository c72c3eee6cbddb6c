/**
 * What the token-conservation properties share: their generated models are blocks nested in sequences,
 * forks and joins. A `par` block runs every item; an `incl` block runs the items whose condition is on
 * (the first always, so the join has something to wait for).
 */
import fc from 'fast-check';
import { flow } from './harness.js';

// Interfaces, not object types: a recursive block type can then name them (`SeqBlock<Block>`).
export interface SeqBlock<B> {
  kind: 'seq';
  items: B[];
}
export interface ParBlock<B> {
  kind: 'par';
  items: B[];
}
export interface InclBlock<B> {
  kind: 'incl';
  items: { on: boolean; block: B }[];
}
export type CompositeBlock<B> = SeqBlock<B> | ParBlock<B> | InclBlock<B>;

/** Arbitraries of the composite blocks around `inner`. */
export function compositeBlocks<B>(inner: fc.Arbitrary<B>): fc.Arbitrary<CompositeBlock<B>>[] {
  return [
    fc.array(inner, { minLength: 1, maxLength: 3 }).map((items): CompositeBlock<B> => ({ kind: 'seq', items })),
    fc.array(inner, { minLength: 2, maxLength: 3 }).map((items): CompositeBlock<B> => ({ kind: 'par', items })),
    fc
      .array(fc.record({ on: fc.boolean(), block: inner }), { minLength: 2, maxLength: 3 })
      .map((items): CompositeBlock<B> => ({
        kind: 'incl',
        items: items.map((x, i) => (i === 0 ? { ...x, on: true } : x)),
      })),
  ];
}

/** Fresh ids (`prefix` + a counter shared by the whole model) and sequence flows pushed to `out`. */
export function emitter(out: string[], n: { v: number }) {
  const id = (prefix: string): string => `${prefix}${++n.v}`;
  const link = (from: string, to: string, condition?: string): void => {
    out.push(flow(id('f'), from, to, condition));
  };
  return { id, link };
}

/**
 * Emits a composite block between `from` and its exit, each inner block through `emitInner` (which
 * returns the inner block's exit node); returns the exit's id.
 */
export function emitComposite<B>(
  b: CompositeBlock<B>,
  from: string,
  out: string[],
  n: { v: number },
  emitInner: (block: B, entry: string) => string,
): string {
  if (b.kind === 'seq') return b.items.reduce((prev, item) => emitInner(item, prev), from);
  const { id, link } = emitter(out, n);
  const tag = b.kind === 'par' ? 'parallelGateway' : 'inclusiveGateway';
  const split = id('split');
  const join = id('join');
  out.push(`<bpmn:${tag} id="${split}"/>`, `<bpmn:${tag} id="${join}"/>`);
  link(from, split);
  const branches = b.kind === 'par' ? b.items.map((block) => ({ block, on: undefined })) : b.items;
  for (const item of branches) {
    const entry = id('x');
    out.push(`<bpmn:manualTask id="${entry}"/>`);
    link(split, entry, item.on === undefined ? undefined : `=${String(item.on)}`);
    link(emitInner(item.block, entry), join);
  }
  return join;
}

/** Sums `count` over the inner blocks a run of this composite block enters (an `incl` only its branches that are on). */
export function countComposite<B>(b: CompositeBlock<B>, count: (block: B) => number): number {
  if (b.kind === 'incl') return b.items.filter((i) => i.on).reduce((s, i) => s + count(i.block), 0);
  return b.items.reduce((s, i) => s + count(i), 0);
}
