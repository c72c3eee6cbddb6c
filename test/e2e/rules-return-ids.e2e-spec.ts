import { applicant, complete, getCase, openCase, staff, type Staff, step, taskAt } from '../support/case-helpers.js';
import { getTask, outboxTypes, returnTask } from '../support/rules-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { moveClock, timeline } from '../support/timing-helpers.js';

describe('rules: 退回 only backwards, valid identifiers, deemed acceptance (行政许可法 Art.32)', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { TONGBAN_CLOCK_CONTROL: '1' } });
    s = staff(t);
  });
  afterAll(() => t.close());

  it('lists the steps a task may be returned to and refuses any other (never forward past the decision)', async () => {
    const c = await openCase(t, s.window, { variables: { inspectionRequired: true } });
    await step(t, s.window, c.id, 'receive', { outcome: 'accept' });
    await step(t, s.handler, c.id, 'inspect', { opinion: '现场符合要求' });
    await step(t, s.handler, c.id, 'review', { outcome: 'pass' });
    const approve = await taskAt(t, s.leader, c.id, 'approve');
    const view = await getTask(t, s.leader, approve.id);
    expect(view.status).toBe(200);
    // Latest first; never the window's acceptance (a legal act with its notice), never the task itself.
    expect(view.body.returnTargets).toEqual([
      { elementId: 'review', name: '审查' },
      { elementId: 'inspect', name: '现场勘察' },
    ]);
    // Forward (the certificate step would skip the decision), to itself, to acceptance, to nowhere: 422.
    for (const target of ['certify', 'approve', 'receive', 'no-such-step', 'end-approved']) {
      const res = await returnTask(t, s.leader, approve.id, target);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('TASK.RETURN_TARGET_NOT_ALLOWED');
      expect(res.body.returnTargets.map((x: { elementId: string }) => x.elementId)).toEqual(['review', 'inspect']);
    }
    expect((await getCase(t, s.leader, c.id)).status).toBe('IN_PROCESS');
    expect((await returnTask(t, s.leader, approve.id, 'review', '请补充审查意见')).status).toBe(200);
    // Back at review: review is no longer on the current path (it runs again); inspect still is.
    const review = await taskAt(t, s.handler, c.id, 'review');
    expect((await getTask(t, s.handler, review.id)).body.returnTargets).toEqual([
      { elementId: 'inspect', name: '现场勘察' },
    ]);
    await step(t, s.handler, c.id, 'review', { outcome: 'pass', opinion: '已补充' });
    await step(t, s.leader, c.id, 'approve', { outcome: 'approve', opinion: '同意' });
    await step(t, s.handler, c.id, 'certify');
    // After the decision a return stays among the post-decision steps.
    const seal = await taskAt(t, s.handler, c.id, 'seal');
    expect((await getTask(t, s.handler, seal.id)).body.returnTargets).toEqual([{ elementId: 'certify', name: '制证' }]);
    expect((await returnTask(t, s.handler, seal.id, 'approve')).status).toBe(422);
    expect((await returnTask(t, s.handler, seal.id, 'certify', '证照信息有误')).status).toBe(200);
    expect((await getCase(t, s.handler, c.id)).status).toBe('CLOSED_APPROVED');
  });

  it('validates the USCC check character (GB 32100-2015) and the resident id check digit (GB 11643-1999)', async () => {
    const open = (body: Record<string, unknown>) =>
      t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${s.window}`)
        .send({ itemCode: '410100-SJJ-XK-001', ...body });
    // 91410100MA44ABCD1: Σ Ci·Wi mod 31 = 16, 31 − 16 = 15 → 'F' (the old sample's 'X' was wrong).
    expect((await open({ applicant })).status).toBe(201);
    const badUscc = await open({ applicant: { ...applicant, uscc: '91410100MA44ABCD1X' } });
    expect(badUscc.status).toBe(422);
    expect(badUscc.body.code).toBe('CASE.INVALID_USCC');
    const person = { type: 'NATURAL_PERSON', name: '张三', idType: 'ID_CARD', phone: '13800138000' };
    // 41010219900307751: Σ ai·Wi mod 11 = 2 → 'X'; the same digits ending in 6 are invalid.
    expect((await open({ applicant: { ...person, idNumber: '41010219900307751X' } })).status).toBe(201);
    const badId = await open({ applicant: { ...person, idNumber: '410102199003077516' } });
    expect(badId.status).toBe(422);
    expect(badId.body.code).toBe('CASE.INVALID_ID_NUMBER');
    // 19900230 is no date; a valid check digit does not save it.
    const noDate = await open({ applicant: { ...person, idNumber: '410102199002301233' } });
    expect(noDate.body.code).toBe('CASE.INVALID_ID_NUMBER');
    // The agent is checked like the applicant; a passport has no national check.
    const badAgent = await open({ applicant, agent: { ...person, idNumber: '410102199001011235' } });
    expect(badAgent.status).toBe(422);
    expect(badAgent.body.errors[0].path).toBe('agent.idNumber');
    const passport = await open({ applicant: { ...person, idType: 'PASSPORT', idNumber: 'E12345678' } });
    expect(passport.status).toBe(201);
  });

  it('deems an unanswered application accepted from its receipt after 5 working days, and closes correction and refusal', async () => {
    // Received Tuesday 2026-12-08 10:00 (Beijing). Five working days not counting the day of receipt:
    // 12/09, 12/10, 12/11, 12/14, 12/15 → the window may answer until the end of Tuesday 12/15.
    await moveClock(t, s.admin, '2026-12-08T10:00:00+08:00');
    const c = await openCase(t, s.window);
    const early = await openCase(t, s.window);
    await moveClock(t, s.admin, '2026-12-15T23:00:00+08:00');
    expect((await getCase(t, s.window, c.id)).status).toBe('RECEIVED');
    // Still in time: a correction notice on the last day is lawful.
    await step(t, s.window, early.id, 'receive', {
      outcome: 'correction',
      variables: { missingMaterials: ['m3'] },
      opinion: '请补正',
    });
    await moveClock(t, s.admin, '2026-12-16T09:00:00+08:00');
    const view = await getCase(t, s.window, c.id);
    // The server clock runs on from where the test put it: the receipt is 2026-12-08 10:00:0x Beijing.
    const received = view.receivedAt as string;
    expect(received).toMatch(/^2026-12-08T02:00:0\d\.\d{3}Z$/);
    expect(view).toMatchObject({ status: 'ACCEPTED', statusCode: 3, acceptedAt: received });
    // Counting from the receipt: legal 10 WD → 12/09 … 12/22; promised 5 WD → 12/15.
    expect(view.clocks.legal).toMatchObject({
      deemedAcceptance: true,
      startedAt: received,
      dueAt: '2026-12-22T15:59:59.999Z',
    });
    expect(view.clocks.promised.dueAt).toBe('2026-12-15T15:59:59.999Z');
    const entries = await timeline(t, s.admin, c.id);
    const deemed = entries.find((e) => e.type === 'acceptance.deemed') as { actor?: { id: string } } | undefined;
    expect(deemed?.actor?.id).toBe('system');
    expect(entries.filter((e) => e.type === 'status.changed').map((e) => e.data?.to)).toEqual(['ACCEPTED']);
    expect(await outboxTypes(t, c.id)).toEqual(expect.arrayContaining(['case.deemed_accepted', 'case.status_changed']));
    // The window can no longer ask for corrections, not accept or refuse: 409; it can accept (and dispatch).
    const receive = await taskAt(t, s.window, c.id, 'receive');
    for (const outcome of ['correction', 'notAccept', 'refuse']) {
      const res = await complete(t, s.window, receive.id, {
        outcome,
        opinion: '材料不全',
        variables: { missingMaterials: ['m2'] },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CASE.DEEMED_ACCEPTED');
    }
    await step(t, s.window, c.id, 'receive', { outcome: 'accept', opinion: '视为受理，发受理通知书' });
    const dispatched = await getCase(t, s.window, c.id);
    expect(dispatched).toMatchObject({ status: 'IN_PROCESS', acceptedAt: received });
    // The case with a timely correction notice was not deemed accepted.
    expect((await getCase(t, s.window, early.id)).status).toBe('CORRECTION_REQUESTED');
  });
});
