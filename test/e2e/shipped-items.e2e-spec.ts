import { applicant, getCase, openCase, staff, type Staff, step } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { moveClock, openTasks, timeline } from '../support/timing-helpers.js';

/**
 * The shipped items' own time rules, walked with the test clock over the shipped 2026 calendar
 * (春节 2/15–2/23 off; Saturday 2/14 a make-up working day). Due instants are the end of the local
 * day: 'YYYY-MM-DD' → (YYYY-MM-DD)T15:59:59.999Z.
 */
const endOf = (day: string): string => `${day}T15:59:59.999Z`;
const local = (at: string): string => `${at}+08:00`;
const PERMIT = '410100-ZJJ-XK-005';
const FOOD = '410100-SJJ-XK-001';

describe('shipped items: construction permit (建筑法 Art.8) and food licence (总局令第78号)', () => {
  let t: TestApp;
  let zjj: Staff;
  let sjj: Staff;
  const post = (token: string, url: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/v1${url}`).set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    t = await startTestApp({
      loadWorkflows: true,
      env: { TONGBAN_CLOCK_CONTROL: '1', TONGBAN_CLOCK_START: '2026-02-01T00:00:00+08:00' },
    });
    zjj = staff(t, '410100-ZJJ');
    sjj = staff(t);
  });
  afterAll(() => t.close());

  it('serves the items with their limits, extension rules and the articles they come from', async () => {
    const permit = await t.http().get(`/api/v1/items/${PERMIT}`).set('Authorization', `Bearer ${zjj.window}`);
    expect(permit.status).toBe(200);
    expect(permit.body).toMatchObject({
      processKey: 'construction-permit',
      legalLimit: { value: 7, unit: 'ND' },
      extension: { maxWorkingDays: 0, times: 0 },
    });
    expect(permit.body.legalLimitBasis).toContain('自收到申请之日起七日内');
    const food = await t.http().get(`/api/v1/items/${FOOD}`).set('Authorization', `Bearer ${sjj.window}`);
    expect(food.body).toMatchObject({
      legalLimit: { value: 10, unit: 'WD' },
      extension: { maxWorkingDays: 5, times: 1, approverRole: 'leader' },
      deliveryLimit: { value: 5, unit: 'WD' },
    });
    expect(food.body.extension.basis).toContain('第78号');
  });

  it('counts the permit’s 7 days as natural days from receipt, moving a last day in the holiday to the next working day', async () => {
    // Received and accepted at the window on Tue 2026-02-10. 7 natural days from the day after: 2/17,
    // inside 春节 (2/15–2/23 off), so the last day moves to the first working day after it, Tue 2/24
    // (民法典 Art.203). Promised 3 WD: 2/11, 2/12, 2/13.
    await moveClock(t, zjj.admin, local('2026-02-10T10:00:00'));
    const c = await openCase(t, zjj.window, { itemCode: PERMIT, applicant });
    await step(t, zjj.window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
    const view = await getCase(t, zjj.window, c.id);
    expect(view.clocks.legal.dueAt).toBe(endOf('2026-02-24'));
    expect(view.clocks.promised.dueAt).toBe(endOf('2026-02-13'));
    // No extension: 建筑法 Art.8 sets the 7 days and provides none.
    const ext = await post(zjj.handler, `/cases/${c.id}/extensions`, { days: 1, reason: '情况复杂' });
    expect([ext.status, ext.body.code]).toEqual([422, 'TIMING.EXTENSION_LIMIT']);
  });

  it('walks the permit through the nine steps of the 施工许可 stage only, due 7 days after receipt', async () => {
    // Received and accepted Mon 2026-03-02: 3/3 … 3/9 is 7 natural days, and Mon 3/9 is a working day.
    // Promised 3 WD: 3/3, 3/4, 3/5.
    await moveClock(t, zjj.admin, local('2026-03-02T09:30:00'));
    const c = await openCase(t, zjj.window, {
      itemCode: PERMIT,
      applicant,
      variables: { siteSurveyRequired: true },
    });
    await step(t, zjj.window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
    let view = await getCase(t, zjj.window, c.id);
    expect(view.clocks.legal.dueAt).toBe(endOf('2026-03-09'));
    expect(view.clocks.promised.dueAt).toBe(endOf('2026-03-05'));
    expect(view.status).toBe('SPECIAL_PROCEDURE');
    await step(t, zjj.handler, c.id, 'joint-site-survey', { opinion: '现场基本具备施工条件' });
    await moveClock(t, zjj.admin, local('2026-03-03T10:00:00'));
    await step(t, zjj.handler, c.id, 'review', { outcome: 'pass', opinion: '施工图审查合格书齐全，拟准予' });
    await step(t, zjj.leader, c.id, 'approve', { outcome: 'approve', opinion: '同意' });
    view = await getCase(t, zjj.window, c.id);
    expect(view.status).toBe('CLOSED_APPROVED');
    for (const [el, who] of [
      ['certify', zjj.handler],
      ['seal', zjj.handler],
      ['issue', zjj.window],
      ['publish', zjj.handler],
      ['archive', zjj.handler],
    ] as const)
      await step(t, who, c.id, el);
    const done = (await timeline(t, zjj.window, c.id))
      .filter((e) => e.type === 'task.completed')
      .map((e) => e.elementId);
    // 受理 → 踏勘 → 审查 → 审批 → 制证 → 盖章 → 发证 → 公示 → 归档; no fire, civil-air-defence or acceptance work.
    expect(done).toEqual([
      'receive',
      'joint-site-survey',
      'review',
      'approve',
      'certify',
      'seal',
      'issue',
      'publish',
      'archive',
    ]);
    const elements = (await openTasks(t, zjj.admin, c.id)).map((x) => x.elementId);
    for (const gone of ['fire-review', 'civil-air-defence-review', 'planning-review', 'fire-acceptance'])
      expect(elements).not.toContain(gone);
    view = await getCase(t, zjj.window, c.id);
    // The 1-day survey pause (3/2 → 3/2) adds no working day; the decision on 3/3 stopped the clock in time.
    expect(view.clocks.legal).toMatchObject({ dueAt: endOf('2026-03-09'), overdue: false });
  });

  it('runs the planning permit (工程建设许可 stage) as a joint approval, reviewed by its co-departments', async () => {
    const zrzy = staff(t, '410100-ZRZY');
    const c = await openCase(t, zrzy.window, { itemCode: '410100-ZRZY-XK-002', applicant });
    await step(t, zrzy.window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
    const reviews = (await openTasks(t, zrzy.admin, c.id)).filter((x) => x.elementId === 'co-review');
    expect(reviews).toHaveLength(2);
    const view = await getCase(t, zrzy.window, c.id);
    expect(view.processKey).toBe('joint-approval');
  });

  it('caps the food licence’s extension at 5 working days, once, as 总局令第78号 allows', async () => {
    // Accepted Tue 2026-03-10: legal 10 WD → 3/11 … 3/24 (3/24 is the 10th working day).
    await moveClock(t, sjj.admin, local('2026-03-10T10:00:00'));
    const c = await openCase(t, sjj.window, { itemCode: FOOD, applicant });
    await step(t, sjj.window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
    expect((await getCase(t, sjj.window, c.id)).clocks.legal.dueAt).toBe(endOf('2026-03-24'));
    const over = await post(sjj.handler, `/cases/${c.id}/extensions`, { days: 6, reason: '情况复杂' });
    expect([over.status, over.body.code]).toEqual([422, 'TIMING.EXTENSION_LIMIT']);
    const asked = await post(sjj.handler, `/cases/${c.id}/extensions`, { days: 5, reason: '情况复杂' });
    expect(asked.status).toBe(200);
    const id = asked.body.clocks.extensions[0].id as string;
    const approved = await post(sjj.leader, `/cases/${c.id}/extensions/${id}/approve`, { opinion: '同意延期' });
    expect(approved.status).toBe(200);
    // +5 WD after 3/24: 3/25, 3/26, 3/27, 3/30, 3/31.
    expect(approved.body.clocks.legal).toMatchObject({ dueAt: endOf('2026-03-31'), extendedWorkingDays: 5 });
    const second = await post(sjj.handler, `/cases/${c.id}/extensions`, { days: 1, reason: '再次延期' });
    expect([second.status, second.body.code]).toEqual([422, 'TIMING.EXTENSION_LIMIT']);
  });

  it('runs the permit’s 7 days from receipt, so a late acceptance does not lengthen them', async () => {
    // Received Mon 2026-04-13 at the window, accepted only on Wed 4/15. 建筑法 Art.8 counts from receipt:
    // 4/14 … 4/20 is 7 natural days and Mon 4/20 is a working day, so the permit is due 4/20 — not 4/22,
    // which counting from acceptance would give. The promised 3 WD still run from acceptance: 4/16, 4/17, 4/20.
    await moveClock(t, zjj.admin, local('2026-04-13T09:00:00'));
    const c = await openCase(t, zjj.window, { itemCode: PERMIT, applicant });
    await moveClock(t, zjj.admin, local('2026-04-15T09:00:00'));
    await step(t, zjj.window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
    const view = await getCase(t, zjj.window, c.id);
    expect(view.clocks.legal.dueAt).toBe(endOf('2026-04-20'));
    // The test clock runs on from the instant it was set: the receipt is a few milliseconds after 09:00.
    expect(String(view.clocks.legal.startedAt).slice(0, 16)).toBe('2026-04-13T01:00');
    expect(view.clocks.promised.dueAt).toBe(endOf('2026-04-20'));
  });
});
