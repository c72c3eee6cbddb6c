import { applicant, openCase, staff, type Staff, taskAt } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every endpoint treated as attacked: wrong types, oversized bodies, junk ids — a coded 4xx, never a 500. */
describe('bad input gets a problem+json 4xx and changes nothing', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    s = staff(t);
  });
  afterAll(() => t.close());

  const expectProblem = (
    res: { status: number; headers: Record<string, string>; body: { code?: unknown; stack?: unknown } },
    status: number,
    code?: string,
  ) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(typeof res.body.code).toBe('string');
    if (code) expect(res.body.code).toBe(code);
    expect(res.body.stack).toBeUndefined();
  };

  it('refuses a 2 MB JSON body with 413', async () => {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ itemCode: '410100-SJJ-XK-001', applicant, variables: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    expectProblem(res, 413, 'HTTP.PAYLOAD_TOO_LARGE');
  });

  it('refuses malformed JSON, wrong types and missing identities with 400 and a path', async () => {
    const malformed = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .set('Content-Type', 'application/json')
      .send('{"itemCode": ');
    expectProblem(malformed, 400);
    const noUscc = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ itemCode: '410100-SJJ-XK-001', applicant: { type: 'LEGAL_PERSON', name: '某公司' } });
    expectProblem(noUscc, 400, 'VALIDATION.FAILED');
    expect(noUscc.body.errors.map((e: { path: string }) => e.path)).toContain('applicant.uscc');
    const vars = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ itemCode: '410100-SJJ-XK-001', applicant, variables: ['not', 'an', 'object'] });
    expectProblem(vars, 400, 'VALIDATION.FAILED');
    const unknownItem = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ itemCode: 'NOPE', applicant });
    expectProblem(unknownItem, 404, 'ITEM.NOT_FOUND');
    const list = await t.http().get('/api/v1/cases?limit=50').set('Authorization', `Bearer ${s.supervisor}`);
    expect(list.body.total).toBe(0);
  });

  it('refuses junk ids, cursors and outcomes without touching the task', async () => {
    const c = await openCase(t, s.window);
    const task = await taskAt(t, s.window, c.id, 'receive');
    expectProblem(
      await t.http().get('/api/v1/cases/not-a-uuid').set('Authorization', `Bearer ${s.window}`),
      400,
      'HTTP.INVALID_IDENTIFIER',
    );
    expectProblem(await t.http().get('/api/v1/tasks?cursor=%%%').set('Authorization', `Bearer ${s.window}`), 400);
    expectProblem(
      await t.http().get('/api/v1/tasks?caseId=123').set('Authorization', `Bearer ${s.window}`),
      400,
      'VALIDATION.FAILED',
    );
    const numeric = await t
      .http()
      .post(`/api/v1/tasks/${task.id}/complete`)
      .set('Authorization', `Bearer ${s.window}`)
      .send({ outcome: 42 });
    expectProblem(numeric, 400, 'VALIDATION.FAILED');
    const unknown = await t
      .http()
      .post(`/api/v1/tasks/${task.id}/complete`)
      .set('Authorization', `Bearer ${s.window}`)
      .send({ outcome: 'bribe' });
    expectProblem(unknown, 422, 'TASK.OUTCOME_NOT_ALLOWED');
    const ghost = await t
      .http()
      .post('/api/v1/tasks/00000000-0000-4000-8000-000000000000/complete')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ outcome: 'accept' });
    expectProblem(ghost, 404, 'TASK.NOT_FOUND');
    const still = await taskAt(t, s.window, c.id, 'receive');
    expect(still).toMatchObject({ id: task.id, state: 'open' });
    const timeline = await t.http().get(`/api/v1/cases/${c.id}/timeline`).set('Authorization', `Bearer ${s.window}`);
    expect(timeline.body.items.map((e: { type: string }) => e.type)).not.toContain('task.completed');
  });

  it('refuses a token for an unknown role and an API key on a user route', async () => {
    const odd = t.token({ roles: ['hacker'], dept: '410100-SJJ' });
    expectProblem(await t.http().get('/api/v1/tasks').set('Authorization', `Bearer ${odd}`), 401, 'AUTH.INVALID_TOKEN');
    expectProblem(await t.http().get('/api/v1/tasks').set('X-Api-Key', 'tbk_nope_nope'), 401, 'AUTH.INVALID_API_KEY');
  });
});
