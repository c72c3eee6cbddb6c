/**
 * Bounded work: a cycle without a wait state is refused at deploy time (BPMN.CYCLE_WITHOUT_WAIT_STATE),
 * a command that enters too many elements is refused at run time (ENGINE.STEP_BUDGET_EXCEEDED) without
 * changing anything, and FEEL expressions have an iteration budget (EXPR.BUDGET_EXCEEDED) and safe
 * regular expressions only (EXPR.UNSAFE_PATTERN).
 */
import { describe, expect, it } from '@jest/globals';
import {
  advance,
  compile,
  EngineError,
  start,
  type CompileError,
  type EngineContext,
  type ProcessModel,
} from '../../src/engine/index.js';
import { bpmn, compileOk, flow } from './support/harness.js';

async function errorsOf(xml: string): Promise<CompileError[]> {
  return (await compile(xml)).errors ?? [];
}

async function modelOf(xml: string): Promise<ProcessModel> {
  const [m] = await compileOk(xml);
  if (!m) throw new Error('no model');
  return m;
}

function ctx(limits?: EngineContext['limits']): EngineContext {
  let n = 0;
  return { now: '2025-03-03T01:00:00.000Z', newId: () => `id-${++n}`, ...(limits ? { limits } : {}) };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e.code;
    throw e;
  }
  return undefined;
}

const BUSY = bpmn(`<bpmn:startEvent id="start"/>
  <bpmn:exclusiveGateway id="gA"/><bpmn:exclusiveGateway id="gB"/>
  ${flow('f1', 'start', 'gA')}${flow('f2', 'gA', 'gB')}${flow('f3', 'gB', 'gA')}`);

/** Loops through an inclusive join fed from outside the loop: lenient at deploy time, busy at run time. */
const SLIPS_THROUGH = bpmn(`<bpmn:startEvent id="start"/>
  <bpmn:userTask id="ask"/>
  <bpmn:inclusiveGateway id="join"/>
  <bpmn:exclusiveGateway id="again" default="out"/>
  <bpmn:endEvent id="end"/>
  ${flow('f1', 'start', 'ask')}${flow('f2', 'ask', 'join')}${flow('f3', 'join', 'again')}
  ${flow('loop', 'again', 'join', '=loop = true')}${flow('out', 'again', 'end')}`);

