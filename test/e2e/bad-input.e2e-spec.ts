import net from 'node:net';
import type { Server } from 'node:http';
import { applicant, ITEM, openCase, staff, type Staff, taskAt } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Raw bytes to the server, for requests a well-behaved client library refuses to send. */
async function rawRequest(server: Server, text: string): Promise<{ status: number; type: string; body: unknown }> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    let data = '';
    socket.on('data', (d: Buffer) => (data += d.toString('utf8')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return {
    status: Number(head.split(' ')[1]),
    type: /content-type: ([^\r]+)/i.exec(head)?.[1] ?? '',
    body: body ? (JSON.parse(body) as unknown) : null,
  };
}

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

  it('refuses a NUL character in a query parameter, a path segment, a header and a JSON string with HTTP.INVALID_CHARACTERS', async () => {
    const auth = `Bearer ${s.supervisor}`;
    expectProblem(
      await t.http().get('/api/v1/cases?applicant=%00').set('Authorization', auth),
      400,
      'HTTP.INVALID_CHARACTERS',
    );
    expectProblem(await t.http().get('/api/v1/items/a%00b').set('Authorization', auth), 400, 'HTTP.INVALID_CHARACTERS');
    const nulName = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .set('Content-Type', 'application/json')
      .send(
        `{"itemCode":"${ITEM}","applicant":{"type":"NATURAL_PERSON","name":"a\\u0000b","idNumber":"110101199003074573"}}`,
      );
    expectProblem(nulName, 400, 'HTTP.INVALID_CHARACTERS');
    // An escaped backslash followed by u0000 is six ordinary characters, not a NUL.
    const escaped = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .set('Content-Type', 'application/json')
      .send('{"itemCode":"NOPE","applicant":{"type":"NATURAL_PERSON","name":"a\\\\u0000b"}}');
    expect(escaped.body.code).not.toBe('HTTP.INVALID_CHARACTERS');
    const header = await rawRequest(
      t.app.getHttpServer() as Server,
      'GET /api/v1/cases HTTP/1.1\r\nHost: x\r\nX-Note: a\0b\r\nConnection: close\r\n\r\n',
    );
    expect(header.status).toBe(400);
    expect(header.type).toContain('application/problem+json');
    expect(header.body).toMatchObject({ status: 400, code: 'HTTP.INVALID_CHARACTERS' });
    const list = await t.http().get('/api/v1/cases?limit=50').set('Authorization', auth);
    expect(list.body.items.map((c: { applicant?: { name?: string } }) => c.applicant?.name)).not.toContain('a\u0000b');
  });

  it('refuses JSON nested deeper than the limit with HTTP.NESTING_TOO_DEEP, and accepts ordinary nesting', async () => {
    const deep = `{"itemCode":"${ITEM}","variables":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .set('Content-Type', 'application/json')
      .send(deep);
    expectProblem(res, 400, 'HTTP.NESTING_TOO_DEEP');
    // Brackets inside strings are text, not nesting.
    const inString = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ itemCode: 'NOPE', applicant, variables: { note: '['.repeat(5000) } });
    expectProblem(inString, 404, 'ITEM.NOT_FOUND');
  });

  it('refuses impossible dates in every date parameter with 400 naming the parameter', async () => {
    const cases: [string, string, string][] = [
      ['/api/v1/supervision/stats?groupBy=department&from=2026-02-30', s.supervisor, 'from'],
      ['/api/v1/supervision/stats?groupBy=item&to=2026-13-01', s.supervisor, 'to'],
      ['/api/v1/calendars/CN/add-working-days?from=0000-00-00&days=1', s.window, 'from'],
      ['/api/v1/calendars/CN/add-working-days?from=2026-02-30&days=1', s.window, 'from'],
      ['/api/v1/calendars/CN/add-working-hours?from=2026-02-30T10:00:00Z&hours=1', s.window, 'from'],
      ['/api/v1/calendars/CN/add-working-hours?from=2026-03-01T25:00:00Z&hours=1', s.window, 'from'],
      ['/api/v1/cases?createdFrom=2026-02-29', s.supervisor, 'createdFrom'],
      ['/api/v1/cases?createdTo=2026-04-31T00:00:00%2B08:00', s.supervisor, 'createdTo'],
    ];
    for (const [url, token, param] of cases) {
      const res = await t.http().get(url).set('Authorization', `Bearer ${token}`);
      expectProblem(res, 400, 'VALIDATION.FAILED');
      expect(res.body.errors).toContainEqual(expect.objectContaining({ code: 'VALIDATION.INVALID_DATE', path: param }));
    }
    const clock = await t
      .http()
      .post('/api/v1/admin/clock')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({ now: '2026-02-30T09:00:00+08:00' });
    expect(clock.status).toBe(400);
    expect(clock.body.code).not.toBe('INTERNAL.ERROR');
  });

  it('answers calendar arithmetic outside the calendar years with CALENDAR.OUT_OF_RANGE instead of hanging', async () => {
    for (const url of [
      '/api/v1/calendars/CN/add-working-days?from=9999-12-31&days=1',
      '/api/v1/calendars/CN/add-working-days?from=1900-01-01&days=1',
      '/api/v1/calendars/CN/add-working-days?from=2026-02-13&days=3650',
      '/api/v1/calendars/CN/add-working-hours?from=9999-12-31T00:00:00Z&hours=100',
    ]) {
      expectProblem(await t.http().get(url).set('Authorization', `Bearer ${s.window}`), 400, 'CALENDAR.OUT_OF_RANGE');
    }
    const extended = await t
      .http()
      .get('/api/v1/calendars/CN/add-working-hours?from=%2B275760-09-13T00:00:00Z&hours=100')
      .set('Authorization', `Bearer ${s.window}`);
    expectProblem(extended, 400);
    const huge = await t
      .http()
      .get('/api/v1/calendars/CN/add-working-days?from=2026-02-13&days=1e9')
      .set('Authorization', `Bearer ${s.window}`);
    expectProblem(huge, 400, 'VALIDATION.FAILED');
    const ok = await t
      .http()
      .get('/api/v1/calendars/CN/add-working-days?from=2026-02-13&days=5')
      .set('Authorization', `Bearer ${s.window}`);
    expect(ok.status).toBe(200);
  });

  it('answers malformed JSON with HTTP.MALFORMED_BODY without quoting the body', async () => {
    for (const text of ['{"itemCode": "SECRET-FRAGMENT', '"just a string"', '{"a":1}}', 'SECRET-FRAGMENT']) {
      const res = await t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${s.window}`)
        .set('Content-Type', 'application/json')
        .send(text);
      expectProblem(res, 400, 'HTTP.MALFORMED_BODY');
      expect(JSON.stringify(res.body)).not.toContain('SECRET');
      expect(JSON.stringify(res.body)).not.toContain('just a string');
    }
  });

  it('answers headers over the size limit with a problem+json 431', async () => {
    const res = await t
      .http()
      .get('/api/v1/cases')
      .set('Authorization', `Bearer ${'x'.repeat(20 * 1024)}`);
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 431, code: 'HTTP.HEADERS_TOO_LARGE' });
  });

  it('tells a rate-limited client when to come back (429 with Retry-After)', async () => {
    let res = await t.http().get('/api/v1/public/cases/41010099999999999999?queryCode=000000');
    for (let i = 0; i < 40 && res.status !== 429; i++)
      res = await t.http().get('/api/v1/public/cases/41010099999999999999?queryCode=000000');
    expectProblem(res, 429, 'HTTP.TOO_MANY_REQUESTS');
    const after = Number(res.headers['retry-after']);
    expect(Number.isInteger(after) && after >= 1 && after <= 60).toBe(true);
  });

  it('refuses a case without an applicant with 400 naming it, instead of a database error (found by fuzzing)', async () => {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ itemCode: ITEM, channel: 'WINDOW', variables: { inspectionRequired: false } });
    expectProblem(res, 400, 'VALIDATION.FAILED');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('applicant');
    const item = await t
      .http()
      .put(`/api/v1/items/${ITEM}`)
      .set('Authorization', `Bearer ${s.admin}`)
      .send({ code: ITEM, name: '缺少时限' });
    expectProblem(item, 400, 'VALIDATION.FAILED');
    const paths = item.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['legalLimit', 'promisedLimit', 'competentDepartment']));
  });
  it('refuses an array where a nested object belongs, in a list or alone, with 400 naming it (found by fuzzing)', async () => {
    const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
    const batch = await t
      .http()
      .post('/api/v1/tasks/complete-batch')
      .set(auth(s.admin))
      .send({ items: [[]] });
    expectProblem(batch, 400, 'VALIDATION.FAILED');
    expect(batch.body.errors).toContainEqual(expect.objectContaining({ code: 'VALIDATION.IS_OBJECT', path: 'items' }));
    const before = (await t.http().get('/api/v1/cases').set(auth(s.admin))).body.total;
    const agent = await t
      .http()
      .post('/api/v1/cases')
      .set(auth(s.window))
      .send({ itemCode: ITEM, applicant, agent: [], variables: { inspectionRequired: false } });
    expectProblem(agent, 400, 'VALIDATION.FAILED');
    expect(agent.body.errors).toContainEqual(expect.objectContaining({ code: 'VALIDATION.IS_OBJECT', path: 'agent' }));
    const materials = await t
      .http()
      .post('/api/v1/cases')
      .set(auth(s.window))
      .send({ itemCode: ITEM, applicant, materials: [[{ code: 'M1' }]], variables: { inspectionRequired: false } });
    expectProblem(materials, 400, 'VALIDATION.FAILED');
    expect((await t.http().get('/api/v1/cases').set(auth(s.admin))).body.total).toBe(before);
  });
});
