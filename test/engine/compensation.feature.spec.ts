import { describe, expect, it } from '@jest/globals';
import { compile } from '../../src/engine/index.js';
import { bpmn, flow, Harness } from './support/harness.js';

/** A user task with a compensation boundary event and its handler (a user task named undo<Id>). */
function compensable(id: string, extra = ''): string {
  return `<bpmn:userTask id="${id}">${extra}</bpmn:userTask>
    <bpmn:boundaryEvent id="${id}Comp" attachedToRef="${id}"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>
    <bpmn:userTask id="undo${id}" isForCompensation="true"/>
    <bpmn:association id="${id}Assoc" associationDirection="One" sourceRef="${id}Comp" targetRef="undo${id}"/>`;
}

const throwEvent = (id: string, attrs = ''): string =>
  `<bpmn:intermediateThrowEvent id="${id}"><bpmn:compensateEventDefinition ${attrs}/></bpmn:intermediateThrowEvent>`;

/** start → a → b → decide → throw → after → end */
const booking = (throwAttrs = ''): string =>
  bpmn(`<bpmn:startEvent id="start"/>${compensable('a')}${compensable('b')}<bpmn:userTask id="decide"/>
    ${throwEvent('throw', throwAttrs)}<bpmn:userTask id="after"/><bpmn:endEvent id="end"/>
    ${flow('f1', 'start', 'a')}${flow('f2', 'a', 'b')}${flow('f3', 'b', 'decide')}${flow('f4', 'decide', 'throw')}
    ${flow('f5', 'throw', 'after')}${flow('f6', 'after', 'end')}`);

