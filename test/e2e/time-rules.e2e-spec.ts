import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DEPT, getCase, openCase, staff, type Staff, step } from '../support/case-helpers.js';
import { PROJECT_ROOT, startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, moveClock, openTasks, timeline } from '../support/timing-helpers.js';

/**
 * The law's time rules walked with the test clock over the shipped 2026 calendar
 * (workflows/calendars/CN-2026.json: 春节 2/15–2/23 off, Saturdays 2/14 and 2/28 are working days).
 * Working days from Tue 2026-02-10 on: 2/11 2/12 2/13 2/14 | 2/24 2/25 2/26 2/27 2/28 | 3/2 3/3 3/4 3/5 3/6 |
 * 3/9 3/10 3/11 3/12 3/13 | 3/16 …  Every expected date below is counted by hand from that list.
 * Due instants are the end of the local day: 'YYYY-MM-DD' → (YYYY-MM-DD)T15:59:59.999Z.
 */
const endOf = (day: string): string => `${day}T15:59:59.999Z`;
const local = (at: string): string => `${at}+08:00`;
// A valid USCC (GB 32100 check character F).
const applicant = { type: 'LEGAL_PERSON', name: '郑州市计时测试有限公司', uscc: '91410100MA44ABCD1F' };
const ITEM = '410100-SJJ-XK-915';
// The test clock starts in the past (TONGBAN_CLOCK_START) so the shipped 2026 calendar can be walked.
const CLOCK = { TONGBAN_CLOCK_CONTROL: '1' };

interface Alert {
  caseId: string;
  level: string;
  triggerCode: string;
  occurredAt: string;
  resolvedAt: string | null;
}

async function alertsOf(t: TestApp, s: Staff, caseId: string): Promise<Alert[]> {
  const res = await t
    .http()
    .get(`/api/v1/supervision/alerts?caseId=${caseId}&limit=100`)
    .set('Authorization', `Bearer ${s.supervisor}`);
  expect(res.status).toBe(200);
  return res.body.items;
}
const codes = (list: Alert[]): string[] => list.map((a) => `${a.level}:${a.triggerCode}`).sort();

async function outboxTypes(t: TestApp, caseId: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  try {
    const rows = await client.query('SELECT type FROM outbox_event WHERE case_id = $1 ORDER BY seq', [caseId]);
    return rows.rows.map((r: { type: string }) => r.type);
  } finally {
    await client.end();
  }
}

/** An item of our own (legal 10 WD, promised 5 WD), so corrections of the shipped items do not move these dates. */
async function saveItem(t: TestApp, s: Staff): Promise<void> {
  const shipped = JSON.parse(
    fs.readFileSync(path.join(PROJECT_ROOT, 'workflows/items/410100-SJJ-XK-001.json'), 'utf8'),
  ) as Record<string, unknown>;
  const item: Record<string, unknown> = {
    ...shipped,
    code: ITEM,
    name: '计时规则测试事项',
    legalLimit: { value: 10, unit: 'WD' },
    promisedLimit: { value: 5, unit: 'WD' },
    // 78号令-like: 5 working days, once, approved by the head (leader).
    extension: { maxWorkingDays: 5, times: 1, approverRole: 'leader', basis: '总局令第78号' },
    specialProcedures: [
      {
        type: 'EXPERT_REVIEW',
        name: '专家评审',
        maxDuration: { value: 20, unit: 'WD' },
        legalBasis: '《中华人民共和国行政许可法》第四十五条',
        isCharged: false,
        countsInLegalLimit: false,
      },
      {
        type: 'SITE_SURVEY',
        name: '现场核查',
        maxDuration: { value: 3, unit: 'WD' },
        legalBasis: '《中华人民共和国行政许可法》第三十四条第三款',
        isCharged: false,
        countsInLegalLimit: true,
      },
    ],
  };
  delete item.deliveryLimit;
  const res = await t.http().post('/api/v1/items').set('Authorization', `Bearer ${s.admin}`).send(item);
  if (res.status !== 201 && res.status !== 200) throw new Error(`item: ${res.status} ${JSON.stringify(res.body)}`);
}