describe('Feature: a cycle without a wait state is refused at deploy time', () => {
  it('names the elements of the cycle, from the start event: start → gA → gB → gA', async () => {
    const errors = await errorsOf(BUSY);
    expect(errors).toEqual([
      expect.objectContaining({
        code: 'BPMN.CYCLE_WITHOUT_WAIT_STATE',
        elementId: 'gA',
        message: expect.stringContaining('start → gA → gB → gA'),
      }),
    ]);
  });

  it('finds a self-loop and a cycle of pass-through tasks inside a subprocess', async () => {
    const self = bpmn(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" default="back"/><bpmn:endEvent id="e"/>
      ${flow('f1', 's', 'g')}${flow('back', 'g', 'g')}${flow('exit', 'g', 'e', '=done')}`);
    expect((await errorsOf(self)).map((e) => [e.code, e.elementId])).toEqual([['BPMN.CYCLE_WITHOUT_WAIT_STATE', 'g']]);
    const nested = bpmn(`<bpmn:startEvent id="s"/>
      <bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/><bpmn:task id="a"/><bpmn:manualTask id="b"/>
        ${flow('i1', 'ss', 'a')}${flow('i2', 'a', 'b')}${flow('i3', 'b', 'a')}</bpmn:subProcess>
      <bpmn:endEvent id="e"/>${flow('f1', 's', 'sub')}${flow('f2', 'sub', 'e')}`);
    const [err] = await errorsOf(nested);
    expect(err).toMatchObject({ code: 'BPMN.CYCLE_WITHOUT_WAIT_STATE', elementId: 'a' });
    expect(err?.message).toContain('ss → a → b → a');
  });

  it.each([
    ['a user task', '<bpmn:userTask id="w"/>'],
    ['a receive task', '<bpmn:receiveTask id="w" messageRef="m"/>'],
    ['an external task', '<bpmn:serviceTask id="w" camunda:type="external" camunda:topic="t"/>'],
    [
      'a timer catch event',
      '<bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
    ],
    [
      'a subprocess with a user task',
      `<bpmn:subProcess id="w"><bpmn:startEvent id="ws"/><bpmn:userTask id="wu"/><bpmn:endEvent id="we"/>${flow('w1', 'ws', 'wu')}${flow('w2', 'wu', 'we')}</bpmn:subProcess>`,
    ],
    [
      'a multi-instance user task',
      '<bpmn:userTask id="w"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>',
    ],
  ])('accepts a loop that contains %s', async (_label, waitState) => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>${waitState}
      <bpmn:exclusiveGateway id="g" default="back"/><bpmn:endEvent id="e"/>
      ${flow('f1', 's', 'w')}${flow('f2', 'w', 'g')}${flow('back', 'g', 'w')}${flow('exit', 'g', 'e', '=done')}`).replace(
      '<bpmn:process',
      '<bpmn:message id="m" name="msg"/><bpmn:process',
    );
    expect(await errorsOf(xml)).toEqual([]);
  });

  it('accepts a loop through a parallel join that waits for a token from outside the loop', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/><bpmn:userTask id="u"/>
      <bpmn:parallelGateway id="join"/><bpmn:exclusiveGateway id="g" default="back"/><bpmn:endEvent id="e"/>
      ${flow('f1', 's', 'fork')}${flow('f2', 'fork', 'join')}${flow('f3', 'fork', 'u')}${flow('f4', 'u', 'join')}
      ${flow('f5', 'join', 'g')}${flow('back', 'g', 'join')}${flow('exit', 'g', 'e', '=done')}`);
    expect(await errorsOf(xml)).toEqual([]);
  });

  it('refuses a loop whose parallel fork and join both lie on the cycle', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="x"/><bpmn:parallelGateway id="fork"/>
      <bpmn:task id="a"/><bpmn:task id="b"/><bpmn:parallelGateway id="join"/>
      ${flow('f1', 's', 'x')}${flow('f2', 'x', 'fork')}${flow('f3', 'fork', 'a')}${flow('f4', 'fork', 'b')}
      ${flow('f5', 'a', 'join')}${flow('f6', 'b', 'join')}${flow('f7', 'join', 'x')}`);
    expect((await errorsOf(xml)).map((e) => e.code)).toEqual(['BPMN.CYCLE_WITHOUT_WAIT_STATE']);
  });
});

