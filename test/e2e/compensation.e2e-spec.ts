import pg from 'pg';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, caseOf, flows, startCase, timelineOf } from './integration-support.js';

const ZRZY = '410100-ZRZY';

/** The outbox as committed, for one case (what the webhooks deliver, in this order). */
async function outboxOf(t: TestApp, caseId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
  const client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  try {
    return (await client.query('SELECT type, payload FROM outbox_event WHERE case_id = $1 ORDER BY seq', [caseId]))
      .rows;
  } finally {
    await client.end();
  }
}

// 不动产登记: a certificate number is reserved before the decision; when the decision is reversed the
// reservation is voided by the compensation handler, and the case continues to the notice.
const CERTIFICATE = bpmn(
  'certificate-issue',
  '<bpmn:startEvent id="s"/><bpmn:userTask id="reserve-number" name="预留证书编号"/>' +
    '<bpmn:boundaryEvent id="reserve-undo" attachedToRef="reserve-number"><bpmn:compensateEventDefinition/></bpmn:boundaryEvent>' +
    '<bpmn:userTask id="void-number" name="作废证书编号" isForCompensation="true"/>' +
    '<bpmn:association id="a1" sourceRef="reserve-undo" targetRef="void-number"/>' +
    '<bpmn:userTask id="decide" name="审批决定"/><bpmn:exclusiveGateway id="is-reversed" default="kept"/>' +
    '<bpmn:intermediateThrowEvent id="undo-reservation" name="撤销预留"><bpmn:compensateEventDefinition activityRef="reserve-number"/></bpmn:intermediateThrowEvent>' +
    '<bpmn:userTask id="notify-applicant" name="告知申请人"/><bpmn:endEvent id="e"/>' +
    flows('s', 'reserve-number', 'decide', 'is-reversed') +
    '<bpmn:sequenceFlow id="reverse" sourceRef="is-reversed" targetRef="undo-reservation"><bpmn:conditionExpression>=reversed = true</bpmn:conditionExpression></bpmn:sequenceFlow>' +
    '<bpmn:sequenceFlow id="kept" sourceRef="is-reversed" targetRef="e"/>' +
    flows('undo-reservation', 'notify-applicant', 'e'),
);

describe('compensation: a reversed decision undoes what was reserved, visibly', () => {
  let t: TestApp;
  const handler = () => t.token({ roles: ['handler'], dept: ZRZY, sub: 'handler-zrzy' });
  const admin = () => t.token({ roles: ['process-admin'], sub: 'pa-1' });

  async function completeTask(caseId: string, elementId: string, variables?: Record<string, unknown>): Promise<void> {
    const list = await t
      .http()
      .get(`/api/v1/tasks?caseId=${caseId}&elementId=${elementId}&scope=all`)
      .set('Authorization', `Bearer ${handler()}`);
    expect(list.body.items).toHaveLength(1);
    const res = await t
      .http()
      .post(`/api/v1/tasks/${list.body.items[0].id}/complete`)
      .set('Authorization', `Bearer ${handler()}`)
      .send(variables ? { variables } : {});
    expect(res.status).toBe(200);
  }

  const deployXml = (xml: string) =>
    t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', `Bearer ${admin()}`)
      .type('application/xml')
      .send(xml);

  beforeAll(async () => {
    t = await startTestApp();
    const res = await deployXml(CERTIFICATE);
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([]);
  });
  afterAll(() => t.close());

  it('runs the handler, shows it in the case view and the timeline, and sends compensation webhooks', async () => {
    const c = await startCase(t, 'certificate-issue', ZRZY);
    await completeTask(c.id, 'reserve-number');
    await completeTask(c.id, 'decide', { reversed: true });

    const during = await caseOf(t, c.id);
    expect(during.activeElements.map((a: { elementId: string }) => a.elementId).sort()).toEqual([
      'undo-reservation',
      'void-number',
    ]);
    expect(during.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['void-number']);

    await completeTask(c.id, 'void-number');
    const after = await caseOf(t, c.id);
    expect(after.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['notify-applicant']);

    const timeline = await timelineOf(t, c.id);
    expect(timeline.filter((e) => e.type.startsWith('compensation.'))).toEqual([
      expect.objectContaining({
        type: 'compensation.started',
        elementId: 'reserve-number',
        data: { handlerId: 'void-number', thrownBy: 'undo-reservation' },
      }),
      expect.objectContaining({
        type: 'compensation.completed',
        elementId: 'reserve-number',
        data: { handlerId: 'void-number' },
      }),
    ]);
    const events = (await outboxOf(t, c.id)).filter((e) => e.type.startsWith('compensation.'));
    expect(events.map((e) => e.type)).toEqual(['compensation.started', 'compensation.completed']);
    expect(events[0]?.payload).toMatchObject({ elementId: 'reserve-number', handlerId: 'void-number' });

    await completeTask(c.id, 'notify-applicant');
    expect((await caseOf(t, c.id)).endedAt).not.toBeNull();
  });

  it('a kept decision compensates nothing', async () => {
    const c = await startCase(t, 'certificate-issue', ZRZY);
    await completeTask(c.id, 'reserve-number');
    await completeTask(c.id, 'decide', { reversed: false });
    expect((await timelineOf(t, c.id)).some((e) => e.type.startsWith('compensation.'))).toBe(false);
    expect((await caseOf(t, c.id)).endedAt).not.toBeNull();
  });

  it('webhooks can subscribe to the compensation events', async () => {
    const res = await t
      .http()
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${t.token({ roles: ['admin'], sub: 'admin-1' })}`)
      .send({
        url: 'https://zrzy.example.gov.cn/tongban/events',
        events: ['compensation.started', 'compensation.completed'],
        secret: 'dept-system-shared-secret-0001',
      });
    expect(res.status).toBe(201);
    expect(res.body.events).toEqual(['compensation.started', 'compensation.completed']);
  });

  it('deploying an error event whose errorRef names no declared error answers a warning', async () => {
    const xml = bpmn(
      'undeclared-error',
      '<bpmn:startEvent id="s"/><bpmn:subProcess id="check"><bpmn:startEvent id="cs"/>' +
        '<bpmn:endEvent id="reject"><bpmn:errorEventDefinition errorRef="REJECTED"/></bpmn:endEvent>' +
        flows('cs', 'reject') +
        '</bpmn:subProcess><bpmn:boundaryEvent id="on-reject" attachedToRef="check"><bpmn:errorEventDefinition errorRef="REJECTED"/></bpmn:boundaryEvent>' +
        '<bpmn:userTask id="handle"/><bpmn:endEvent id="e"/>' +
        flows('s', 'check', 'e') +
        flows('on-reject', 'handle'),
    );
    const dry = await t
      .http()
      .post('/api/v1/process-definitions?dryRun=true')
      .set('Authorization', `Bearer ${admin()}`)
      .type('application/xml')
      .send(xml);
    expect(dry.status).toBe(200);
    expect(dry.body.warnings.map((w: { code: string; elementId: string }) => [w.code, w.elementId])).toEqual([
      ['BPMN.UNRESOLVED_ERROR_REF', 'reject'],
      ['BPMN.UNRESOLVED_ERROR_REF', 'on-reject'],
    ]);
    const res = await deployXml(xml);
    expect(res.status).toBe(201);
    expect(res.body.warnings).toHaveLength(2);
    const c = await startCase(t, 'undeclared-error', ZRZY);
    expect((await caseOf(t, c.id)).openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['handle']);
  });
});
