import { applicant, DEPT, getCase, openCase, staff, type Staff, step, taskAt } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, moveClock, openTasks, serverNow, timeline } from '../support/timing-helpers.js';

const TIMERS = bpmn(
  'tb-timers',
  `
  <bpmn:startEvent id="start"/>
  <bpmn:userTask id="work" name="办理"/>
  <bpmn:boundaryEvent id="overdue" attachedToRef="work"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  <bpmn:boundaryEvent id="remind" attachedToRef="work" cancelActivity="false"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT10M</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:boundaryEvent>
  <bpmn:userTask id="escalated" name="超时处理"/>
  <bpmn:userTask id="reminder" name="催办"/>
  <bpmn:endEvent id="end"/><bpmn:endEvent id="end2"/><bpmn:endEvent id="end3"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work"/>
  <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end"/>
  <bpmn:sequenceFlow id="f3" sourceRef="overdue" targetRef="escalated"/>
  <bpmn:sequenceFlow id="f4" sourceRef="escalated" targetRef="end2"/>
  <bpmn:sequenceFlow id="f5" sourceRef="remind" targetRef="reminder"/>
  <bpmn:sequenceFlow id="f6" sourceRef="reminder" targetRef="end3"/>`,
);

const CATCH_AND_SUBPROCESS = bpmn(
  'tb-catch-esp',
  `
  <bpmn:startEvent id="start"/>
  <bpmn:intermediateCatchEvent id="cool-off"><bpmn:timerEventDefinition><bpmn:timeDuration>PT30M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:userTask id="wait" name="等待"/>
  <bpmn:endEvent id="end"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="cool-off"/>
  <bpmn:sequenceFlow id="f2" sourceRef="cool-off" targetRef="wait"/>
  <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end"/>
  <bpmn:subProcess id="esp" triggeredByEvent="true">
    <bpmn:startEvent id="esp-start"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:userTask id="expired" name="超期处理"/>
    <bpmn:endEvent id="esp-end"/>
    <bpmn:sequenceFlow id="e1" sourceRef="esp-start" targetRef="expired"/>
    <bpmn:sequenceFlow id="e2" sourceRef="expired" targetRef="esp-end"/>
  </bpmn:subProcess>`,
);

const plus = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * 60_000);
const fired = async (t: TestApp, token: string, caseId: string): Promise<string[]> =>
  (await timeline(t, token, caseId)).filter((e) => e.type === 'timer.fired').map((e) => e.elementId ?? '');

