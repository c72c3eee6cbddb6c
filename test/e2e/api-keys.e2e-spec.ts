import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey, bpmn, deploy, flows, startCase } from './integration-support.js';

const ZRZY = '410100-ZRZY';
const SJJ = '410100-SJJ';

describe('API keys: department systems authenticate with X-Api-Key, limited by scope and department', () => {
  let t: TestApp;
  const admin = () => t.token({ roles: ['admin'], sub: 'admin-1' });

  beforeAll(async () => {
    t = await startTestApp();
    await deploy(
      t,
      bpmn(
        'keyed',
        '<bpmn:startEvent id="s"/><bpmn:receiveTask id="wait" messageRef="m1"/><bpmn:endEvent id="e"/>' +
          flows('s', 'wait', 'e'),
        { m1: 'ping' },
      ),
    );
  });
  afterAll(() => t.close());

  it('creates a key for admins only and shows the secret once, stored hashed', async () => {
    const refused = await t
      .http()
      .post('/api/v1/api-keys')
      .set('Authorization', `Bearer ${t.token({ roles: ['handler'], dept: ZRZY })}`)
      .send({ name: 'x', department: ZRZY, scopes: ['webhooks'] });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH.ROLE_MISSING');
    const created = await t
      .http()
      .post('/api/v1/api-keys')
      .set('Authorization', `Bearer ${admin()}`)
      .send({ name: '规划局审图系统', department: ZRZY, scopes: ['messages:write', 'external-tasks'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^tbk_/);
    const list = await t.http().get('/api/v1/api-keys').set('Authorization', `Bearer ${admin()}`);
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(listed).toMatchObject({ department: ZRZY, scopes: ['messages:write', 'external-tasks'], revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
    const me = await t.http().get('/api/v1/me').set('X-Api-Key', created.body.secret);
    expect(me.body).toMatchObject({ kind: 'system', dept: ZRZY, scopes: ['messages:write', 'external-tasks'] });
  });

  it('refuses a route whose scope the key lacks, and routes meant for people only', async () => {
    const { secret } = await apiKey(t, ZRZY, ['cases:read']);
    const calls = [
      t.http().post('/api/v1/messages').set('X-Api-Key', secret).send({ name: 'ping' }),
      t
        .http()
        .post('/api/v1/external-tasks/fetch-and-lock')
        .set('X-Api-Key', secret)
        .send({ workerId: 'w', maxTasks: 1, topics: [{ topicName: 'x', lockDurationMs: 1000 }] }),
      t
        .http()
        .post('/api/v1/webhooks')
        .set('X-Api-Key', secret)
        .send({ url: 'http://127.0.0.1:9/x', events: ['case.created'], secret: '0123456789abcdef' }),
      t.http().get('/api/v1/webhooks').set('X-Api-Key', secret),
      t
        .http()
        .post('/api/v1/cases/7d0f5a8e-3f7c-4a57-9a54-0f2b8f6c1e11/department-status')
        .set('X-Api-Key', secret)
        .send({ statusCode: 8, idempotencyKey: 'k' }),
      t.http().post('/api/v1/process-definitions').set('X-Api-Key', secret).type('application/xml').send('<x/>'),
      t.http().get('/api/v1/api-keys').set('X-Api-Key', secret),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('AUTH.SCOPE_MISSING');
    }
  });

  it('lets a key act only for its department', async () => {
    const zrzy = (await apiKey(t, ZRZY, ['messages:write'])).secret;
    const sjj = (await apiKey(t, SJJ, ['messages:write'])).secret;
    const c = await startCase(t, 'keyed', SJJ);
    const foreignMessage = await t
      .http()
      .post('/api/v1/messages')
      .set('X-Api-Key', zrzy)
      .send({ name: 'ping', caseId: c.id });
    expect(foreignMessage.status).toBe(404);
    expect(foreignMessage.body.code).toBe('MESSAGE.NO_MATCH');
    const foreignStatus = await t
      .http()
      .post(`/api/v1/cases/${c.id}/department-status`)
      .set('X-Api-Key', zrzy)
      .send({ statusCode: 8, idempotencyKey: 'z-1' });
    expect(foreignStatus.status).toBe(404);
    expect(foreignStatus.body.code).toBe('CASE.NOT_FOUND');
    const own = await t.http().post('/api/v1/messages').set('X-Api-Key', sjj).send({ name: 'ping', caseId: c.id });
    expect(own.status).toBe(200);
    expect(own.body.correlated).toEqual([{ caseId: c.id, elementId: 'wait' }]);
  });

  it('stops a revoked key at once, and refuses unknown keys', async () => {
    const { id, secret } = await apiKey(t, ZRZY, ['webhooks']);
    expect((await t.http().get('/api/v1/webhooks').set('X-Api-Key', secret)).status).toBe(200);
    const del = await t.http().delete(`/api/v1/api-keys/${id}`).set('Authorization', `Bearer ${admin()}`);
    expect(del.status).toBe(204);
    const after = await t.http().get('/api/v1/webhooks').set('X-Api-Key', secret);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('AUTH.INVALID_API_KEY');
    const junk = await t.http().get('/api/v1/webhooks').set('X-Api-Key', 'tbk_not_a_real_key');
    expect(junk.status).toBe(401);
    expect(junk.body.code).toBe('AUTH.INVALID_API_KEY');
  });
});
