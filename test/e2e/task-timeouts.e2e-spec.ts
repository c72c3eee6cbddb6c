import pg from 'pg';
import { applicant, staff } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, moveClock, openTasks, serverNow, timeline } from '../support/timing-helpers.js';

const D = '410100-TMO';
const D2 = '410100-TMT';
const branch = (id: string, attrs: string) =>
  `<bpmn:sequenceFlow id="to-${id}" sourceRef="fork" targetRef="${id}"/>
   <bpmn:userTask id="${id}" tb:candidateDepartments="${D}" tb:candidateRoles="handler" ${attrs}/>
   <bpmn:sequenceFlow id="from-${id}" sourceRef="${id}" targetRef="end-${id}"/><bpmn:endEvent id="end-${id}"/>`;

const POLICIES = bpmn(
  'timeout-policies',
  `<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="fork"/><bpmn:parallelGateway id="fork"/>
   ${branch('remind', 'tb:timeout="1WH" tb:timeoutAction="remind" tb:timeoutRepeat="2WH" tb:timeoutMaxReminders="2"')}
   ${branch('escalate', 'tb:timeout="1WD" tb:timeoutAction="escalate"')}
   ${branch('approve', 'tb:outcomes="approve,reject" tb:timeout="2WD" tb:timeoutAction="autoApprove"')}
   ${branch('reject', 'tb:outcomes="approve,reject" tb:timeout="2WD" tb:timeoutAction="autoReject"')}
   ${branch('transfer', `tb:timeout="1WD" tb:timeoutAction="transfer" tb:timeoutTarget="${D2}"`)}`,
);

/** A site survey (特别程序) between two clock events of the process: its time does not count. */
const SURVEY = bpmn(
  'timeout-survey',
  `<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="accepted"/>
   <bpmn:userTask id="survey" tb:candidateDepartments="${D}" tb:timeout="1WD" tb:timeoutAction="remind"/>
   <bpmn:userTask id="review" tb:candidateDepartments="${D}" tb:timeout="1WD" tb:timeoutAction="remind"/>
   <bpmn:endEvent id="e"/>
   <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="accepted" tb:clock="start"/>
   <bpmn:sequenceFlow id="f1" sourceRef="accepted" targetRef="survey" tb:clock="pause"/>
   <bpmn:sequenceFlow id="f2" sourceRef="survey" targetRef="review" tb:clock="resume"/>
   <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="e"/>`,
);

