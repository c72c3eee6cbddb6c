import { applicant, complete, getCase, openCase, staff, type Staff, step, taskAt } from '../support/case-helpers.js';
import { outboxTypes } from '../support/rules-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, moveClock, timeline } from '../support/timing-helpers.js';

const LEAD = '410100-SJJ';
const CO_A = '410100-ZRZY';
const CO_B = '410100-GAJ';

// A joint review as parallel branches (not multi-instance): two co-departments, then the lead decides.
const PARALLEL_REVIEW = bpmn(
  'tb-parallel-review',
  `
  <bpmn:startEvent id="start"/>
  <bpmn:parallelGateway id="split"/>
  <bpmn:userTask id="review-a" name="规划部门审查" tb:step="review" tb:candidateRoles="handler" tb:candidateDepartments="${CO_A}" tb:outcomes="approve,reject"/>
  <bpmn:userTask id="review-b" name="公安部门审查" tb:step="review" tb:candidateRoles="handler" tb:candidateDepartments="${CO_B}" tb:outcomes="approve,reject"/>
  <bpmn:parallelGateway id="join"/>
  <bpmn:userTask id="decide" name="牵头部门决定" tb:step="approve" tb:candidateRoles="leader" tb:candidateDepartments="${LEAD}" tb:outcomes="approve,reject"/>
  <bpmn:endEvent id="end"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split"/>
  <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="review-a"/>
  <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="review-b"/>
  <bpmn:sequenceFlow id="f4" sourceRef="review-a" targetRef="join"/>
  <bpmn:sequenceFlow id="f5" sourceRef="review-b" targetRef="join"/>
  <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="decide"/>
  <bpmn:sequenceFlow id="f7" sourceRef="decide" targetRef="end"/>`,
);

