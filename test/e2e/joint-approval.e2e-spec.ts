import { applicant, complete, getCase, staff, step, taskAt } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ITEM = '410100-CGJ-XK-003'; // 户外广告设施设置许可: lead CGJ, co-departments ZRZY and GAJ
const LEAD = '410100-CGJ';
const CO = ['410100-ZRZY', '410100-GAJ'];

describe('parallel joint approval (joint-approval) over HTTP', () => {
  let t: TestApp;
  const lead = () => staff(t, LEAD);
  const co = (dept: string) => staff(t, dept);

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
  });
  afterAll(() => t.close());

  async function openJoint(jointPolicy?: string): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${lead().window}`)
      .send({ itemCode: ITEM, applicant, ...(jointPolicy ? { variables: { jointPolicy } } : {}) });
    expect(res.status).toBe(201);
    await step(t, lead().window, res.body.id, 'receive', { outcome: 'accept' });
    return res.body.id as string;
  }

  async function coTask(caseId: string, dept: string) {
    const inbox = await t
      .http()
      .get(`/api/v1/tasks?caseId=${caseId}`)
      .set('Authorization', `Bearer ${co(dept).handler}`);
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toHaveLength(1);
    return inbox.body.items[0];
  }

  it('ALL: each co-department gets its own task; the lead decides with every opinion in hand', async () => {
    const id = await openJoint();
    const tasks = await Promise.all(CO.map((d) => coTask(id, d)));
    expect(tasks.map((x) => x.candidateDepartments)).toEqual(CO.map((d) => [d]));
    expect(
      (await complete(t, co(CO[0]!).handler, tasks[0].id, { outcome: 'approve', opinion: '规划选址符合要求' })).status,
    ).toBe(200);
    const waiting = await getCase(t, lead().leader, id);
    expect(waiting.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['co-review']);
    expect(
      (await complete(t, co(CO[1]!).handler, tasks[1].id, { outcome: 'reject', opinion: '占用消防通道，不同意' }))
        .status,
    ).toBe(200);
    const decision = await taskAt(t, lead().leader, id, 'lead-decision');
    expect(decision.jointOpinions).toEqual([
      expect.objectContaining({ department: CO[0], outcome: 'approve', opinion: '规划选址符合要求' }),
      expect.objectContaining({ department: CO[1], outcome: 'reject', opinion: '占用消防通道，不同意' }),
    ]);
    const c = await getCase(t, lead().leader, id);
    expect(c.variables.jointResult).toBe('rejected');
    await step(t, lead().leader, id, 'lead-decision', { outcome: 'reject', opinion: '附协办部门异议意见，不予许可' });
    expect((await getCase(t, lead().window, id)).status).toBe('CLOSED_REJECTED');
  });

  it('ANY: the first approval completes the joint review and cancels the others', async () => {
    const id = await openJoint('ANY');
    const first = await coTask(id, CO[1]!);
    await complete(t, co(CO[1]!).handler, first.id, { outcome: 'approve', opinion: '同意' });
    const other = await t
      .http()
      .get(`/api/v1/tasks?caseId=${id}`)
      .set('Authorization', `Bearer ${co(CO[0]!).handler}`);
    expect(other.body.items).toEqual([]);
    const decision = await taskAt(t, lead().leader, id, 'lead-decision');
    expect(decision.jointOpinions).toHaveLength(1);
    expect((await getCase(t, lead().leader, id)).variables.jointResult).toBe('approved');
  });

  it('QUORUM:2 needs two approvals; VETO ends at the first refusal', async () => {
    const q = await openJoint('QUORUM:2');
    const [a, b] = await Promise.all(CO.map((d) => coTask(q, d)));
    await complete(t, co(CO[0]!).handler, a.id, { outcome: 'approve', opinion: '同意' });
    expect((await getCase(t, lead().leader, q)).openTasks.map((x: { elementId: string }) => x.elementId)).toEqual([
      'co-review',
    ]);
    await complete(t, co(CO[1]!).handler, b.id, { outcome: 'approve', opinion: '同意' });
    expect((await getCase(t, lead().leader, q)).variables.jointResult).toBe('approved');

    const v = await openJoint('VETO');
    const veto = await coTask(v, CO[0]!);
    await complete(t, co(CO[0]!).handler, veto.id, { outcome: 'reject', opinion: '不符合城市规划' });
    const c = await getCase(t, lead().leader, v);
    expect(c.variables.jointResult).toBe('rejected');
    expect(c.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['lead-decision']);
  });

  it('counts a 不同意 without reasons as 同意 (domain.md §6.2)', async () => {
    const id = await openJoint();
    const [a, b] = await Promise.all(CO.map((d) => coTask(id, d)));
    const res = await complete(t, co(CO[0]!).handler, a.id, { outcome: 'reject' });
    expect(res.body).toMatchObject({ outcome: 'approve', opinion: '不同意但未说明理由，视为同意' });
    await complete(t, co(CO[1]!).handler, b.id, { outcome: 'approve', opinion: '同意' });
    expect((await getCase(t, lead().leader, id)).variables.jointResult).toBe('approved');
  });

  it("keeps departments apart: a handler of one department cannot list, see or complete another's task", async () => {
    const id = await openJoint();
    const mine = await coTask(id, CO[0]!);
    const intruder = co(CO[1]!).handler;
    const list = await t.http().get(`/api/v1/tasks?department=${CO[0]}`).set('Authorization', `Bearer ${intruder}`);
    expect(list.status).toBe(403);
    const get = await t.http().get(`/api/v1/tasks/${mine.id}`).set('Authorization', `Bearer ${intruder}`);
    expect(get.status).toBe(404);
    const done = await complete(t, intruder, mine.id, { outcome: 'approve', opinion: '越权' });
    expect(done.status).toBe(404);
    const outsider = staff(t, '410100-WJW').handler;
    expect((await t.http().get(`/api/v1/cases/${id}`).set('Authorization', `Bearer ${outsider}`)).status).toBe(404);
    const cases = await t.http().get('/api/v1/cases').set('Authorization', `Bearer ${outsider}`);
    expect(cases.body.items.map((c: { id: string }) => c.id)).not.toContain(id);
    // Same department, wrong role: a window clerk of ZRZY sees the task but may not work on it.
    const clerk = co(CO[0]!).window;
    expect((await complete(t, clerk, mine.id, { outcome: 'approve', opinion: '同意' })).status).toBe(403);
    const ok = await complete(t, co(CO[0]!).handler, mine.id, { outcome: 'approve', opinion: '同意' });
    expect(ok.status).toBe(200);
    const twice = await complete(t, co(CO[0]!).handler, mine.id, { outcome: 'approve', opinion: '同意' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('TASK.NOT_OPEN');
  });

  it('replays an Idempotency-Key: same answer, nothing done twice', async () => {
    const key = `k-${Date.now()}`;
    const body = { itemCode: ITEM, applicant };
    const send = () =>
      t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${lead().window}`)
        .set('Idempotency-Key', key)
        .send(body);
    const [a, b] = await Promise.all([send(), send()]);
    const c = await send();
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1);
    expect(c.headers['idempotent-replayed']).toBe('true');
    const list = await t
      .http()
      .get(`/api/v1/cases?itemCode=${ITEM}&limit=200`)
      .set('Authorization', `Bearer ${lead().supervisor}`);
    expect(list.body.items.filter((x: { id: string }) => x.id === a.body.id)).toHaveLength(1);
    const other = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${lead().window}`)
      .set('Idempotency-Key', key)
      .send({ ...body, businessKey: 'different' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const task = await taskAt(t, lead().window, a.body.id, 'receive');
    const done = () =>
      t
        .http()
        .post(`/api/v1/tasks/${task.id}/complete`)
        .set('Authorization', `Bearer ${lead().window}`)
        .set('Idempotency-Key', `done-${key}`)
        .send({ outcome: 'accept' });
    const first = await done();
    const replay = await done();
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.body).toEqual(first.body);
  });
});
