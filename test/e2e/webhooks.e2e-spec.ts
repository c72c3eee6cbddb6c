import pg from 'pg';
import { WebhookDispatcher } from '../../src/modules/integration/webhooks/application/webhook-dispatcher.js';
import { DEPT, finishAfterDecision, NINE_STEPS, openCase, staff, type Staff, step } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey, eventually, FakeDepartmentSystem, sleep } from './integration-support.js';

const ALL_EVENTS = [
  'case.created',
  'case.status_changed',
  'task.created',
  'task.completed',
  'case.ended',
  'alert.raised',
  'incident.raised',
];
const FAST_RETRIES = { WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_POLL_MS: '50', WEBHOOK_TIMEOUT_MS: '2000' };

/** The outbox as committed, for one case: what the department system must see, in this order. */
async function outboxOf(t: TestApp, caseId: string): Promise<{ id: string; type: string }[]> {
  const client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  try {
    return (await client.query('SELECT id, type FROM outbox_event WHERE case_id = $1 ORDER BY seq', [caseId])).rows;
  } finally {
    await client.end();
  }
}

describe('webhooks: signed, at least once, in order per case', () => {
  let t: TestApp;
  let s: Staff;
  let key: string;
  const secret = 'dept-system-shared-secret-0001';
  const fake = new FakeDepartmentSystem(secret);
  let webhookId: string;

  const hooks = () => t.http();

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { ...FAST_RETRIES, WEBHOOK_MAX_ATTEMPTS: '12' } });
    t.app.get(WebhookDispatcher).start();
    s = staff(t);
    key = (await apiKey(t, DEPT, ['webhooks'])).secret;
    await fake.up();
    const res = await hooks()
      .post('/api/v1/webhooks')
      .set('X-Api-Key', key)
      .send({ url: fake.url, events: ALL_EVENTS, secret });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ url: fake.url, events: ALL_EVENTS, department: DEPT });
    expect(res.body.secret).toBeUndefined();
    webhookId = res.body.id;
  });
  afterAll(async () => {
    await fake.down();
    await t.close();
  });

  it('delivers every event of a nine-step case once, signed, in order', async () => {
    const c = await openCase(t, s.window, { variables: { inspectionRequired: true } });
    await step(t, s.window, c.id, 'receive', { outcome: 'accept', opinion: '材料齐全' });
    await step(t, s.handler, c.id, 'inspect', { opinion: '现场符合要求' });
    await step(t, s.handler, c.id, 'review', { outcome: 'pass' });
    await step(t, s.leader, c.id, 'approve', { outcome: 'approve', opinion: '同意' });
    await finishAfterDecision(t, s, c.id);
    const expected = await outboxOf(t, c.id);
    expect(expected.map((e) => e.type)).toEqual(expect.arrayContaining(['case.created', 'case.ended']));
    const seen = await eventually(
      () => {
        const mine = fake.unique().filter((e) => e.caseId === c.id);
        return mine.length >= expected.length ? mine : null;
      },
      20_000,
      'all events of the case',
    );
    expect(seen.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(seen.map((e) => e.type)).toEqual(expected.map((e) => e.type));
    expect(fake.badSignatures).toEqual([]);
    for (const e of seen) {
      expect(e.headers['x-tongban-event-id']).toBe(e.id);
      expect(e.headers['x-tongban-event-type']).toBe(e.type);
      expect(e.headers['x-tongban-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(new Date(String(e.headers['x-tongban-timestamp'])).getTime()).not.toBeNaN();
    }
    const completed = seen.filter((e) => e.type === 'task.completed').map((e) => e.data.elementId);
    expect(completed).toEqual(NINE_STEPS);
    expect(seen[seen.length - 1]).toMatchObject({ type: 'case.ended', data: { status: 'CLOSED_APPROVED' } });

    const deliveries = await hooks().get(`/api/v1/webhooks/${webhookId}/deliveries?limit=200`).set('X-Api-Key', key);
    expect(deliveries.status).toBe(200);
    const ofCase = deliveries.body.items.filter((d: { caseId: string }) => d.caseId === c.id);
    expect(ofCase.map((d: { eventId: string }) => d.eventId)).toEqual(expected.map((e) => e.id));
    expect(
      ofCase.every((d: { state: string; lastStatus: number }) => d.state === 'delivered' && d.lastStatus === 200),
    ).toBe(true);
  });

  it('resumes delivery, in order, after the department system was down', async () => {
    await fake.down();
    const c = await openCase(t, s.window);
    await step(t, s.window, c.id, 'receive', { outcome: 'accept' });
    await step(t, s.handler, c.id, 'review', { outcome: 'pass' });
    // While it is down, the first event of the case is retried and the later ones wait behind it.
    await eventually(
      async () => {
        const res = await hooks().get(`/api/v1/webhooks/${webhookId}/deliveries?limit=200`).set('X-Api-Key', key);
        const first = res.body.items.find((d: { caseId: string }) => d.caseId === c.id);
        return (
          first && first.attempts >= 2 && first.state === 'pending' && /ECONNREFUSED|fetch failed/.test(first.lastError)
        );
      },
      10_000,
      'failed attempts while down',
    );
    expect(fake.received.filter((e) => e.caseId === c.id)).toEqual([]);
    await fake.up();
    const expected = await outboxOf(t, c.id);
    const seen = await eventually(
      () => {
        const mine = fake.unique().filter((e) => e.caseId === c.id);
        return mine.length >= expected.length ? mine : null;
      },
      20_000,
      'delivery after the system came back',
    );
    expect(seen.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(fake.badSignatures).toEqual([]);
  });

  it('lists and deletes webhooks per department', async () => {
    const other = (await apiKey(t, '410100-ZRZY', ['webhooks'])).secret;
    const mine = await hooks().get('/api/v1/webhooks').set('X-Api-Key', key);
    expect(mine.body.items.map((w: { id: string }) => w.id)).toEqual([webhookId]);
    expect(mine.body.items[0].secret).toBeUndefined();
    const theirs = await hooks().get('/api/v1/webhooks').set('X-Api-Key', other);
    expect(theirs.body.items).toEqual([]);
    const peek = await hooks().get(`/api/v1/webhooks/${webhookId}/deliveries`).set('X-Api-Key', other);
    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe('WEBHOOK.NOT_FOUND');
    const del = await hooks().delete(`/api/v1/webhooks/${webhookId}`).set('X-Api-Key', other);
    expect(del.status).toBe(404);
    expect(del.body.code).toBe('WEBHOOK.NOT_FOUND');
    const admin = await hooks().get('/api/v1/webhooks').set('Authorization', `Bearer ${s.admin}`);
    expect(admin.body.items.map((w: { id: string }) => w.id)).toContain(webhookId);
  });

  it('accepts only http(s) URLs and known event types', async () => {
    for (const url of ['ftp://127.0.0.1/x', 'file:///etc/passwd', 'not a url', 'http://user:pw@127.0.0.1/x']) {
      const res = await hooks()
        .post('/api/v1/webhooks')
        .set('X-Api-Key', key)
        .send({ url, events: ['case.created'], secret });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('WEBHOOK.INVALID_URL');
    }
    const badEvent = await hooks()
      .post('/api/v1/webhooks')
      .set('X-Api-Key', key)
      .send({ url: fake.url, events: ['case.exploded'], secret });
    expect(badEvent.status).toBe(400);
    const shortSecret = await hooks()
      .post('/api/v1/webhooks')
      .set('X-Api-Key', key)
      .send({ url: fake.url, events: ['case.created'], secret: 'short' });
    expect(shortSecret.status).toBe(400);
    const wrongDept = await hooks()
      .post('/api/v1/webhooks')
      .set('X-Api-Key', key)
      .send({ url: fake.url, events: ['case.created'], secret, department: '410100-ZRZY' });
    expect(wrongDept.status).toBe(403);
    expect(wrongDept.body.code).toBe('WEBHOOK.DEPARTMENT_MISMATCH');
  });
});

describe('webhooks: dead letter', () => {
  let t: TestApp;
  const secret = 'dead-letter-secret-000000000001';
  const broken = new FakeDepartmentSystem(secret);

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { ...FAST_RETRIES, WEBHOOK_MAX_ATTEMPTS: '3' } });
    t.app.get(WebhookDispatcher).start();
    broken.status = () => 500;
    await broken.up();
  });
  afterAll(async () => {
    await broken.down();
    await t.close();
  });

  it('gives up after N tries, keeps the delivery as dead, and goes on with the next event', async () => {
    const s = staff(t);
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({ url: broken.url, events: ['case.created', 'task.created'], secret });
    expect(created.body.department).toBeNull();
    const c = await openCase(t, s.window);
    const deliveries = await eventually(
      async () => {
        const res = await t
          .http()
          .get(`/api/v1/webhooks/${created.body.id}/deliveries`)
          .set('Authorization', `Bearer ${s.admin}`);
        const items = res.body.items.filter((d: { caseId: string }) => d.caseId === c.id);
        return items.length === 2 && items.every((d: { state: string }) => d.state === 'dead') ? items : null;
      },
      15_000,
      'dead deliveries',
    );
    expect(deliveries.map((d: { eventType: string }) => d.eventType)).toEqual(['case.created', 'task.created']);
    for (const d of deliveries) expect(d).toMatchObject({ attempts: 3, lastStatus: 500, lastError: 'HTTP 500' });
    await sleep(300);
    // Three signed attempts for each event, and nothing after the dead letter.
    expect(broken.badSignatures).toEqual([]);
    const perEvent = new Map<string, number>();
    for (const id of broken.attempts) perEvent.set(id, (perEvent.get(id) ?? 0) + 1);
    expect([...perEvent.values()]).toEqual([3, 3]);

    // Once the receiver is fixed, an admin sends a dead letter again.
    broken.status = () => 200;
    const first = deliveries[0] as { id: string; eventId: string };
    const again = await t
      .http()
      .post(`/api/v1/webhooks/${created.body.id}/deliveries/${first.id}/redeliver`)
      .set('Authorization', `Bearer ${s.admin}`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ state: 'pending', attempts: 0 });
    await eventually(
      async () => {
        const res = await t
          .http()
          .get(`/api/v1/webhooks/${created.body.id}/deliveries`)
          .set('Authorization', `Bearer ${s.admin}`);
        return (
          res.body.items.find((d: { id: string; state: string }) => d.id === first.id && d.state === 'delivered') ??
          null
        );
      },
      15_000,
      'redelivered',
    );
    const twice = await t
      .http()
      .post(`/api/v1/webhooks/${created.body.id}/deliveries/${first.id}/redeliver`)
      .set('Authorization', `Bearer ${s.admin}`);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('WEBHOOK.DELIVERY_NOT_DEAD');
  });
});