describe('rules: withdrawal after acceptance needs a leader (T15); joint dissent (domain.md §6.2)', () => {
  let t: TestApp;
  let s: Staff;
  const post = (token: string, path: string, body: object) =>
    t.http().post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { TONGBAN_CLOCK_CONTROL: '1' } });
    s = staff(t);
    await deploy(t, s.admin, PARALLEL_REVIEW);
  });
  afterAll(() => t.close());

  it('puts a withdrawal after acceptance to a leader: denied goes back (suspension included), approved ends as 14', async () => {
    // Accepted Monday 2026-12-07 09:00 (Beijing): legal 10 WD → 12/08 … 12/21, due 2026-12-21 24:00.
    await moveClock(t, s.admin, '2026-12-07T09:00:00+08:00');
    const c = await openCase(t, s.window);
    await step(t, s.window, c.id, 'receive', { outcome: 'accept' });
    expect((await getCase(t, s.window, c.id)).clocks.legal.dueAt).toBe('2026-12-21T15:59:59.999Z');
    expect((await post(s.leader, `/cases/${c.id}/suspend`, { reason: '等待法院裁定' })).status).toBe(200);
    const pending = await post(s.window, `/cases/${c.id}/withdraw`, { reason: '申请人书面申请撤回' });
    expect(pending.body).toMatchObject({ status: 'WITHDRAW_PENDING', statusCode: 16, endedAt: null });
    // Nothing moves while it waits: no task completion, no other case action; the window cannot decide it.
    const review = await taskAt(t, s.handler, c.id, 'review');
    expect((await complete(t, s.handler, review.id, { outcome: 'pass' })).body.code).toBe('CASE.WITHDRAWAL_PENDING');
    expect((await post(s.leader, `/cases/${c.id}/resume`, {})).body.code).toBe('CASE.WITHDRAWAL_PENDING');
    expect(
      (await post(s.window, `/cases/${c.id}/withdrawal/decision`, { decision: 'APPROVE', opinion: '同意' })).status,
    ).toBe(403);
    expect(
      (await post(s.leader, `/cases/${c.id}/withdrawal/decision`, { decision: 'MAYBE', opinion: 'x' })).status,
    ).toBe(400);
    expect((await post(s.leader, `/cases/${c.id}/withdrawal/decision`, { decision: 'DENY' })).status).toBe(400);
    const denied = await post(s.leader, `/cases/${c.id}/withdrawal/decision`, {
      decision: 'DENY',
      opinion: '撤回申请未经申请人签字，不予同意',
    });
    expect(denied.body).toMatchObject({ status: 'SUSPENDED', endedAt: null });
    expect(
      (await post(s.leader, `/cases/${c.id}/withdrawal/decision`, { decision: 'APPROVE', opinion: '同意' })).body.code,
    ).toBe('CASE.NO_WITHDRAWAL_PENDING');
    expect((await post(s.leader, `/cases/${c.id}/resume`, {})).body.status).toBe('IN_PROCESS');
    await moveClock(t, s.admin, '2026-12-10T15:00:00+08:00');
    expect((await post(s.window, `/cases/${c.id}/withdraw`, { reason: '申请人再次申请撤回' })).body.status).toBe(
      'WITHDRAW_PENDING',
    );
    const approved = await post(s.leader, `/cases/${c.id}/withdrawal/decision`, {
      decision: 'APPROVE',
      opinion: '同意撤回',
    });
    expect(approved.body).toMatchObject({ status: 'RECALLED', statusCode: 14, openTasks: [] });
    expect(approved.body.endedAt).toMatch(/^2026-12-10T07:00:/);
    const types = (await timeline(t, s.supervisor, c.id)).map((e) => e.type);
    expect(types.filter((x) => x.startsWith('withdrawal.'))).toEqual([
      'withdrawal.requested',
      'withdrawal.denied',
      'withdrawal.requested',
      'withdrawal.approved',
    ]);
    const outbox = await outboxTypes(t, c.id);
    expect(outbox.filter((x) => x.startsWith('case.withdrawal'))).toEqual([
      'case.withdrawal_requested',
      'case.withdrawal_decided',
      'case.withdrawal_requested',
      'case.withdrawal_decided',
    ]);
    // Before acceptance a withdrawal is still immediate (撤件, 2).
    const early = await openCase(t, s.window);
    expect((await post(s.window, `/cases/${early.id}/withdraw`, { reason: '申请人撤件' })).body).toMatchObject({
      status: 'WITHDRAWN',
      statusCode: 2,
    });
  });

  it('counts an unreasoned 不同意 on a parallel-gateway co-review as 同意, and makes the lead explain deciding against a reasoned one', async () => {
    await moveClock(t, s.admin, '2026-12-14T09:00:00+08:00');
    const res = await post(s.window, '/cases', { processKey: 'tb-parallel-review', department: LEAD, applicant });
    expect(res.status).toBe(201);
    const id = res.body.id as string;
    const a = staff(t, CO_A);
    const b = staff(t, CO_B);
    await step(t, a.handler, id, 'review-a', { outcome: 'reject' });
    await step(t, b.handler, id, 'review-b', { outcome: 'reject', opinion: '占用消防通道' });
    const entries = await timeline(t, s.supervisor, id);
    const done = entries.filter((e) => e.type === 'task.completed');
    expect(done.map((e) => [e.elementId, e.data?.outcome, e.opinion])).toEqual([
      ['review-a', 'approve', '不同意但未说明理由，视为同意'],
      ['review-b', 'reject', '占用消防通道'],
    ]);
    const decide = await taskAt(t, s.leader, id, 'decide');
    const bare = await complete(t, s.leader, decide.id, { outcome: 'approve' });
    expect(bare.status).toBe(422);
    expect(bare.body.code).toBe('TASK.DISSENT_REASON_REQUIRED');
    expect(bare.body.detail).toContain('占用消防通道');
    const ok = await complete(t, s.leader, decide.id, {
      outcome: 'approve',
      opinion: '经现场核实，设施不占用消防通道，已向公安部门说明',
    });
    expect(ok.status).toBe(200);
    const decision = (await timeline(t, s.supervisor, id)).find(
      (e) => e.elementId === 'decide' && e.type === 'task.completed',
    );
    expect(decision?.data?.dissents).toEqual([
      { elementId: 'review-b', department: CO_B, outcome: 'reject', opinion: '占用消防通道' },
    ]);
  });

  it('applies the same rule to the multi-instance co-review of the joint-approval item', async () => {
    const lead = staff(t, '410100-CGJ');
    const res = await post(lead.window, '/cases', { itemCode: '410100-CGJ-XK-003', applicant });
    const id = res.body.id as string;
    await step(t, lead.window, id, 'receive', { outcome: 'accept' });
    for (const dept of ['410100-ZRZY', '410100-GAJ']) {
      const inbox = await t
        .http()
        .get(`/api/v1/tasks?caseId=${id}`)
        .set('Authorization', `Bearer ${staff(t, dept).handler}`);
      const body = dept === '410100-GAJ' ? { outcome: 'reject', opinion: '影响交通安全' } : { outcome: 'reject' };
      expect((await complete(t, staff(t, dept).handler, inbox.body.items[0].id, body)).status).toBe(200);
    }
    const decision = await taskAt(t, lead.leader, id, 'lead-decision');
    expect((await complete(t, lead.leader, decision.id, { outcome: 'approve' })).body.code).toBe(
      'TASK.DISSENT_REASON_REQUIRED',
    );
    // Refusing needs no extra reason from this rule, and records the dissent it follows.
    expect(
      (await complete(t, lead.leader, decision.id, { outcome: 'reject', opinion: '附公安部门异议，不予许可' })).status,
    ).toBe(200);
    expect((await getCase(t, lead.window, id)).status).toBe('CLOSED_REJECTED');
  });

  it('walks the joint approval through the nine steps: 受理 → 踏勘 → 会签审查 → 决定 → 制证 → 盖章 → 发证 → 公示 → 归档', async () => {
    const lead = staff(t, '410100-CGJ');
    const res = await post(lead.window, '/cases', {
      itemCode: '410100-CGJ-XK-003',
      applicant,
      variables: { siteSurveyRequired: true },
    });
    const id = res.body.id as string;
    await step(t, lead.window, id, 'receive', { outcome: 'accept' });
    // 踏勘 is a special procedure: the clocks pause while it runs.
    expect((await getCase(t, lead.window, id)).status).toBe('SPECIAL_PROCEDURE');
    await step(t, lead.handler, id, 'joint-site-survey', { opinion: '联合踏勘：现场符合设置条件' });
    for (const dept of ['410100-ZRZY', '410100-GAJ']) {
      const inbox = await t
        .http()
        .get(`/api/v1/tasks?caseId=${id}`)
        .set('Authorization', `Bearer ${staff(t, dept).handler}`);
      expect(
        (await complete(t, staff(t, dept).handler, inbox.body.items[0].id, { outcome: 'approve', opinion: '同意' }))
          .status,
      ).toBe(200);
    }
    await step(t, lead.leader, id, 'lead-decision', { outcome: 'approve', opinion: '同意' });
    for (const [el, who] of [
      ['certify', lead.handler],
      ['seal', lead.handler],
      ['issue', lead.window],
      ['publish', lead.handler],
      ['archive', lead.handler],
    ] as const)
      await step(t, who, id, el);
    const done = (await timeline(t, s.supervisor, id))
      .filter((e) => e.type === 'task.completed')
      .map((e) => e.elementId);
    expect([...new Set(done)]).toEqual([
      'receive',
      'joint-site-survey',
      'co-review',
      'lead-decision',
      'certify',
      'seal',
      'issue',
      'publish',
      'archive',
    ]);
    expect((await getCase(t, lead.window, id)).status).toBe('CLOSED_APPROVED');
  });
});