describe('Feature: compensation', () => {
  it('Scenario: a throw compensates every completed activity of its scope, most recent first, and waits for the handlers', async () => {
    const h = (await Harness.fromXml(booking())).start();
    h.completeTask('a');
    h.completeTask('b');
    const fx = h.completeTask('decide');
    expect(fx.filter((e) => e.type === 'task.created').map((e) => (e as { elementId: string }).elementId)).toEqual([
      'undob',
      'undoa',
    ]);
    expect(fx).toContainEqual({ type: 'compensation.started', elementId: 'b', handlerId: 'undob', thrownBy: 'throw' });
    expect(h.active()).toEqual(['throw', 'undoa', 'undob']);
    h.completeTask('undob');
    expect(h.taskIds()).toEqual(['undoa']);
    const last = h.completeTask('undoa');
    expect(last).toContainEqual({ type: 'compensation.completed', elementId: 'a', handlerId: 'undoa' });
    expect(h.taskIds()).toEqual(['after']);
    h.completeTask('after');
    expect(h.state.status).toBe('completed');
  });

  it('Scenario: activityRef compensates only that activity; a second throw finds nothing left to undo', async () => {
    const h = (await Harness.fromXml(booking('activityRef="a"'))).start();
    h.completeTask('a');
    h.completeTask('b');
    h.completeTask('decide');
    expect(h.taskIds()).toEqual(['undoa']);
    h.completeTask('undoa');
    expect(h.taskIds()).toEqual(['after']);
    expect(h.state.compensations?.map((r) => r.elementId)).toEqual(['b']);
  });

  it('Scenario: an activity that was interrupted or never reached is not compensated', async () => {
    const xml = bpmn(`<bpmn:startEvent id="start"/>${compensable('a')}${compensable('b')}
      <bpmn:boundaryEvent id="withdrawn" attachedToRef="b"><bpmn:messageEventDefinition messageRef="m"/></bpmn:boundaryEvent>
      ${throwEvent('throw')}<bpmn:userTask id="after"/>
      ${flow('f1', 'start', 'a')}${flow('f2', 'a', 'b')}${flow('f3', 'b', 'after')}${flow('f4', 'withdrawn', 'throw')}
      ${flow('f5', 'throw', 'after')}`).replace(
      '</bpmn:process>',
      '</bpmn:process><bpmn:message id="m" name="withdrawn"/>',
    );
    const h = (await Harness.fromXml(xml)).start();
    h.completeTask('a');
    h.correlate('withdrawn');
    expect(h.taskIds()).toEqual(['undoa']);
  });

  it('Scenario: with nothing to compensate the throw is passed at once', async () => {
    const h = (await Harness.fromXml(booking())).start();
    h.trigger({ type: 'modify', fromElementIds: ['a'], toElementId: 'decide' });
    const fx = h.completeTask('decide');
    expect(fx.some((e) => e.type === 'compensation.started')).toBe(false);
    expect(h.taskIds()).toEqual(['after']);
  });

  it('Scenario: waitForCompletion="false" continues at once, and the process ends only after the handler', async () => {
    const h = (await Harness.fromXml(booking('waitForCompletion="false"'))).start();
    h.completeTask('a');
    h.completeTask('b');
    h.completeTask('decide');
    expect(h.taskIds()).toEqual(['after', 'undoa', 'undob']);
    h.completeTask('after');
    expect(h.ended).toBe(false);
    h.completeTask('undob');
    h.completeTask('undoa');
    expect(h.state.status).toBe('completed');
    expect(h.state.tokens).toEqual([]);
  });

  it('Scenario: a compensation end event ends the process once its handlers completed', async () => {
    const xml = bpmn(`<bpmn:startEvent id="start"/>${compensable('a')}
      <bpmn:endEvent id="undoAll"><bpmn:compensateEventDefinition/></bpmn:endEvent>
      ${flow('f1', 'start', 'a')}${flow('f2', 'a', 'undoAll')}`);
    const h = (await Harness.fromXml(xml)).start();
    h.completeTask('a');
    expect(h.active()).toEqual(['undoAll', 'undoa']);
    h.completeTask('undoa');
    expect(h.state.status).toBe('completed');
  });

  it('Scenario: each instance of a multi-instance activity is compensated, in reverse order, with its own loop variables', async () => {
    const mi = `<bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:collection="\${certs}" camunda:elementVariable="cert"/>`;
    const xml =
      bpmn(`<bpmn:startEvent id="start"/>${compensable('reserve', mi)}${throwEvent('throw')}<bpmn:endEvent id="end"/>
      ${flow('f1', 'start', 'reserve')}${flow('f2', 'reserve', 'throw')}${flow('f3', 'throw', 'end')}`);
    const h = (await Harness.fromXml(xml)).start(undefined, { variables: { certs: ['C-1', 'C-2', 'C-3'] } });
    completeTimes(h, 'reserve', 3);
    const undo = h.state.tasks.filter((t) => t.elementId === 'undoreserve');
    expect(undo).toHaveLength(3);
    const scopes = undo.map((t) =>
      h.state.scopes.find((s) => s.id === h.state.tokens.find((k) => k.id === t.tokenId)?.scopeId),
    );
    expect(scopes.map((s) => s?.variables.cert)).toEqual(['C-3', 'C-2', 'C-1']);
    expect(scopes.map((s) => s?.variables.loopCounter)).toEqual([2, 1, 0]);
    completeTimes(h, 'undoreserve', 3);
    expect(h.state.status).toBe('completed');
  });

  it('Scenario: a compensation event subprocess undoes a completed subprocess with the variables it had', async () => {
    const xml = bpmn(`<bpmn:startEvent id="start"/>
      <bpmn:subProcess id="issue"><bpmn:startEvent id="is"/><bpmn:userTask id="print"/><bpmn:endEvent id="ie"/>
        ${flow('i1', 'is', 'print')}${flow('i2', 'print', 'ie')}
        <bpmn:subProcess id="revoke" triggeredByEvent="true">
          <bpmn:startEvent id="rs"><bpmn:compensateEventDefinition/></bpmn:startEvent>
          <bpmn:userTask id="voidCertificate"/><bpmn:endEvent id="re"/>${flow('r1', 'rs', 'voidCertificate')}${flow('r2', 'voidCertificate', 're')}
        </bpmn:subProcess>
      </bpmn:subProcess>
      ${throwEvent('throw')}<bpmn:endEvent id="end"/>
      ${flow('f1', 'start', 'issue')}${flow('f2', 'issue', 'throw')}${flow('f3', 'throw', 'end')}`);
    const h = (await Harness.fromXml(xml)).start();
    h.completeTask('print');
    expect(h.taskIds()).toEqual(['voidCertificate']);
    expect(h.active()).toEqual(['revoke', 'throw', 'voidCertificate']);
    h.completeTask('voidCertificate');
    expect(h.state.status).toBe('completed');
    expect(h.effectsOf('compensation.completed')).toEqual([
      { type: 'compensation.completed', elementId: 'issue', handlerId: null },
    ]);
  });

  it('Scenario: cancelling the case during compensation closes the handlers and leaves no records', async () => {
    const h = (await Harness.fromXml(booking())).start();
    h.completeTask('a');
    h.completeTask('b');
    h.completeTask('decide');
    const fx = h.trigger({ type: 'cancel' });
    expect(fx.filter((e) => e.type === 'task.cancelled')).toHaveLength(2);
    expect(h.state.compensations ?? []).toEqual([]);
  });

  it('Scenario: compensation handlers are not unreachable nodes; a handler with a sequence flow is refused', async () => {
    expect((await compile(booking())).errors).toBeUndefined();
    const bad = booking().replace(
      '<bpmn:endEvent id="end"/>',
      `<bpmn:endEvent id="end"/>${flow('fx', 'undoa', 'end')}`,
    );
    expect((await compile(bad)).errors).toContainEqual(
      expect.objectContaining({ code: 'BPMN.INVALID_COMPENSATION', elementId: 'undoa' }),
    );
    const wrongRef = booking('activityRef="nowhere"');
    expect((await compile(wrongRef)).errors).toContainEqual(
      expect.objectContaining({ code: 'BPMN.INVALID_COMPENSATION', elementId: 'throw' }),
    );
  });
});

