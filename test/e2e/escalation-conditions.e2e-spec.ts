import pg from 'pg';
import { applicant, DEPT, getCase, staff, type Staff, step } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { deploy, timeline } from '../support/timing-helpers.js';

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ' +
  'xmlns:tb="urn:tongban:bpmn" id="defs" targetNamespace="urn:tongban:test"><bpmn:escalation id="toLead" escalationCode="TO_LEAD"/>';
const doc = (key: string, body: string) =>
  `${HEAD}<bpmn:process id="${key}" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`;
const f = (id: string, a: string, b: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${a}" targetRef="${b}"/>`;

/** 上报: a department's sub-case escalates to the lead; the parent's boundary on the call catches it. */
const parent = (key: string, interrupting: boolean) =>
  doc(
    key,
    `<bpmn:startEvent id="s"/><bpmn:callActivity id="dept-item" calledElement="esc-child"/>
     <bpmn:boundaryEvent id="reported" attachedToRef="dept-item" cancelActivity="${String(interrupting)}"><bpmn:escalationEventDefinition escalationRef="toLead"/></bpmn:boundaryEvent>
     <bpmn:userTask id="lead-review" tb:candidateDepartments="${DEPT}"/><bpmn:userTask id="after" tb:candidateDepartments="${DEPT}"/>
     <bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>
     ${f('a', 's', 'dept-item')}${f('b', 'dept-item', 'after')}${f('c', 'after', 'e1')}${f('d', 'reported', 'lead-review')}${f('g', 'lead-review', 'e2')}`,
  );
const CHILD = doc(
  'esc-child',
  `<bpmn:startEvent id="s"/><bpmn:userTask id="check" tb:candidateDepartments="${DEPT}"/>
   <bpmn:intermediateThrowEvent id="report"><bpmn:escalationEventDefinition escalationRef="toLead"/></bpmn:intermediateThrowEvent>
   <bpmn:userTask id="continue" tb:candidateDepartments="${DEPT}"/><bpmn:endEvent id="e"/>
   ${f('a', 's', 'check')}${f('b', 'check', 'report')}${f('c', 'report', 'continue')}${f('d', 'continue', 'e')}`,
);
/** 容缺受理: the certificate waits until the missing materials are in (a conditional catch on a variable). */
const TOLERANCE = doc(
  'tolerance',
  `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/><bpmn:userTask id="review" tb:candidateDepartments="${DEPT}"/>
   <bpmn:intermediateCatchEvent id="materials-in"><bpmn:conditionalEventDefinition><bpmn:condition>=materialsComplete = true</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
   <bpmn:parallelGateway id="join"/><bpmn:userTask id="certify" tb:candidateDepartments="${DEPT}"/><bpmn:endEvent id="e"/>
   ${f('a', 's', 'fork')}${f('b', 'fork', 'review')}${f('c', 'fork', 'materials-in')}${f('d', 'review', 'join')}${f('g', 'materials-in', 'join')}${f('h', 'join', 'certify')}${f('i', 'certify', 'e')}`,
);

const elements = (c: { activeElements: { elementId: string }[] }) => c.activeElements.map((a) => a.elementId).sort();

describe('escalation across call activities, and conditional events on case variables', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp();
    s = staff(t);
    await deploy(t, s.admin, CHILD);
    await deploy(t, s.admin, parent('esc-parent-int', true));
    await deploy(t, s.admin, parent('esc-parent-non', false));
    await deploy(t, s.admin, TOLERANCE);
  });
  afterAll(() => t.close());

  const open = async (processKey: string, variables: Record<string, unknown> = {}) => {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ processKey, department: DEPT, applicant, variables });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const childOf = async (parentId: string) =>
    String((await timeline(t, s.supervisor, parentId)).find((e) => e.type === 'call.case_opened')!.data!.caseId);

  it("an interrupting boundary on the call catches the child case's escalation and cancels the child", async () => {
    const parentId = await open('esc-parent-int');
    const childId = await childOf(parentId);
    await step(t, s.handler, childId, 'check');
    const p = await getCase(t, s.supervisor, parentId);
    expect(p.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['lead-review']);
    const c = await getCase(t, s.supervisor, childId);
    expect(c.status).toBe('REVOKED');
    expect(c.openTasks).toEqual([]);
    const childLine = await timeline(t, s.supervisor, childId);
    expect(childLine.find((e) => e.type === 'escalation.raised')).toMatchObject({
      elementId: 'report',
      data: { escalationCode: 'TO_LEAD', caughtBy: null },
    });
    const parentLine = await timeline(t, s.supervisor, parentId);
    expect(parentLine.find((e) => e.type === 'escalation.raised')).toMatchObject({
      elementId: 'dept-item',
      data: { escalationCode: 'TO_LEAD', caughtBy: 'reported' },
    });
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    const outbox = (await client.query(`SELECT case_id, type FROM outbox_event WHERE type = 'escalation.raised'`)).rows;
    await client.end();
    expect(outbox).toEqual(
      expect.arrayContaining([
        { case_id: childId, type: 'escalation.raised' },
        { case_id: parentId, type: 'escalation.raised' },
      ]),
    );
  });

  it('a non-interrupting boundary: the lead reviews beside the running child, whose end then moves the parent on', async () => {
    const parentId = await open('esc-parent-non');
    const childId = await childOf(parentId);
    await step(t, s.handler, childId, 'check');
    expect(elements(await getCase(t, s.supervisor, parentId))).toEqual(['dept-item', 'lead-review']);
    expect(elements(await getCase(t, s.supervisor, childId))).toEqual(['continue']);
    await step(t, s.handler, childId, 'continue');
    expect(elements(await getCase(t, s.supervisor, parentId))).toEqual(['after', 'lead-review']);
  });

  it('an escalation nothing catches does not fail the case', async () => {
    const id = await open('esc-child');
    await step(t, s.handler, id, 'check');
    const c = await getCase(t, s.supervisor, id);
    expect(elements(c)).toEqual(['continue']);
    expect(c.endedAt ?? null).toBeNull();
  });

  it('a conditional catch waits on the case variables and moves when a task completion sets them', async () => {
    const id = await open('tolerance', { materialsComplete: false });
    expect(elements(await getCase(t, s.supervisor, id))).toEqual(['materials-in', 'review']);
    await step(t, s.handler, id, 'review', { variables: { materialsComplete: true } });
    expect(elements(await getCase(t, s.supervisor, id))).toEqual(['certify']);
    expect((await timeline(t, s.supervisor, id)).some((e) => e.type === 'condition.met')).toBe(true);
  });
});
