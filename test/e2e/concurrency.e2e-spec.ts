import { applicant, complete, staff, step } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy } from '../support/timing-helpers.js';

const ITEM = '410100-CGJ-XK-003';
const LEAD = '410100-CGJ';
const CO = ['410100-ZRZY', '410100-GAJ', '410100-XFJ'];
const CASES = 20;

describe('correctness under concurrency', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
  });
  afterAll(() => t.close());

  it(`completes the co-department reviews of ${CASES} joint cases all at once: every case reaches the lead once, with every opinion`, async () => {
    const lead = staff(t, LEAD);
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const res = await t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${lead.window}`)
        .send({ itemCode: ITEM, applicant, variables: { departments: CO } });
      expect(res.status).toBe(201);
      await step(t, lead.window, res.body.id, 'receive', { outcome: 'accept' });
      ids.push(res.body.id);
    }
    const work: { token: string; taskId: string; dept: string }[] = [];
    for (const dept of CO) {
      const handler = staff(t, dept).handler;
      const inbox = await t.http().get('/api/v1/tasks?limit=200').set('Authorization', `Bearer ${handler}`);
      expect(inbox.body.items).toHaveLength(CASES);
      for (const task of inbox.body.items) work.push({ token: handler, taskId: task.id, dept });
    }
    expect(work.length).toBe(CASES * CO.length);

    const results = await Promise.all(
      work.map((w) => complete(t, w.token, w.taskId, { outcome: 'approve', opinion: `${w.dept} 同意` })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);

    for (const id of ids) {
      const tasks = await t
        .http()
        .get(`/api/v1/tasks?caseId=${id}&scope=all&state=open`)
        .set('Authorization', `Bearer ${lead.supervisor}`);
      const decisions = tasks.body.items.filter((x: { elementId: string }) => x.elementId === 'lead-decision');
      expect(decisions).toHaveLength(1);
      expect(decisions[0].jointOpinions.map((o: { department: string }) => o.department).sort()).toEqual(
        [...CO].sort(),
      );
      const timeline = await t
        .http()
        .get(`/api/v1/cases/${id}/timeline`)
        .set('Authorization', `Bearer ${lead.supervisor}`);
      const created = timeline.body.items.filter(
        (e: { type: string; elementId: string }) => e.type === 'task.created' && e.elementId === 'lead-decision',
      );
      expect(created).toHaveLength(1);
    }
  });

  it('numbers cases gap-free per region and day under concurrent creation; a failed creation gives its number back', async () => {
    const w = staff(t, '410300-SJJ').window;
    const admin = staff(t).admin;
    // A process whose start fails (the multi-instance collection is missing): its transaction rolls back.
    await deploy(
      t,
      admin,
      bpmn(
        'tb-broken-start',
        `<bpmn:startEvent id="s"/><bpmn:userTask id="r" tb:candidateDepartments="=department">
           <bpmn:multiInstanceLoopCharacteristics isSequential="false" tb:collection="=nope" tb:elementVariable="department"/></bpmn:userTask>
         <bpmn:endEvent id="e"/><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="r"/><bpmn:sequenceFlow id="f2" sourceRef="r" targetRef="e"/>`,
      ),
    );
    const open = (body: Record<string, unknown>) =>
      t
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${w}`)
        .send({ applicant, ...body });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        i % 5 === 0
          ? open({ processKey: 'tb-broken-start', department: '410300-SJJ' })
          : open({ itemCode: '410300-SJJ-XK-010' }),
      ),
    );
    const ok = results.filter((r) => r.status === 201);
    const failed = results.filter((r) => r.status !== 201);
    expect(failed.map((r) => r.status)).toEqual(Array(6).fill(422));
    const seqs = ok.map((r) => Number(String(r.body.caseNo).slice(-8))).sort((a, b) => a - b);
    expect(ok.every((r) => String(r.body.caseNo).startsWith('410300'))).toBe(true);
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
  });
});
