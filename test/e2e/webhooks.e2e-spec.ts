import pg from 'pg';
import { WebhookDispatcher } from '../../src/modules/integration/webhooks/application/webhook-dispatcher.js';
import { DEPT, finishAfterDecision, NINE_STEPS, openCase, staff, type Staff, step } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey, eventually, FAKE_SYSTEM_ENV, FakeDepartmentSystem, sleep } from './integration-support.js';

const ALL_EVENTS = [
  'case.created',
  'case.status_changed',
  'task.created',
  'task.completed',
  'case.ended',
  'alert.raised',
  'incident.raised',
];
// No WEBHOOK_POLL_MS: deliveries must go out because the database notifies, not because of a short poll.
const FAST_RETRIES = {
  ...FAKE_SYSTEM_ENV,
  WEBHOOK_RETRY_BASE_MS: '50',
  WEBHOOK_RETRY_MAX_DELAY_MS: '200',
  WEBHOOK_TIMEOUT_MS: '2000',
};

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
      expect(e.headers['x-tongban-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
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
        return first && first.attempts >= 2 && first.state === 'pending' && first.lastError === 'CONNECTION_REFUSED';
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

interface Delivery {
  id: string;
  caseId: string;
  eventId: string;
  eventType: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
}

describe('webhooks: dead letter', () => {
  let t: TestApp;
  let s: Staff;
  const secret = 'dead-letter-secret-000000000001';
  const broken = new FakeDepartmentSystem(secret);
  const admin = () => `Bearer ${s.admin}`;
  const deliveriesOf = async (hookId: string, caseId: string): Promise<Delivery[]> => {
    const res = await t.http().get(`/api/v1/webhooks/${hookId}/deliveries?limit=200`).set('Authorization', admin());
    return (res.body.items as Delivery[]).filter((d) => d.caseId === caseId);
  };
  const subscribe = async (): Promise<string> => {
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set('Authorization', admin())
      .send({ url: broken.url, events: ['case.created', 'task.created'], secret });
    expect(created.status).toBe(201);
    expect(created.body.department).toBeNull();
    return created.body.id;
  };

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { ...FAST_RETRIES, WEBHOOK_MAX_ATTEMPTS: '3' } });
    t.app.get(WebhookDispatcher).start();
    s = staff(t);
    await broken.up();
  });
  afterAll(async () => {
    await broken.down();
    await t.close();
  });

  it('gives up after N tries and holds the later events of the case until the dead one is redelivered', async () => {
    broken.status = () => 500;
    const hookId = await subscribe();
    const c = await openCase(t, s.window);
    const [dead, held] = await eventually(
      async () => {
        const items = await deliveriesOf(hookId, c.id);
        return items.length === 2 && items[0]?.state === 'dead' ? items : null;
      },
      15_000,
      'a dead delivery',
    );
    expect(dead).toMatchObject({ eventType: 'case.created', attempts: 3, lastStatus: 500, lastError: 'HTTP_5XX' });
    // The later event of the same case waits behind the dead letter: it was never attempted.
    await sleep(300);
    expect(held).toMatchObject({ eventType: 'task.created', state: 'pending', attempts: 0 });
    expect((await deliveriesOf(hookId, c.id))[1]).toMatchObject({ state: 'pending', attempts: 0 });
    expect(broken.badSignatures).toEqual([]);
    expect(broken.attempts.filter((id) => id === held!.eventId)).toEqual([]);
    expect(broken.attempts.filter((id) => id === dead!.eventId)).toHaveLength(3);

    // Once the receiver is fixed, an admin sends the dead letter again: it goes first, then the held one.
    broken.status = () => 200;
    const again = await t
      .http()
      .post(`/api/v1/webhooks/${hookId}/deliveries/${dead!.id}/redeliver`)
      .set('Authorization', admin());
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ state: 'pending', attempts: 0 });
    await eventually(
      async () => (await deliveriesOf(hookId, c.id)).every((d) => d.state === 'delivered'),
      15_000,
      'both delivered',
    );
    const order = broken.unique().filter((e) => e.caseId === c.id);
    expect(order.map((e) => e.id)).toEqual([dead!.eventId, held!.eventId]);
    const twice = await t
      .http()
      .post(`/api/v1/webhooks/${hookId}/deliveries/${dead!.id}/redeliver`)
      .set('Authorization', admin());
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('WEBHOOK.DELIVERY_NOT_DEAD');
  });

  it('releases the held events when an admin skips the dead delivery', async () => {
    broken.status = () => 503;
    const hookId = await subscribe();
    const c = await openCase(t, s.window);
    const [dead, held] = await eventually(
      async () => {
        const items = await deliveriesOf(hookId, c.id);
        return items.length === 2 && items[0]?.state === 'dead' ? items : null;
      },
      15_000,
      'a dead delivery',
    );
    expect(held).toMatchObject({ state: 'pending', attempts: 0 });
    broken.status = () => 200;
    const skipped = await t
      .http()
      .post(`/api/v1/webhooks/${hookId}/deliveries/${dead!.id}/skip`)
      .set('Authorization', admin());
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({ id: dead!.id, state: 'skipped' });
    await eventually(
      async () => (await deliveriesOf(hookId, c.id))[1]?.state === 'delivered',
      15_000,
      'the held event delivered',
    );
    expect(broken.unique().map((e) => e.id)).not.toContain(dead!.eventId);
    const again = await t
      .http()
      .post(`/api/v1/webhooks/${hookId}/deliveries/${dead!.id}/skip`)
      .set('Authorization', admin());
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('WEBHOOK.DELIVERY_NOT_SKIPPABLE');
    const missing = await t
      .http()
      .post(`/api/v1/webhooks/${hookId}/deliveries/00000000-0000-4000-8000-000000000000/skip`)
      .set('Authorization', admin());
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('WEBHOOK.DELIVERY_NOT_FOUND');
  });
});

describe('webhooks: dead letters that do not hold their case, and the retry budget', () => {
  let t: TestApp;
  let s: Staff;
  const secret = 'no-hold-secret-0000000000000001';
  const broken = new FakeDepartmentSystem(secret);

  beforeAll(async () => {
    // No attempt cap: a delivery dies when its next attempt would fall outside a 1.5 s budget.
    t = await startTestApp({
      loadWorkflows: true,
      env: { ...FAST_RETRIES, WEBHOOK_DEAD_LETTER_HOLDS_CASE: 'false', WEBHOOK_RETRY_BUDGET_MS: '1500' },
    });
    t.app.get(WebhookDispatcher).start();
    s = staff(t);
    broken.status = () => 500;
    await broken.up();
  });
  afterAll(async () => {
    await broken.down();
    await t.close();
  });

  it('dead-letters each event once its budget is used up and goes on with the next', async () => {
    const created = await t
      .http()
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({ url: broken.url, events: ['case.created', 'task.created'], secret });
    const c = await openCase(t, s.window);
    const deliveries = await eventually(
      async () => {
        const res = await t
          .http()
          .get(`/api/v1/webhooks/${created.body.id}/deliveries`)
          .set('Authorization', `Bearer ${s.admin}`);
        const items = (res.body.items as Delivery[]).filter((d) => d.caseId === c.id);
        return items.length === 2 && items.every((d) => d.state === 'dead') ? items : null;
      },
      20_000,
      'dead deliveries',
    );
    expect(deliveries.map((d) => d.eventType)).toEqual(['case.created', 'task.created']);
    for (const d of deliveries) {
      expect(d).toMatchObject({ lastStatus: 500, lastError: 'HTTP_5XX' });
      expect(d.attempts).toBeGreaterThan(1);
    }
  });
});
