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
  | SeqBlock<Block>
  | ParBlock<Block>
  | InclBlock<Block>
  /** A subprocess that escalates first thing, caught by a boundary on it (interrupting or not). */
  | { kind: 'esc'; interrupting: boolean; inner: Block }
  /** A signal catch (broadcast by the driver) or a conditional catch (true on entry). */
  | { kind: 'signal' }
  | { kind: 'cond' };

const block: fc.Arbitrary<Block> = fc.letrec<{ block: Block }>((tie) => ({
  block: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant<Block>({ kind: 'task' }),
    fc.constant<Block>({ kind: 'signal' }),
    fc.constant<Block>({ kind: 'cond' }),
    fc
      .record({ interrupting: fc.boolean(), inner: tie('block') })
      .map(({ interrupting, inner }): Block => ({ kind: 'esc', interrupting, inner })),
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
    case 'signal':
    case 'cond': {
      const c = id('c');
      const def =
        b.kind === 'signal'
          ? '<bpmn:signalEventDefinition signalRef="go"/>'
          : '<bpmn:conditionalEventDefinition><bpmn:condition>=true</bpmn:condition></bpmn:conditionalEventDefinition>';
      out.push(`<bpmn:intermediateCatchEvent id="${c}">${def}</bpmn:intermediateCatchEvent>`);
      link(from, c);
      return c;
    }
    case 'esc': {
      const sub = id('sub');
      const inner: string[] = [`<bpmn:startEvent id="${sub}_s"/>`, `<bpmn:endEvent id="${sub}_e"/>`];
      inner.push(
        `<bpmn:intermediateThrowEvent id="${sub}_t"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:intermediateThrowEvent>`,
      );
      inner.push(flow(id('f'), `${sub}_s`, `${sub}_t`));
      const innerExit = emit(b.inner, `${sub}_t`, inner, n);
      inner.push(flow(id('f'), innerExit, `${sub}_e`));
      out.push(`<bpmn:subProcess id="${sub}">${inner.join('')}</bpmn:subProcess>`);
      link(from, sub);
      const bound = id('b');
      const handler = id('t');
      out.push(
        `<bpmn:boundaryEvent id="${bound}" attachedToRef="${sub}" cancelActivity="${String(b.interrupting)}"><bpmn:escalationEventDefinition escalationRef="esc"/></bpmn:boundaryEvent>`,
        `<bpmn:userTask id="${handler}"/>`,
      );
      link(bound, handler);
      if (!b.interrupting) return sub; // the handler ends on its own (implicit end)
      const merge = id('m');
      out.push(`<bpmn:exclusiveGateway id="${merge}"/>`);
      link(sub, merge);
      link(handler, merge);
      return merge;
    }
    case 'seq':
    case 'par':
    case 'incl':
      return emitComposite(b, from, out, n, (inner, entry) => emit(inner, entry, out, n));
  }
}

function expectedTasks(b: Block): number {
  switch (b.kind) {
    case 'task':
      return 1;
    case 'signal':
    case 'cond':
      return 0;
    case 'esc':
      return b.interrupting ? 1 : 1 + expectedTasks(b.inner);
    case 'seq':
    case 'par':
    case 'incl':
      return countComposite(b, expectedTasks);
  }
}

async function modelOf(b: Block): Promise<ProcessModel> {
  const out: string[] = ['<bpmn:startEvent id="start"/>', '<bpmn:endEvent id="end"/>'];
  const exit = emit(b, 'start', out, { v: 0 });
  out.push(flow('fEnd', exit, 'end'));
  const xml = bpmn(out.join('')).replace(
    '<bpmn:process',
    '<bpmn:escalation id="esc" escalationCode="E"/><bpmn:signal id="go" name="go"/><bpmn:process',
  );
  const r = await compile(xml);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.model;
}

describe('Property: token conservation over nested parallel/inclusive/escalation/signal/conditional structures', () => {
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
          const signals = openWaits(state).subscriptions.filter((x) => x.kind === 'signal');
          const ids = state.tokens.map((t) => t.id);
          expect(new Set(ids).size).toBe(ids.length);
          // every token holds an open task, waits for the signal, waits at a join, or holds a running
          // subprocess; no stray tokens, and no conditional catch left waiting (true on entry)
          expect(state.tokens.filter((t) => t.wait === 'task').length).toBe(tasks.length);
          expect(state.tokens.filter((t) => t.wait === 'signal').length).toBe(signals.length);
          expect(state.tokens.every((t) => ['task', 'join', 'signal', 'scope'].includes(t.wait ?? ''))).toBe(true);
          expect(state.tokens.filter((t) => t.wait === 'scope').length).toBe(state.scopes.length - 1);
          expect(tasks.length + signals.length).toBeGreaterThan(0);
          const pickAt = (picks[step % picks.length] ?? 0) % (tasks.length + signals.length);
          const task = tasks[pickAt];
          if (task) {
            state = advance(model, state, { type: 'completeTask', taskId: task.taskId }, ctx).state;
            completed++;
          } else {
            const r = advance(model, state, { type: 'broadcastSignal', name: 'go' }, ctx);
            expect(r.effects.filter((e) => e.type === 'signal.received')).toHaveLength(signals.length);
            state = r.state;
          }
        }
        expect(state.status).toBe('completed');
        expect(state.tokens).toEqual([]);
        expect(completed).toBe(expectedTasks(b));
      }),
      { numRuns: 150, seed: 20250303 },
    );
  });
});
