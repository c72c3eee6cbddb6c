import { startTestApp, type TestApp } from '../support/test-app.js';
import { applicant } from '../support/case-helpers.js';
import { apiKey, bpmn, caseOf, deploy, flows, startCase, timelineOf } from './integration-support.js';

const ZRZY = '410100-ZRZY';
const SJJ = '410100-SJJ';

const open = (c: { openTasks: { elementId: string }[] }) => c.openTasks.map((x) => x.elementId);
const active = (c: { activeElements: { elementId: string }[] }) => c.activeElements.map((x) => x.elementId).sort();

describe('messages: POST /messages correlates, buffers, deduplicates and starts cases', () => {
  let t: TestApp;
  let key: string;
  const handler = () => t.token({ roles: ['handler'], dept: ZRZY, sub: 'handler-zrzy' });

  const send = (body: Record<string, unknown>, secret = key) =>
    t.http().post('/api/v1/messages').set('X-Api-Key', secret).send(body);

  async function completeTask(caseId: string, elementId: string): Promise<void> {
    const list = await t
      .http()
      .get(`/api/v1/tasks?caseId=${caseId}&elementId=${elementId}&scope=all`)
      .set('Authorization', `Bearer ${handler()}`);
    const task = list.body.items[0];
    const res = await t
      .http()
      .post(`/api/v1/tasks/${task.id}/complete`)
      .set('Authorization', `Bearer ${handler()}`)
      .send({});
    expect(res.status).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestApp();
    key = (await apiKey(t, ZRZY, ['messages:write'])).secret;
    // 施工图审查: the case waits until the drawing-review system reports, keyed by the application number.
    await deploy(
      t,
      bpmn(
        'drawing-review',
        '<bpmn:startEvent id="s"/><bpmn:receiveTask id="await-review" messageRef="m1" tb:correlationKey="=applicationNo"/>' +
          '<bpmn:userTask id="decide"/><bpmn:endEvent id="e"/>' +
          flows('s', 'await-review', 'decide', 'e'),
        { m1: 'drawing-review-done' },
      ),
    );
    // A catch event reached only after a user task: the message may come too early.
    await deploy(
      t,
      bpmn(
        'fee-process',
        '<bpmn:startEvent id="s"/><bpmn:userTask id="prepare"/>' +
          '<bpmn:intermediateCatchEvent id="wait-paid"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:intermediateCatchEvent>' +
          '<bpmn:userTask id="after-paid"/><bpmn:endEvent id="e"/>' +
          flows('s', 'prepare', 'wait-paid', 'after-paid', 'e'),
        {},
        '<bpmn:message id="m1" name="fee-paid"><bpmn:extensionElements><zeebe:subscription correlationKey="=orderNo"/></bpmn:extensionElements></bpmn:message>',
      ),
    );
    // Two receive tasks of the same message in a row: a duplicate must not move the case twice.
    await deploy(
      t,
      bpmn(
        'two-receipts',
        '<bpmn:startEvent id="s"/><bpmn:receiveTask id="r1" messageRef="m1"/><bpmn:receiveTask id="r2" messageRef="m1"/>' +
          '<bpmn:endEvent id="e"/>' +
          flows('s', 'r1', 'r2', 'e'),
        { m1: 'receipt' },
      ),
    );
    // Boundary (interrupting) and event subprocess (non-interrupting) message events.
    await deploy(
      t,
      bpmn(
        'review-events',
        '<bpmn:startEvent id="s"/><bpmn:userTask id="review"/><bpmn:endEvent id="e"/>' +
          '<bpmn:boundaryEvent id="withdrawn" attachedToRef="review"><bpmn:messageEventDefinition messageRef="mw"/></bpmn:boundaryEvent>' +
          '<bpmn:endEvent id="e-withdrawn"/>' +
          '<bpmn:subProcess id="esp" triggeredByEvent="true"><bpmn:startEvent id="esp-s" isInterrupting="false">' +
          '<bpmn:messageEventDefinition messageRef="mu"/></bpmn:startEvent><bpmn:userTask id="answer-urge"/>' +
          '<bpmn:endEvent id="esp-e"/>' +
          flows('esp-s', 'answer-urge', 'esp-e') +
          '</bpmn:subProcess>' +
          flows('s', 'review', 'e') +
          flows('withdrawn', 'e-withdrawn'),
        { mw: 'application-withdrawn', mu: 'urge' },
      ),
    );
    // 网上申报: the online platform's message opens the case.
    await deploy(
      t,
      bpmn(
        'online-application',
        '<bpmn:startEvent id="submitted"><bpmn:messageEventDefinition messageRef="m1"/></bpmn:startEvent>' +
          '<bpmn:userTask id="pre-review"/><bpmn:endEvent id="e"/>' +
          flows('submitted', 'pre-review', 'e'),
        { m1: 'application-submitted' },
      ),
    );
  });
  afterAll(() => t.close());

  it('correlates by correlation key, sets variables and records the push in the timeline', async () => {
    const c = await startCase(t, 'drawing-review', ZRZY, { variables: { applicationNo: 'JZ-2026-0042' } });
    const other = await startCase(t, 'drawing-review', ZRZY, { variables: { applicationNo: 'JZ-2026-0043' } });
    const res = await send({
      name: 'drawing-review-done',
      correlationKey: 'JZ-2026-0042',
      variables: { drawingReviewPassed: true },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ correlated: [{ caseId: c.id, elementId: 'await-review' }] });
    const moved = await caseOf(t, c.id);
    expect(open(moved)).toEqual(['decide']);
    expect(moved.variables).toMatchObject({ drawingReviewPassed: true });
    expect(active(await caseOf(t, other.id))).toEqual(['await-review']);
    const entry = (await timelineOf(t, c.id)).find((e) => e.type === 'message.correlated');
    expect(entry).toMatchObject({ elementId: 'await-review', source: 'DEPT_PUSH', actor: { department: ZRZY } });
  });

  it.each([
    ['caseId', (c: { id: string; caseNo: string }) => ({ caseId: c.id })],
    ['caseNo', (c: { id: string; caseNo: string }) => ({ caseNo: c.caseNo })],
    ['businessKey', () => ({ businessKey: 'SQ-2026-000777' })],
  ])('correlates by %s', async (_kind, selector) => {
    await deploy(
      t,
      bpmn(
        'plain-wait',
        '<bpmn:startEvent id="s"/><bpmn:receiveTask id="wait" messageRef="m1"/><bpmn:userTask id="next"/>' +
          flows('s', 'wait', 'next'),
        { m1: 'plain' },
      ),
    );
    const c = await startCase(t, 'plain-wait', ZRZY, { businessKey: 'SQ-2026-000777' });
    const res = await send({ name: 'plain', ...selector(c) });
    expect(res.status).toBe(200);
    expect(res.body.correlated).toEqual([{ caseId: c.id, elementId: 'wait' }]);
    expect(open(await caseOf(t, c.id))).toEqual(['next']);
  });

  it('answers 404 MESSAGE.NO_MATCH to a message that comes before its catch event', async () => {
    const c = await startCase(t, 'fee-process', ZRZY, { variables: { orderNo: 'PAY-1' } });
    const early = await send({ name: 'fee-paid', correlationKey: 'PAY-1' });
    expect(early.status).toBe(404);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.body.code).toBe('MESSAGE.NO_MATCH');
    await completeTask(c.id, 'prepare');
    expect(active(await caseOf(t, c.id))).toEqual(['wait-paid']);
  });

  it('buffers an early message with ttlMs and delivers it when the catch event opens, in that transaction', async () => {
    const c = await startCase(t, 'fee-process', ZRZY, { variables: { orderNo: 'PAY-2' } });
    const early = await send({ name: 'fee-paid', correlationKey: 'PAY-2', ttlMs: 60_000, variables: { amount: 120 } });
    expect(early.status).toBe(202);
    expect(early.body).toMatchObject({ correlated: [], buffered: true, expiresAt: expect.any(String) });
    await completeTask(c.id, 'prepare');
    const after = await caseOf(t, c.id);
    expect(open(after)).toEqual(['after-paid']);
    expect(after.variables).toMatchObject({ amount: 120 });
    const entry = (await timelineOf(t, c.id)).find((e) => e.type === 'message.correlated');
    expect(entry).toMatchObject({ elementId: 'wait-paid', data: { buffered: true, messageName: 'fee-paid' } });
  });

  it('opens a case at a waiting receive task with an Idempotency-Key: answer and replay carry the number the write took', async () => {
    // Opening the subscription writes the plan early (to meet buffered messages): the number is taken
    // by that first write, and the answer stored with the last one must carry it too.
    await send({ name: 'drawing-review-done', correlationKey: 'SG-KEYED', ttlMs: 60_000, variables: { passed: true } });
    const token = t.token({ roles: ['window'], dept: ZRZY, sub: `window-${ZRZY}` });
    const body = {
      processKey: 'drawing-review',
      applicant,
      department: ZRZY,
      variables: { applicationNo: 'SG-KEYED' },
    };
    const post = () =>
      t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', 'sg-keyed')
        .send(body);
    const first = await post();
    expect(first.status).toBe(201);
    expect(open(first.body)).toEqual(['decide']);
    const replay = await post();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const stored = await caseOf(t, first.body.id);
    expect(stored.caseNo).toMatch(/^\d{22}$/);
    expect([first.body.caseNo, replay.body.caseNo]).toEqual([stored.caseNo, stored.caseNo]);
  });

  it('does not deliver a buffered message after its TTL, nor to another correlation key', async () => {
    const c = await startCase(t, 'fee-process', ZRZY, { variables: { orderNo: 'PAY-3' } });
    expect((await send({ name: 'fee-paid', correlationKey: 'PAY-3', ttlMs: 1 })).status).toBe(202);
    expect((await send({ name: 'fee-paid', correlationKey: 'PAY-OTHER', ttlMs: 60_000 })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 20));
    await completeTask(c.id, 'prepare');
    expect(active(await caseOf(t, c.id))).toEqual(['wait-paid']);
  });

  it('ignores a duplicate messageId: the same answer, and the case moves once', async () => {
    const c = await startCase(t, 'two-receipts', ZRZY);
    const first = await send({ name: 'receipt', caseId: c.id, messageId: 'rcpt-1' });
    expect(first.status).toBe(200);
    expect(first.body.correlated).toEqual([{ caseId: c.id, elementId: 'r1' }]);
    const again = await send({ name: 'receipt', caseId: c.id, messageId: 'rcpt-1' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(active(await caseOf(t, c.id))).toEqual(['r2']);
    const next = await send({ name: 'receipt', caseId: c.id, messageId: 'rcpt-2' });
    expect(next.body.correlated).toEqual([{ caseId: c.id, elementId: 'r2' }]);
    expect((await caseOf(t, c.id)).endedAt).toEqual(expect.any(String));
    const correlations = (await timelineOf(t, c.id)).filter((e) => e.type === 'message.correlated');
    expect(correlations.map((e) => e.elementId)).toEqual(['r1', 'r2']);
  });

  it('runs two copies of one messageId at the same moment once', async () => {
    const c = await startCase(t, 'two-receipts', ZRZY);
    const [a, b] = await Promise.all([
      send({ name: 'receipt', caseId: c.id, messageId: 'race-1' }),
      send({ name: 'receipt', caseId: c.id, messageId: 'race-1' }),
    ]);
    const ok = [a, b].filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of [a, b]) expect([200, 409]).toContain(r.status);
    for (const r of [a, b].filter((x) => x.status === 409)) expect(r.body.code).toBe('MESSAGE.IN_PROGRESS');
    expect(active(await caseOf(t, c.id))).toEqual(['r2']);
  });

  it('triggers an interrupting message boundary event and a non-interrupting message event subprocess', async () => {
    const c = await startCase(t, 'review-events', ZRZY);
    const urge = await send({ name: 'urge', caseId: c.id });
    expect(urge.body.correlated).toEqual([{ caseId: c.id, elementId: 'esp-s' }]);
    expect(open(await caseOf(t, c.id)).sort()).toEqual(['answer-urge', 'review']);
    const withdrawn = await send({ name: 'application-withdrawn', caseId: c.id });
    expect(withdrawn.body.correlated).toEqual([{ caseId: c.id, elementId: 'withdrawn' }]);
    // The review is interrupted; the urge answer (its own event subprocess) still runs.
    const withdrawnCase = await caseOf(t, c.id);
    expect(open(withdrawnCase)).toEqual(['answer-urge']);
    expect(withdrawnCase.endedAt).toBeNull();
    await completeTask(c.id, 'answer-urge');
    expect((await caseOf(t, c.id)).endedAt).toEqual(expect.any(String));
  });

  it('starts a case at a message start event, handled by the sending department', async () => {
    const res = await send({
      name: 'application-submitted',
      businessKey: 'WT-2026-0001',
      variables: { projectName: '郑东新区某住宅项目' },
      messageId: 'submit-1',
    });
    expect(res.status).toBe(200);
    expect(res.body.correlated).toEqual([{ caseId: expect.any(String), elementId: 'submitted', started: true }]);
    const started = await caseOf(t, res.body.correlated[0].caseId);
    expect(started).toMatchObject({
      processKey: 'online-application',
      businessKey: 'WT-2026-0001',
      variables: { projectName: '郑东新区某住宅项目' },
    });
    expect(open(started)).toEqual(['pre-review']);
    const replay = await send({ name: 'application-submitted', businessKey: 'WT-2026-0001', messageId: 'submit-1' });
    expect(replay.body).toEqual(res.body);
    const cases = await t
      .http()
      .get('/api/v1/cases?limit=200')
      .set('Authorization', `Bearer ${t.token({ roles: ['supervisor'], sub: 'sup' })}`);
    expect(cases.body.items.filter((x: { processKey: string }) => x.processKey === 'online-application')).toHaveLength(
      1,
    );
  });

  it("keeps a department's key away from other departments' cases", async () => {
    const other = await startCase(t, 'drawing-review', SJJ, { variables: { applicationNo: 'SJJ-1' } });
    const res = await send({ name: 'drawing-review-done', correlationKey: 'SJJ-1' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MESSAGE.NO_MATCH');
    expect(active(await caseOf(t, other.id))).toEqual(['await-review']);
  });

  it('refuses bad input with 400 and a code, never a 500', async () => {
    const bad = await send({ name: '', caseId: 'not-a-uuid', ttlMs: -5 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toEqual(expect.any(String));
  });
});
