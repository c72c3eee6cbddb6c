import { WebhookDispatcher } from '../../src/modules/integration/webhooks/application/webhook-dispatcher.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  apiKey,
  bpmn,
  caseOf,
  deploy,
  eventually,
  FAKE_SYSTEM_ENV,
  FakeDepartmentSystem,
  flows,
  startCase,
  timelineOf,
} from './integration-support.js';

const ZRZY = '410100-ZRZY';

/**
 * 自然资源和规划局's part of a case: its system reviews the drawings (external task), reports 部门开始办理 (8)
 * and 办结(通过) (11) — the 11 completes the wait — and finally sends the certificate number as a message.
 */
const PROCESS = bpmn(
  'zrzy-part',
  '<bpmn:startEvent id="s"/>' +
    '<bpmn:serviceTask id="review-drawings" name="施工图审查" tb:topic="zrzy-drawings"/>' +
    '<bpmn:receiveTask id="await-decision" name="等待部门办结" messageRef="m11"/>' +
    '<bpmn:receiveTask id="await-certificate" messageRef="mc" tb:correlationKey="=applicationNo"/>' +
    '<bpmn:endEvent id="e"/>' +
    flows('s', 'review-drawings', 'await-decision', 'await-certificate', 'e'),
  { m11: 'dept-status:11', mc: 'certificate-issued' },
);

