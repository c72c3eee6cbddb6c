import pg from 'pg';
import { WebhookDispatcher } from '../../src/modules/integration/webhooks/application/webhook-dispatcher.js';
import { openCase, staff, type Staff } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey, eventually, FakeDepartmentSystem } from './integration-support.js';

/** SSRF: without WEBHOOK_ALLOW_PRIVATE_TARGETS, webhooks cannot reach the service's own network. */
describe('webhook targets: internal addresses are refused', () => {
  let t: TestApp;
  let s: Staff;
  let key: string;
  const secret = 'ssrf-test-secret-000000000001';
  const inside = new FakeDepartmentSystem(secret);

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_MAX_ATTEMPTS: '2' } });
    s = staff(t);
    key = (await apiKey(t, '410100-ZRZY', ['webhooks'])).secret;
    await inside.up();
  });
  afterAll(async () => {
    await inside.down();
    await t.close();
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://localhost:6379/',
    'http://[::1]:22/',
    'http://10.0.0.1/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://100.64.0.1/',
    'http://192.168.0.10:8080/',
    'http://172.31.255.1/',
    'http://0.0.0.0:3000/',
    'http://224.0.0.251/',
    'https://app.localhost/hooks',
  ])('POST /webhooks %s → 400 WEBHOOK.TARGET_NOT_ALLOWED', async (url) => {
    const res = await t
      .http()
      .post('/api/v1/webhooks')
      .set('X-Api-Key', key)
      .send({ url, events: ['case.created'], secret });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('WEBHOOK.TARGET_NOT_ALLOWED');
  });

  it('accepts a public address', async () => {
    const res = await t
      .http()
      .post('/api/v1/webhooks')
      .set('X-Api-Key', key)
      .send({ url: 'https://93.184.216.34/tongban/events', events: ['case.created'], secret });
    expect(res.status).toBe(201);
  });

  it('checks again at delivery, and shows a category, not the socket error', async () => {
    // A webhook whose target became internal after it was accepted (its DNS name now points inside).
    const db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
    const hookId = '00000000-0000-4000-8000-0000000000aa';
    try {
      await db.query(
        `INSERT INTO webhook (id, department, url, events, secret, created_by, created_at)
         VALUES ($1, NULL, $2, '{case.created}', $3, 'admin-1', now())`,
        [hookId, inside.url, secret],
      );
    } finally {
      await db.end();
    }
    t.app.get(WebhookDispatcher).start();
    await openCase(t, s.window);
    const [delivery] = await eventually(
      async () => {
        const res = await t
          .http()
          .get(`/api/v1/webhooks/${hookId}/deliveries`)
          .set('Authorization', `Bearer ${s.admin}`);
        return res.body.items?.[0]?.state === 'dead' ? res.body.items : null;
      },
      15_000,
      'the delivery refused',
    );
    expect(delivery).toMatchObject({ lastError: 'TARGET_NOT_ALLOWED', lastStatus: null });
    expect(inside.attempts).toEqual([]);
    expect(inside.badSignatures).toEqual([]);
  });
});
