import { applicant, complete, DEPT, getCase, ITEM, staff, taskAt } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey, bpmn, caseOf, deploy, flows, startCase } from './integration-support.js';

const JOINT_ITEM = '410100-CGJ-XK-003'; // lead CGJ, co-departments ZRZY and GAJ
const LEAD = '410100-CGJ';
const ZRZY = '410100-ZRZY';

type Res = { status: number; body: { code?: string; errors?: { code: string; path?: string }[] } };

/** Routing variables: only case creation sets them; every later command naming one is refused (400). */
describe('protected variables and the variables limits', () => {
  let t: TestApp;
  let key: string;

  const refused = (res: Res, code: string, paths: string[]) => {
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect(res.body.errors?.map((e) => e.path).sort()).toEqual([...paths].sort());
  };
  const send = (body: Record<string, unknown>) => t.http().post('/api/v1/messages').set('X-Api-Key', key).send(body);
  const ext = (path: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1/external-tasks${path}`).set('X-Api-Key', key).send(body);
  const lockOne = async (topic: string, workerId = 'w1'): Promise<{ id: string }> => {
    const res = await ext('/fetch-and-lock', {
      workerId,
      maxTasks: 1,
      topics: [{ topicName: topic, lockDurationMs: 60_000 }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    return res.body[0];
  };

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    key = (await apiKey(t, ZRZY, ['messages:write', 'external-tasks'])).secret;
    // Declares its own routing variable: the fee decides the review level.
    const receive = bpmn(
      'pv-receive',
      '<bpmn:startEvent id="s"/><bpmn:receiveTask id="await-fee" messageRef="m1" tb:correlationKey="=applicationNo"/>' +
        '<bpmn:userTask id="decide" tb:candidateDepartments="=department"/><bpmn:endEvent id="e"/>' +
        flows('s', 'await-fee', 'decide', 'e'),
      { m1: 'pv-fee-assessed' },
    ).replace('isExecutable="true">', 'isExecutable="true" tb:protectedVariables="feeAmount, reviewLevel">');
    await deploy(t, receive);
    await deploy(
      t,
      bpmn(
        'pv-external',
        '<bpmn:startEvent id="s"/><bpmn:serviceTask id="check" tb:topic="pv-check"/>' +
          '<bpmn:boundaryEvent id="bad" attachedToRef="check"><bpmn:errorEventDefinition errorRef="err1"/></bpmn:boundaryEvent>' +
          '<bpmn:userTask id="decide"/><bpmn:userTask id="fix"/><bpmn:endEvent id="e"/>' +
          flows('s', 'check', 'decide', 'e') +
          flows('bad', 'fix'),
        {},
        '<bpmn:error id="err1" errorCode="CHECK_FAILED"/>',
      ),
    );
    await deploy(
      t,
      bpmn(
        'pv-message-start',
        '<bpmn:startEvent id="s"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent>' +
          '<bpmn:userTask id="review"/><bpmn:endEvent id="e"/>' +
          flows('s', 'review', 'e'),
        { m1: 'pv-open-case' },
      ),
    );
  });
  afterAll(() => t.close());

  it('refuses a co-department completion that sets leadDepartment and jointPolicy', async () => {
    const lead = staff(t, LEAD);
    const co = staff(t, ZRZY);
    const opened = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${lead.window}`)
      .send({ itemCode: JOINT_ITEM, applicant });
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    const receive = await taskAt(t, lead.window, id, 'receive');
    expect((await complete(t, lead.window, receive.id, { outcome: 'accept' })).status).toBe(200);
    const review = await taskAt(t, co.handler, id, 'co-review');

    const res = await complete(t, co.handler, review.id, {
      outcome: 'approve',
      opinion: '同意',
      variables: { leadDepartment: ZRZY, jointPolicy: 'ANY', note: 'ok' },
    });
    refused(res, 'VARIABLES.PROTECTED', ['variables.leadDepartment', 'variables.jointPolicy']);

    const after = await getCase(t, lead.leader, id);
    expect(after.variables).toMatchObject({ leadDepartment: LEAD, jointPolicy: 'ALL' });
    expect(after.variables.note).toBeUndefined();
    expect((await taskAt(t, co.handler, id, 'co-review')).id).toBe(review.id);
    expect((await complete(t, co.handler, review.id, { outcome: 'approve', opinion: '同意' })).status).toBe(200);
  });

  it('refuses a window acceptance that sets department, and the review stays with the department', async () => {
    const s = staff(t);
    const opened = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ itemCode: ITEM, applicant });
    const id = opened.body.id as string;
    const receive = await taskAt(t, s.window, id, 'receive');
    const res = await complete(t, s.window, receive.id, { outcome: 'accept', variables: { department: ZRZY } });
    refused(res, 'VARIABLES.PROTECTED', ['variables.department']);
    const after = await getCase(t, s.window, id);
    expect(after.variables.department).toBe(DEPT);
    expect(after.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['receive']);
  });

  it('refuses protected variables from external tasks (complete and bpmn-error) and leaves the lock', async () => {
    const c = await startCase(t, 'pv-external', ZRZY);
    const task = await lockOne('pv-check');
    refused(
      await ext(`/${task.id}/complete`, { workerId: 'w1', variables: { itemCode: 'X' } }),
      'VARIABLES.PROTECTED',
      ['variables.itemCode'],
    );
    refused(
      await ext(`/${task.id}/bpmn-error`, {
        workerId: 'w1',
        errorCode: 'CHECK_FAILED',
        variables: { departments: [] },
      }),
      'VARIABLES.PROTECTED',
      ['variables.departments'],
    );
    expect((await caseOf(t, c.id)).activeElements.map((x: { elementId: string }) => x.elementId)).toEqual(['check']);
    expect((await ext(`/${task.id}/complete`, { workerId: 'w1', variables: { checked: true } })).status).toBe(200);
    expect((await caseOf(t, c.id)).variables.checked).toBe(true);
  });

  it('refuses messages naming a routing variable or one the process declares, and does not remember them', async () => {
    const c = await startCase(t, 'pv-receive', ZRZY, { variables: { applicationNo: 'PV-1', feeAmount: 100 } });
    expect((await caseOf(t, c.id)).variables.feeAmount).toBe(100);
    const base = { name: 'pv-fee-assessed', correlationKey: 'PV-1', messageId: 'pv-msg-1' };
    refused(await send({ ...base, variables: { regionCode: '110000' } }), 'VARIABLES.PROTECTED', [
      'variables.regionCode',
    ]);
    refused(await send({ ...base, variables: { feeAmount: 1, reviewLevel: 'low' } }), 'VARIABLES.PROTECTED', [
      'variables.feeAmount',
      'variables.reviewLevel',
    ]);
    const waiting = await caseOf(t, c.id);
    expect(waiting.activeElements.map((x: { elementId: string }) => x.elementId)).toEqual(['await-fee']);
    expect(waiting.variables.feeAmount).toBe(100);
    // The refused messageId was not kept: the corrected message with the same id is delivered.
    const ok = await send({ ...base, variables: { assessed: true } });
    expect(ok.status).toBe(200);
    expect((await caseOf(t, c.id)).variables).toMatchObject({ assessed: true, feeAmount: 100 });
  });

  it('keeps a buffered message that names a variable the process protects out of its cases', async () => {
    const early = await send({
      name: 'pv-fee-assessed',
      correlationKey: 'PV-B',
      ttlMs: 60_000,
      variables: { feeAmount: 1 },
    });
    expect(early.status).toBe(202);
    const c = await startCase(t, 'pv-receive', ZRZY, { variables: { applicationNo: 'PV-B', feeAmount: 500 } });
    const after = await caseOf(t, c.id);
    expect(after.activeElements.map((x: { elementId: string }) => x.elementId)).toEqual(['await-fee']);
    expect(after.variables.feeAmount).toBe(500);
    const plain = await send({ name: 'pv-fee-assessed', correlationKey: 'PV-B', variables: { assessed: true } });
    expect(plain.status).toBe(200);
  });

  it('refuses a message start that would route the new case', async () => {
    const res = await send({ name: 'pv-open-case', variables: { department: DEPT } });
    refused(res, 'VARIABLES.PROTECTED', ['variables.department']);
    const cases = await t
      .http()
      .get('/api/v1/cases?limit=200')
      .set('Authorization', `Bearer ${staff(t).supervisor}`);
    expect(cases.body.items.filter((x: { processKey?: string }) => x.processKey === 'pv-message-start')).toEqual([]);
    expect((await send({ name: 'pv-open-case', variables: { projectName: '某项目' } })).status).toBe(200);
    const after = await t
      .http()
      .get('/api/v1/cases?limit=200')
      .set('Authorization', `Bearer ${staff(t).supervisor}`);
    expect(after.body.items.filter((x: { processKey?: string }) => x.processKey === 'pv-message-start')).toHaveLength(
      1,
    );
  });

  it('lets case creation set routing variables, but not against the case’s own department or item', async () => {
    const s = staff(t);
    const create = (variables: Record<string, unknown>) =>
      t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${s.window}`)
        .send({ itemCode: ITEM, applicant, variables });
    refused(await create({ department: ZRZY }), 'VARIABLES.PROTECTED', ['variables.department']);
    refused(await create({ itemCode: 'OTHER', regionCode: '110000' }), 'VARIABLES.PROTECTED', [
      'variables.itemCode',
      'variables.regionCode',
    ]);
    const ok = await create({ department: DEPT, jointPolicy: 'ANY' });
    expect(ok.status).toBe(201);
    expect((await getCase(t, s.window, ok.body.id)).variables).toMatchObject({ department: DEPT, jointPolicy: 'ANY' });
  });

  it('refuses variables larger than VARIABLES_MAX_BYTES (64 KB) at every entry point', async () => {
    const big = { blob: 'x'.repeat(70 * 1024) };
    const s = staff(t);
    const created = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ itemCode: ITEM, applicant, variables: big });
    refused(created, 'VARIABLES.TOO_LARGE', ['variables']);

    const opened = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ itemCode: ITEM, applicant });
    const receive = await taskAt(t, s.window, opened.body.id, 'receive');
    refused(await complete(t, s.window, receive.id, { outcome: 'accept', variables: big }), 'VARIABLES.TOO_LARGE', [
      'variables',
    ]);
    refused(await send({ name: 'pv-fee-assessed', correlationKey: 'none', variables: big }), 'VARIABLES.TOO_LARGE', [
      'variables',
    ]);
    await startCase(t, 'pv-external', ZRZY);
    const task = await lockOne('pv-check', 'w-big');
    refused(await ext(`/${task.id}/complete`, { workerId: 'w-big', variables: big }), 'VARIABLES.TOO_LARGE', [
      'variables',
    ]);
    const c = await getCase(t, s.window, opened.body.id);
    expect(c.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['receive']);
  });

  it('refuses unusable variable names', async () => {
    const s = staff(t);
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ itemCode: ITEM, applicant, variables: { '': 1, ' ': 2, ['n'.repeat(200)]: 3, 'a\u0007b': 4, fine: 5 } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VARIABLES.INVALID_NAME');
    expect(res.body.errors).toHaveLength(4);
  });
});
