import { describe, expect, it } from '@jest/globals';
import { compile } from '../../src/engine/index.js';
import { Harness, bpmn, flow } from './support/harness.js';

const ESC =
  '<bpmn:escalation id="toLead" escalationCode="TO_LEAD"/><bpmn:escalation id="other" escalationCode="OTHER"/>';

/** A department sub-process escalating to the lead (上报) from inside, with the given catcher on the subprocess. */
function subProcessWith(catcher: string, thrower = 'intermediateThrowEvent', code = 'toLead'): string {
  const throwEl =
    thrower === 'endEvent'
      ? `<bpmn:endEvent id="raise"><bpmn:escalationEventDefinition escalationRef="${code}"/></bpmn:endEvent>`
      : `<bpmn:intermediateThrowEvent id="raise"><bpmn:escalationEventDefinition escalationRef="${code}"/></bpmn:intermediateThrowEvent>`;
  const after =
    thrower === 'endEvent'
      ? ''
      : `<bpmn:userTask id="afterRaise"/><bpmn:endEvent id="subEnd"/>${flow('s3', 'raise', 'afterRaise')}${flow('s4', 'afterRaise', 'subEnd')}`;
  return bpmn(
    `<bpmn:startEvent id="start"/>
     <bpmn:subProcess id="dept">
       <bpmn:startEvent id="subStart"/><bpmn:userTask id="review"/>${throwEl}${after}
       ${flow('s1', 'subStart', 'review')}${flow('s2', 'review', 'raise')}
     </bpmn:subProcess>
     ${catcher}
     <bpmn:userTask id="leadReview"/><bpmn:userTask id="afterDept"/>
     <bpmn:endEvent id="end"/><bpmn:endEvent id="leadEnd"/>
     ${flow('f1', 'start', 'dept')}${flow('f2', 'dept', 'afterDept')}${flow('f3', 'afterDept', 'end')}
     ${flow('f4', 'caught', 'leadReview')}${flow('f5', 'leadReview', 'leadEnd')}`,
  ).replace('<bpmn:process', `${ESC}<bpmn:process`);
}

const boundary = (attrs: string, ref = 'toLead') =>
  `<bpmn:boundaryEvent id="caught" attachedToRef="dept" ${attrs}><bpmn:escalationEventDefinition${ref ? ` escalationRef="${ref}"` : ''}/></bpmn:boundaryEvent>`;

