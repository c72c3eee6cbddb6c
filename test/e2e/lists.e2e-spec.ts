import { openCase, staff, step } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey } from './integration-support.js';

/** Lists as people expect: total, cursor or offset, sort, multi-value filters. */
describe('lists: a task total stops at TASK_TOTAL_LIMIT', () => {
  let t: TestApp;
  const window = () => staff(t).window;
  const get = (url: string, token = window()) => t.http().get(`/api/v1${url}`).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { TASK_TOTAL_LIMIT: '2' } });
    for (let i = 0; i < 3; i++) await openCase(t, window());
  });
  afterAll(() => t.close());

  it('answers the limit and totalExact false when more tasks match, in the inbox and in a filtered list', async () => {
    const inbox = await get('/tasks?limit=1');
    expect(inbox.status).toBe(200);
    expect(inbox.body).toMatchObject({ total: 2, totalExact: false, nextCursor: expect.any(String) });
    // Paging does not depend on the total: all three are reachable.
    const all = await get('/tasks?limit=10');
    expect(all.body.items).toHaveLength(3);
    const supervisor = t.token({ roles: ['supervisor'], sub: 'sup-total' });
    const listed = await get('/tasks?scope=all&limit=10', supervisor);
    expect(listed.body).toMatchObject({ total: 2, totalExact: false });
    expect(listed.body.items).toHaveLength(3);
    const one = await get(`/tasks?scope=all&caseId=${all.body.items[0].caseId}`, supervisor);
    expect(one.body.total).toBe(1);
    expect(one.body).not.toHaveProperty('totalExact');
  });
});

