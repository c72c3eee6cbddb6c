import { applicant, complete, DEPT, getCase, staff, type Staff, taskAt } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, timeline } from '../support/timing-helpers.js';

const PARENT_BODY = `<bpmn:startEvent id="s"/>
   <bpmn:callActivity id="dept-item" name="部门事项子办件" calledElement="tb-child"/>
   <bpmn:userTask id="after" name="汇总" tb:candidateDepartments="${DEPT}"/>
   <bpmn:endEvent id="e"/>
   <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="dept-item"/>
   <bpmn:sequenceFlow id="f2" sourceRef="dept-item" targetRef="after"/>
   <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="e"/>`;
const PARENT = bpmn('tb-parent', PARENT_BODY);
const CHILD = bpmn(
  'tb-child',
  `<bpmn:startEvent id="s"/>
   <bpmn:userTask id="child-review" name="部门审查" tb:candidateDepartments="${DEPT}" tb:outcomes="approve,reject"/>
   <bpmn:endEvent id="e"/>
   <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="child-review"/>
   <bpmn:sequenceFlow id="f2" sourceRef="child-review" targetRef="e"/>`,
);

/** The parent protects permitNo; the child does not, so its task may change its own copy. */
const GUARDED_PARENT = bpmn('tb-guarded-parent', PARENT_BODY).replace(
  'isExecutable="true">',
  'isExecutable="true" tb:protectedVariables="permitNo">',
);

describe('call activities run their process as a child case', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp();
    s = staff(t);
    await deploy(t, s.admin, CHILD);
    await deploy(t, s.admin, PARENT);
    await deploy(t, s.admin, GUARDED_PARENT);
  });
  afterAll(() => t.close());

  const openParent = async (processKey = 'tb-parent'): Promise<{ parentId: string; childId: string }> => {
    const res = await t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${s.window}`)
      .send({ processKey, department: DEPT, applicant, variables: { permitNo: 'X-1' } });
    expect(res.status).toBe(201);
    const opened = (await timeline(t, s.supervisor, res.body.id)).find((e) => e.type === 'call.case_opened');
    expect(opened).toBeDefined();
    return { parentId: res.body.id, childId: String(opened!.data!.caseId) };
  };

  it('opens the child case, and the child ending moves the parent on with its variables', async () => {
    const { parentId, childId } = await openParent();
    const child = await getCase(t, s.supervisor, childId);
    expect(child).toMatchObject({
      processKey: 'tb-child',
      department: DEPT,
      variables: expect.objectContaining({ permitNo: 'X-1' }),
    });
    expect(
      (await getCase(t, s.supervisor, parentId)).activeElements.map((a: { elementId: string }) => a.elementId),
    ).toEqual(['dept-item']);
    const review = await taskAt(t, s.handler, childId, 'child-review');
    const done = await complete(t, s.handler, review.id, {
      outcome: 'approve',
      opinion: '同意',
      variables: { childResult: 'ok' },
    });
    expect(done.status).toBe(200);
    expect((await getCase(t, s.supervisor, childId)).endedAt).toEqual(expect.any(String));
    const parent = await getCase(t, s.supervisor, parentId);
    expect(parent.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['after']);
    expect(parent.variables).toMatchObject({ childResult: 'ok', outcome: 'approve' });
    expect((await timeline(t, s.supervisor, parentId)).map((e) => e.type)).toContain('call.case_ended');
  });

  it('cancels the child when the parent is withdrawn', async () => {
    const { parentId, childId } = await openParent();
    const w = await t
      .http()
      .post(`/api/v1/cases/${parentId}/withdraw`)
      .set('Authorization', `Bearer ${s.window}`)
      .send({ reason: '申请人撤回' });
    expect(w.status).toBe(200);
    const child = await getCase(t, s.supervisor, childId);
    expect(child).toMatchObject({ status: 'REVOKED', openTasks: [] });
    expect(child.endedAt).toEqual(expect.any(String));
  });

  it("does not let the child's variables overwrite the parent's protected ones on the way back", async () => {
    const { parentId, childId } = await openParent('tb-guarded-parent');
    const review = await taskAt(t, s.handler, childId, 'child-review');
    const done = await complete(t, s.handler, review.id, {
      outcome: 'approve',
      variables: { permitNo: 'FORGED', childResult: 'ok' },
    });
    expect(done.status).toBe(200);
    expect((await getCase(t, s.supervisor, childId)).variables).toMatchObject({ permitNo: 'FORGED' });
    const parent = await getCase(t, s.supervisor, parentId);
    expect(parent.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['after']);
    expect(parent.variables).toMatchObject({ permitNo: 'X-1', childResult: 'ok', department: DEPT });
  });
});