describe('Feature: escalation', () => {
  it('Scenario: an interrupting boundary catches the escalation thrown inside the subprocess and cancels it', async () => {
    const h = (await Harness.fromXml(subProcessWith(boundary('')))).start();
    const fx = h.completeTask('review');
    expect(fx).toContainEqual({
      type: 'escalation.raised',
      elementId: 'raise',
      escalationCode: 'TO_LEAD',
      caughtBy: 'caught',
    });
    expect(h.taskIds()).toEqual(['leadReview']);
    expect(h.state.scopes).toHaveLength(1);
  });

  it('Scenario: a non-interrupting boundary runs beside the subprocess and the thrower goes on', async () => {
    const h = (await Harness.fromXml(subProcessWith(boundary('cancelActivity="false"')))).start();
    h.completeTask('review');
    expect(h.taskIds()).toEqual(['afterRaise', 'leadReview']);
    h.completeTask('leadReview');
    h.completeTask('afterRaise');
    expect(h.taskIds()).toEqual(['afterDept']);
  });

  it('Scenario: an escalation end event with a non-interrupting boundary: the subprocess still completes', async () => {
    const h = (await Harness.fromXml(subProcessWith(boundary('cancelActivity="false"'), 'endEvent'))).start();
    h.completeTask('review');
    expect(h.taskIds()).toEqual(['afterDept', 'leadReview']);
  });

  it('Scenario: a boundary for another code does not catch; uncaught the case goes on (not an error)', async () => {
    const h = (await Harness.fromXml(subProcessWith(boundary('', 'other')))).start();
    const fx = h.completeTask('review');
    expect(fx).toContainEqual({
      type: 'escalation.raised',
      elementId: 'raise',
      escalationCode: 'TO_LEAD',
      caughtBy: null,
    });
    expect(h.state.status).toBe('running');
    expect(h.taskIds()).toEqual(['afterRaise']);
    expect(h.state.error).toBeNull();
  });

  it('Scenario: a boundary without escalationRef catches every code', async () => {
    const h = (await Harness.fromXml(subProcessWith(boundary('', '')))).start();
    h.completeTask('review');
    expect(h.taskIds()).toEqual(['leadReview']);
  });

  it('Scenario: the nearest catcher wins — an event subprocess inside the subprocess before the boundary on it', async () => {
    const xml = subProcessWith(boundary('')).replace(
      '</bpmn:subProcess>',
      `<bpmn:subProcess id="espInside" triggeredByEvent="true">
         <bpmn:startEvent id="espStart" isInterrupting="false"><bpmn:escalationEventDefinition escalationRef="toLead"/></bpmn:startEvent>
         <bpmn:userTask id="inner"/><bpmn:endEvent id="espEnd"/>${flow('e1', 'espStart', 'inner')}${flow('e2', 'inner', 'espEnd')}
       </bpmn:subProcess></bpmn:subProcess>`,
    );
    const h = (await Harness.fromXml(xml)).start();
    const fx = h.completeTask('review');
    expect(fx).toContainEqual(expect.objectContaining({ type: 'escalation.raised', caughtBy: 'espStart' }));
    expect(h.taskIds()).toEqual(['afterRaise', 'inner']);
  });

  it('Scenario: a called case escalates to the boundary on its call activity in the parent', async () => {
    const parent = bpmn(
      `<bpmn:startEvent id="s"/><bpmn:callActivity id="call" calledElement="child"/>
       <bpmn:boundaryEvent id="caught" attachedToRef="call"><bpmn:escalationEventDefinition escalationRef="toLead"/></bpmn:boundaryEvent>
       <bpmn:userTask id="leadReview"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
       ${flow('a', 's', 'call')}${flow('b', 'call', 'e1')}${flow('c', 'caught', 'leadReview')}${flow('d', 'leadReview', 'e2')}`,
      'parent',
    ).replace('<bpmn:process', `${ESC}<bpmn:process`);
    const child = bpmn(
      `<bpmn:startEvent id="cs"/><bpmn:userTask id="work"/>
       <bpmn:endEvent id="ce"><bpmn:escalationEventDefinition escalationRef="toLead"/></bpmn:endEvent>
       ${flow('x', 'cs', 'work')}${flow('y', 'work', 'ce')}`,
      'child',
    ).replace('<bpmn:process', `${ESC}<bpmn:process`);
    const h = (await Harness.fromXml(parent, child)).start('parent');
    h.completeTask('work');
    expect(h.effectsOf('escalation.raised')).toEqual([
      { type: 'escalation.raised', elementId: 'ce', escalationCode: 'TO_LEAD', caughtBy: null },
      { type: 'escalation.raised', elementId: 'call', escalationCode: 'TO_LEAD', caughtBy: 'caught' },
    ]);
    expect(h.effectsOf('callActivity.cancelled')).toHaveLength(1);
    expect(h.taskIds()).toEqual(['leadReview']);
  });

  it('Scenario: escalationCodeVariable receives the caught code', async () => {
    const xml = subProcessWith(
      `<bpmn:boundaryEvent id="caught" attachedToRef="dept"><bpmn:escalationEventDefinition camunda:escalationCodeVariable="code"/></bpmn:boundaryEvent>`,
    );
    const h = (await Harness.fromXml(xml)).start();
    h.completeTask('review');
    expect(h.state.variables.code).toBe('TO_LEAD');
  });

  it('Scenario: compile refuses a throw without a code and two catchers for the same code (BPMN.INVALID_ESCALATION)', async () => {
    const noCode = subProcessWith(boundary(''), 'intermediateThrowEvent', 'nocode').replace(
      '<bpmn:process',
      '<bpmn:escalation id="nocode"/><bpmn:process',
    );
    const r1 = await compile(noCode);
    expect(r1.errors).toContainEqual(expect.objectContaining({ code: 'BPMN.INVALID_ESCALATION', elementId: 'raise' }));
    const twice = subProcessWith(
      boundary('') +
        `<bpmn:boundaryEvent id="caught2" attachedToRef="dept"><bpmn:escalationEventDefinition escalationRef="toLead"/></bpmn:boundaryEvent>`,
    );
    const r2 = await compile(twice);
    expect(r2.errors?.map((e) => e.code)).toContain('BPMN.INVALID_ESCALATION');
  });
});