describe('lists: tasks', () => {
  let t: TestApp;
  let ids: string[];
  const window = () => staff(t).window;
  const get = (url: string, token = window()) => t.http().get(`/api/v1${url}`).set('Authorization', `Bearer ${token}`);
  const caseIds = (body: { items: { caseId: string }[] }) => body.items.map((x) => x.caseId);

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    ids = [];
    for (let i = 0; i < 3; i++) ids.push((await openCase(t, window())).id);
  });
  afterAll(() => t.close());

  it('the inbox answers total, and pages by cursor in creation order', async () => {
    const first = await get('/tasks?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(3);
    expect(first.body).not.toHaveProperty('totalExact');
    expect(caseIds(first.body)).toEqual(ids.slice(0, 2));
    const second = await get(`/tasks?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.total).toBe(3);
    expect(caseIds(second.body)).toEqual(ids.slice(2));
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('honours offset (it used to return page 1) and pages on from there', async () => {
    const res = await get('/tasks?limit=1&offset=1');
    expect(res.status).toBe(200);
    expect(caseIds(res.body)).toEqual([ids[1]]);
    expect(res.body.total).toBe(3);
    const next = await get(`/tasks?limit=1&cursor=${res.body.nextCursor}`);
    expect(caseIds(next.body)).toEqual([ids[2]]);
    expect((await get('/tasks?offset=3')).body).toEqual({ items: [], total: 3 });
  });

  it('refuses a cursor and an offset together', async () => {
    const first = await get('/tasks?limit=1');
    const res = await get(`/tasks?offset=1&cursor=${first.body.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('LIST.CURSOR_AND_OFFSET');
  });

  it('sorts by a whitelisted field, newest first with -createdAt, and pages in that order', async () => {
    const res = await get('/tasks?sort=-createdAt&limit=2');
    expect(res.status).toBe(200);
    expect(caseIds(res.body)).toEqual([ids[2], ids[1]]);
    const next = await get(`/tasks?sort=-createdAt&limit=2&cursor=${res.body.nextCursor}`);
    expect(caseIds(next.body)).toEqual([ids[0]]);
    const byCase = await get('/tasks?sort=-caseNo,dueAt');
    expect(byCase.status).toBe(200);
    expect(caseIds(byCase.body)).toEqual([...ids].reverse());
    const paged = await get('/tasks?sort=-caseNo&limit=1&offset=1');
    expect(caseIds(paged.body)).toEqual([ids[1]]);
    expect(paged.body.total).toBe(3);
  });

  it('answers an unknown or repeated sort field with LIST.INVALID_SORT', async () => {
    for (const sort of ['password', '-createdAt,createdAt', 'created_at;drop', 'a,b,c,d,e,f', ',']) {
      const res = await get(`/tasks?sort=${encodeURIComponent(sort)}`);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('LIST.INVALID_SORT');
      expect(JSON.stringify(res.body)).not.toContain('drop');
    }
    expect((await get('/tasks?sort=%2BcreatedAt')).status).toBe(200);
    expect((await get('/tasks?sort=+createdAt')).status).toBe(200);
    expect((await get('/tasks?sort=password')).body.code).toBe('LIST.INVALID_SORT');
  });

  it('takes several states as a,b or repeated, and refuses an unknown one', async () => {
    await step(t, window(), ids[0]!, 'receive', { outcome: 'accept' });
    const both = await get(`/tasks?caseId=${ids[0]}&scope=all&state=open,completed`);
    expect(both.status).toBe(200);
    expect(both.body.items.map((x: { state: string }) => x.state).sort()).toEqual(['completed', 'open']);
    expect(both.body.total).toBe(2);
    const repeated = await get(`/tasks?caseId=${ids[0]}&scope=all&state=open&state=completed`);
    expect(repeated.body.items).toHaveLength(2);
    const done = await get(`/tasks?caseId=${ids[0]}&scope=all&state=completed`);
    expect(done.body.items.map((x: { elementId: string }) => x.elementId)).toEqual(['receive']);
    const bad = await get('/tasks?state=open,bogus');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION.FAILED');
    const steps = await get(`/tasks?scope=all&caseId=${ids[0]}&state=completed,open&elementId=receive,nothing`);
    expect(steps.body.items.map((x: { elementId: string }) => x.elementId)).toEqual(['receive']);
  });

  it('keeps total in step with the inbox after a task leaves it', async () => {
    const res = await get('/tasks');
    expect(res.body.total).toBe(res.body.items.length);
    expect(caseIds(res.body)).not.toContain(ids[0]);
  });

  describe('cases', () => {
    const idsOf = (body: { items: { id: string }[] }) => body.items.map((x) => x.id);

    it('are newest first by default, sort=createdAt turns them round, and total counts them all', async () => {
      const byDefault = await get('/cases');
      expect(idsOf(byDefault.body)).toEqual([...ids].reverse());
      const oldest = await get('/cases?sort=createdAt&limit=2');
      expect(idsOf(oldest.body)).toEqual(ids.slice(0, 2));
      expect(oldest.body.total).toBe(3);
      const next = await get(`/cases?sort=createdAt&limit=2&cursor=${oldest.body.nextCursor}`);
      expect(idsOf(next.body)).toEqual(ids.slice(2));
      expect(idsOf((await get('/cases?sort=createdAt&offset=1&limit=1')).body)).toEqual([ids[1]]);
      const byStatus = await get('/cases?sort=status,-caseNo');
      expect(byStatus.status).toBe(200);
      expect(byStatus.body.items.map((c: { status: string }) => c.status)).toEqual(
        [...byStatus.body.items.map((c: { status: string }) => c.status)].sort(),
      );
    });

    it('refuse an unknown sort field with LIST.INVALID_SORT naming the sortable ones', async () => {
      const res = await get('/cases?sort=-applicant');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('LIST.INVALID_SORT');
      expect(res.body.errors[0].message).toContain('createdAt');
    });

    it('take several statuses and item codes, as a,b or repeated', async () => {
      const statuses = (await get('/cases')).body.items.map((c: { status: string }) => c.status) as string[];
      const distinct = [...new Set(statuses)];
      expect(distinct.length).toBe(2);
      const one = await get(`/cases?status=${distinct[0]}`);
      expect(one.body.total).toBe(statuses.filter((s) => s === distinct[0]).length);
      const both = await get(`/cases?status=${distinct.join(',')}`);
      expect(both.body.total).toBe(3);
      const repeated = await get(`/cases?status=${distinct[0]}&status=${distinct[1]}`);
      expect(repeated.body.total).toBe(3);
      const items = await get('/cases?itemCode=410100-SJJ-XK-001,NO-SUCH-ITEM');
      expect(items.body.total).toBe(3);
      expect((await get('/cases?itemCode=NO-SUCH-ITEM')).body.total).toBe(0);
      const bad = await get('/cases?status=IN_PROCESS,NOT_A_STATUS');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('VALIDATION.FAILED');
    });
  });

  describe('the timeline', () => {
    it('is paged by cursor or offset with total, and keeps its entry shape', async () => {
      const all = await get(`/cases/${ids[0]}/timeline`);
      expect(all.status).toBe(200);
      const n = all.body.items.length as number;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(all.body.total).toBe(n);
      expect(all.body.nextCursor).toBeUndefined();
      expect(Object.keys(all.body.items[0]).sort()).toEqual(
        [
          'actor',
          'data',
          'elementId',
          'name',
          'occurredAt',
          'opinion',
          'seq',
          'source',
          'statusAfter',
          'statusCodeAfter',
          'type',
        ].sort(),
      );
      const seqs = all.body.items.map((e: { seq: number }) => e.seq);
      const first = await get(`/cases/${ids[0]}/timeline?limit=2`);
      expect(first.body.items.map((e: { seq: number }) => e.seq)).toEqual(seqs.slice(0, 2));
      expect(first.body.total).toBe(n);
      const rest = await get(`/cases/${ids[0]}/timeline?limit=500&cursor=${first.body.nextCursor}`);
      expect(rest.body.items.map((e: { seq: number }) => e.seq)).toEqual(seqs.slice(2));
      expect(rest.body.nextCursor).toBeUndefined();
      const skipped = await get(`/cases/${ids[0]}/timeline?offset=1&limit=1`);
      expect(skipped.body.items.map((e: { seq: number }) => e.seq)).toEqual([seqs[1]]);
    });

    it('refuses a bad cursor or limit with a coded 400', async () => {
      const bad = await get(`/cases/${ids[0]}/timeline?cursor=bm9wZQ`);
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('HTTP.INVALID_CURSOR');
      expect((await get(`/cases/${ids[0]}/timeline?limit=0`)).body.code).toBe('VALIDATION.FAILED');
    });
  });

  describe('items, definitions and alerts', () => {
    it('items sort by a whitelisted field and take several departments', async () => {
      const byCode = await get('/items?limit=200');
      const codes = byCode.body.items.map((i: { code: string }) => i.code) as string[];
      expect(codes.length).toBeGreaterThan(1);
      expect(byCode.body.total).toBe(codes.length);
      const desc = await get('/items?limit=200&sort=-code');
      expect(desc.body.items.map((i: { code: string }) => i.code)).toEqual([...codes].reverse());
      const depts = [...new Set(byCode.body.items.map((i: { department: string }) => i.department))] as string[];
      const one = await get(`/items?department=${depts[0]}`);
      const two = await get(`/items?department=${depts[0]}&department=${depts[1]}`);
      const other = await get(`/items?department=${depts[1]}`);
      expect(two.body.total).toBe(one.body.total + other.body.total);
      const bad = await get('/items?sort=data');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('LIST.INVALID_SORT');
      expect((await get('/items?status=IN_USE,NOPE')).body.code).toBe('VALIDATION.FAILED');
    });

    it('definitions sort by deployment and take several keys', async () => {
      const all = await get('/process-definitions?latestOnly=true&limit=200');
      const keys = all.body.items.map((d: { key: string }) => d.key) as string[];
      expect(keys).toEqual([...keys].sort());
      const byKeyDesc = await get('/process-definitions?latestOnly=true&limit=200&sort=-key');
      expect(byKeyDesc.body.items.map((d: { key: string }) => d.key)).toEqual([...keys].reverse());
      const two = await get(`/process-definitions?latestOnly=true&key=${keys[0]},${keys[1]}`);
      expect(two.body.items.map((d: { key: string }) => d.key)).toEqual(keys.slice(0, 2));
      expect(two.body.total).toBe(2);
      const bad = await get('/process-definitions?sort=-xml');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('LIST.INVALID_SORT');
    });

    it('supervision alerts take several levels and refuse an unknown sort', async () => {
      const sup = staff(t).supervisor;
      const ok = await get('/supervision/alerts?level=YELLOW,RED&sort=-occurredAt', sup);
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ items: [], total: 0 });
      const bad = await get('/supervision/alerts?sort=id', sup);
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('LIST.INVALID_SORT');
      expect((await get('/supervision/alerts?level=YELLOW,PINK', sup)).body.code).toBe('VALIDATION.FAILED');
    });
  });

  describe('API keys', () => {
    it('answer total, newest first by default, sort by name, and honour limit and offset', async () => {
      const admin = staff(t).admin;
      for (const name of ['乙 系统', '甲 系统', '丙 系统']) await apiKey(t, '410100-SJJ', ['cases:read'], name);
      const all = await get('/api-keys', admin);
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(3);
      expect(all.body.items.map((k: { name: string }) => k.name)).toEqual(['丙 系统', '甲 系统', '乙 系统']);
      const byName = await get('/api-keys?sort=name', admin);
      const names = byName.body.items.map((k: { name: string }) => k.name) as string[];
      expect(names).toEqual([...names].sort());
      const page = await get('/api-keys?sort=name&limit=1&offset=1', admin);
      expect(page.body.items.map((k: { name: string }) => k.name)).toEqual([names[1]]);
      expect(page.body.total).toBe(3);
      const next = await get(`/api-keys?sort=name&limit=1&cursor=${page.body.nextCursor}`, admin);
      expect(next.body.items.map((k: { name: string }) => k.name)).toEqual([names[2]]);
      expect(next.body.nextCursor).toBeUndefined();
      expect((await get('/api-keys?sort=secretHash', admin)).body.code).toBe('LIST.INVALID_SORT');
    });
  });
});