function completeTimes(h: Harness, elementId: string, n: number): void {
  for (let i = 0; i < n; i++) h.completeTask(elementId);
}

/** start → tx { book → pay (both compensable) ; pay → ok? end : cancel end } → done; cancel boundary → refund */
const transaction = bpmn(`<bpmn:startEvent id="start"/>
  <bpmn:transaction id="tx"><bpmn:startEvent id="ts"/>${compensable('book')}${compensable('pay')}<bpmn:userTask id="meanwhile"/>
    <bpmn:parallelGateway id="fork"/><bpmn:exclusiveGateway id="ok" default="fail"/><bpmn:endEvent id="te"/><bpmn:endEvent id="tm"/>
    <bpmn:endEvent id="cancelEnd"><bpmn:cancelEventDefinition/></bpmn:endEvent>
    ${flow('t1', 'ts', 'fork')}${flow('t2', 'fork', 'book')}${flow('t3', 'fork', 'meanwhile')}${flow('t4', 'book', 'pay')}
    ${flow('t5', 'pay', 'ok')}${flow('t6', 'ok', 'te', '=paid')}<bpmn:sequenceFlow id="fail" sourceRef="ok" targetRef="cancelEnd"/>
    ${flow('t7', 'meanwhile', 'tm')}
  </bpmn:transaction>
  <bpmn:boundaryEvent id="cancelled" attachedToRef="tx"><bpmn:cancelEventDefinition/></bpmn:boundaryEvent>
  <bpmn:userTask id="done"/><bpmn:userTask id="refund"/><bpmn:endEvent id="end"/>
  ${flow('f1', 'start', 'tx')}${flow('f2', 'tx', 'done')}${flow('f3', 'done', 'end')}${flow('f4', 'cancelled', 'refund')}`);

