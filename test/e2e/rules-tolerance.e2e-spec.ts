import { complete, getCase, openCase, staff, type Staff, step, taskAt } from '../support/case-helpers.js';
import { outboxTypes } from '../support/rules-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { moveClock, timeline } from '../support/timing-helpers.js';

// 410100-SJJ-XK-001 (食品经营许可): m1–m3 REQUIRED, m4 TOLERABLE, m5 OPTIONAL; promised 5 WD.
describe('rules: 容缺受理 lifecycle (domain.md T5–T6)', () => {
  let t: TestApp;
  let s: Staff;
  const post = (token: string, path: string, body: object) =>
    t.http().post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);
  const tolerate = async (caseId: string, toleranceMaterials: unknown[], toleranceDeadline: string) => {
    const receive = await taskAt(t, s.window, caseId, 'receive');
    return complete(t, s.window, receive.id, {
      outcome: 'tolerance',
      opinion: '主要材料齐全，容缺受理',
      variables: { toleranceMaterials, toleranceDeadline },
    });
  };

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { TONGBAN_CLOCK_CONTROL: '1' } });
    s = staff(t);
  });
  afterAll(() => t.close());

  it('tolerates only TOLERABLE materials within the promised limit; the certificate waits until they are supplied', async () => {
    // Monday 2026-12-07 09:00. Promised 5 WD from today: 12/08, 12/09, 12/10, 12/11, 12/14 → the supply
    // deadline may be at most the end of Monday 12/14.
    await moveClock(t, s.admin, '2026-12-07T09:00:00+08:00');
    const c = await openCase(t, s.window);
    for (const [ids, code] of [
      [['m1'], 'CASE.MATERIAL_NOT_TOLERABLE'],
      [['m5'], 'CASE.MATERIAL_NOT_TOLERABLE'],
      [['m4', 'm9'], 'CASE.UNKNOWN_MATERIAL'],
    ] as const) {
      const res = await tolerate(c.id, [...ids], '2026-12-11');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe(code);
    }
    expect((await tolerate(c.id, ['m4'], '2026-12-15')).body.code).toBe('CASE.TOLERANCE_DEADLINE_TOO_LATE');
    expect((await tolerate(c.id, ['m4'], '2026-12-01')).body.code).toBe('CASE.TOLERANCE_DEADLINE_INVALID');
    expect((await tolerate(c.id, ['m4'], '2026-12-14')).status).toBe(200);
    expect(await getCase(t, s.window, c.id)).toMatchObject({ status: 'IN_PROCESS', isTolerance: true });
    await step(t, s.handler, c.id, 'review', { outcome: 'pass' });
    await step(t, s.leader, c.id, 'approve', { outcome: 'approve', opinion: '同意' });
    expect((await getCase(t, s.window, c.id)).status).toBe('CLOSED_APPROVED_TOLERANCE');
    // 制证 is open, but cannot be completed while m4 is missing.
    const certify = await taskAt(t, s.handler, c.id, 'certify');
    const early = await complete(t, s.handler, certify.id, {});
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('CASE.TOLERANCE_MATERIALS_OUTSTANDING');
    expect((await post(s.window, `/cases/${c.id}/tolerance/materials`, { materialIds: ['m1'] })).body.code).toBe(
      'CASE.MATERIAL_NOT_OUTSTANDING',
    );
    await moveClock(t, s.admin, '2026-12-10T10:00:00+08:00');
    const supplied = await post(s.window, `/cases/${c.id}/tolerance/materials`, {
      materialIds: ['m4'],
      note: '已补交',
    });
    expect(supplied.status).toBe(200);
    expect(supplied.body.rules.tolerance).toMatchObject({
      outstanding: [],
      deadline: '2026-12-14T15:59:59.999Z',
      clearedAt: expect.stringMatching(/^2026-12-10T02:00:/),
    });
    expect((await post(s.window, `/cases/${c.id}/tolerance/materials`, { materialIds: ['m4'] })).body.code).toBe(
      'CASE.TOLERANCE_CLEARED',
    );
    const types = (await timeline(t, s.supervisor, c.id)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['tolerance.accepted', 'tolerance.materials_supplied', 'tolerance.cleared']),
    );
    expect(await outboxTypes(t, c.id)).toEqual(
      expect.arrayContaining(['case.tolerance_accepted', 'case.tolerance_cleared']),
    );
    for (const el of ['certify', 'seal']) await step(t, s.handler, c.id, el);
    await step(t, s.window, c.id, 'issue');
  });

  it('ends the case when the tolerated materials are not supplied by the deadline (T6), with an alert', async () => {
    // Friday 2026-12-11 09:00, deadline the end of Monday 12/14 (promised 5 WD would allow up to 12/18).
    await moveClock(t, s.admin, '2026-12-11T09:00:00+08:00');
    const c = await openCase(t, s.window);
    expect((await tolerate(c.id, ['m4'], '2026-12-14')).status).toBe(200);
    await moveClock(t, s.admin, '2026-12-14T23:00:00+08:00');
    expect((await getCase(t, s.window, c.id)).status).toBe('IN_PROCESS');
    // The job fires just after 2026-12-14 24:00 Beijing (2026-12-14T16:00:00.000Z).
    await moveClock(t, s.admin, '2026-12-15T08:30:00+08:00');
    const ended = await getCase(t, s.window, c.id);
    expect(ended).toMatchObject({ status: 'CLOSED_REJECTED', statusCode: 13, openTasks: [] });
    expect(ended.endedAt).toMatch(/^2026-12-15T00:30:/);
    const entries = await timeline(t, s.supervisor, c.id);
    expect(entries.find((e) => e.type === 'tolerance.lapsed')?.data).toMatchObject({
      outstanding: ['m4'],
      deadline: '2026-12-14T15:59:59.999Z',
    });
    expect(await outboxTypes(t, c.id)).toEqual(expect.arrayContaining(['case.tolerance_lapsed', 'alert.raised']));
    const alerts = await t
      .http()
      .get(`/api/v1/supervision/alerts?caseId=${c.id}`)
      .set('Authorization', `Bearer ${s.supervisor}`);
    expect(alerts.body.items.map((a: { triggerCode: string }) => a.triggerCode)).toContain(
      'TOLERANCE_MATERIALS_OVERDUE',
    );
    expect((await post(s.window, `/cases/${c.id}/tolerance/materials`, { materialIds: ['m4'] })).status).toBe(409);
  });
});
