import { AppLogger } from '../../src/shared/logging/app-logger.js';
import { applicant, openCase, staff } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Line = Record<string, unknown>;

describe('operations: JSON logs, request ids, business metrics', () => {
  let t: TestApp;
  const lines: Line[] = [];
  const logger = new AppLogger({
    level: 'log',
    destination: { write: (s: string) => void lines.push(JSON.parse(s) as Line) },
  });
  const access = () => lines.filter((l) => l.context === 'http');

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, logger });
  });
  afterAll(() => t.close());

  it('logs the start-up without one line per module or route', () => {
    // Nest maps about a hundred routes while the app starts; none of that reached the log.
    const contexts = new Set(lines.map((l) => l.context));
    for (const noisy of ['RoutesResolver', 'RouterExplorer', 'InstanceLoader']) expect(contexts).not.toContain(noisy);
    // Those contexts are quiet, not muted: a warning from them still gets through.
    logger.warn('route conflict', 'RouterExplorer');
    expect(lines.at(-1)).toMatchObject({ level: 'warn', context: 'RouterExplorer', msg: 'route conflict' });
  });

  it('writes one JSON access line per request with the caller’s request id and no personal data', async () => {
    const s = staff(t);
    lines.length = 0;
    const res = await t
      .http()
      .get(`/api/v1/cases?applicant=${encodeURIComponent(applicant.name)}&queryCode=123456`)
      .set('Authorization', `Bearer ${s.window}`)
      .set('X-Request-Id', 'portal-7f3a.42');
    expect(res.headers['x-request-id']).toBe('portal-7f3a.42');
    const mine = access().filter((l) => l.requestId === 'portal-7f3a.42');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      level: expect.any(String),
      time: expect.any(String),
      method: 'GET',
      path: '/api/v1/cases',
      status: res.status,
      durationMs: expect.any(Number),
      principal: 'window-410100-SJJ',
      dept: '410100-SJJ',
    });
    const text = JSON.stringify(lines);
    for (const secret of [applicant.name, '123456', s.window, '窗口人员']) expect(text).not.toContain(secret);
  });

  it('replaces a missing or unreasonable request id with a fresh one, also on errors', async () => {
    const none = await t.http().get('/api/v1/cases');
    expect(none.status).toBe(401);
    expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await t.http().get('/health/live').set('X-Request-Id', 'x'.repeat(300));
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unauthorised = access().find((l) => l.requestId === none.headers['x-request-id']);
    expect(unauthorised).toMatchObject({ status: 401, level: 'warn' });
    expect(unauthorised).not.toHaveProperty('principal');
  });

  it('exposes business gauges on /metrics, computed at scrape time', async () => {
    const s = staff(t);
    const before = await t.http().get('/metrics');
    const received = (text: string) => Number(/^tongban_cases_open\{status="RECEIVED"\} (\d+)$/m.exec(text)?.[1] ?? 0);
    await openCase(t, s.window);
    await openCase(t, s.window);
    const after = await t.http().get('/metrics');
    expect(after.status).toBe(200);
    expect(received(after.text) - received(before.text)).toBe(2);
    for (const g of [
      'tongban_business_metrics_up 1',
      'tongban_cases_overdue 0',
      'tongban_jobs_due ',
      'tongban_jobs_failed 0',
      'tongban_webhook_deliveries_dead 0',
      'tongban_webhook_lag_seconds ',
    ])
      expect(after.text).toContain(g);
  });
});