describe('timeout policies in working days over HTTP', () => {
  let t: TestApp;
  const admin = () => staff(t).admin;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { TONGBAN_CLOCK_CONTROL: '1' } });
    await deploy(t, admin(), POLICIES);
    await deploy(t, admin(), SURVEY);
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

  const jobs = (caseId: string) =>
    rows<{ element_id: string; due_at: Date; state: string; payload: { firing: number } }>(
      `SELECT element_id, due_at, state, payload FROM job WHERE case_id = $1 AND kind = 'task-timeout' ORDER BY due_at, element_id`,
      [caseId],
    );

  async function open(processKey = 'timeout-policies'): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${admin()}`)
      .send({ processKey, department: D, applicant });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  const latest = async (caseId: string) =>
    Math.max(...(await jobs(caseId)).filter((j) => j.state === 'scheduled').map((j) => j.due_at.getTime()));

  it('counts on the region calendar and fires each action once, by system, with a timeline entry and an event', async () => {
    const id = await open();
    const now = await serverNow(t, admin());
    const scheduled = await jobs(id);
    expect(scheduled.map((j) => [j.element_id, j.state, j.payload.firing]).sort()).toEqual([
      ['approve', 'scheduled', 1],
      ['escalate', 'scheduled', 1],
      ['reject', 'scheduled', 1],
      ['remind', 'scheduled', 1],
      ['transfer', 'scheduled', 1],
    ]);
    // 2WD: the end of the second working day after today (today not counted), as the calendar API says.
    const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const cal = await t
      .http()
      .get(`/api/v1/calendars/410100/add-working-days?from=${today}&days=2`)
      .set('Authorization', `Bearer ${admin()}`);
    expect(scheduled.find((j) => j.element_id === 'approve')?.due_at.toISOString()).toBe(cal.body.dueAt);

    await moveClock(t, admin(), new Date((await latest(id)) + 60_000));
    const tasks = (await openTasks(t, admin(), id)) as unknown as {
      elementId: string;
      assignee: string | null;
      candidateDepartments: string[];
      candidateRoles: string[];
    }[];
    expect(tasks.map((x) => x.elementId).sort()).toEqual(['escalate', 'remind', 'transfer']);
    expect(tasks.find((x) => x.elementId === 'escalate')).toMatchObject({ candidateRoles: ['leader'], assignee: null });
    expect(tasks.find((x) => x.elementId === 'transfer')).toMatchObject({ candidateDepartments: [D2] });
    const done = await rows<{ element_id: string; outcome: string; opinion: string; completed_by: string }>(
      `SELECT element_id, outcome, opinion, completed_by FROM work_item WHERE case_id = $1 AND state = 'completed' ORDER BY element_id`,
      [id],
    );
    expect(done).toEqual([
      { element_id: 'approve', outcome: 'approve', opinion: '超时系统自动通过', completed_by: 'system' },
      { element_id: 'reject', outcome: 'reject', opinion: '超时系统自动驳回', completed_by: 'system' },
    ]);
    const entries = (await timeline(t, admin(), id)) as unknown as {
      type: string;
      elementId: string;
      actor: { id: string };
      data: { action: string; firing: number };
    }[];
    const timeouts = entries.filter((e) => e.type === 'task.timeout');
    expect(timeouts.map((e) => [e.elementId, e.data.action, e.actor.id]).sort()).toEqual([
      ['approve', 'autoApprove', 'system'],
      ['escalate', 'escalate', 'system'],
      ['reject', 'autoReject', 'system'],
      ['remind', 'remind', 'system'],
      ['transfer', 'transfer', 'system'],
    ]);
    const events = await rows<{ type: string }>(
      `SELECT type FROM outbox_event WHERE case_id = $1 AND type = 'task.timeout'`,
      [id],
    );
    expect(events).toHaveLength(5);

    // The reminder repeats (at most twice in all); the other actions fired once.
    await moveClock(t, admin(), new Date((await latest(id)) + 60_000));
    const reminders = (await timeline(t, admin(), id)).filter(
      (e) => e.type === 'task.timeout' && e.elementId === 'remind',
    ) as unknown as { data: { firing: number } }[];
    expect(reminders.map((e) => e.data.firing)).toEqual([1, 2]);
    expect((await jobs(id)).filter((j) => j.state === 'scheduled')).toEqual([]);
  });

  it('waits while the case is suspended and fires once it runs again', async () => {
    const id = await open();
    const lead = t.token({ roles: ['leader'], dept: D, sub: 'leader-tmo' });
    const suspend = await t
      .http()
      .post(`/api/v1/cases/${id}/suspend`)
      .set('Authorization', `Bearer ${lead}`)
      .send({ reason: '中止审查' });
    expect(suspend.status).toBe(200);
    const due = await latest(id);
    await moveClock(t, admin(), new Date(due + 60_000));
    expect((await timeline(t, admin(), id)).filter((e) => e.type === 'task.timeout')).toEqual([]);
    const waiting = (await jobs(id)).filter((j) => j.state === 'scheduled');
    expect(waiting).toHaveLength(5);
    expect(waiting.every((j) => j.due_at.getTime() > due)).toBe(true);
    const resume = await t.http().post(`/api/v1/cases/${id}/resume`).set('Authorization', `Bearer ${lead}`).send({});
    expect(resume.status).toBe(200);
    await moveClock(t, admin(), new Date((await latest(id)) + 60_000));
    const fired = (await timeline(t, admin(), id)).filter((e) => e.type === 'task.timeout').map((e) => e.elementId);
    expect([...new Set(fired)].sort()).toEqual(['approve', 'escalate', 'reject', 'remind', 'transfer']);
  });

  it('waits while a tb:clock pause of the process stops the clocks, and counts again after its resume', async () => {
    const id = await open('timeout-survey');
    const surveyDue = await latest(id);
    await moveClock(t, admin(), new Date(surveyDue + 60_000));
    expect((await timeline(t, admin(), id)).filter((e) => e.type === 'task.timeout')).toEqual([]);
    const waiting = (await jobs(id)).filter((j) => j.state === 'scheduled');
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.due_at.getTime()).toBeGreaterThan(surveyDue);

    const [survey] = await openTasks(t, admin(), id);
    const done = await t
      .http()
      .post(`/api/v1/tasks/${survey!.id}/complete`)
      .set('Authorization', `Bearer ${admin()}`)
      .send({});
    expect(done.status).toBe(200);
    await moveClock(t, admin(), new Date((await latest(id)) + 60_000));
    const fired = (await timeline(t, admin(), id)).filter((e) => e.type === 'task.timeout').map((e) => e.elementId);
    expect(fired).toEqual(['review']);
  });

  it('refuses a definition with a bad timeout with coded errors', async () => {
    const res = await t
      .http()
      .post('/api/v1/process-definitions')
      .set('Authorization', `Bearer ${admin()}`)
      .set('Content-Type', 'application/xml')
      .send(
        bpmn(
          'timeout-bad',
          `<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="t"/>
           <bpmn:userTask id="t" tb:timeout="2 days" tb:timeoutAction="remind"/>
           <bpmn:userTask id="u" tb:timeout="2WD" tb:timeoutAction="transfer"/>
           <bpmn:sequenceFlow id="f1" sourceRef="t" targetRef="u"/><bpmn:sequenceFlow id="f2" sourceRef="u" targetRef="e"/><bpmn:endEvent id="e"/>`,
        ),
      );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect((res.body.errors as { code: string; elementId: string }[]).map((e) => [e.code, e.elementId]).sort()).toEqual(
      [
        ['BPMN.INVALID_TIMEOUT', 't'],
        ['BPMN.INVALID_TIMEOUT', 'u'],
      ],
    );
  });
});
