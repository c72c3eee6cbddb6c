import { getCase, staff, step, taskAt } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

// 户外广告设施设置许可: lead CGJ handles the case; ZRZY and GAJ review as co-departments.
const ITEM = '410100-CGJ-XK-003';
const LEAD = '410100-CGJ';
const CO = '410100-ZRZY';
const ID_NUMBER = '410102199001011234';
const person = {
  type: 'NATURAL_PERSON',
  name: '张三',
  idType: 'ID_CARD',
  idNumber: ID_NUMBER,
  phone: '13900139000',
  address: '郑州市金水区花园路1号',
};

/** Authorisation per action (issue item 4 and 10): a relation to the case is not a licence to act on it. */
describe('authorisation per action, not per visibility', () => {
  let t: TestApp;
  const lead = () => staff(t, LEAD);
  const co = () => staff(t, CO);

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
  });
  afterAll(() => t.close());

  async function openJoint(): Promise<string> {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${lead().window}`)
      .send({ itemCode: ITEM, applicant: person });
    expect(res.status).toBe(201);
    await step(t, lead().window, res.body.id, 'receive', { outcome: 'accept' });
    return res.body.id as string;
  }

  const post = (token: string, path: string, body: Record<string, unknown>) =>
    t.http().post(`/api/v1${path}`).set('Authorization', `Bearer ${token}`).send(body);

  it("refuses a co-department's suspend, resume, extension and withdrawal of the lead's case, and changes nothing", async () => {
    const id = await openJoint();
    const before = await getCase(t, lead().leader, id);
    const attempts = [
      post(co().leader, `/cases/${id}/suspend`, { reason: '协办部门中止' }),
      post(co().leader, `/cases/${id}/resume`, {}),
      post(co().leader, `/cases/${id}/extensions`, { days: 5, reason: '延期' }),
      post(co().leader, `/cases/${id}/withdraw`, { reason: '协办部门撤件' }),
      post(co().window, `/cases/${id}/withdraw`, { reason: '协办部门撤件' }),
      post(co().handler, `/cases/${id}/special-procedures`, { type: 'EXPERT_REVIEW', reason: '专家评审' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('AUTH.FORBIDDEN_ACTION');
    }
    const after = await getCase(t, lead().leader, id);
    expect(after.status).toBe(before.status);
    expect(after.clocks.legal.extendedWorkingDays).toBe(0);
    const timeline = await t.http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', `Bearer ${lead().leader}`);
    const types = timeline.body.items.map((e: { type: string }) => e.type);
    for (const type of ['case.withdrawn', 'extension.granted', 'clock.pause', 'special_procedure.started']) {
      expect(types).not.toContain(type);
    }
  });

  it('lets the lead department act: its leader suspends and resumes, the co-department still cannot resume', async () => {
    const id = await openJoint();
    expect((await post(lead().leader, `/cases/${id}/suspend`, { reason: '牵头部门中止' })).status).toBe(200);
    const refused = await post(co().leader, `/cases/${id}/resume`, {});
    expect([refused.status, refused.body.code]).toEqual([403, 'AUTH.FORBIDDEN_ACTION']);
    expect((await getCase(t, lead().leader, id)).status).toBe('SUSPENDED');
    expect((await post(lead().leader, `/cases/${id}/resume`, {})).status).toBe(200);
    // A department that takes no part does not learn the case exists.
    const outsider = staff(t, '410100-WJW').leader;
    expect((await post(outsider, `/cases/${id}/suspend`, { reason: 'x' })).body.code).toBe('CASE.NOT_FOUND');
  });

  it("masks the applicant for the co-department's window clerk and shows it to the lead's", async () => {
    const id = await openJoint();
    const coView = await getCase(t, co().window, id);
    expect(coView.applicant.idNumber).not.toBe(ID_NUMBER);
    expect(coView.applicant.idNumber).toMatch(/\*/);
    expect(coView.applicant.phone).not.toBe(person.phone);
    expect(coView.applicant.address).toBe('***');
    expect(coView.applicant.name).toBe(person.name);
    const supervisorView = await getCase(t, lead().supervisor, id);
    expect(supervisorView.applicant.idNumber).not.toBe(ID_NUMBER);
    for (const token of [lead().window, lead().handler, lead().leader]) {
      expect((await getCase(t, token, id)).applicant).toMatchObject({ idNumber: ID_NUMBER, phone: person.phone });
    }
  });

  it('does not confirm a masked id number through GET /cases?applicant=', async () => {
    const id = await openJoint();
    const search = (token: string, q: string) =>
      t
        .http()
        .get(`/api/v1/cases?applicant=${encodeURIComponent(q)}&limit=200`)
        .set('Authorization', `Bearer ${token}`);
    const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((c) => c.id);
    expect(ids(await search(lead().window, ID_NUMBER))).toContain(id);
    // The co-department sees the case (by name) but cannot test an id number against it.
    expect(ids(await search(co().window, person.name))).toContain(id);
    const guess = await search(co().window, ID_NUMBER);
    expect(guess.status).toBe(200);
    expect(ids(guess)).not.toContain(id);
    expect(ids(await search(lead().supervisor, ID_NUMBER))).not.toContain(id);
  });

  it('refuses delegation to another department, and a delegate from another department cannot complete', async () => {
    const id = await openJoint();
    const task = await taskAt(t, co().handler, id, 'co-review');
    const stranger = t.token({ roles: ['handler'], dept: '410100-GAJ', sub: 'handler-gaj-9' });
    // Naming the other department: refused.
    const named = await post(co().handler, `/tasks/${task.id}/delegate`, {
      assignee: 'handler-gaj-9',
      department: '410100-GAJ',
    });
    expect([named.status, named.body.code]).toEqual([403, 'AUTH.FORBIDDEN_ACTION']);
    // Not naming it: the delegate is taken to be of the delegator's department, which their token contradicts.
    const unnamed = await post(co().handler, `/tasks/${task.id}/delegate`, { assignee: 'handler-gaj-9' });
    expect(unnamed.status).toBe(200);
    const done = await post(stranger, `/tasks/${task.id}/complete`, { outcome: 'approve', opinion: '越权' });
    expect([done.status, done.body.code]).toEqual([403, 'AUTH.FORBIDDEN_ACTION']);
    expect(
      (await t.http().get(`/api/v1/tasks/${task.id}`).set('Authorization', `Bearer ${co().handler}`)).body.state,
    ).toBe('open');
    // A colleague of the same department, delegated to, completes it.
    const colleague = t.token({ roles: ['handler'], dept: CO, sub: 'handler-zrzy-2' });
    expect((await post(co().handler, `/tasks/${task.id}/delegate`, { assignee: 'handler-zrzy-2' })).status).toBe(200);
    const ok = await post(colleague, `/tasks/${task.id}/complete`, { outcome: 'approve', opinion: '同意' });
    expect(ok.status).toBe(200);
  });

  it('keeps transfer within the department unless a leader of the handling department or an admin sends it out', async () => {
    const id = await openJoint();
    const coReview = await taskAt(t, co().leader, id, 'co-review');
    const out = await post(co().leader, `/tasks/${coReview.id}/transfer`, { department: '410100-WJW' });
    expect([out.status, out.body.code]).toEqual([403, 'AUTH.FORBIDDEN_ACTION']);
    const within = await post(co().leader, `/tasks/${coReview.id}/transfer`, { assignee: 'handler-zrzy-3' });
    expect(within.status).toBe(200);
    expect(within.body.candidateDepartments).toEqual([CO]);

    // The lead's own task: its leader may send it to another department, its handler may not.
    const other = await openJoint();
    for (const dept of ['410100-ZRZY', '410100-GAJ']) {
      const tk = await taskAt(t, staff(t, dept).handler, other, 'co-review');
      await post(staff(t, dept).handler, `/tasks/${tk.id}/complete`, { outcome: 'approve', opinion: '同意' });
    }
    const decision = await taskAt(t, lead().leader, other, 'lead-decision');
    const byHandler = await post(lead().handler, `/tasks/${decision.id}/transfer`, { department: '410100-WJW' });
    expect(byHandler.status).toBe(403);
    const byLeader = await post(lead().leader, `/tasks/${decision.id}/transfer`, { department: '410100-ZJJ' });
    expect(byLeader.status).toBe(200);
    expect(byLeader.body.candidateDepartments).toEqual(['410100-ZJJ']);
  });
});