describe('time rules: pauses, extensions and the delivery clock over the 2026 Spring Festival', () => {
  let t: TestApp;
  let s: Staff;
  const ids = { stack: '', node: '', counted: '', extension: '', delivery: '', correction: '' };
  const post = (token: string, url: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/api/v1${url}`).set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    t = await startTestApp({
      loadWorkflows: true,
      env: { ...CLOCK, TONGBAN_CLOCK_START: '2026-02-01T00:00:00+08:00' },
    });
    s = staff(t);
    await saveItem(t, s);
    // Five cases received and accepted on Tue 2026-02-10 10:00.
    await moveClock(t, s.admin, local('2026-02-10T10:00:00'));
    for (const k of Object.keys(ids) as (keyof typeof ids)[]) {
      const c = await openCase(t, s.window, { itemCode: ITEM, applicant });
      await step(t, s.window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
      ids[k] = c.id;
    }
  });
  afterAll(() => t.close());

  it('accepts with legal due 3/2 (10 WD) and promised due 2/24 (5 WD); the review task is due 2/12 (2 WD)', async () => {
    const view = await getCase(t, s.window, ids.stack);
    expect(view.clocks.legal.dueAt).toBe(endOf('2026-03-02'));
    expect(view.clocks.promised.dueAt).toBe(endOf('2026-02-24'));
    expect((await openTasks(t, s.handler, ids.node)).map((x) => [x.elementId, x.dueAt])).toEqual([
      ['review', endOf('2026-02-12')],
    ]);
  });

  it('2/11: suspends two cases, starts a counted procedure, takes the decision on one, and asks for an extension', async () => {
    await moveClock(t, s.admin, local('2026-02-11T10:00:00'));
    for (const id of [ids.stack, ids.node])
      expect((await post(s.leader, `/cases/${id}/suspend`, { reason: '涉及诉讼，中止办理' })).body.status).toBe(
        'SUSPENDED',
      );
    const asked = await post(s.handler, `/cases/${ids.correction}/corrections`, {
      reason: '平面布局图与现场不符',
      materials: ['m3'],
    });
    expect(asked.body).toMatchObject({ status: 'CORRECTION_REQUESTED', statusCode: 6 });
    expect(asked.body.clocks.legal.paused).toBe(true);
    const twice = await post(s.handler, `/cases/${ids.correction}/corrections`, { reason: '再次补正' });
    expect([twice.status, twice.body.code]).toEqual([409, 'CASE.NOT_IN_PROCESS']);
    // The review waits for the corrected materials: its task cannot be decided meanwhile.
    const [reviewing] = await openTasks(t, s.admin, ids.correction);
    const early = await post(s.handler, `/tasks/${reviewing!.id}/complete`, { outcome: 'pass' });
    expect([early.status, early.body.code]).toEqual([409, 'CASE.CORRECTION_PENDING']);
    const sentBack = await post(s.handler, `/tasks/${reviewing!.id}/return`, {
      targetElementId: 'receive',
      opinion: '退回',
    });
    expect([sentBack.status, sentBack.body.code]).toEqual([409, 'CASE.CORRECTION_PENDING']);
    const site = await post(s.handler, `/cases/${ids.counted}/special-procedures`, {
      type: 'SITE_SURVEY',
      reason: '核实申请材料实质内容',
    });
    expect(site.body.status).toBe('SPECIAL_PROCEDURE');
    // Counted in the legal limit (Art.34 核查 is no Art.45 exclusion): neither clock stops.
    expect(site.body.clocks.legal).toMatchObject({ dueAt: endOf('2026-03-02'), paused: false, running: true });
    expect(site.body.clocks.promised).toMatchObject({ dueAt: endOf('2026-02-24'), paused: false });

    await step(t, s.handler, ids.delivery, 'review', { outcome: 'pass', opinion: '审查通过' });
    await step(t, s.leader, ids.delivery, 'approve', { outcome: 'approve', opinion: '同意' });
    await step(t, s.handler, ids.delivery, 'certify');
    await step(t, s.handler, ids.delivery, 'seal');
    // Art.44: 10 working days from the decision (2/11): 2/12 … 3/3.
    const decided = await getCase(t, s.window, ids.delivery);
    expect(decided.clocks.delivery).toMatchObject({
      startedAt: decided.decisionAt,
      dueAt: endOf('2026-03-03'),
      deliveredAt: null,
      running: true,
      limit: { value: 10, unit: 'WD' },
    });
  });

  it('extensions: asked by the handler, capped by the item rule (5 WD once), approved by a leader', async () => {
    const id = ids.extension;
    const over = await post(s.handler, `/cases/${id}/extensions`, { days: 10, reason: '案情复杂' });
    expect(over.status).toBe(422);
    expect(over.body.code).toBe('TIMING.EXTENSION_LIMIT');
    // Two requests at once: the case lock serialises them; one is filed, the other finds it pending.
    const pair = await Promise.all([
      post(s.handler, `/cases/${id}/extensions`, { days: 5, reason: '案情复杂' }),
      post(s.leader, `/cases/${id}/extensions`, { days: 5, reason: '案情复杂' }),
    ]);
    expect(pair.map((r) => r.status).sort()).toEqual([200, 409]);
    const asked = pair.find((r) => r.status === 200)!;
    expect(pair.find((r) => r.status === 409)?.body.code).toBe('TIMING.EXTENSION_PENDING');
    // The leader who asked may not approve their own request; let the handler's one be the filed one.
    if (asked.body.clocks.extensions[0].requestedBy !== 'handler-410100-SJJ') {
      const self = await post(s.leader, `/cases/${id}/extensions/${asked.body.clocks.extensions[0].id}/approve`, {});
      expect([self.status, self.body.code]).toEqual([403, 'TIMING.EXTENSION_SELF_APPROVAL']);
      const head = t.token({ roles: ['leader'], dept: DEPT, sub: 'leader-2', name: '局长' });
      await post(head, `/cases/${id}/extensions/${asked.body.clocks.extensions[0].id}/reject`, {}).expect(200);
      const again = await post(s.handler, `/cases/${id}/extensions`, { days: 5, reason: '案情复杂' });
      expect(again.status).toBe(200);
      asked.body = again.body;
    }
    const ext = asked.body.clocks.extensions.find((e: { status: string }) => e.status === 'PENDING');
    expect(ext).toMatchObject({ days: 5, status: 'PENDING', approvedBy: null, requestedBy: 'handler-410100-SJJ' });
    // Asked, not granted: the legal clock has not moved.
    expect(asked.body.clocks.legal).toMatchObject({ dueAt: endOf('2026-03-02'), extendedWorkingDays: 0 });
    const again = await post(s.handler, `/cases/${id}/extensions`, { days: 1, reason: '再次' });
    expect([again.status, again.body.code]).toEqual([409, 'TIMING.EXTENSION_PENDING']);
    const byHandler = await post(s.handler, `/cases/${id}/extensions/${ext.id}/approve`, {});
    expect(byHandler.status).toBe(403);
    const approved = await post(s.leader, `/cases/${id}/extensions/${ext.id}/approve`, { opinion: '同意延期' });
    expect(approved.status).toBe(200);
    // 10 + 5 = 15 WD after 2/10: … 3/2 (10), 3/3, 3/4, 3/5, 3/6, 3/9 (15). The promised clock does not move.
    expect(approved.body.clocks.legal).toMatchObject({ dueAt: endOf('2026-03-09'), extendedWorkingDays: 5 });
    expect(approved.body.clocks.promised.dueAt).toBe(endOf('2026-02-24'));
    expect(approved.body.clocks.extensions.find((e: { id: string }) => e.id === ext.id)).toMatchObject({
      status: 'APPROVED',
      approvedBy: 'leader-410100-SJJ',
      applicantNotifiedAt: expect.any(String),
      applicantNotice: expect.stringContaining('延长5个工作日'),
    });
    const decidedTwice = await post(s.leader, `/cases/${id}/extensions/${ext.id}/reject`, {});
    expect([decidedTwice.status, decidedTwice.body.code]).toEqual([409, 'TIMING.EXTENSION_DECIDED']);
    // The rule allows one extension: a second one is refused however few days it asks.
    const second = await post(s.handler, `/cases/${id}/extensions`, { days: 1, reason: '再次延期' });
    expect([second.status, second.body.code]).toEqual([422, 'TIMING.EXTENSION_LIMIT']);
    const unknown = await post(s.leader, `/cases/${id}/extensions/${randomUUID()}/approve`, {});
    expect([unknown.status, unknown.body.code]).toEqual([404, 'TIMING.EXTENSION_NOT_FOUND']);

    const types = (await timeline(t, s.admin, id)).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['extension.requested', 'extension.approved', 'extension.applicant_notified']),
    );
    expect(await outboxTypes(t, id)).toEqual(
      expect.arrayContaining(['case.extension_requested', 'case.extension_approved', 'case.applicant_notified']),
    );
  });

  it('a special procedure inside a suspension keeps the case SUSPENDED and does not restart the clock', async () => {
    await moveClock(t, s.admin, local('2026-02-12T10:00:00'));
    const started = await post(s.handler, `/cases/${ids.stack}/special-procedures`, {
      type: 'EXPERT_REVIEW',
      reason: '需组织专家评审',
      plannedDays: 10,
    });
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('SUSPENDED');
    const pid = started.body.clocks.pauses.find((p: { cause: string }) => p.cause === 'SPECIAL_PROCEDURE').ref;

    // 2/26: the counted procedure ends; its clocks never stopped, so the promised limit (2/24) is exceeded.
    await moveClock(t, s.admin, local('2026-02-26T10:00:00'));
    const counted = (await timeline(t, s.admin, ids.counted)).find((e) => e.type === 'special_procedure.started');
    const procedureId = String(counted?.data?.procedureId);
    const ended = await post(s.handler, `/cases/${ids.counted}/special-procedures/${procedureId}/end`, {
      result: '核查属实',
    });
    expect(ended.body).toMatchObject({ status: 'IN_PROCESS', timeState: 'OVERDUE' });
    expect(ended.body.clocks.promised).toMatchObject({ dueAt: endOf('2026-02-24'), pausedWorkingDays: 0 });
    expect(ended.body.clocks.legal).toMatchObject({ dueAt: endOf('2026-03-02'), pausedWorkingDays: 0 });
    expect(codes(await alertsOf(t, s, ids.counted))).toContain('YELLOW:PROMISED_EXCEEDED');

    // 2/26: the corrected materials come in. Paused (2/11, 2/26]: 2/12 2/13 2/14 2/24 2/25 2/26 = 6 WD.
    // Legal 10 + 6 = 16 WD after 2/10 → 3/10; promised 5 + 6 = 11 → 3/3.
    const correction = (await timeline(t, s.admin, ids.correction)).find((e) => e.type === 'correction.requested');
    const submitted = await post(
      s.window,
      `/cases/${ids.correction}/corrections/${String(correction?.data?.correctionId)}/submit`,
      { note: '已补交' },
    );
    expect(submitted.body).toMatchObject({ status: 'IN_PROCESS', statusCode: 8 });
    expect(submitted.body.clocks.legal).toMatchObject({ dueAt: endOf('2026-03-10'), pausedWorkingDays: 6 });
    expect(submitted.body.clocks.promised.dueAt).toBe(endOf('2026-03-03'));
    const statuses = (await timeline(t, s.admin, ids.correction))
      .filter((e) => e.type === 'status.changed')
      .map((e) => e.data?.to);
    expect(statuses.slice(-3)).toEqual(['CORRECTION_REQUESTED', 'CORRECTION_SUBMITTED', 'IN_PROCESS']);

    await moveClock(t, s.admin, local('2026-02-27T10:00:00'));
    const over = await post(s.handler, `/cases/${ids.stack}/special-procedures/${pid}/end`, { result: '评审通过' });
    expect(over.body.status).toBe('SUSPENDED');
    expect(over.body.clocks.legal.paused).toBe(true);
  });

  it('3/2: resuming the suspension restarts the clocks; the whole 2/11–3/2 interval is paused once', async () => {
    await moveClock(t, s.admin, local('2026-03-02T10:00:00'));
    // Still suspended until now, so no card although the unpaused limits (3/2, 2/24) are reached.
    expect(await alertsOf(t, s, ids.stack)).toEqual([]);
    const resumed = await post(s.leader, `/cases/${ids.stack}/resume`, { reason: '中止事由消除' });
    expect(resumed.body.status).toBe('IN_PROCESS');
    // Paused 2/11 → 3/2: 2/12 2/13 2/14 2/24 2/25 2/26 2/27 2/28 3/2 = 9 WD (the expert review inside it adds none).
    // Legal 10 + 9 = 19 WD after 2/10 → 3/13 (restarting at 2/27 would have given 3/11); promised 5 + 9 = 14 → 3/6.
    expect(resumed.body.clocks.legal).toMatchObject({
      dueAt: endOf('2026-03-13'),
      pausedWorkingDays: 9,
      running: true,
    });
    expect(resumed.body.clocks.promised.dueAt).toBe(endOf('2026-03-06'));
    expect(resumed.body.clocks.pauses.map((p: { cause: string }) => p.cause).sort()).toEqual([
      'SPECIAL_PROCEDURE',
      'SUSPENSION',
    ]);
    // The review task was due 2/12; it waited from 2/11 to 3/2 (9 WD): 2/12 + 9 WD → 3/3.
    expect((await openTasks(t, s.handler, ids.stack)).map((x) => x.dueAt)).toEqual([endOf('2026-03-03')]);
    const events = await outboxTypes(t, ids.stack);
    expect(events.filter((e) => e === 'case.clock_paused')).toHaveLength(2);
    expect(events.filter((e) => e === 'case.clock_resumed')).toHaveLength(2);

    // Delivery: one working day left (due 3/3): a warning, like the other clocks.
    expect(codes(await alertsOf(t, s, ids.delivery))).toContain('WARNING:DELIVERY_DUE_SOON');
  });

  it('3/4: the licence not issued within 10 WD of the decision is a yellow card; issuing it resolves the card', async () => {
    await moveClock(t, s.admin, local('2026-03-04T10:00:00'));
    const late = (await alertsOf(t, s, ids.delivery)).find((a) => a.triggerCode === 'DELIVERY_EXCEEDED');
    expect(late).toMatchObject({ level: 'YELLOW', occurredAt: '2026-03-03T16:00:00.000Z', resolvedAt: null });
    await step(t, s.window, ids.delivery, 'issue');
    const view = await getCase(t, s.window, ids.delivery);
    expect(view.clocks.delivery).toMatchObject({ running: false, overdue: true, deliveredAt: expect.any(String) });
    const after = (await alertsOf(t, s, ids.delivery)).filter((a) => a.triggerCode.startsWith('DELIVERY_'));
    expect(after.every((a) => a.resolvedAt !== null)).toBe(true);
  });

  it('a month suspended: no node or clock cards; the review task and the clocks move by the paused days', async () => {
    await moveClock(t, s.admin, local('2026-03-10T10:00:00'));
    expect(await alertsOf(t, s, ids.node)).toEqual([]);
    const resumed = await post(s.leader, `/cases/${ids.node}/resume`, {});
    // Paused 2/11 → 3/10: 2/12 2/13 2/14 2/24 2/25 2/26 2/27 2/28 3/2 3/3 3/4 3/5 3/6 3/9 3/10 = 15 WD.
    // Review 2/12 + 15 WD → 3/11; promised 5 + 15 = 20 WD after 2/10 → 3/16; legal 25 → 3/23.
    expect((await openTasks(t, s.handler, ids.node)).map((x) => x.dueAt)).toEqual([endOf('2026-03-11')]);
    expect(resumed.body.clocks.promised.dueAt).toBe(endOf('2026-03-16'));
    expect(resumed.body.clocks.legal.dueAt).toBe(endOf('2026-03-23'));
    expect(await alertsOf(t, s, ids.node)).toEqual([]);
    // The node's own limit still counts once the case runs again.
    await moveClock(t, s.admin, local('2026-03-12T10:00:00'));
    const cards = await alertsOf(t, s, ids.node);
    expect(codes(cards)).toEqual(['YELLOW:NODE_EXCEEDED']);
    expect(cards[0]?.occurredAt).toBe('2026-03-11T16:00:00.000Z');
  });
});

describe('red cards: a yellow card not corrected within 5 working days, not counting its own day', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp({
      loadWorkflows: true,
      env: { ...CLOCK, TONGBAN_CLOCK_START: '2026-02-01T00:00:00+08:00' },
    });
    s = staff(t);
    await deploy(
      t,
      s.admin,
      bpmn(
        'tb-node-4wh',
        `<bpmn:startEvent id="start"/>
         <bpmn:userTask id="work" name="办理" tb:candidateRoles="handler" tb:candidateDepartments="=department" tb:timeLimit="4WH"/>
         <bpmn:endEvent id="end"/>
         <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
         <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>`,
      ),
    );
  });
  afterAll(() => t.close());

  it('yellow at Fri 2026-02-06 15:30 → red when Fri 2/13 is over (2/14 00:00, a make-up working day), not before', async () => {
    await moveClock(t, s.admin, local('2026-02-06T10:00:00'));
    const c = await openCase(t, s.window, { itemCode: undefined, processKey: 'tb-node-4wh', department: DEPT });
    // 4 working hours from 10:00 (09:00–12:00, 13:30–17:30): 10:00–12:00 and 13:30–15:30.
    expect((await openTasks(t, s.handler, c.id)).map((x) => x.dueAt)).toEqual(['2026-02-06T07:30:00.000Z']);
    await moveClock(t, s.admin, local('2026-02-06T16:00:00'));
    expect(codes(await alertsOf(t, s, c.id))).toEqual(['YELLOW:NODE_EXCEEDED']);
    // 5 working days not counting 2/6: 2/9 2/10 2/11 2/12 2/13. Still yellow at the last minute of 2/13.
    await moveClock(t, s.admin, local('2026-02-13T23:59:00'));
    expect(codes(await alertsOf(t, s, c.id))).toEqual(['YELLOW:NODE_EXCEEDED']);
    await moveClock(t, s.admin, local('2026-02-14T00:00:00'));
    const cards = await alertsOf(t, s, c.id);
    expect(codes(cards)).toEqual(['RED:YELLOW_UNRESOLVED', 'YELLOW:NODE_EXCEEDED']);
    expect(cards.find((a) => a.level === 'RED')?.occurredAt).toBe('2026-02-13T16:00:00.000Z');
  });
});

describe('calendars: a year without a calendar is never counted silently', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp({
      loadWorkflows: true,
      env: { ...CLOCK, TONGBAN_CLOCK_START: '2026-12-01T00:00:00+08:00' },
    });
    s = staff(t);
    await saveItem(t, s);
  });
  afterAll(() => t.close());

  it('says which years are loaded, and refuses arithmetic that reaches 2027 with CALENDAR.YEAR_NOT_LOADED', async () => {
    const ready = await t.http().get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.calendars).toEqual({ CN: [2025, 2026] });
    const res = await t
      .http()
      .get('/api/v1/calendars/CN/add-working-days?from=2026-12-28&days=5')
      .set('Authorization', `Bearer ${s.window}`);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CALENDAR.YEAR_NOT_LOADED');
    const hours = await t
      .http()
      .get('/api/v1/calendars/CN/add-working-hours?from=2026-12-31T09:00:00%2B08:00&hours=16')
      .set('Authorization', `Bearer ${s.window}`);
    expect([hours.status, hours.body.code]).toEqual([422, 'CALENDAR.YEAR_NOT_LOADED']);
    // Inside a loaded year the answer is as before: 2026-12-21 + 5 WD = 12/28.
    const ok = await t
      .http()
      .get('/api/v1/calendars/CN/add-working-days?from=2026-12-21&days=5')
      .set('Authorization', `Bearer ${s.window}`);
    expect(ok.body).toEqual({ date: '2026-12-28', dueAt: endOf('2026-12-28') });
  });

  it('a case whose dates reach 2027 gets a supervision warning and the weekends-only fallback, until 2027 is loaded', async () => {
    await moveClock(t, s.admin, local('2026-12-21T10:00:00'));
    const c = await openCase(t, s.window, { itemCode: ITEM, applicant });
    await step(t, s.window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
    let view = await getCase(t, s.window, c.id);
    // Weekends only: 12/22 12/23 12/24 12/25 12/28 12/29 12/30 12/31 1/1 (counted!) 1/4 → 10 WD on 2027-01-04.
    expect(view.clocks.legal.dueAt).toBe(endOf('2027-01-04'));
    expect(view.clocks.calendarFallbackYears).toEqual([2027]);
    const warned = await alertsOf(t, s, c.id);
    expect(warned).toEqual([
      expect.objectContaining({ level: 'WARNING', triggerCode: 'CALENDAR_YEAR_NOT_LOADED', resolvedAt: null }),
    ]);

    const put = await t
      .http()
      .put('/api/v1/calendars/CN/2027')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({ holidays: [{ date: '2027-01-01', name: '元旦' }], makeupWorkdays: [], source: 'test' });
    expect(put.status).toBe(200);
    await moveClock(t, s.admin, local('2026-12-21T10:05:00'));
    view = await getCase(t, s.window, c.id);
    // With New Year's Day off: … 12/31 (8), 1/4 (9), 1/5 (10).
    expect(view.clocks.legal.dueAt).toBe(endOf('2027-01-05'));
    expect(view.clocks.calendarFallbackYears).toEqual([]);
    expect((await alertsOf(t, s, c.id)).map((a) => a.resolvedAt)).toEqual([expect.any(String)]);
  });
});
