import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { advance, compile, openWaits, start, type EngineContext, type ProcessModel } from '../../src/engine/index.js';
import {
  compositeBlocks,
  countComposite,
  emitComposite,
  emitter,
  type InclBlock,
  type ParBlock,
  type SeqBlock,
} from './support/structured-blocks.js';
import { bpmn, flow } from './support/harness.js';

type Block =
  | { kind: 'task' }
  /** A user task with a compensation boundary event and its handler. */
  | { kind: 'ctask' }
  /** An embedded subprocess around a block (compensated as a whole when it has compensable activities). */
  | { kind: 'sub'; block: Block }
  | SeqBlock<Block>
  | ParBlock<Block>
  | InclBlock<Block>;

const block: fc.Arbitrary<Block> = fc.letrec<{ block: Block }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Block>({ kind: 'task' }),
    fc.constant<Block>({ kind: 'ctask' }),
    tie('block').map((inner): Block => ({ kind: 'sub', block: inner })),
    ...compositeBlocks(tie('block')),
  ),
})).block;

/** Emits XML for a block between `from` and returns the id of its exit node. */
function emit(b: Block, from: string, out: string[], n: { v: number }): string {
  const { id, link } = emitter(out, n);
  switch (b.kind) {
    case 'task': {
      const t = id('t');
      out.push(`<bpmn:userTask id="${t}"/>`);
      link(from, t);
      return t;
    }
    case 'ctask': {
      const t = id('c');
      out.push(
        `<bpmn:userTask id="${t}"/>`,
        `<bpmn:boundaryEvent id="${t}b" attachedToRef="${t}"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>`,
        `<bpmn:userTask id="${t}undo" isForCompensation="true"/>`,
        `<bpmn:association id="${t}a" sourceRef="${t}b" targetRef="${t}undo"/>`,
      );
      link(from, t);
      return t;
    }
    case 'sub': {
      const sub = id('s');
      const inner: string[] = [`<bpmn:startEvent id="${sub}start"/>`, `<bpmn:endEvent id="${sub}end"/>`];
      const exit = emit(b.block, `${sub}start`, inner, n);
      inner.push(flow(id('f'), exit, `${sub}end`));
      out.push(`<bpmn:subProcess id="${sub}">${inner.join('')}</bpmn:subProcess>`);
      link(from, sub);
      return sub;
    }
    case 'seq':
    case 'par':
    case 'incl':
      return emitComposite(b, from, out, n, (inner, entry) => emit(inner, entry, out, n));
  }
}

/** User tasks a run completes: every task, and the handler of every compensable task that ran. */
function expectedTasks(b: Block): number {
  switch (b.kind) {
    case 'task':
      return 1;
    case 'ctask':
      return 2;
    case 'sub':
      return expectedTasks(b.block);
    case 'seq':
    case 'par':
    case 'incl':
      return countComposite(b, expectedTasks);
  }
}

async function modelOf(b: Block): Promise<ProcessModel> {
  // Everything that completed is compensated before the end: the handlers are part of the run.
  const out: string[] = [
    '<bpmn:startEvent id="start"/>',
    '<bpmn:intermediateThrowEvent id="undo"><bpmn:compensateEventDefinition/></bpmn:intermediateThrowEvent>',
    '<bpmn:endEvent id="end"/>',
  ];
  const exit = emit(b, 'start', out, { v: 0 });
  out.push(flow('fUndo', exit, 'undo'), flow('fEnd', 'undo', 'end'));
  const r = await compile(bpmn(out.join('')));
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

describe('Property: token conservation over nested parallel/inclusive structures, subprocesses and compensation', () => {
  it('never loses or duplicates a token, and every run ends once all tasks are completed', async () => {
    await fc.assert(
      fc.asyncProperty(block, fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), async (b, picks) => {
        const model = await modelOf(b);
        let n = 0;
        const ctx: EngineContext = { now: '2025-01-01T00:00:00Z', newId: () => `id-${++n}` };
        let { state } = start(model, {}, ctx);
        let completed = 0;
        for (let step = 0; state.status === 'running'; step++) {
          const tasks = openWaits(state).userTasks;
          const ids = state.tokens.map((t) => t.id);
          expect(new Set(ids).size).toBe(ids.length);
          // every token holds an open task, waits at a join, waits for its subprocess, or waits for the
          // compensation handlers it started (each of which holds a task); no stray tokens
          const holding = state.tokens.filter((t) => t.wait === 'task');
          expect(holding.length).toBe(tasks.length);
          expect(state.tokens.every((t) => ['task', 'join', 'scope', 'compensation'].includes(t.wait ?? ''))).toBe(
            true,
          );
          for (const t of state.tokens.filter((x) => x.wait === 'compensation' || x.wait === 'scope'))
            expect(state.scopes.some((s) => s.parentTokenId === t.id)).toBe(true);
          expect(tasks.length).toBeGreaterThan(0);
          const pick = tasks[(picks[step % picks.length] ?? 0) % tasks.length]!;
          state = advance(model, state, { type: 'completeTask', taskId: pick.taskId }, ctx).state;
          completed++;
        }
        expect(state.status).toBe('completed');
        expect(state.tokens).toEqual([]);
        expect(state.scopes).toEqual([]);
        expect(state.compensations ?? []).toEqual([]);
        expect(completed).toBe(expectedTasks(b));
      }),
      { numRuns: 150, seed: 20250303 },
    );
  });
});
