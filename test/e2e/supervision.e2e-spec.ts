import { getCase, openCase, staff, type Staff, step } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { moveClock, timeline } from '../support/timing-helpers.js';

const SPRING_2027 = ['06', '07', '08', '09', '10', '11', '12', '13', '14'].map((d) => ({
  date: `2027-02-${d}`,
  name: '春节',
}));
const AFTER_DECISION = ['certify', 'seal', 'issue', 'publish', 'archive'];

interface Alert {
  caseId: string;
  level: string;
  triggerCode: string;
  resolvedAt: string | null;
  nodeCode: string | null;
}

describe('supervision (电子监察) on cases walked across the 2027 Spring Festival', () => {
  let t: TestApp;
  let s: Staff;
  const ids: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };

  const decide = async (id: string) => {
    await step(t, s.handler, id, 'review', { outcome: 'pass', opinion: '审查通过' });
    await step(t, s.leader, id, 'approve', { outcome: 'approve', opinion: '同意' });
    for (const el of AFTER_DECISION) await step(t, el === 'issue' ? s.window : s.handler, id, el);
  };
  const alerts = async (query: string): Promise<{ items: Alert[]; total: number; nextCursor?: string }> => {
    const res = await t
      .http()
      .get(`/api/v1/supervision/alerts?${query}`)
      .set('Authorization', `Bearer ${s.supervisor}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const of = (list: Alert[], id: string) =>
    list
      .filter((a) => a.caseId === id)
      .map((a) => `${a.level}:${a.triggerCode}`)
      .sort();

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { TONGBAN_CLOCK_CONTROL: '1' } });
    s = staff(t);
    await t
      .http()
      .put('/api/v1/calendars/CN/2027')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({ holidays: SPRING_2027, makeupWorkdays: [], source: 'test' })
      .expect(200);
    // Four cases of 410100-SJJ-XK-001 (legal 10 WD, promised 5 WD) accepted on Friday 2/5, before the holiday.
    await moveClock(t, s.admin, '2027-02-05T09:30:00+08:00');
    for (const k of ['A', 'B', 'C', 'D'] as const) {
      const c = await openCase(t, s.window);
      await step(t, s.window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
      ids[k] = c.id;
    }
  });
  afterAll(() => t.close());

  it('warns, then gives yellow and red cards as the test clock passes the due dates', async () => {
    await moveClock(t, s.admin, '2027-02-16T10:00:00+08:00');
    await decide(ids.A); // on time
    expect((await alerts('')).total).toBe(0);

    await moveClock(t, s.admin, '2027-02-18T10:00:00+08:00'); // review (2 WD) overdue; promised due tomorrow
    let all = (await alerts('limit=200')).items;
    for (const k of ['B', 'C', 'D'] as const)
      expect(of(all, ids[k])).toEqual(['WARNING:PROMISED_DUE_SOON', 'YELLOW:NODE_EXCEEDED']);
    expect((await getCase(t, s.supervisor, ids.B)).timeState).toBe('WARNING');

    await moveClock(t, s.admin, '2027-02-22T10:00:00+08:00'); // promised (2/19) exceeded
    expect((await getCase(t, s.supervisor, ids.B)).timeState).toBe('OVERDUE');
    await decide(ids.C); // decided late

    await moveClock(t, s.admin, '2027-03-01T10:00:00+08:00'); // legal (2/26) exceeded, yellows unresolved 5 WD
    all = (await alerts('limit=200')).items;
    expect(of(all, ids.A)).toEqual([]);
    for (const k of ['B', 'D'] as const)
      expect(of(all, ids[k])).toEqual([
        'RED:LEGAL_EXCEEDED',
        'RED:YELLOW_UNRESOLVED',
        'RED:YELLOW_UNRESOLVED',
        'WARNING:PROMISED_DUE_SOON',
        'YELLOW:NODE_EXCEEDED',
        'YELLOW:PROMISED_EXCEEDED',
      ]);
    expect(of(all, ids.C)).toEqual(['WARNING:PROMISED_DUE_SOON', 'YELLOW:NODE_EXCEEDED', 'YELLOW:PROMISED_EXCEEDED']);
    expect(all.filter((a) => a.caseId === ids.C).every((a) => a.resolvedAt !== null)).toBe(true);
    expect(all.find((a) => a.caseId === ids.B && a.triggerCode === 'NODE_EXCEEDED')).toMatchObject({
      nodeCode: 'review',
      resolvedAt: null,
    });

    const red = await alerts('level=RED&department=410100-SJJ&limit=4');
    expect(red.total).toBe(6);
    expect(red.items).toHaveLength(4);
    const rest = await alerts(`level=RED&department=410100-SJJ&limit=4&cursor=${red.nextCursor}`);
    expect(rest.items).toHaveLength(2);
    expect((await alerts(`caseId=${ids.B}&level=YELLOW`)).total).toBe(2);
    const raised = (await timeline(t, s.supervisor, ids.B)).filter((e) => e.type === 'alert.raised');
    expect(raised.map((e) => e.data?.level).sort()).toEqual(['RED', 'RED', 'RED', 'WARNING', 'YELLOW', 'YELLOW']);
  });

  it('counts per department and per item: received, closed, on time, days used, compression, open, overdue', async () => {
    const res = await t
      .http()
      .get('/api/v1/supervision/stats?groupBy=department&from=2027-02-01&to=2027-02-28')
      .set('Authorization', `Bearer ${s.supervisor}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        key: '410100-SJJ',
        name: null,
        received: 4,
        closed: 2,
        onTime: 1,
        onTimeRate: 0.5,
        averageWorkingDaysUsed: 4, // A: 2 WD (2/15, 2/16), C: 6 WD (2/15–2/22)
        compressionRate: 0.6, // mean of 1 − 2/10 and 1 − 6/10
        open: 2,
        overdue: 2,
        warnings: 3,
        yellowCards: 6,
        redCards: 6,
      },
    ]);
    const byItem = await t
      .http()
      .get('/api/v1/supervision/stats?groupBy=item')
      .set('Authorization', `Bearer ${s.supervisor}`);
    expect(byItem.body.items[0]).toMatchObject({
      key: '410100-SJJ-XK-001',
      name: '食品经营许可（新办）',
      received: 4,
      closed: 2,
    });
    const before = await t
      .http()
      .get('/api/v1/supervision/stats?groupBy=department&to=2027-01-31')
      .set('Authorization', `Bearer ${s.supervisor}`);
    expect(before.body.items).toEqual([]);
  });

  it('is for supervisors: a handler may not read it, and bad filters are 400s', async () => {
    expect((await t.http().get('/api/v1/supervision/alerts').set('Authorization', `Bearer ${s.handler}`)).status).toBe(
      403,
    );
    const bad = await t
      .http()
      .get('/api/v1/supervision/stats?groupBy=region')
      .set('Authorization', `Bearer ${s.supervisor}`);
    expect(bad.status).toBe(400);
  });
});
