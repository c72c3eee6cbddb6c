import { describe, expect, it } from '@jest/globals';
import { advance, compile, start, WorkingCalendar, type EngineContext } from '../../src/engine/index.js';
import { bpmn, fixtureXml, flow, Harness } from './support/harness.js';

describe('Feature: user task attributes and case effects', () => {
  it('Scenario: assignment, step, time limit, case status and clock effects', async () => {
    const h = await Harness.fromFixtures('user-task/case-status-and-clock');
    h.clock.calendar = new WorkingCalendar({ holidays: [], makeupWorkdays: [], timeZoneOffsetMinutes: 480 });
    h.start(undefined, { variables: { clerk: 'wang' } });
    expect(h.effectsOf('task.created')[0]).toMatchObject({
      elementId: 'accept',
      assignee: 'wang',
      step: 'receive',
      candidateRoles: ['clerk', 'lead'],
      dueAt: '2025-03-05T15:59:59.999Z',
    });
    expect(h.log.filter((e) => e.type === 'status.changed' || e.type === 'clock')).toEqual([
      { type: 'status.changed', status: 'ACCEPTED', elementId: 'accept' },
      { type: 'clock', action: 'start', elementId: 'accept' },
    ]);
    h.completeTask('accept');
    h.completeTask('decide', { outcome: 'approve', opinion: '同意' });
    expect(h.log.filter((e) => e.type === 'status.changed' || e.type === 'clock').slice(2)).toEqual([
      { type: 'status.changed', status: 'IN_REVIEW', elementId: 'f1' },
      { type: 'clock', action: 'stop', elementId: 'decide' },
      { type: 'status.changed', status: 'DONE', elementId: 'end' },
    ]);
    expect(h.effectsOf('task.completed')[1]).toMatchObject({ outcome: 'approve', opinion: '同意' });
    expect(h.effectsOf('case.ended')).toEqual([{ type: 'case.ended', outcome: 'completed', elementId: null }]);
  });
});

