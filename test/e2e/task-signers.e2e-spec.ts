import pg from 'pg';
import { applicant, complete, getCase, staff, step, taskAt } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, openTasks, timeline } from '../support/timing-helpers.js';

const ITEM = '410100-CGJ-XK-003'; // joint approval: lead CGJ, co-departments ZRZY and GAJ
const LEAD = '410100-CGJ';
const [ZRZY, GAJ] = ['410100-ZRZY', '410100-GAJ'];
const XFJ = '410100-XFJ';
const D = '410100-SGN'; // the ordinary-task tests' department

const REVIEW = bpmn(
  'signers-review',
  `<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="review"/>
   <bpmn:userTask id="review" name="审查" tb:candidateDepartments="${D}" tb:candidateRoles="handler" tb:outcomes="approve,reject"/>
   <bpmn:sequenceFlow id="f1" sourceRef="review" targetRef="gw"/>
   <bpmn:exclusiveGateway id="gw" default="f-ok"/>
   <bpmn:sequenceFlow id="f-ok" sourceRef="gw" targetRef="approve"/>
   <bpmn:sequenceFlow id="f-no" sourceRef="gw" targetRef="refused"><bpmn:conditionExpression>=outcome = "reject"</bpmn:conditionExpression></bpmn:sequenceFlow>
   <bpmn:userTask id="approve" name="审批" tb:candidateDepartments="${D}" tb:candidateRoles="leader"/>
   <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="e"/><bpmn:endEvent id="e"/>
   <bpmn:userTask id="refused" name="不予许可" tb:candidateDepartments="${D}" tb:candidateRoles="leader"/>
   <bpmn:sequenceFlow id="f3" sourceRef="refused" targetRef="e2"/><bpmn:endEvent id="e2"/>`,
);

/** 串签: the departments review one after another (a sequential multi-instance step). */
const SEQUENTIAL = bpmn(
  'signers-sequential',
  `<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="seq-review"/>
   <bpmn:userTask id="seq-review" name="依次会签" tb:candidateRoles="handler" tb:candidateDepartments="=dept" tb:outcomes="approve,reject">
     <bpmn:multiInstanceLoopCharacteristics isSequential="true" tb:collection="=order" tb:elementVariable="dept"/>
   </bpmn:userTask>
   <bpmn:sequenceFlow id="f1" sourceRef="seq-review" targetRef="decide"/>
   <bpmn:userTask id="decide" name="决定" tb:candidateDepartments="${D}" tb:candidateRoles="leader"/>
   <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="e"/><bpmn:endEvent id="e"/>`,
);

