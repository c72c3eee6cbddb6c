import pg from 'pg';
import { applicant, complete, staff, step } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ITEM = '410100-CGJ-XK-003'; // joint approval: lead CGJ; co-departments ZRZY and GAJ
const LEAD = '410100-CGJ';
const [ZRZY, GAJ, XFJ] = ['410100-ZRZY', '410100-GAJ', '410100-XFJ'];
const CASES = 20;

interface Fired {
  caseId: string;
  kind: 'add' | 'remove' | 'complete';
  status: number;
  code?: string;
}

/**
 * 加签, 减签 and completions of the same joint steps, fired together over HTTP: per case the lead adds XFJ,
 * removes GAJ's instance, and ZRZY approves twice (a double click). Whatever order the case lock gives them,
 * each case must reach the lead decision exactly once, with exactly the opinions of the instances that
 * were counted: ZRZY's, and XFJ's when the 加签 came in before the step completed.
 */
describe('加签/减签 under concurrency', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
  });
  afterAll(() => t.close());

  async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
    const c = new pg.Client({ connectionString: t.db.url });
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  it(`fires 加签, 减签 and completions on ${CASES} joint cases at once: each reaches its lead once with the right opinions`, async () => {
    const lead = staff(t, LEAD);
    const cases: { id: string; zrzy: string; gaj: string }[] = [];
    for (let i = 0; i < CASES; i++) {
      const res = await t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${lead.window}`)
        .send({ itemCode: ITEM, applicant });
      expect(res.status).toBe(201);
      await step(t, lead.window, res.body.id, 'receive', { outcome: 'accept' });
      const items = await rows<{ id: string; dept: string }>(
        `SELECT id, candidate_departments[1] AS dept FROM work_item WHERE case_id = $1 AND element_id = 'co-review' AND state = 'open'`,
        [res.body.id],
      );
      const of = (d: string) => items.find((x) => x.dept === d)!.id;
      cases.push({ id: res.body.id, zrzy: of(ZRZY), gaj: of(GAJ) });
    }

    const requests: (() => Promise<Fired>)[] = cases.flatMap((c) => {
      const fired = (kind: Fired['kind']) => (res: { status: number; body: { code?: string } }) => ({
        caseId: c.id,
        kind,
        status: res.status,
        code: res.body.code,
      });
      const approve = () =>
        complete(t, staff(t, ZRZY).handler, c.zrzy, { outcome: 'approve', opinion: '同意' }).then(fired('complete'));
      return [
        () =>
          t
            .http()
            .post(`/api/v1/cases/${c.id}/add-signers`)
            .set('Authorization', `Bearer ${lead.leader}`)
            .send({ elementId: 'co-review', departments: [XFJ], reason: '增加消防会签' })
            .then(fired('add')),
        () =>
          t
            .http()
            .post(`/api/v1/cases/${c.id}/remove-signers`)
            .set('Authorization', `Bearer ${lead.handler}`)
            .send({ taskIds: [c.gaj], reason: '取消公安会签' })
            .then(fired('remove')),
        approve,
        approve,
      ];
    });
    // Interleave the cases' requests so that each case's four arrive mixed with the others'.
    const order = requests.map((_, i) => (i * 37) % requests.length);
    expect(new Set(order).size).toBe(requests.length);
    const results = await Promise.all(order.map((i) => requests[i]!()));

    const unexpected = results.filter((r) => r.status >= 500 || r.status === 401 || r.status === 403);
    expect(unexpected).toEqual([]);
    for (const c of cases) {
      const mine = results.filter((r) => r.caseId === c.id);
      const byKind = (k: Fired['kind']) => mine.filter((r) => r.kind === k);
      // The double click: one completion wins, the other finds the task completed.
      expect(
        byKind('complete')
          .map((r) => [r.status, r.code])
          .sort(),
      ).toEqual([
        [200, undefined],
        [409, 'TASK.NOT_OPEN'],
      ]);
      expect(byKind('remove').map((r) => r.status)).toEqual([200]);
      const [add] = byKind('add');
      // The 加签 lands before the step completes (200), or after it (the step no longer runs).
      expect([
        [200, undefined],
        [409, 'TASK.JOINT_STEP_NOT_RUNNING'],
      ]).toContainEqual([add!.status, add!.code]);
      if (add!.status === 200) {
        const [xfj] = await rows<{ id: string }>(
          `SELECT id FROM work_item WHERE case_id = $1 AND element_id = 'co-review' AND state = 'open'`,
          [c.id],
        );
        expect(
          (await complete(t, staff(t, XFJ).handler, xfj!.id, { outcome: 'approve', opinion: '消防同意' })).status,
        ).toBe(200);
      }
      const leads = await rows<{ joint_opinions: { department: string; outcome: string }[] }>(
        `SELECT joint_opinions FROM work_item WHERE case_id = $1 AND element_id = 'lead-decision'`,
        [c.id],
      );
      expect(leads).toHaveLength(1);
      const expected = add!.status === 200 ? [ZRZY, XFJ] : [ZRZY];
      expect(leads[0]!.joint_opinions.map((o) => o.department).sort()).toEqual(expected.sort());
      expect(leads[0]!.joint_opinions.every((o) => o.outcome === 'approve')).toBe(true);
      const open = await rows<{ element_id: string }>(
        `SELECT element_id FROM work_item WHERE case_id = $1 AND state = 'open'`,
        [c.id],
      );
      expect(open.map((x) => x.element_id)).toEqual(['lead-decision']);
    }
  });
});