describe('Feature: instance operations', () => {
  it('Scenario: modify returns the case to an earlier task', async () => {
    const h = (await Harness.fromFixtures('exclusive-gateway/loop-back')).start();
    h.completeTask('draft', { outcome: 'submit' });
    const fx = h.trigger({
      type: 'modify',
      fromElementIds: ['review'],
      toElementId: 'draft',
      variables: { returned: true },
    });
    expect(fx.map((e) => e.type)).toEqual(['task.cancelled', 'element.entered', 'task.created']);
    expect(h.taskIds()).toEqual(['draft']);
    expect(h.state.variables.returned).toBe(true);
  });

  it('Scenario: modify from an element without a token → ENGINE.INVALID_MODIFICATION', async () => {
    const h = (await Harness.fromFixtures('exclusive-gateway/loop-back')).start();
    expect(() => h.trigger({ type: 'modify', fromElementIds: ['review'], toElementId: 'draft' })).toThrow(
      expect.objectContaining({ code: 'ENGINE.INVALID_MODIFICATION' }),
    );
  });

  it('Scenario: cancel ends the instance and cancels open tasks; further triggers → ENGINE.INSTANCE_ENDED', async () => {
    const h = (await Harness.fromFixtures('parallel-gateway/fork-join')).start();
    const fx = h.trigger({ type: 'cancel', reason: 'withdrawn' });
    expect(fx.filter((e) => e.type === 'task.cancelled')).toHaveLength(2);
    expect(fx[fx.length - 1]).toEqual({ type: 'case.ended', outcome: 'cancelled', elementId: null });
    expect(h.state.status).toBe('cancelled');
    expect(() => h.trigger({ type: 'setVariables', variables: { a: 1 } })).toThrow(
      expect.objectContaining({ code: 'ENGINE.INSTANCE_ENDED' }),
    );
  });

  it('Scenario: unknown ids → TASK_NOT_FOUND / JOB_NOT_FOUND / SUBSCRIPTION_NOT_FOUND', async () => {
    const h = (await Harness.fromFixtures('parallel-gateway/fork-join')).start();
    expect(() => h.trigger({ type: 'completeTask', taskId: 'x' })).toThrow(
      expect.objectContaining({ code: 'ENGINE.TASK_NOT_FOUND' }),
    );
    expect(() => h.trigger({ type: 'fireTimer', jobId: 'x' })).toThrow(
      expect.objectContaining({ code: 'ENGINE.JOB_NOT_FOUND' }),
    );
    expect(() => h.trigger({ type: 'correlateMessage', subscriptionId: 'x' })).toThrow(
      expect.objectContaining({ code: 'ENGINE.SUBSCRIPTION_NOT_FOUND' }),
    );
  });

  it('Scenario: a runtime error (no outgoing flow) leaves the caller state unchanged', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="s"/><bpmn:userTask id="t"/><bpmn:exclusiveGateway id="gw"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>${flow('f0', 's', 't')}${flow('f1', 't', 'gw')}${flow('f2', 'gw', 'e1', '=x = 1')}${flow('f3', 'gw', 'e2', '=x = 2')}`,
    );
    const model = (await compile(xml)).model!;
    let n = 0;
    const ctx: EngineContext = { now: '2025-01-01T00:00:00Z', newId: () => `id-${++n}` };
    const started = start(model, {}, ctx);
    const frozen = JSON.stringify(started.state);
    const taskId = started.state.tasks[0]!.taskId;
    expect(() => advance(model, started.state, { type: 'completeTask', taskId, variables: { x: 3 } }, ctx)).toThrow(
      expect.objectContaining({ code: 'ENGINE.NO_OUTGOING_FLOW', elementId: 'gw' }),
    );
    expect(JSON.stringify(started.state)).toBe(frozen);
    const ok = advance(model, started.state, { type: 'completeTask', taskId, variables: { x: 2 } }, ctx);
    expect(ok.state.status).toBe('completed');
    expect(JSON.stringify(started.state)).toBe(frozen);
  });

  it('Scenario: a FEEL expression that cannot evaluate gives null (feelin semantics), not an exception', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="s"/><bpmn:userTask id="t" tb:assignee="=date(x)"/><bpmn:endEvent id="e"/>${flow('f0', 's', 't')}${flow('f1', 't', 'e')}`,
    );
    const model = (await compile(xml)).model!;
    const ctx: EngineContext = { now: '2025-01-01T00:00:00Z', newId: () => 'id' };
    const r = start(model, { variables: { x: 'not a date' } }, ctx);
    expect(r.effects.find((e) => e.type === 'task.created')).toMatchObject({ assignee: null });
  });

  it('Scenario: uncaught BPMN error fails the instance with an incident', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="s"/><bpmn:endEvent id="boom"><bpmn:errorEventDefinition errorRef="e1"/></bpmn:endEvent>${flow('f0', 's', 'boom')}`,
    ).replace('<bpmn:process', '<bpmn:error id="e1" errorCode="X"/><bpmn:process');
    const model = (await compile(xml)).model!;
    const r = start(model, {}, { now: '2025-01-01T00:00:00Z', newId: () => 'id' });
    expect(r.state.status).toBe('failed');
    expect(r.state.error).toEqual({ code: 'X', message: null, elementId: 'boom' });
    expect(r.effects.map((e) => e.type)).toEqual([
      'element.entered',
      'element.left',
      'element.entered',
      'element.left',
      'incident.raised',
      'case.ended',
    ]);
  });
});

describe('Feature: determinism', () => {
  it('Scenario: the same inputs give byte-identical state and effects', async () => {
    const run = async (): Promise<string> => {
      const h = await Harness.fromXml(fixtureXml('multi-instance/parallel-quorum'));
      h.start(undefined, { variables: { departments: ['a', 'b', 'c'] } });
      h.completeTask('review', { outcome: 'approve' });
      h.completeTask('review', { outcome: 'approve' });
      return JSON.stringify({ state: h.state, log: h.log });
    };
    const a = await run();
    const b = await run();
    expect(a).toBe(b);
    expect(JSON.parse(a)).toEqual(JSON.parse(a)); // plain JSON round-trips
  });
});