describe('加签/减签 and 拿回 over HTTP', () => {
  let t: TestApp;
  const person = (sub: string, dept: string, role = 'handler') => t.token({ roles: [role], dept, sub });
  const post = (url: string, token: string, body: Record<string, unknown>) =>
    t.http().post(url).set('Authorization', `Bearer ${token}`).send(body);

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    await deploy(t, staff(t).admin, REVIEW);
    await deploy(t, staff(t).admin, SEQUENTIAL);
  });
  afterAll(() => t.close());

  async function outbox(caseId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
    const c = new pg.Client({ connectionString: t.db.url });
    await c.connect();
    try {
      return (await c.query('SELECT type, payload FROM outbox_event WHERE case_id = $1 ORDER BY seq', [caseId])).rows;
    } finally {
      await c.end();
    }
  }

  async function openJoint(): Promise<string> {
    const res = await post('/api/v1/cases', staff(t, LEAD).window, { itemCode: ITEM, applicant });
    expect(res.status).toBe(201);
    await step(t, staff(t, LEAD).window, res.body.id, 'receive', { outcome: 'accept' });
    return res.body.id as string;
  }

  async function openReview(): Promise<{ caseId: string; taskId: string }> {
    const res = await post('/api/v1/cases', staff(t).admin, { processKey: 'signers-review', department: D, applicant });
    expect(res.status).toBe(201);
    const task = await taskAt(t, staff(t).admin, res.body.id, 'review');
    expect((await post(`/api/v1/tasks/${task.id}/claim`, person('alice', D), {})).status).toBe(200);
    return { caseId: res.body.id, taskId: task.id };
  }

  const coTask = async (caseId: string, dept: string) => {
    const tasks = await openTasks(t, staff(t).admin, caseId);
    type Row = { id: string; elementId: string; candidateDepartments: string[]; assignee: string | null };
    const mine = (tasks as unknown as Row[]).filter(
      (x) => x.elementId === 'co-review' && x.candidateDepartments[0] === dept && x.assignee === null,
    );
    expect(mine).toHaveLength(1);
    return mine[0]!.id;
  };

  describe('on a joint step', () => {
    it('adds a co-department and a person; ALL waits for them and the lead sees every opinion', async () => {
      const id = await openJoint();
      const res = await post(`/api/v1/cases/${id}/add-signers`, staff(t, LEAD).leader, {
        elementId: 'co-review',
        departments: [XFJ],
        users: [{ id: 'expert-1', department: ZRZY }],
        reason: '涉及消防安全，增加会签',
      });
      expect(res.status).toBe(200);
      expect(res.body.stepRunning).toBe(true);
      expect(
        res.body.tasks.map((x: { candidateDepartments: string[]; assignee: string | null }) => [
          x.candidateDepartments,
          x.assignee,
        ]),
      ).toEqual([
        [[XFJ], null],
        [[ZRZY], 'expert-1'],
      ]);
      const [xfjTask, expertTask] = res.body.tasks.map((x: { id: string }) => x.id);
      for (const [dept, taskId] of [
        [ZRZY, await coTask(id, ZRZY)],
        [GAJ, await coTask(id, GAJ)],
      ] as const)
        expect(
          (await complete(t, staff(t, dept).handler, taskId, { outcome: 'approve', opinion: '同意' })).status,
        ).toBe(200);
      expect(
        (await complete(t, staff(t, XFJ).handler, xfjTask, { outcome: 'approve', opinion: '消防同意' })).status,
      ).toBe(200);
      expect(
        (await getCase(t, staff(t, LEAD).leader, id)).openTasks.map((x: { elementId: string }) => x.elementId),
      ).toEqual(['co-review']);
      expect(
        (await complete(t, person('expert-1', ZRZY), expertTask, { outcome: 'reject', opinion: '专家意见：选址不当' }))
          .status,
      ).toBe(200);
      const decision = await taskAt(t, staff(t, LEAD).leader, id, 'lead-decision');
      expect(
        (decision.jointOpinions as { department: string; outcome: string }[]).map((o) => [o.department, o.outcome]),
      ).toEqual([
        [ZRZY, 'approve'],
        [GAJ, 'approve'],
        [XFJ, 'approve'],
        [ZRZY, 'reject'],
      ]);
      const entry = (await timeline(t, staff(t, LEAD).leader, id)).find((e) => e.type === 'task.signers_added');
      expect(entry).toMatchObject({ elementId: 'co-review', opinion: '涉及消防安全，增加会签' });
      expect((await outbox(id)).find((e) => e.type === 'task.signers_added')?.payload).toMatchObject({
        departments: [XFJ],
        taskIds: [xfjTask, expertTask],
      });
    });

    it('removes an open instance; ALL completes at once when everyone left has approved', async () => {
      const id = await openJoint();
      await complete(t, staff(t, ZRZY).handler, await coTask(id, ZRZY), { outcome: 'approve', opinion: '同意' });
      const gaj = await coTask(id, GAJ);
      const res = await post(`/api/v1/cases/${id}/remove-signers`, staff(t, LEAD).handler, {
        taskIds: [gaj],
        reason: '不涉及交通管理',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ elementId: 'co-review', stepRunning: false });
      expect(res.body.tasks).toEqual([expect.objectContaining({ id: gaj, state: 'cancelled' })]);
      const decision = await taskAt(t, staff(t, LEAD).leader, id, 'lead-decision');
      expect(decision.jointOpinions).toEqual([expect.objectContaining({ department: ZRZY, outcome: 'approve' })]);
      expect((await getCase(t, staff(t, LEAD).leader, id)).variables.jointResult).toBe('approved');
      expect((await outbox(id)).map((e) => e.type)).toContain('task.signers_removed');
      expect((await timeline(t, staff(t, LEAD).leader, id)).map((e) => e.type)).toContain('task.signers_removed');
    });

    it('refuses bad input, other departments and impossible changes, and changes nothing', async () => {
      const id = await openJoint();
      const lead = staff(t, LEAD).leader;
      const url = `/api/v1/cases/${id}/add-signers`;
      const cases: [Record<string, unknown>, string, number, string][] = [
        [{ elementId: 'co-review', reason: 'x' }, lead, 400, 'TASK.SIGNERS_REQUIRED'],
        [{ elementId: 'co-review', departments: ['bad dept;'], reason: 'x' }, lead, 400, 'VALIDATION.FAILED'],
        [{ elementId: 'co-review', departments: [XFJ, XFJ], reason: 'x' }, lead, 400, 'VALIDATION.FAILED'],
        [{ elementId: 'co-review', departments: 'x', reason: 'x' }, lead, 400, 'VALIDATION.FAILED'],
        [{ elementId: 'co-review', departments: [XFJ] }, lead, 400, 'VALIDATION.FAILED'],
        [{ elementId: 'co-review', users: [{ id: 'x' }], reason: 'x' }, lead, 400, 'VALIDATION.FAILED'],
        [
          { elementId: 'co-review', departments: Array.from({ length: 21 }, (_, i) => `D-${i}`), reason: 'x' },
          lead,
          400,
          'VALIDATION.FAILED',
        ],
        [{ elementId: 'lead-decision', departments: [XFJ], reason: 'x' }, lead, 409, 'TASK.JOINT_STEP_NOT_RUNNING'],
        [{ elementId: 'co-review', departments: [GAJ], reason: 'x' }, lead, 409, 'TASK.SIGNER_ALREADY_PRESENT'],
        [
          { elementId: 'co-review', departments: [XFJ], reason: 'x' },
          staff(t, ZRZY).handler,
          403,
          'AUTH.FORBIDDEN_ACTION',
        ],
        [
          { elementId: 'co-review', departments: [XFJ], reason: 'x' },
          staff(t, '410100-WJW').leader,
          404,
          'CASE.NOT_FOUND',
        ],
        [{ elementId: 'co-review', departments: [XFJ], reason: 'x' }, staff(t, LEAD).window, 403, 'AUTH.ROLE_MISSING'],
      ];
      for (const [body, token, status, code] of cases) {
        const res = await post(url, token, body);
        expect([JSON.stringify(body), res.status, res.body.code]).toEqual([JSON.stringify(body), status, code]);
      }
      const other = await openJoint();
      const foreign = await coTask(other, ZRZY);
      const removals: [Record<string, unknown>, number, string][] = [
        [{ taskIds: [foreign], reason: 'x' }, 404, 'TASK.NOT_FOUND'],
        [{ taskIds: ['not-a-uuid'], reason: 'x' }, 400, 'VALIDATION.FAILED'],
        [{ taskIds: [], reason: 'x' }, 400, 'VALIDATION.FAILED'],
      ];
      for (const [body, status, code] of removals) {
        const res = await post(`/api/v1/cases/${id}/remove-signers`, lead, body);
        expect([res.status, res.body.code]).toEqual([status, code]);
      }
      const both = [await coTask(id, ZRZY), await coTask(id, GAJ)];
      const last = await post(`/api/v1/cases/${id}/remove-signers`, lead, { taskIds: both, reason: '全部取消' });
      expect([last.status, last.body.code]).toEqual([409, 'ENGINE.LAST_JOINT_INSTANCE']);
      expect((await openTasks(t, staff(t).admin, id)).map((x) => x.elementId)).toEqual(['co-review', 'co-review']);
      expect((await timeline(t, lead, id)).map((e) => e.type)).not.toContain('task.signers_added');
    });
  });

  describe('of a person on an ordinary task', () => {
    it('before: the task is held until the added person answers, then its assignee decides', async () => {
      const { caseId, taskId } = await openReview();
      const res = await post(`/api/v1/tasks/${taskId}/add-signers`, person('alice', D), {
        mode: 'before',
        assignees: ['bob'],
        reason: '请先审核合法性',
      });
      expect(res.status).toBe(200);
      expect(res.body.sign.heldBy).toHaveLength(1);
      const held = await complete(t, person('alice', D), taskId, { outcome: 'approve', opinion: '同意' });
      expect([held.status, held.body.code]).toEqual([409, 'TASK.WAITING_FOR_SIGNERS']);
      const signer = res.body.sign.heldBy[0] as string;
      const bobView = await t
        .http()
        .get(`/api/v1/tasks/${signer}`)
        .set('Authorization', `Bearer ${person('bob', D)}`);
      expect(bobView.body).toMatchObject({ assignee: 'bob', sign: { of: taskId, mode: 'before' } });
      expect((await complete(t, person('bob', D), signer, { outcome: 'reject', opinion: '建议补充材料' })).status).toBe(
        200,
      );
      expect((await complete(t, person('alice', D), taskId, { outcome: 'approve', opinion: '同意' })).status).toBe(200);
      expect((await openTasks(t, staff(t).admin, caseId)).map((x) => x.elementId)).toEqual(['approve']);
    });

    it("after: the added person reviews next, and their rejection is the step's outcome", async () => {
      const { caseId, taskId } = await openReview();
      expect(
        (await post(`/api/v1/tasks/${taskId}/add-signers`, person('alice', D), { mode: 'after', assignees: ['carol'] }))
          .body.sign,
      ).toEqual({
        heldBy: [],
        after: [{ assignee: 'carol', department: null }],
      });
      await complete(t, person('alice', D), taskId, { outcome: 'approve', opinion: '同意' });
      const open = await openTasks(t, staff(t).admin, caseId);
      expect(open.map((x) => x.elementId)).toEqual(['review']);
      await complete(t, person('carol', D), open[0]!.id, { outcome: 'reject', opinion: '不同意' });
      expect((await openTasks(t, staff(t).admin, caseId)).map((x) => x.elementId)).toEqual(['refused']);
    });

    it('parallel: both must answer; 减签 cancels an open signer', async () => {
      const { caseId, taskId } = await openReview();
      await post(`/api/v1/tasks/${taskId}/add-signers`, person('alice', D), {
        mode: 'parallel',
        assignees: ['dave', 'erin'],
      });
      const signers = (await openTasks(t, staff(t).admin, caseId)).filter((x) => x.id !== taskId);
      expect(signers).toHaveLength(2);
      const removed = await post(`/api/v1/tasks/${taskId}/remove-signers`, person('alice', D), {
        signerTaskIds: [signers[1]!.id],
        reason: '无需再审',
      });
      expect(removed.status).toBe(200);
      await complete(t, person('alice', D), taskId, { outcome: 'approve', opinion: '同意' });
      expect((await openTasks(t, staff(t).admin, caseId)).map((x) => x.id)).toEqual([signers[0]!.id]);
      const kept = signers[0] as unknown as { id: string; assignee: string };
      await complete(t, person(kept.assignee, D), kept.id, { outcome: 'approve', opinion: '同意' });
      expect((await openTasks(t, staff(t).admin, caseId)).map((x) => x.elementId)).toEqual(['approve']);
      const types = (await outbox(caseId)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['task.signers_added', 'task.signers_removed']));
    });

    it('refuses another department without the right, joint instances and bad input', async () => {
      const { taskId } = await openReview();
      const cross = await post(`/api/v1/tasks/${taskId}/add-signers`, person('alice', D), {
        mode: 'parallel',
        assignees: ['zed'],
        department: '410100-OTHER',
      });
      expect([cross.status, cross.body.code]).toEqual([403, 'AUTH.FORBIDDEN_ACTION']);
      for (const body of [
        { mode: 'sideways', assignees: ['x'] },
        { mode: 'before', assignees: [] },
        { mode: 'before' },
      ]) {
        const res = await post(`/api/v1/tasks/${taskId}/add-signers`, person('alice', D), body);
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION.FAILED']);
      }
      const dup = await post(`/api/v1/tasks/${taskId}/add-signers`, person('alice', D), {
        mode: 'before',
        assignees: ['alice'],
      });
      expect([dup.status, dup.body.code]).toEqual([409, 'TASK.SIGNER_ALREADY_PRESENT']);
      const outsider = await post(`/api/v1/tasks/${taskId}/add-signers`, person('mallory', '410100-WJW'), {
        mode: 'before',
        assignees: ['x'],
      });
      expect(outsider.status).toBe(404);
      const none = await post(`/api/v1/tasks/${taskId}/remove-signers`, person('alice', D), { assignees: ['nobody'] });
      expect([none.status, none.body.code]).toEqual([409, 'ENGINE.SIGNER_NOT_FOUND']);
      const id = await openJoint();
      const inst = await coTask(id, ZRZY);
      const joint = await post(`/api/v1/tasks/${inst}/add-signers`, staff(t, ZRZY).handler, {
        mode: 'parallel',
        assignees: ['x'],
      });
      expect([joint.status, joint.body.code]).toEqual([409, 'TASK.JOINT_INSTANCE']);
    });
  });

  describe('拿回 (take back)', () => {
    it('reopens the step for its completer while the next step has not acted', async () => {
      const { caseId, taskId } = await openReview();
      await complete(t, person('alice', D), taskId, { outcome: 'approve', opinion: '同意' });
      const next = (await openTasks(t, staff(t).admin, caseId))[0]!;
      const res = await post(`/api/v1/tasks/${taskId}/take-back`, person('alice', D), { reason: '意见有误' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ elementId: 'review', state: 'open', assignee: 'alice' });
      expect(res.body.id).not.toBe(taskId);
      const cancelled = await t
        .http()
        .get(`/api/v1/tasks/${next.id}`)
        .set('Authorization', `Bearer ${staff(t).admin}`);
      expect(cancelled.body.state).toBe('cancelled');
      expect((await timeline(t, staff(t).admin, caseId)).find((e) => e.type === 'task.taken_back')).toMatchObject({
        opinion: '意见有误',
        data: { taskId, reopenedTaskId: res.body.id, cancelledTaskIds: [next.id] },
      });
      expect((await outbox(caseId)).map((e) => e.type)).toContain('task.taken_back');
      const again = await post(`/api/v1/tasks/${taskId}/take-back`, person('alice', D), {});
      expect([again.status, again.body.code]).toEqual([409, 'TASK.ALREADY_TAKEN_BACK']);
    });

    it('is refused once the next step was claimed, to others than the completer, and on an open task', async () => {
      const { caseId, taskId } = await openReview();
      const open = await post(`/api/v1/tasks/${taskId}/take-back`, person('alice', D), {});
      expect([open.status, open.body.code]).toEqual([409, 'TASK.NOT_COMPLETED']);
      await complete(t, person('alice', D), taskId, { outcome: 'approve', opinion: '同意' });
      const colleague = await post(`/api/v1/tasks/${taskId}/take-back`, person('bob', D), {});
      expect(colleague.status).toBe(403);
      const next = (await openTasks(t, staff(t).admin, caseId))[0]!;
      expect((await post(`/api/v1/tasks/${next.id}/claim`, person('boss', D, 'leader'), {})).status).toBe(200);
      const late = await post(`/api/v1/tasks/${taskId}/take-back`, person('alice', D), {});
      expect([late.status, late.body.code]).toEqual([409, 'TASK.NEXT_STEP_ACTED']);
      expect((await openTasks(t, staff(t).admin, caseId)).map((x) => x.id)).toEqual([next.id]);
    });

    it('in a sequential joint step reopens the answer while the next department has not acted', async () => {
      const res = await post('/api/v1/cases', staff(t).admin, {
        processKey: 'signers-sequential',
        department: D,
        applicant,
        variables: { order: [ZRZY, GAJ] },
      });
      expect(res.status).toBe(201);
      const caseId = res.body.id as string;
      type Row = { id: string; elementId: string; candidateDepartments: string[] };
      const tasks = async () => (await openTasks(t, staff(t).admin, caseId)) as unknown as Row[];
      const first = (await tasks())[0]!;
      expect(first.candidateDepartments).toEqual([ZRZY]);
      await complete(t, staff(t, ZRZY).handler, first.id, { outcome: 'approve', opinion: '同意' });
      const second = (await tasks())[0]!;
      expect(second.candidateDepartments).toEqual([GAJ]);

      const back = await post(`/api/v1/tasks/${first.id}/take-back`, staff(t, ZRZY).handler, { reason: '补充意见' });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ elementId: 'seq-review', state: 'open', candidateDepartments: [ZRZY] });
      const open = await openTasks(t, staff(t).admin, caseId);
      expect(open.map((x) => x.id)).toEqual([back.body.id]);
      const cancelled = await t
        .http()
        .get(`/api/v1/tasks/${second.id}`)
        .set('Authorization', `Bearer ${staff(t).admin}`);
      expect(cancelled.body.state).toBe('cancelled');

      // The order goes on from the reopened answer: the next department again, then the decision.
      await complete(t, staff(t, ZRZY).handler, back.body.id, { outcome: 'approve', opinion: '同意，补充意见' });
      const again = (await tasks())[0]!;
      expect(again.candidateDepartments).toEqual([GAJ]);
      await complete(t, staff(t, GAJ).handler, again.id, { outcome: 'approve', opinion: '同意' });
      expect((await openTasks(t, staff(t).admin, caseId)).map((x) => x.elementId)).toEqual(['decide']);
      expect((await timeline(t, staff(t).admin, caseId)).find((e) => e.type === 'task.taken_back')).toMatchObject({
        data: { taskId: first.id, reopenedTaskId: back.body.id, cancelledTaskIds: [second.id] },
      });
    });

    it('in a sequential joint step is refused once the next department answered', async () => {
      const res = await post('/api/v1/cases', staff(t).admin, {
        processKey: 'signers-sequential',
        department: D,
        applicant,
        variables: { order: [ZRZY, GAJ, XFJ] },
      });
      const caseId = res.body.id as string;
      const zrzy = (await openTasks(t, staff(t).admin, caseId))[0]!;
      await complete(t, staff(t, ZRZY).handler, zrzy.id, { outcome: 'approve', opinion: '同意' });
      const gaj = (await openTasks(t, staff(t).admin, caseId))[0]!;
      await complete(t, staff(t, GAJ).handler, gaj.id, { outcome: 'approve', opinion: '同意' });
      const xfj = (await openTasks(t, staff(t).admin, caseId))[0]!;
      const late = await post(`/api/v1/tasks/${zrzy.id}/take-back`, staff(t, ZRZY).handler, {});
      expect([late.status, late.body.code]).toEqual([409, 'TASK.NEXT_STEP_ACTED']);
      expect((await openTasks(t, staff(t).admin, caseId)).map((x) => x.id)).toEqual([xfj.id]);
    });

    it('in a running joint step withdraws only the answer; after acceptance it restores the status', async () => {
      const id = await openJoint();
      const zrzy = await coTask(id, ZRZY);
      await complete(t, staff(t, ZRZY).handler, zrzy, { outcome: 'reject', opinion: '误点不同意' });
      const back = await post(`/api/v1/tasks/${zrzy}/take-back`, staff(t, ZRZY).handler, { reason: '误操作' });
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({
        elementId: 'co-review',
        candidateDepartments: [ZRZY],
        assignee: `handler-${ZRZY}`,
      });
      await complete(t, staff(t, ZRZY).handler, back.body.id, { outcome: 'approve', opinion: '同意' });
      await complete(t, staff(t, GAJ).handler, await coTask(id, GAJ), { outcome: 'approve', opinion: '同意' });
      const decision = await taskAt(t, staff(t, LEAD).leader, id, 'lead-decision');
      expect((decision.jointOpinions as { outcome: string }[]).map((o) => o.outcome)).toEqual(['approve', 'approve']);
      expect((await getCase(t, staff(t, LEAD).leader, id)).variables.jointResult).toBe('approved');

      const res = await post('/api/v1/cases', staff(t, LEAD).window, { itemCode: ITEM, applicant });
      const receive = await taskAt(t, staff(t, LEAD).window, res.body.id, 'receive');
      await complete(t, staff(t, LEAD).window, receive.id, { outcome: 'accept' });
      expect((await getCase(t, staff(t, LEAD).window, res.body.id)).status).toBe('IN_PROCESS');
      const undo = await post(`/api/v1/tasks/${receive.id}/take-back`, staff(t, LEAD).window, { reason: '受理有误' });
      expect(undo.status).toBe(200);
      const c = await getCase(t, staff(t, LEAD).window, res.body.id);
      expect(c.status).toBe('RECEIVED');
      expect(c.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['receive']);
    });
  });
});
