import {
  applicant,
  complete,
  DEPT,
  finishAfterDecision,
  getCase,
  ITEM,
  NINE_STEPS,
  openCase,
  staff,
  type Staff,
  step,
  taskAt,
} from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('the nine-step approval (standard-approval) over HTTP', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    s = staff(t);
  });
  afterAll(() => t.close());

  it('runs a case from receive to archive: statuses, timeline, tasks and the public query', async () => {
    const c = await openCase(t, s.window, { variables: { inspectionRequired: true } });
    expect(c.caseNo).toMatch(/^410100\d{8}\d{8}$/);
    expect(c.status).toBe('RECEIVED');
    expect(c.queryCode).toMatch(/^\d{6}$/);

    await step(t, s.window, c.id, 'receive', { outcome: 'accept', opinion: '材料齐全，予以受理' });
    const accepted = await getCase(t, s.window, c.id);
    // Accepted, dispatched, and at once in the on-site inspection (a special procedure: clocks paused).
    expect(accepted).toMatchObject({ status: 'SPECIAL_PROCEDURE', statusCode: 9, acceptedAt: expect.any(String) });
    await step(t, s.handler, c.id, 'inspect', { opinion: '现场符合要求' });
    await step(t, s.handler, c.id, 'review', { outcome: 'pass', opinion: '审查通过' });
    expect((await getCase(t, s.handler, c.id)).status).toBe('IN_PROCESS');
    await step(t, s.leader, c.id, 'approve', { outcome: 'approve', opinion: '同意' });
    const decided = await getCase(t, s.leader, c.id);
    expect(decided).toMatchObject({ status: 'CLOSED_APPROVED', statusCode: 11, endedAt: null });
    expect(decided.decisionAt).toEqual(expect.any(String));
    await finishAfterDecision(t, s, c.id);
    const done = await getCase(t, s.window, c.id);
    expect(done).toMatchObject({ status: 'CLOSED_APPROVED', openTasks: [], activeElements: [] });
    expect(done.endedAt).toEqual(expect.any(String));

    const timeline = await t
      .http()
      .get(`/api/v1/cases/${c.id}/timeline`)
      .set('Authorization', `Bearer ${s.supervisor}`);
    const types = timeline.body.items.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('case.created');
    expect(types[types.length - 1]).toBe('case.ended');
    const completed = timeline.body.items.filter((e: { type: string }) => e.type === 'task.completed');
    expect(completed.map((e: { elementId: string }) => e.elementId)).toEqual(NINE_STEPS);
    expect(completed[3]).toMatchObject({
      opinion: '同意',
      actor: { id: `leader-${DEPT}`, name: '审批领导', department: DEPT },
      source: 'UI',
    });
    const seqs = timeline.body.items.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
    expect(types).toEqual(expect.arrayContaining(['clock.start', 'clock.pause', 'clock.resume', 'clock.stop']));
    const statuses = timeline.body.items
      .filter((e: { type: string }) => e.type === 'status.changed')
      .map((e: { data: { to: string } }) => e.data.to);
    expect(statuses).toEqual(['ACCEPTED', 'IN_PROCESS', 'SPECIAL_PROCEDURE', 'IN_PROCESS', 'CLOSED_APPROVED']);

    const pub = await t.http().get(`/api/v1/public/cases/${c.caseNo}?queryCode=${c.queryCode}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ caseNo: c.caseNo, status: 'CLOSED_APPROVED', itemName: expect.any(String) });
    expect(JSON.stringify(pub.body)).not.toContain(applicant.name);
    const wrong = await t
      .http()
      .get(`/api/v1/public/cases/${c.caseNo}?queryCode=000000${c.queryCode === '000000' ? '1' : ''}`);
    const unknown = await t.http().get(`/api/v1/public/cases/41010099999999999999?queryCode=${c.queryCode}`);
    expect([wrong.status, unknown.status]).toEqual([404, 404]);
    expect(wrong.body).toEqual({ ...unknown.body, instance: wrong.body.instance });
  });

  it('rejects at approval: CLOSED_REJECTED, clocks stopped, no certification', async () => {
    const c = await openCase(t, s.window);
    await step(t, s.window, c.id, 'receive', { outcome: 'accept' });
    await step(t, s.handler, c.id, 'review', { outcome: 'fail', opinion: '不符合条件' });
    await step(t, s.leader, c.id, 'approve', { outcome: 'reject', opinion: '不予许可：经营场所不符合要求' });
    const done = await getCase(t, s.window, c.id);
    expect(done).toMatchObject({ status: 'CLOSED_REJECTED', statusCode: 13, openTasks: [] });
    expect(done.endedAt).toEqual(expect.any(String));
  });

  it('returns from approval to review (退回) and goes on from there', async () => {
    const c = await openCase(t, s.window);
    await step(t, s.window, c.id, 'receive', { outcome: 'accept' });
    await step(t, s.handler, c.id, 'review', { outcome: 'pass' });
    const approve = await taskAt(t, s.leader, c.id, 'approve');
    const ret = await t
      .http()
      .post(`/api/v1/tasks/${approve.id}/return`)
      .set('Authorization', `Bearer ${s.leader}`)
      .send({ targetElementId: 'review', opinion: '请补充现场核查意见' });
    expect(ret.status).toBe(200);
    expect(ret.body).toMatchObject({ state: 'cancelled', outcome: 'return' });
    const c2 = await getCase(t, s.handler, c.id);
    expect(c2.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['review']);
    await step(t, s.handler, c.id, 'review', { outcome: 'pass', opinion: '已补充' });
    expect((await getCase(t, s.leader, c.id)).openTasks.map((x: { elementId: string }) => x.elementId)).toEqual([
      'approve',
    ]);
  });

  it('loops a correction: one notice lists every missing material, resubmission returns to receive', async () => {
    const c = await openCase(t, s.window);
    const receive = await taskAt(t, s.window, c.id, 'receive');
    const noList = await complete(t, s.window, receive.id, { outcome: 'correction' });
    expect(noList.status).toBe(422);
    expect(noList.body.code).toBe('CASE.CORRECTION_LIST_REQUIRED');
    await step(t, s.window, c.id, 'receive', {
      outcome: 'correction',
      variables: { missingMaterials: ['m2', 'm3'] },
      opinion: '请补正',
    });
    expect((await getCase(t, s.window, c.id)).status).toBe('CORRECTION_REQUESTED');
    await step(t, s.window, c.id, 'submit-correction', { opinion: '已补正' });
    expect((await getCase(t, s.window, c.id)).status).toBe('CORRECTION_SUBMITTED');
    await step(t, s.window, c.id, 'receive', { outcome: 'accept' });
    expect(await getCase(t, s.window, c.id)).toMatchObject({ status: 'IN_PROCESS', acceptedAt: expect.any(String) });
    const timeline = await t.http().get(`/api/v1/cases/${c.id}/timeline`).set('Authorization', `Bearer ${s.window}`);
    const notices = timeline.body.items.filter((e: { type: string }) => e.type === 'correction.notice');
    expect(notices).toHaveLength(1);
    expect(notices[0].data.missingMaterials).toEqual(['m2', 'm3']);
  });

  it('accepts with tolerance only with the missing materials and a deadline, and closes as 12', async () => {
    const c = await openCase(t, s.window);
    const receive = await taskAt(t, s.window, c.id, 'receive');
    const bare = await complete(t, s.window, receive.id, { outcome: 'tolerance' });
    expect(bare.body.code).toBe('CASE.TOLERANCE_DETAILS_REQUIRED');
    await step(t, s.window, c.id, 'receive', {
      outcome: 'tolerance',
      // m4 is the item's TOLERABLE material; the deadline (2 natural days on) lies within the promised 5 WD.
      variables: { toleranceMaterials: ['m4'], toleranceDeadline: new Date(Date.now() + 2 * 86_400_000).toISOString() },
    });
    const accepted = await getCase(t, s.window, c.id);
    expect(accepted).toMatchObject({ status: 'IN_PROCESS', isTolerance: true, acceptedAt: expect.any(String) });
    await step(t, s.handler, c.id, 'review', { outcome: 'pass' });
    await step(t, s.leader, c.id, 'approve', { outcome: 'approve' });
    expect(await getCase(t, s.window, c.id)).toMatchObject({ status: 'CLOSED_APPROVED_TOLERANCE', statusCode: 12 });
  });

  it('refuses tolerance for an item that does not allow it', async () => {
    const items = await t
      .http()
      .get('/api/v1/items?processKey=standard-approval&limit=100')
      .set('Authorization', `Bearer ${s.window}`);
    const strict = items.body.items.find((i: { toleranceAllowed: boolean }) => !i.toleranceAllowed);
    expect(strict).toBeDefined();
    const c = await openCase(t, s.window, { itemCode: strict.code, department: DEPT });
    const receive = await taskAt(t, s.window, c.id, 'receive');
    const res = await complete(t, s.window, receive.id, {
      outcome: 'tolerance',
      variables: { toleranceMaterials: ['m1'], toleranceDeadline: '2026-12-31' },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('CASE.TOLERANCE_NOT_ALLOWED');
  });

  it.each([
    ['notAccept', 'NOT_ACCEPTED', 4],
    ['refuse', 'REFUSED_ACCEPTANCE', 5],
  ])('%s ends the case as %s (%i) and needs a reason', async (outcome, status, code) => {
    const c = await openCase(t, s.window);
    const receive = await taskAt(t, s.window, c.id, 'receive');
    const noReason = await complete(t, s.window, receive.id, { outcome });
    expect(noReason.body.code).toBe('CASE.REASON_REQUIRED');
    await step(t, s.window, c.id, 'receive', { outcome, opinion: '不属于本机关职权范围，请向县级部门申请' });
    const done = await getCase(t, s.window, c.id);
    expect(done).toMatchObject({ status, statusCode: code, openTasks: [] });
    expect(done.endedAt).toEqual(expect.any(String));
  });

  it('withdraws before a decision (2 at once before acceptance, 16 then 14 with approval after) but not after it', async () => {
    const early = await openCase(t, s.window);
    const w1 = await t
      .http()
      .post(`/api/v1/cases/${early.id}/withdraw`)
      .set('Authorization', `Bearer ${s.window}`)
      .send({ reason: '申请人撤回' });
    expect(w1.status).toBe(200);
    expect(w1.body).toMatchObject({ status: 'WITHDRAWN', statusCode: 2, openTasks: [] });
    const late = await openCase(t, s.window);
    await step(t, s.window, late.id, 'receive', { outcome: 'accept' });
    const w2 = await t
      .http()
      .post(`/api/v1/cases/${late.id}/withdraw`)
      .set('Authorization', `Bearer ${s.window}`)
      .send({ reason: '申请人撤回' });
    // After acceptance the withdrawal waits for a leader (domain.md T15).
    expect(w2.body).toMatchObject({ status: 'WITHDRAW_PENDING', statusCode: 16 });
    const again = await t
      .http()
      .post(`/api/v1/cases/${late.id}/withdraw`)
      .set('Authorization', `Bearer ${s.window}`)
      .send({ reason: 'x' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CASE.WITHDRAWAL_PENDING');
    const approved = await t
      .http()
      .post(`/api/v1/cases/${late.id}/withdrawal/decision`)
      .set('Authorization', `Bearer ${s.leader}`)
      .send({ decision: 'APPROVE', opinion: '同意撤回' });
    expect(approved.body).toMatchObject({ status: 'RECALLED', statusCode: 14, openTasks: [] });
    const after = await t
      .http()
      .post(`/api/v1/cases/${late.id}/withdraw`)
      .set('Authorization', `Bearer ${s.window}`)
      .send({ reason: 'x' });
    expect(after.status).toBe(409);
    const noReason = await t
      .http()
      .post(`/api/v1/cases/${early.id}/withdraw`)
      .set('Authorization', `Bearer ${s.window}`)
      .send({});
    expect(noReason.status).toBe(400);
  });

  it('pauses for a special procedure the item defines, and refuses one it does not', async () => {
    const c = await openCase(t, s.window);
    await step(t, s.window, c.id, 'receive', { outcome: 'accept' });
    const item = await t.http().get(`/api/v1/items/${ITEM}`).set('Authorization', `Bearer ${s.handler}`);
    const defined = item.body.specialProcedures[0].type as string;
    const undefinedType = ['HEARING', 'AUCTION', 'QUARANTINE'].find(
      (x) => !item.body.specialProcedures.some((p: { type: string }) => p.type === x),
    );
    const bad = await t
      .http()
      .post(`/api/v1/cases/${c.id}/special-procedures`)
      .set('Authorization', `Bearer ${s.handler}`)
      .send({ type: undefinedType, reason: 'x' });
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('CASE.SPECIAL_PROCEDURE_NOT_DEFINED');
    const started = await t
      .http()
      .post(`/api/v1/cases/${c.id}/special-procedures`)
      .set('Authorization', `Bearer ${s.handler}`)
      .send({ type: defined, reason: '需现场核查', plannedDays: 5 });
    expect(started.body).toMatchObject({ status: 'SPECIAL_PROCEDURE', statusCode: 9 });
    const timeline = await t.http().get(`/api/v1/cases/${c.id}/timeline`).set('Authorization', `Bearer ${s.handler}`);
    const pid = timeline.body.items.find((e: { type: string }) => e.type === 'special_procedure.started').data
      .procedureId;
    const ended = await t
      .http()
      .post(`/api/v1/cases/${c.id}/special-procedures/${pid}/end`)
      .set('Authorization', `Bearer ${s.handler}`)
      .send({ result: '核查通过' });
    expect(ended.body.status).toBe('IN_PROCESS');
    const t2 = await t.http().get(`/api/v1/cases/${c.id}/timeline`).set('Authorization', `Bearer ${s.handler}`);
    const clockTypes = t2.body.items.map((e: { type: string }) => e.type).filter((x: string) => x.startsWith('clock.'));
    expect(clockTypes).toEqual(['clock.start', 'clock.pause', 'clock.resume']);
  });

  it('suspends and resumes: no completion while suspended', async () => {
    const c = await openCase(t, s.window);
    await step(t, s.window, c.id, 'receive', { outcome: 'accept' });
    const sus = await t
      .http()
      .post(`/api/v1/cases/${c.id}/suspend`)
      .set('Authorization', `Bearer ${s.leader}`)
      .send({ reason: '涉及诉讼，中止办理' });
    expect(sus.body.status).toBe('SUSPENDED');
    const review = await taskAt(t, s.handler, c.id, 'review');
    const blocked = await complete(t, s.handler, review.id, { outcome: 'pass' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('CASE.SUSPENDED');
    const res = await t.http().post(`/api/v1/cases/${c.id}/resume`).set('Authorization', `Bearer ${s.leader}`).send({});
    expect(res.body.status).toBe('IN_PROCESS');
    expect((await complete(t, s.handler, review.id, { outcome: 'pass' })).status).toBe(200);
  });
});