describe('durable timers and clocks over HTTP with the test clock', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { TONGBAN_CLOCK_CONTROL: '1' } });
    s = staff(t);
    await deploy(t, s.admin, TIMERS);
    await deploy(t, s.admin, CATCH_AND_SUBPROCESS);
  });
  afterAll(() => t.close());

  it('refuses the test clock without admin', async () => {
    const res = await t
      .http()
      .post('/api/v1/admin/clock')
      .set('Authorization', `Bearer ${s.handler}`)
      .send({ now: new Date().toISOString() });
    expect(res.status).toBe(403);
  });

  it('fires a non-interrupting cycle (R2/PT10M) twice, then the interrupting boundary timer once', async () => {
    const c = await openCase(t, s.window, { itemCode: undefined, processKey: 'tb-timers', department: DEPT });
    const t0 = await serverNow(t, s.admin);
    expect((await moveClock(t, s.admin, plus(t0, 9))).jobsRun).toBe(0);
    await moveClock(t, s.admin, plus(t0, 25));
    let tasks = await openTasks(t, s.handler, c.id);
    expect(tasks.map((x) => x.elementId).sort()).toEqual(['reminder', 'reminder', 'work']);
    expect(await fired(t, s.admin, c.id)).toEqual(['remind', 'remind']);

    await moveClock(t, s.admin, plus(t0, 61));
    tasks = await openTasks(t, s.handler, c.id);
    expect(tasks.map((x) => x.elementId).sort()).toEqual(['escalated', 'reminder', 'reminder']);
    expect(await fired(t, s.admin, c.id)).toEqual(['remind', 'remind', 'overdue']);
    // Nothing left to fire, however far the clock goes.
    await moveClock(t, s.admin, plus(t0, 300));
    expect(await fired(t, s.admin, c.id)).toHaveLength(3);
    const jobs = await t
      .http()
      .get(`/api/v1/admin/jobs?caseId=${c.id}&kind=timer`)
      .set('Authorization', `Bearer ${s.admin}`);
    expect(jobs.body.items.map((j: { state: string }) => j.state).sort()).toEqual(['done', 'done', 'done']);
  });

  it('a completed task cancels its boundary timers: they never fire', async () => {
    const c = await openCase(t, s.window, { itemCode: undefined, processKey: 'tb-timers', department: DEPT });
    const t0 = await serverNow(t, s.admin);
    await step(t, s.handler, c.id, 'work');
    await moveClock(t, s.admin, plus(t0, 120));
    expect(await fired(t, s.admin, c.id)).toEqual([]);
    expect((await getCase(t, s.handler, c.id)).endedAt).toEqual(expect.any(String));
  });

  it('an intermediate timer, then an interrupting timer in an event subprocess', async () => {
    const c = await openCase(t, s.window, { itemCode: undefined, processKey: 'tb-catch-esp', department: DEPT });
    const t0 = await serverNow(t, s.admin);
    expect(await openTasks(t, s.handler, c.id)).toEqual([]);
    await moveClock(t, s.admin, plus(t0, 31));
    expect((await openTasks(t, s.handler, c.id)).map((x) => x.elementId)).toEqual(['wait']);
    await moveClock(t, s.admin, plus(t0, 121));
    expect((await openTasks(t, s.handler, c.id)).map((x) => x.elementId)).toEqual(['expired']);
    expect(await fired(t, s.admin, c.id)).toEqual(['cool-off', 'esp-start']);
  });

  it('joint approval: co-departments that stay silent past their limit consent (tb:silenceConsent)', async () => {
    const lead = '410100-CGJ';
    const c = await openCase(t, s.window, { itemCode: '410100-CGJ-XK-003', applicant });
    const window = t.token({ roles: ['window'], dept: lead, sub: 'w-cgj' });
    await step(t, window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
    const reviews = (await openTasks(t, s.admin, c.id)).filter((x) => x.elementId === 'co-review');
    expect(reviews.length).toBeGreaterThanOrEqual(2);
    const first = reviews[0]!;
    // One department answers; the others say nothing.
    const zrzy = t.token({ roles: ['handler'], dept: '410100-ZRZY', sub: 'h-zrzy' });
    const mine = await taskAt(t, zrzy, c.id, 'co-review');
    const done = await t
      .http()
      .post(`/api/v1/tasks/${mine.id}/complete`)
      .set('Authorization', `Bearer ${zrzy}`)
      .send({ outcome: 'approve', opinion: '同意' });
    expect(done.status).toBe(200);
    await moveClock(t, s.admin, new Date(Date.parse(first.dueAt!) + 1000));
    const after = await openTasks(t, s.admin, c.id);
    expect(after.map((x) => x.elementId)).toEqual(['lead-decision']);
    const silent = (await timeline(t, s.admin, c.id)).filter(
      (e) => e.type === 'task.completed' && e.data?.silenceConsent === true,
    );
    expect(silent).toHaveLength(reviews.length - 1);
    expect(silent[0]).toMatchObject({ elementId: 'co-review', opinion: '超时默认同意' });
  });
});

// A 2027 calendar for the test (the official notice is data: PUT it like an administrator would).
const SPRING_2027 = [
  '2027-02-06',
  '2027-02-07',
  '2027-02-08',
  '2027-02-09',
  '2027-02-10',
  '2027-02-11',
  '2027-02-12',
  '2027-02-13',
  '2027-02-14',
];

