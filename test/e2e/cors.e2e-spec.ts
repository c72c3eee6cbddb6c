import { loadConfig } from '../../src/config/app-config.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ALLOWED = 'https://portal.zhengzhou.gov.cn';
const OTHER = 'https://evil.example.com';

describe('CORS with a list of origins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { CORS_ORIGINS: `${ALLOWED}, https://second.example.gov.cn` } });
  });
  afterAll(() => t.close());

  it('answers a preflight from an allowed origin with 204 and the methods and headers it accepts', async () => {
    const res = await t
      .http()
      .options('/api/v1/cases')
      .set('Origin', ALLOWED)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization, content-type, idempotency-key');
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-methods']).toEqual(expect.stringContaining('POST'));
    const allowedHeaders = String(res.headers['access-control-allow-headers']).toLowerCase();
    for (const h of ['authorization', 'content-type', 'idempotency-key', 'if-match', 'x-api-key', 'x-request-id'])
      expect(allowedHeaders).toContain(h);
    expect(res.headers.vary).toEqual(expect.stringContaining('Origin'));
  });

  it('lets a script on an allowed origin read ETag, Idempotent-Replayed, Retry-After and Location', async () => {
    const admin = t.token({ roles: ['admin'] });
    const res = await t.http().get('/api/v1/items').set('Origin', ALLOWED).set('Authorization', `Bearer ${admin}`);
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    const exposed = String(res.headers['access-control-expose-headers']).toLowerCase();
    for (const h of ['etag', 'idempotent-replayed', 'retry-after', 'location', 'x-request-id'])
      expect(exposed).toContain(h);
  });

  it('sends an error answer with the CORS headers too, so the script can read the problem', async () => {
    const res = await t.http().get('/api/v1/cases').set('Origin', ALLOWED);
    expect(res.status).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it('gives a disallowed origin no CORS headers, on a preflight or a simple request', async () => {
    const pre = await t
      .http()
      .options('/api/v1/cases')
      .set('Origin', OTHER)
      .set('Access-Control-Request-Method', 'POST');
    expect(pre.status).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    expect(pre.headers['access-control-allow-methods']).toBeUndefined();
    const simple = await t.http().get('/health/live').set('Origin', OTHER);
    expect(simple.status).toBe(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    expect(simple.headers['access-control-expose-headers']).toBeUndefined();
  });
});

describe('CORS defaults', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('allows any origin in development (no credentials mode)', async () => {
    const res = await t.http().get('/health/live').set('Origin', OTHER);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('allows no origin in production unless CORS_ORIGINS names it', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).corsOrigins).toEqual([]);
    expect(loadConfig({ NODE_ENV: 'production', CORS_ORIGINS: `${ALLOWED}/` }).corsOrigins).toEqual([ALLOWED]);
    expect(loadConfig({ CORS_ORIGINS: 'none' }).corsOrigins).toEqual([]);
  });
});