describe('a department system with only an API key drives its part of a case end to end', () => {
  let t: TestApp;
  let key: string;
  const secret = 'zrzy-webhook-secret-00000000001';
  const system = new FakeDepartmentSystem(secret);

  const api = () => ({
    post: (path: string, body: Record<string, unknown>) =>
      t.http().post(`/api/v1${path}`).set('X-Api-Key', key).send(body),
  });

  beforeAll(async () => {
    t = await startTestApp({ env: { ...FAKE_SYSTEM_ENV, WEBHOOK_RETRY_BASE_MS: '50' } });
    t.app.get(WebhookDispatcher).start();
    await deploy(t, PROCESS);
    key = (await apiKey(t, ZRZY, ['messages:write', 'external-tasks', 'webhooks'])).secret;
    await system.up();
  });
  afterAll(async () => {
    await system.down();
    await t.close();
  });

  it('fetches its task, pushes statuses, sends a message and receives every signed event', async () => {
    const hook = await api().post('/webhooks', {
      url: system.url,
      events: ['case.created', 'task.created', 'task.completed', 'case.status_changed', 'case.ended'],
      secret,
    });
    expect(hook.status).toBe(201);
    const c = await startCase(t, 'zrzy-part', ZRZY, { variables: { applicationNo: 'JZ-2026-0042' } });

    const fetched = await api().post('/external-tasks/fetch-and-lock', {
      workerId: 'zrzy-1',
      maxTasks: 5,
      topics: [{ topicName: 'zrzy-drawings', lockDurationMs: 60_000 }],
      asyncResponseTimeoutMs: 2_000,
    });
    expect(fetched.body).toHaveLength(1);
    const done = await api().post(`/external-tasks/${fetched.body[0].id}/complete`, {
      workerId: 'zrzy-1',
      variables: { drawingReviewReportNo: '郑审图〔2026〕118号' },
    });
    expect(done.status).toBe(200);

    const started = await api().post(`/cases/${c.id}/department-status`, {
      statusCode: 8,
      handlerName: '李四',
      idempotencyKey: 'zrzy-118-8',
    });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ statusCode: 8, statusName: '部门开始办理', replayed: false, correlated: [] });
    expect((await caseOf(t, c.id)).activeElements.map((a: { elementId: string }) => a.elementId)).toEqual([
      'await-decision',
    ]);

    const closed = {
      statusCode: 11,
      opinion: '经审查，符合规划条件，同意。',
      handlerName: '李四',
      documentNo: '郑规字〔2026〕0042号',
      occurredAt: '2026-11-28T09:30:00+08:00',
      idempotencyKey: 'zrzy-118-11',
    };
    const decided = await api().post(`/cases/${c.id}/department-status`, closed);
    expect(decided.body).toMatchObject({
      statusCode: 11,
      statusName: '办结(通过)',
      replayed: false,
      correlated: [{ caseId: c.id, elementId: 'await-decision' }],
    });
    const replay = await api().post(`/cases/${c.id}/department-status`, closed);
    expect(replay.body).toEqual({ ...decided.body, replayed: true });
    const afterPush = await caseOf(t, c.id);
    expect(afterPush.activeElements.map((a: { elementId: string }) => a.elementId)).toEqual(['await-certificate']);
    expect(afterPush.variables.departmentStatus).toMatchObject({ statusCode: 11, documentNo: '郑规字〔2026〕0042号' });

    const timeline = await timelineOf(t, c.id);
    const pushes = timeline.filter((e) => e.type === 'department.status');
    expect(pushes).toHaveLength(2);
    expect(pushes[1]).toMatchObject({
      source: 'DEPT_PUSH',
      name: '办结(通过)',
      opinion: '经审查，符合规划条件，同意。',
      actor: { name: '李四', department: ZRZY },
      data: { statusCode: 11, documentNo: '郑规字〔2026〕0042号', occurredAt: '2026-11-28T01:30:00.000Z' },
    });

    const certificate = await api().post('/messages', {
      name: 'certificate-issued',
      correlationKey: 'JZ-2026-0042',
      messageId: 'cert-0042',
      variables: { certificateNo: '建字第410100202600042号' },
    });
    expect(certificate.body).toEqual({ correlated: [{ caseId: c.id, elementId: 'await-certificate' }] });
    expect((await caseOf(t, c.id)).endedAt).toEqual(expect.any(String));

    const events = await eventually(
      () => {
        const mine = system.unique().filter((e) => e.caseId === c.id);
        return mine.some((e) => e.type === 'case.ended') ? mine : null;
      },
      15_000,
      'case.ended webhook',
    );
    expect(events.map((e) => e.type)).toEqual(['case.created', 'task.created', 'task.completed', 'case.ended']);
    expect(events[1]!.data).toMatchObject({ kind: 'external', topic: 'zrzy-drawings' });
    expect(system.badSignatures).toEqual([]);
  });

  it('rejects unknown status codes and malformed pushes with 400', async () => {
    const c = await startCase(t, 'zrzy-part', ZRZY, { variables: { applicationNo: 'JZ-X' } });
    for (const body of [
      { statusCode: 99, idempotencyKey: 'a' },
      { statusCode: 8 },
      { statusCode: 8, idempotencyKey: 'b', occurredAt: 'yesterday' },
    ]) {
      const res = await api().post(`/cases/${c.id}/department-status`, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toEqual(expect.any(String));
    }
  });

  it('documents every integration endpoint in OpenAPI with a request schema and examples', async () => {
    const doc = (await t.http().get('/docs-json')).body as {
      paths: Record<string, Record<string, { security?: unknown[]; requestBody?: unknown; responses: object }>>;
      components: { schemas: Record<string, { properties?: Record<string, { example?: unknown }> }> };
    };
    const posts = [
      '/api/v1/messages',
      '/api/v1/cases/{id}/department-status',
      '/api/v1/external-tasks/fetch-and-lock',
      '/api/v1/external-tasks/{id}/complete',
      '/api/v1/external-tasks/{id}/failure',
      '/api/v1/external-tasks/{id}/bpmn-error',
      '/api/v1/external-tasks/{id}/extend-lock',
      '/api/v1/webhooks',
    ];
    for (const path of posts) {
      const op = doc.paths[path]?.post;
      expect(op?.requestBody).toBeDefined();
      expect(op?.security).toEqual(expect.arrayContaining([{ 'api-key': [] }]));
    }
    expect(doc.paths['/api/v1/webhooks']?.get).toBeDefined();
    expect(doc.paths['/api/v1/webhooks/{id}']?.delete).toBeDefined();
    expect(doc.paths['/api/v1/webhooks/{id}/deliveries']?.get).toBeDefined();
    for (const schema of ['CorrelateMessageRequestDto', 'FetchAndLockRequestDto', 'CreateWebhookRequestDto']) {
      const props = Object.values(doc.components.schemas[schema]?.properties ?? {});
      expect(props.length).toBeGreaterThan(0);
      expect(props.filter((p) => p.example === undefined && !('$ref' in p) && !('items' in p))).toEqual([]);
    }
  });
});