describe('Feature: a per-command step budget', () => {
  it('refuses a command that loops without reaching a wait state, and the caller keeps its state', async () => {
    const model = await modelOf(SLIPS_THROUGH);
    const c = ctx();
    const before = start(model, { variables: { loop: true } }, c).state;
    const snapshot = JSON.stringify(before);
    const taskId = before.tasks[0]?.taskId ?? '';
    let thrown: unknown;
    try {
      advance(model, before, { type: 'completeTask', taskId }, c);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(EngineError);
    expect(thrown).toMatchObject({ code: 'ENGINE.STEP_BUDGET_EXCEEDED', elementId: expect.any(String) as unknown });
    expect(JSON.stringify(before)).toBe(snapshot);
    // The same command without the loop goes through.
    const ok = advance(model, before, { type: 'completeTask', taskId, variables: { loop: false } }, c);
    expect(ok.state.status).toBe('completed');
  });

  it('refuses a start() that would loop, so no instance is created', async () => {
    const xml =
      bpmn(`<bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="join"/><bpmn:exclusiveGateway id="g" default="out"/>
      <bpmn:endEvent id="e"/>${flow('f1', 's', 'join')}${flow('f2', 'join', 'g')}${flow('back', 'g', 'join', '=true')}${flow('out', 'g', 'e')}`);
    const model = await modelOf(xml);
    expect(codeOf(() => start(model, {}, ctx()))).toBe('ENGINE.STEP_BUDGET_EXCEEDED');
  });

  it('refuses a huge loopCardinality before building its instances', async () => {
    const xml = bpmn(`<bpmn:startEvent id="s"/>
      <bpmn:userTask id="u"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>=n</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
      <bpmn:endEvent id="e"/>${flow('f1', 's', 'u')}${flow('f2', 'u', 'e')}`);
    const model = await modelOf(xml);
    expect(codeOf(() => start(model, { variables: { n: 1_000_000_000 } }, ctx()))).toBe('ENGINE.STEP_BUDGET_EXCEEDED');
    expect(start(model, { variables: { n: 3 } }, ctx()).state.tasks).toHaveLength(3);
  });

  it('takes its limit from ctx.limits.maxSteps', async () => {
    const tasks = ['a', 'b', 'c', 'd'].map((id) => `<bpmn:task id="${id}"/>`).join('');
    const xml = bpmn(`<bpmn:startEvent id="s"/>${tasks}<bpmn:endEvent id="e"/>
      ${flow('f1', 's', 'a')}${flow('f2', 'a', 'b')}${flow('f3', 'b', 'c')}${flow('f4', 'c', 'd')}${flow('f5', 'd', 'e')}`);
    const model = await modelOf(xml);
    expect(codeOf(() => start(model, {}, ctx({ maxSteps: 5 })))).toBe('ENGINE.STEP_BUDGET_EXCEEDED');
    expect(start(model, {}, ctx({ maxSteps: 6 })).state.status).toBe('completed');
  });
});

describe('Feature: FEEL has a work budget', () => {
  const gated = (condition: string): string =>
    bpmn(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g" default="no"/><bpmn:endEvent id="yes"/><bpmn:endEvent id="nope"/>
      ${flow('f1', 's', 'g')}${flow('ok', 'g', 'yes', condition)}${flow('no', 'g', 'nope')}`);

  it('refuses at deploy time an iteration that is too large whatever the variables hold', async () => {
    const errors = await errorsOf(gated('=count(for i in 1..3000, j in 1..1000 return i) = 0'));
    expect(errors.map((e) => [e.code, e.elementId])).toEqual([['EXPR.BUDGET_EXCEEDED', 'ok']]);
    expect(await errorsOf(gated('=count(for i in 1..30, j in 1..10 return i) = 300'))).toEqual([]);
  });

  it('refuses at run time an iteration sized by variables, without running it', async () => {
    const model = await modelOf(gated('=count(for i in 1..n, j in 1..n return i) > 0'));
    expect(codeOf(() => start(model, { variables: { n: 3000 } }, ctx()))).toBe('EXPR.BUDGET_EXCEEDED');
    expect(start(model, { variables: { n: 10 } }, ctx()).state.status).toBe('completed');
    const list = await modelOf(gated('=some x in items satisfies x = 0'));
    const items = Array.from({ length: 20_000 }, (_, i) => i + 1);
    expect(codeOf(() => start(list, { variables: { items } }, ctx()))).toBe('EXPR.BUDGET_EXCEEDED');
    expect(codeOf(() => start(list, { variables: { items: items.slice(0, 100) } }, ctx()))).toBeUndefined();
  });

  it('counts nested iterations and filters, and takes its limit from ctx.limits', async () => {
    const model = await modelOf(gated('=count(items[item > 5]) > 0'));
    const items = Array.from({ length: 50 }, (_, i) => i);
    expect(codeOf(() => start(model, { variables: { items } }, ctx({ maxFeelIterations: 49 })))).toBe(
      'EXPR.BUDGET_EXCEEDED',
    );
    expect(start(model, { variables: { items } }, ctx({ maxFeelIterations: 50 })).state.status).toBe('completed');
    const nested = await modelOf(gated('=count(for i in 1..n return for j in 1..i return j) > 0'));
    expect(codeOf(() => start(nested, { variables: { n: 50 } }, ctx()))).toBe('EXPR.BUDGET_EXCEEDED');
  });

  it('refuses regular expressions that can backtrack catastrophically', async () => {
    const unsafe = ['=matches(name, "(a+)+$")', '=matches(name, "^(a|aa)*$")', '=matches(name, pattern)'];
    for (const condition of unsafe) {
      expect((await errorsOf(gated(condition))).map((e) => e.code)).toEqual(['EXPR.UNSAFE_PATTERN']);
    }
    const model = await modelOf(gated('=matches(name, "^[a-z]+[0-9]*$")'));
    const r = start(model, { variables: { name: 'abc12' } }, ctx());
    expect(r.effects).toContainEqual(expect.objectContaining({ type: 'element.entered', elementId: 'yes' }));
  });
});
