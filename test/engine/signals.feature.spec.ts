import { describe, expect, it } from '@jest/globals';
import { compile } from '../../src/engine/index.js';
import { Harness, bpmn, flow } from './support/harness.js';

const SIG = '<bpmn:signal id="suspendSig" name="item-suspended"/><bpmn:signal id="goSig" name="go"/>';
const withSignals = (xml: string): string => xml.replace('<bpmn:process', `${SIG}<bpmn:process`);
const sigDef = (ref = 'suspendSig') => `<bpmn:signalEventDefinition signalRef="${ref}"/>`;

describe('Feature: signals', () => {
  it('Scenario: an intermediate signal catch waits for a broadcast of its name and takes its variables', async () => {
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="wait">${sigDef()}</bpmn:intermediateCatchEvent>
            <bpmn:userTask id="after"/>${flow('a', 's', 'wait')}${flow('b', 'wait', 'after')}`),
        ),
      )
    ).start();
    expect(h.effectsOf('signal.subscribed')).toEqual([
      {
        type: 'signal.subscribed',
        subscriptionId: expect.any(String),
        elementId: 'wait',
        signalName: 'item-suspended',
      },
    ]);
    expect(h.broadcast('other')).toEqual([]);
    const fx = h.broadcast('item-suspended', { notice: 'N-1' });
    expect(fx).toContainEqual(expect.objectContaining({ type: 'signal.received', elementId: 'wait' }));
    expect(fx).toContainEqual(expect.objectContaining({ type: 'signal.unsubscribed', elementId: 'wait' }));
    expect(h.taskIds()).toEqual(['after']);
    expect(h.state.variables.notice).toBe('N-1');
    expect(h.state.subscriptions).toEqual([]);
  });

  it('Scenario: an interrupting signal boundary cancels every waiting review (a notice suspending the item)', async () => {
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="review"/>
            <bpmn:boundaryEvent id="suspended" attachedToRef="review">${sigDef()}</bpmn:boundaryEvent>
            <bpmn:userTask id="notifyApplicant"/><bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>
            ${flow('a', 's', 'review')}${flow('b', 'review', 'e')}${flow('c', 'suspended', 'notifyApplicant')}${flow('d', 'notifyApplicant', 'e2')}`),
        ),
      )
    ).start();
    const fx = h.broadcast('item-suspended');
    expect(fx).toContainEqual(expect.objectContaining({ type: 'task.cancelled', elementId: 'review' }));
    expect(h.taskIds()).toEqual(['notifyApplicant']);
  });

  it('Scenario: a non-interrupting signal boundary fires on each broadcast and stays subscribed', async () => {
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="review"/>
            <bpmn:boundaryEvent id="notice" attachedToRef="review" cancelActivity="false">${sigDef()}</bpmn:boundaryEvent>
            <bpmn:userTask id="read"/><bpmn:endEvent id="e"/><bpmn:endEvent id="e2"/>
            ${flow('a', 's', 'review')}${flow('b', 'review', 'e')}${flow('c', 'notice', 'read')}${flow('d', 'read', 'e2')}`),
        ),
      )
    ).start();
    h.broadcast('item-suspended');
    h.broadcast('item-suspended');
    expect(h.taskIds()).toEqual(['read', 'read', 'review']);
    h.completeTask('review');
    expect(h.effectsOf('signal.unsubscribed')).toHaveLength(1);
  });

  it('Scenario: a signal event subprocess (non-interrupting) runs once per broadcast beside the case', async () => {
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="review"/><bpmn:endEvent id="e"/>
            ${flow('a', 's', 'review')}${flow('b', 'review', 'e')}
            <bpmn:subProcess id="esp" triggeredByEvent="true">
              <bpmn:startEvent id="espStart" isInterrupting="false">${sigDef()}</bpmn:startEvent>
              <bpmn:userTask id="acknowledge"/><bpmn:endEvent id="espEnd"/>
              ${flow('x', 'espStart', 'acknowledge')}${flow('y', 'acknowledge', 'espEnd')}
            </bpmn:subProcess>`),
        ),
      )
    ).start();
    h.broadcast('item-suspended');
    expect(h.taskIds()).toEqual(['acknowledge', 'review']);
  });

  it('Scenario: a signal throw (intermediate and end) is announced for the service to broadcast, the token goes on', async () => {
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="tell">${sigDef('goSig')}</bpmn:intermediateThrowEvent>
            <bpmn:userTask id="after"/><bpmn:endEvent id="e">${sigDef()}</bpmn:endEvent>
            ${flow('a', 's', 'tell')}${flow('b', 'tell', 'after')}${flow('c', 'after', 'e')}`),
        ),
      )
    ).start();
    expect(h.effectsOf('signal.thrown')).toEqual([{ type: 'signal.thrown', elementId: 'tell', signalName: 'go' }]);
    expect(h.taskIds()).toEqual(['after']);
    h.completeTask('after');
    expect(h.effectsOf('signal.thrown').map((e) => e.signalName)).toEqual(['go', 'item-suspended']);
    expect(h.state.status).toBe('completed');
  });

  it('Scenario: a throw reaches its own instance at once: a catch waiting in a parallel branch moves in that step', async () => {
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
            <bpmn:intermediateCatchEvent id="waitGo">${sigDef('goSig')}</bpmn:intermediateCatchEvent><bpmn:userTask id="afterGo"/>
            <bpmn:userTask id="decide"/><bpmn:intermediateThrowEvent id="tell">${sigDef('goSig')}</bpmn:intermediateThrowEvent>
            <bpmn:userTask id="afterTell"/>
            ${flow('a', 's', 'fork')}${flow('b', 'fork', 'waitGo')}${flow('c', 'waitGo', 'afterGo')}
            ${flow('d', 'fork', 'decide')}${flow('e', 'decide', 'tell')}${flow('f', 'tell', 'afterTell')}`),
        ),
      )
    ).start();
    const fx = h.completeTask('decide');
    const types = fx.map((e) => e.type);
    // Announced first (for the other instances), then received here, in the same step.
    expect(types.indexOf('signal.thrown')).toBeLessThan(types.indexOf('signal.received'));
    expect(fx).toContainEqual(
      expect.objectContaining({ type: 'signal.received', elementId: 'waitGo', signalName: 'go' }),
    );
    expect(h.taskIds().sort()).toEqual(['afterGo', 'afterTell']);
    expect(h.state.subscriptions).toEqual([]);
  });

  it('Scenario: a throw does not reach a catch of its instance opened after it (the next wait of the same name)', async () => {
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="tell">${sigDef('goSig')}</bpmn:intermediateThrowEvent>
            <bpmn:intermediateCatchEvent id="waitGo">${sigDef('goSig')}</bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>
            ${flow('a', 's', 'tell')}${flow('b', 'tell', 'waitGo')}${flow('c', 'waitGo', 'e')}`),
        ),
      )
    ).start();
    expect(h.effectsOf('signal.received')).toEqual([]);
    expect(h.active()).toEqual(['waitGo']);
  });

  it('Scenario: a signal end event starts an interrupting signal event subprocess of its own scope', async () => {
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="review"/><bpmn:endEvent id="e">${sigDef()}</bpmn:endEvent>
            ${flow('a', 's', 'review')}${flow('b', 'review', 'e')}
            <bpmn:subProcess id="esp" triggeredByEvent="true">
              <bpmn:startEvent id="espStart">${sigDef()}</bpmn:startEvent>
              <bpmn:userTask id="notifyApplicant"/><bpmn:endEvent id="espEnd"/>
              ${flow('x', 'espStart', 'notifyApplicant')}${flow('y', 'notifyApplicant', 'espEnd')}
            </bpmn:subProcess>`),
        ),
      )
    ).start();
    h.completeTask('review');
    expect(h.effectsOf('signal.received')).toEqual([
      expect.objectContaining({ elementId: 'espStart', signalName: 'item-suspended' }),
    ]);
    expect(h.taskIds()).toEqual(['notifyApplicant']);
    expect(h.state.status).not.toBe('completed');
    h.completeTask('notifyApplicant');
    expect(h.state.status).toBe('completed');
  });

  it('Scenario: a throw sends the variables its definition names (camunda:in, zeebe:input), here and to the others', async () => {
    const camunda = `<bpmn:signalEventDefinition signalRef="goSig"><bpmn:extensionElements>
        <camunda:in source="noticeNo" target="suspensionNotice"/><camunda:in sourceExpression="\${days * 2}" target="pauseDays"/>
      </bpmn:extensionElements></bpmn:signalEventDefinition>`;
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
            <bpmn:intermediateCatchEvent id="waitGo">${sigDef('goSig')}</bpmn:intermediateCatchEvent><bpmn:userTask id="afterGo"/>
            <bpmn:userTask id="decide"/><bpmn:intermediateThrowEvent id="tell">${camunda}</bpmn:intermediateThrowEvent>
            <bpmn:endEvent id="e"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=noticeNo" target="closedBy"/></zeebe:ioMapping></bpmn:extensionElements>${sigDef()}</bpmn:endEvent>
            ${flow('a', 's', 'fork')}${flow('b', 'fork', 'waitGo')}${flow('c', 'waitGo', 'afterGo')}
            ${flow('d', 'fork', 'decide')}${flow('f', 'decide', 'tell')}${flow('g', 'tell', 'e')}`),
        ),
      )
    ).start(undefined, { variables: { noticeNo: 'N-7', days: 5, other: 'not sent' } });
    h.completeTask('decide');
    expect(h.effectsOf('signal.thrown')).toEqual([
      {
        type: 'signal.thrown',
        elementId: 'tell',
        signalName: 'go',
        variables: { suspensionNotice: 'N-7', pauseDays: 10 },
      },
      { type: 'signal.thrown', elementId: 'e', signalName: 'item-suspended', variables: { closedBy: 'N-7' } },
    ]);
    // The waiting branch of this instance received them with the signal.
    expect(h.state.variables).toMatchObject({ suspensionNotice: 'N-7', pauseDays: 10 });
    expect(h.taskIds()).toEqual(['afterGo']);
  });

  it('Scenario: camunda:in variables="all" sends every variable the thrower sees; no mapping sends none', async () => {
    const all = `<bpmn:signalEventDefinition signalRef="goSig"><bpmn:extensionElements><camunda:in variables="all"/></bpmn:extensionElements></bpmn:signalEventDefinition>`;
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:intermediateThrowEvent id="tellAll">${all}</bpmn:intermediateThrowEvent>
            <bpmn:intermediateThrowEvent id="tellNone">${sigDef('goSig')}</bpmn:intermediateThrowEvent><bpmn:userTask id="t"/>
            ${flow('a', 's', 'tellAll')}${flow('b', 'tellAll', 'tellNone')}${flow('c', 'tellNone', 't')}`),
        ),
      )
    ).start(undefined, { variables: { applicantName: '张三', fee: 0 } });
    const [withAll, without] = h.effectsOf('signal.thrown');
    expect(withAll?.variables).toEqual({ applicantName: '张三', fee: 0 });
    expect(without).not.toHaveProperty('variables');
  });

  it('Scenario: a process with a signal start event lists it; start() starts at it', async () => {
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(
            `<bpmn:startEvent id="onNotice">${sigDef()}</bpmn:startEvent><bpmn:userTask id="t"/>${flow('a', 'onNotice', 't')}`,
          ),
        ),
      )
    ).start(undefined, { startEventId: 'onNotice' });
    expect([...h.models.values()][0]?.signalStartEvents).toEqual([
      expect.objectContaining({ id: 'onNotice', kind: 'signal', signalName: 'item-suspended' }),
    ]);
    expect(h.taskIds()).toEqual(['t']);
  });

  it('Scenario: a broadcast restricted to the subscriptions open when it was made skips later ones', async () => {
    const h = (
      await Harness.fromXml(
        withSignals(
          bpmn(`<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="w1">${sigDef()}</bpmn:intermediateCatchEvent>
            <bpmn:intermediateCatchEvent id="w2">${sigDef()}</bpmn:intermediateCatchEvent><bpmn:endEvent id="e"/>
            ${flow('a', 's', 'w1')}${flow('b', 'w1', 'w2')}${flow('c', 'w2', 'e')}`),
        ),
      )
    ).start();
    const first = h.state.subscriptions[0]!.subscriptionId;
    h.trigger({ type: 'broadcastSignal', name: 'item-suspended', subscriptionIds: [first] });
    expect(h.active()).toEqual(['w2']);
    expect(h.trigger({ type: 'broadcastSignal', name: 'item-suspended', subscriptionIds: [first] })).toEqual([]);
  });

  it('Scenario: compile refuses a signal event without a named signal (BPMN.SIGNAL_WITHOUT_NAME)', async () => {
    const r = await compile(
      bpmn(`<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="w"><bpmn:signalEventDefinition/></bpmn:intermediateCatchEvent>
        <bpmn:endEvent id="e"/>${flow('a', 's', 'w')}${flow('b', 'w', 'e')}`),
    );
    expect(r.errors).toEqual([expect.objectContaining({ code: 'BPMN.SIGNAL_WITHOUT_NAME', elementId: 'w' })]);
  });
});