describe('Feature: transactions', () => {
  it('Scenario: a cancel end event cancels the rest, compensates the completed activities, then takes the cancel boundary', async () => {
    const h = (await Harness.fromXml(transaction)).start();
    h.completeTask('book');
    const fx = h.completeTask('pay', { variables: { paid: false } });
    expect(fx).toContainEqual({ type: 'transaction.cancelled', elementId: 'tx', cancelEventId: 'cancelEnd' });
    expect(fx).toContainEqual(expect.objectContaining({ type: 'task.cancelled', elementId: 'meanwhile' }));
    expect(h.taskIds()).toEqual(['undobook', 'undopay']);
    expect(h.active()).toEqual(['cancelEnd', 'tx', 'undobook', 'undopay']);
    h.completeTask('undopay');
    h.completeTask('undobook');
    expect(h.taskIds()).toEqual(['refund']);
    h.completeTask('refund');
    expect(h.state.status).toBe('completed');
    expect(h.state.compensations ?? []).toEqual([]);
  });

  it('Scenario: a transaction that completes continues normally and stays compensable as a whole', async () => {
    const h = (await Harness.fromXml(transaction)).start();
    h.completeTask('book');
    h.completeTask('pay', { variables: { paid: true } });
    h.completeTask('meanwhile');
    expect(h.taskIds()).toEqual(['done']);
    // the transaction's own records stay with it, reachable only through the record of the transaction
    const records = h.state.compensations ?? [];
    expect(records.map((r) => r.elementId)).toEqual(['book', 'pay', 'tx']);
    expect(records.filter((r) => r.scopeId === h.state.rootScopeId).map((r) => r.elementId)).toEqual(['tx']);
  });

  it('Scenario: a cancel end in one instance of a multi-instance transaction undoes that instance, then leaves the whole body', async () => {
    const xml = bpmn(`<bpmn:startEvent id="start"/>
      <bpmn:transaction id="tx"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics>
        <bpmn:startEvent id="ts"/>${compensable('book')}<bpmn:userTask id="decide"/><bpmn:exclusiveGateway id="x" default="keep"/>
        <bpmn:endEvent id="te"/><bpmn:endEvent id="cancelEnd"><bpmn:cancelEventDefinition/></bpmn:endEvent>
        ${flow('t1', 'ts', 'book')}${flow('t2', 'book', 'decide')}${flow('t3', 'decide', 'x')}${flow('t4', 'x', 'cancelEnd', '=cancel')}
        <bpmn:sequenceFlow id="keep" sourceRef="x" targetRef="te"/>
      </bpmn:transaction>
      <bpmn:boundaryEvent id="cancelled" attachedToRef="tx"><bpmn:cancelEventDefinition/></bpmn:boundaryEvent>
      <bpmn:userTask id="refund"/><bpmn:endEvent id="end"/>
      ${flow('f1', 'start', 'tx')}${flow('f2', 'tx', 'end')}${flow('f3', 'cancelled', 'refund')}`);
    const h = (await Harness.fromXml(xml)).start();
    completeTimes(h, 'book', 2);
    h.completeTask('decide', { variables: { cancel: true } });
    expect(h.taskIds()).toEqual(['decide', 'undobook']);
    const fx = h.completeTask('undobook');
    expect(fx).toContainEqual(expect.objectContaining({ type: 'task.cancelled', elementId: 'decide' }));
    expect(h.taskIds()).toEqual(['refund']);
    expect(h.effectsOf('compensation.started')).toHaveLength(1);
  });

  it('Scenario: cancel events outside a transaction are refused', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="s"/><bpmn:endEvent id="c"><bpmn:cancelEventDefinition/></bpmn:endEvent>${flow('f', 's', 'c')}`,
    );
    expect((await compile(xml)).errors).toEqual([
      expect.objectContaining({ code: 'BPMN.INVALID_TRANSACTION', elementId: 'c' }),
    ]);
  });
});

describe('Feature: compensation thrown from an error event subprocess', () => {
  it('Scenario: the throw compensates the activities of the scope around the event subprocess', async () => {
    const xml = bpmn(`<bpmn:startEvent id="start"/>${compensable('a')}<bpmn:userTask id="check"/>
      <bpmn:endEvent id="fail"><bpmn:errorEventDefinition errorRef="err"/></bpmn:endEvent>
      <bpmn:subProcess id="onError" triggeredByEvent="true">
        <bpmn:startEvent id="es"><bpmn:errorEventDefinition errorRef="err"/></bpmn:startEvent>${throwEvent('undoAll')}
        <bpmn:userTask id="tellApplicant"/><bpmn:endEvent id="ee"/>${flow('e1', 'es', 'undoAll')}${flow('e2', 'undoAll', 'tellApplicant')}${flow('e3', 'tellApplicant', 'ee')}
      </bpmn:subProcess>
      ${flow('f1', 'start', 'a')}${flow('f2', 'a', 'check')}${flow('f3', 'check', 'fail')}`).replace(
      '</bpmn:process>',
      '</bpmn:process><bpmn:error id="err" errorCode="CHECK_FAILED"/>',
    );
    const h = (await Harness.fromXml(xml)).start();
    h.completeTask('a');
    h.completeTask('check');
    expect(h.taskIds()).toEqual(['undoa']);
    h.completeTask('undoa');
    expect(h.taskIds()).toEqual(['tellApplicant']);
    h.completeTask('tellApplicant');
    expect(h.state.status).toBe('completed');
  });
});

describe('Feature: an errorRef that names no declared error', () => {
  const xml = bpmn(`<bpmn:startEvent id="start"/>
    <bpmn:subProcess id="outer"><bpmn:startEvent id="os"/>
      <bpmn:subProcess id="inner"><bpmn:startEvent id="is"/><bpmn:userTask id="work"/>
        <bpmn:endEvent id="throw2"><bpmn:errorEventDefinition errorRef="error2"/></bpmn:endEvent>${flow('i1', 'is', 'work')}${flow('i2', 'work', 'throw2')}
      </bpmn:subProcess>
      <bpmn:boundaryEvent id="catch1" attachedToRef="inner"><bpmn:errorEventDefinition errorRef="error1"/></bpmn:boundaryEvent>
      <bpmn:userTask id="handled1"/><bpmn:endEvent id="oe"/>
      ${flow('o1', 'os', 'inner')}${flow('o2', 'inner', 'oe')}${flow('o3', 'catch1', 'handled1')}
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="catch2" attachedToRef="outer"><bpmn:errorEventDefinition errorRef="error2"/></bpmn:boundaryEvent>
    <bpmn:userTask id="handled2"/><bpmn:endEvent id="end"/>
    ${flow('f1', 'start', 'outer')}${flow('f2', 'outer', 'end')}${flow('f3', 'catch2', 'handled2')}`);

  it('Scenario: the errorRef string is the code, so error2 passes the boundary for error1 and reaches the one for error2', async () => {
    const h = (await Harness.fromXml(xml)).start();
    h.completeTask('work');
    expect(h.taskIds()).toEqual(['handled2']);
  });

  it('Scenario: compile says so, once per event, as a warning', async () => {
    const r = await compile(xml);
    expect(r.warnings?.map((w) => [w.code, w.elementId])).toEqual([
      ['BPMN.UNRESOLVED_ERROR_REF', 'throw2'],
      ['BPMN.UNRESOLVED_ERROR_REF', 'catch1'],
      ['BPMN.UNRESOLVED_ERROR_REF', 'catch2'],
    ]);
    expect(r.warnings?.[0]?.message).toContain('read as the error code "error2"');
  });
});
