import { describe, expect, it } from '@jest/globals';
import { compile } from '../../src/engine/index.js';
import { Harness, bpmn, flow } from './support/harness.js';

const cond = (expr: string, attrs = '') =>
  `<bpmn:conditionalEventDefinition ${attrs}><bpmn:condition xsi:type="bpmn:tFormalExpression">${expr}</bpmn:condition></bpmn:conditionalEventDefinition>`;
const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/** "Continue once the missing tolerance materials are in": a review with a conditional catch in parallel. */
const materials = (catchExpr: string, attrs = '') =>
  bpmn(
    `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
     <bpmn:userTask id="review"/><bpmn:intermediateCatchEvent id="materialsIn">${cond(catchExpr, attrs)}</bpmn:intermediateCatchEvent>
     <bpmn:userTask id="issue"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
     ${flow('a', 's', 'fork')}${flow('b', 'fork', 'review')}${flow('c', 'fork', 'materialsIn')}
     ${flow('d', 'review', 'e1')}${flow('f', 'materialsIn', 'issue')}${flow('g', 'issue', 'e2')}`,
    'p',
    XSI,
  );

describe('Feature: conditional events', () => {
  it('Scenario: an intermediate conditional catch waits until a command sets variables that make it true', async () => {
    const h = (await Harness.fromXml(materials('${materialsComplete}'))).start(undefined, {
      variables: { materialsComplete: false },
    });
    expect(h.active()).toEqual(['materialsIn', 'review']);
    h.trigger({ type: 'setVariables', variables: { other: 1 } });
    expect(h.active()).toEqual(['materialsIn', 'review']);
    const fx = h.trigger({ type: 'setVariables', variables: { materialsComplete: true } });
    expect(fx).toContainEqual({ type: 'condition.met', elementId: 'materialsIn' });
    expect(h.taskIds()).toEqual(['issue', 'review']);
    expect(h.state.subscriptions).toEqual([]);
  });

  it('Scenario: a condition already true on entry passes at once (FEEL)', async () => {
    const h = (await Harness.fromXml(materials('=materialsComplete = true'))).start(undefined, {
      variables: { materialsComplete: true },
    });
    expect(h.taskIds()).toEqual(['issue', 'review']);
  });

  it('Scenario: a task completion with variables re-evaluates the condition', async () => {
    const h = (await Harness.fromXml(materials('${count > 2}'))).start(undefined, { variables: { count: 0 } });
    h.completeTask('review', { variables: { count: 3 } });
    expect(h.taskIds()).toEqual(['issue']);
  });

  it('Scenario: camunda:variableName limits the evaluation to changes of the named variables', async () => {
    const h = (await Harness.fromXml(materials('${ready}', 'camunda:variableName="trigger"'))).start(undefined, {
      variables: { ready: false },
    });
    h.trigger({ type: 'setVariables', variables: { ready: true } });
    expect(h.active()).toEqual(['materialsIn', 'review']);
    h.trigger({ type: 'setVariables', variables: { trigger: 1 } });
    expect(h.taskIds()).toEqual(['issue', 'review']);
  });

  const withBoundary = (interrupting: boolean) =>
    bpmn(
      `<bpmn:startEvent id="s"/><bpmn:userTask id="review"/>
       <bpmn:boundaryEvent id="urgent" attachedToRef="review" cancelActivity="${String(interrupting)}">${cond('${urgent}')}</bpmn:boundaryEvent>
       <bpmn:userTask id="expedite"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
       ${flow('a', 's', 'review')}${flow('b', 'review', 'e1')}${flow('c', 'urgent', 'expedite')}${flow('d', 'expedite', 'e2')}`,
      'p',
      XSI,
    );

  it('Scenario: an interrupting conditional boundary cancels the activity when its condition turns true', async () => {
    const h = (await Harness.fromXml(withBoundary(true))).start(undefined, { variables: { urgent: false } });
    h.trigger({ type: 'setVariables', variables: { urgent: true } });
    expect(h.taskIds()).toEqual(['expedite']);
  });

  it('Scenario: a non-interrupting conditional boundary fires once per change, not continuously', async () => {
    const h = (await Harness.fromXml(withBoundary(false))).start(undefined, { variables: { urgent: false } });
    h.trigger({ type: 'setVariables', variables: { urgent: true } });
    expect(h.taskIds()).toEqual(['expedite', 'review']);
    h.completeTask('expedite');
    expect(h.taskIds()).toEqual(['review']);
    h.trigger({ type: 'setVariables', variables: { urgent: true } });
    expect(h.taskIds()).toEqual(['expedite', 'review']);
  });

  it('Scenario: a conditional event subprocess start (interrupting) fires on entry when already true', async () => {
    const xml = bpmn(
      `<bpmn:startEvent id="s"/><bpmn:userTask id="review"/><bpmn:endEvent id="e"/>${flow('a', 's', 'review')}${flow('b', 'review', 'e')}
       <bpmn:subProcess id="esp" triggeredByEvent="true">
         <bpmn:startEvent id="espStart">${cond('${withdrawn}')}</bpmn:startEvent><bpmn:userTask id="close"/><bpmn:endEvent id="ee"/>
         ${flow('x', 'espStart', 'close')}${flow('y', 'close', 'ee')}
       </bpmn:subProcess>`,
      'p',
      XSI,
    );
    const h = (await Harness.fromXml(xml)).start(undefined, { variables: { withdrawn: false } });
    expect(h.taskIds()).toEqual(['review']);
    h.trigger({ type: 'setVariables', variables: { withdrawn: true } });
    expect(h.taskIds()).toEqual(['close']);
    const h2 = (await Harness.fromXml(xml)).start(undefined, { variables: { withdrawn: true } });
    expect(h2.taskIds()).toEqual(['close']);
  });

  it('Scenario: a condition on a variable the case does not have is false (FEEL null), the event keeps waiting', async () => {
    const h = (await Harness.fromXml(materials('=missing > 1'))).start();
    h.trigger({ type: 'setVariables', variables: { other: 'x' } });
    expect(h.active()).toEqual(['materialsIn', 'review']);
    h.trigger({ type: 'setVariables', variables: { missing: 2 } });
    expect(h.taskIds()).toEqual(['issue', 'review']);
  });

  it('Scenario: compile refuses a conditional event without a condition', async () => {
    const r = await compile(
      bpmn(
        `<bpmn:startEvent id="s"/><bpmn:intermediateCatchEvent id="w"><bpmn:conditionalEventDefinition/></bpmn:intermediateCatchEvent>
         <bpmn:endEvent id="e"/>${flow('a', 's', 'w')}${flow('b', 'w', 'e')}`,
      ),
    );
    expect(r.errors).toEqual([expect.objectContaining({ code: 'BPMN.CONDITIONAL_WITHOUT_CONDITION', elementId: 'w' })]);
  });
});