describe('due dates of a case accepted just before a holiday', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { TONGBAN_CLOCK_CONTROL: '1' } });
    s = staff(t);
  });
  afterAll(() => t.close());

  it('shows legal and promised due dates after the Spring Festival, pauses them and extends the legal one', async () => {
    const put = await t
      .http()
      .put('/api/v1/calendars/CN/2027')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({
        holidays: [{ date: '2027-01-01', name: '元旦' }, ...SPRING_2027.map((date) => ({ date, name: '春节' }))],
        makeupWorkdays: [],
        source: 'test',
      });
    expect(put.status).toBe(200);
    await moveClock(t, s.admin, '2027-02-05T09:00:00+08:00');
    const c = await openCase(t, s.window);
    await moveClock(t, s.admin, '2027-02-05T10:00:00+08:00');
    await step(t, s.window, c.id, 'receive', { outcome: 'accept', opinion: '受理' });
    let view = await getCase(t, s.window, c.id);
    // 10 WD legal / 5 WD promised, counted from Mon 2/15 (the day of acceptance is not counted).
    expect(view.clocks.legal).toMatchObject({
      dueAt: '2027-02-26T15:59:59.999Z',
      limit: { value: 10, unit: 'WD' },
      running: true,
      paused: false,
      elapsedWorkingDays: 0,
      remainingWorkingDays: 10,
      extendedWorkingDays: 0,
    });
    expect(view.clocks.promised).toMatchObject({ dueAt: '2027-02-19T15:59:59.999Z', remainingWorkingDays: 5 });
    expect(view.timeState).toBe('NORMAL');

    await moveClock(t, s.admin, '2027-02-16T10:00:00+08:00');
    await t
      .http()
      .post(`/api/v1/cases/${c.id}/suspend`)
      .set('Authorization', `Bearer ${s.leader}`)
      .send({ reason: '申请人要求中止' })
      .expect(200);
    await moveClock(t, s.admin, '2027-02-18T10:00:00+08:00');
    await t.http().post(`/api/v1/cases/${c.id}/resume`).set('Authorization', `Bearer ${s.leader}`).send({}).expect(200);
    view = await getCase(t, s.window, c.id);
    // Paused 2/17–2/18: both clocks move by 2 working days.
    expect(view.clocks.promised.dueAt).toBe('2027-02-23T15:59:59.999Z');
    expect(view.clocks.legal.dueAt).toBe('2027-03-02T15:59:59.999Z');
    // History: set at acceptance, then moved while paused (recomputed by the deadline checks and on resume).
    const history = view.clocks.legal.history as { cause: string; dueAt: string }[];
    expect(history[0]).toMatchObject({ cause: 'start', dueAt: '2027-02-26T15:59:59.999Z' });
    expect(history.at(-1)?.dueAt).toBe('2027-03-02T15:59:59.999Z');

    // 延期 in two steps: the handler asks, the leader approves (only then does the legal clock move).
    const asked = await t
      .http()
      .post(`/api/v1/cases/${c.id}/extensions`)
      .set('Authorization', `Bearer ${s.handler}`)
      .send({ days: 5, reason: '情况复杂' })
      .expect(200);
    expect(asked.body.clocks.legal.dueAt).toBe('2027-03-02T15:59:59.999Z');
    const extensionId = asked.body.clocks.extensions[0].id as string;
    await t
      .http()
      .post(`/api/v1/cases/${c.id}/extensions/${extensionId}/approve`)
      .set('Authorization', `Bearer ${s.leader}`)
      .send({ opinion: '同意' })
      .expect(200);
    view = await getCase(t, s.window, c.id);
    expect(view.clocks.legal).toMatchObject({ dueAt: '2027-03-09T15:59:59.999Z', extendedWorkingDays: 5 });
    expect(view.clocks.promised.dueAt).toBe('2027-02-23T15:59:59.999Z');
    const add = await t
      .http()
      .get('/api/v1/calendars/CN/add-working-days?from=2027-02-05&days=5')
      .set('Authorization', `Bearer ${s.window}`);
    expect(add.body).toEqual({ date: '2027-02-19', dueAt: '2027-02-19T15:59:59.999Z' });
  });

  it('deems a case accepted on receipt when neither a decision nor a correction notice came within 5 working days', async () => {
    const c = await openCase(t, s.window);
    const received = (await getCase(t, s.window, c.id)).receivedAt;
    await moveClock(t, s.admin, new Date(Date.parse(received) + 14 * 86_400_000));
    const view = await getCase(t, s.window, c.id);
    expect(view).toMatchObject({ status: 'ACCEPTED', acceptedAt: received });
    expect(view.clocks.legal).toMatchObject({ startedAt: received, deemedAcceptance: true });
    expect((await timeline(t, s.admin, c.id)).map((e) => e.type)).toContain('acceptance.deemed');
  });

  it('validates calendars: dates in the year, no duplicates, admin only', async () => {
    const bad = await t
      .http()
      .put('/api/v1/calendars/410100/2027')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({ holidays: [{ date: '2026-12-31' }], makeupWorkdays: [] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ code: 'CALENDAR.DATE_OUTSIDE_YEAR', path: 'holidays[0].date' });
    const handler = await t
      .http()
      .put('/api/v1/calendars/410100/2027')
      .set('Authorization', `Bearer ${s.handler}`)
      .send({ holidays: [], makeupWorkdays: [] });
    expect(handler.status).toBe(403);
    const missing = await t.http().get('/api/v1/calendars/410100/2030').set('Authorization', `Bearer ${s.handler}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('CALENDAR.NOT_FOUND');
    const region = await t
      .http()
      .put('/api/v1/calendars/410100/2027')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({
        holidays: [{ date: '2027-02-15', name: '地方节日' }],
        makeupWorkdays: [],
        workingHours: [
          { start: '08:30', end: '12:00' },
          { start: '14:00', end: '18:00' },
        ],
      });
    expect(region.status).toBe(200);
    const add = await t
      .http()
      .get('/api/v1/calendars/410100/add-working-days?from=2027-02-05&days=1')
      .set('Authorization', `Bearer ${s.window}`);
    expect(add.body.date).toBe('2027-02-16');
    const hours = await t
      .http()
      .get('/api/v1/calendars/410100/add-working-hours?from=2027-02-16T11:00:00%2B08:00&hours=2')
      .set('Authorization', `Bearer ${s.window}`);
    expect(hours.body.at).toBe('2027-02-16T07:00:00.000Z'); // 11–12, then 14:00–15:00
  });
});
