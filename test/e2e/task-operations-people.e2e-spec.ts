import pg from 'pg';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { moveClock, serverNow, timeline } from '../support/timing-helpers.js';
import { bpmn, deploy, flows, startCase } from './integration-support.js';

const D = '410100-SJJ';
const ZJJ = '410100-ZJJ';
const OTHER = '410100-GAJ';

/**
 * The task operations about people (issue 13, ADR 0018): 抄送, 催办, 代理, batch completion, opinion
 * phrases and the assignment edges (tb:emptyAssignee, tb:skipSameAssignee), each over HTTP with the
 * timeline, the outbox and the refusals a user could provoke.
 */
describe('task operations about people', () => {
  let t: TestApp;
  let db: pg.Client;
  const tok = (sub: string, roles: string[], dept?: string) => t.token({ roles, sub, ...(dept ? { dept } : {}) });
  const handlerA = () => tok('handler-A', ['handler'], D);
  const handlerB = () => tok('handler-B', ['handler'], D);
  const handlerC = () => tok('handler-C', ['handler'], D);
  const window = () => tok(`window-${D}`, ['window'], D);
  const admin = () => tok('admin-1', ['admin']);
  const supervisor = () => tok('supervisor-1', ['supervisor']);
  const outsider = () => tok('handler-X', ['handler'], OTHER);
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const outbox = async (caseId: string) =>
    (await db.query('SELECT type, payload FROM outbox_event WHERE case_id = $1 ORDER BY seq', [caseId])).rows as {
      type: string;
      payload: Record<string, unknown>;
    }[];
  const tasksOf = async (caseId: string) =>
    (await t.http().get(`/api/v1/tasks?caseId=${caseId}&scope=all&state=open,completed`).set(as(admin()))).body
      .items as { id: string; elementId: string; state: string; assignee: string | null; [k: string]: unknown }[];
  const openTask = async (caseId: string, elementId: string) => {
    const found = (await tasksOf(caseId)).find((x) => x.elementId === elementId && x.state === 'open');
    if (!found) throw new Error(`no open ${elementId}`);
    return found;
  };
  const basic = () => startCase(t, 'ppl-basic', D);

  beforeAll(async () => {
    t = await startTestApp({ env: { TONGBAN_CLOCK_CONTROL: '1' } });
    db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
    const review = (id: string, extra = '') =>
      `<bpmn:userTask id="${id}" name="${id}" tb:candidateDepartments="${D}" tb:outcomes="approve,reject" ${extra}/>`;
    await deploy(
      t,
      bpmn(
        'ppl-basic',
        `<bpmn:startEvent id="s"/>${review('review')}${review('decide')}<bpmn:endEvent id="e"/>${flows('s', 'review', 'decide', 'e')}`,
      ),
    );
    await deploy(
      t,
      bpmn(
        'ppl-other',
        `<bpmn:startEvent id="s"/><bpmn:userTask id="review" tb:candidateDepartments="${OTHER}"/><bpmn:endEvent id="e"/>${flows('s', 'review', 'e')}`,
      ),
    );
    await deploy(
      t,
      bpmn(
        'ppl-cc',
        `<bpmn:startEvent id="s"/>${review('review', `tb:cc="user:cc-reader,dept:${ZJJ}" tb:ccNote="请知悉"`)}<bpmn:endEvent id="e"/>${flows('s', 'review', 'e')}`,
      ),
    );
    await deploy(
      t,
      bpmn(
        'ppl-proxy',
        `<bpmn:startEvent id="s"/>${review('review', 'tb:assignee="=reviewer"')}<bpmn:endEvent id="e"/>${flows('s', 'review', 'e')}`,
      ),
    );
    for (const [key, policy] of [
      ['ppl-empty-admin', ''],
      ['ppl-empty-auto', 'tb:emptyAssignee="autoApprove"'],
      ['ppl-empty-error', 'tb:emptyAssignee="error"'],
    ] as const)
      await deploy(
        t,
        bpmn(
          key,
          `<bpmn:startEvent id="s"/><bpmn:userTask id="pick" name="pick" tb:candidateDepartments="=depts" ${policy}/>` +
            `${review('after')}<bpmn:endEvent id="e"/>${flows('s', 'pick', 'after', 'e')}`,
        ),
      );
    await deploy(
      t,
      bpmn(
        'ppl-skip',
        `<bpmn:startEvent id="s"/>${review('first', 'tb:assignee="handler-A"')}` +
          `${review('second', 'tb:assignee="handler-A" tb:skipSameAssignee="true"')}${review('third', 'tb:assignee="handler-A"')}` +
          `<bpmn:endEvent id="e"/>${flows('s', 'first', 'second', 'third', 'e')}`,
      ),
    );
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('抄送 (carbon copy)', () => {
    it('copies from a task to a person and a department; they read the case and its timeline, nothing else', async () => {
      const c = await basic();
      const task = await openTask(c.id, 'review');
      const res = await t
        .http()
        .post(`/api/v1/tasks/${task.id}/cc`)
        .set(as(handlerA()))
        .send({ users: ['cc-reader', 'cc-reader'], departments: [ZJJ], note: '请知悉' });
      expect(res.status).toBe(201);
      expect(res.body.copies.map((x: { recipient: string }) => x.recipient).sort()).toEqual([ZJJ, 'cc-reader']);
      const copied = (await timeline(t, admin(), c.id)).filter((e) => e.type === 'case.copied');
      expect(copied).toHaveLength(1);
      expect(copied[0]).toMatchObject({
        elementId: 'review',
        opinion: '请知悉',
        data: { users: ['cc-reader'], departments: [ZJJ] },
      });
      expect((await outbox(c.id)).filter((e) => e.type === 'case.copied')).toHaveLength(1);

      const reader = tok('cc-reader', ['handler'], OTHER);
      const list = await t.http().get(`/api/v1/cc?read=false&caseId=${c.id}`).set(as(reader));
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(1);
      expect(list.body.items[0]).toMatchObject({ caseId: c.id, note: '请知悉', read: false, copiedBy: 'handler-A' });
      expect((await t.http().get(`/api/v1/cases/${c.id}`).set(as(reader))).status).toBe(200);
      expect((await t.http().get(`/api/v1/cases/${c.id}/timeline`).set(as(reader))).status).toBe(200);
      const listed = await t.http().get(`/api/v1/cases?limit=200`).set(as(reader));
      expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
      // Nothing else: not the task, not an action on the case, the id number masked.
      expect((await t.http().get(`/api/v1/tasks/${task.id}`).set(as(reader))).status).toBe(404);
      expect(
        (await t.http().post(`/api/v1/tasks/${task.id}/complete`).set(as(reader)).send({ outcome: 'approve' })).status,
      ).toBe(404);
      const suspend = await t
        .http()
        .post(`/api/v1/cases/${c.id}/suspend`)
        .set(as(tok('cc-reader', ['leader'], OTHER)))
        .send({ reason: 'x' });
      expect([suspend.status, suspend.body.code]).toEqual([403, 'AUTH.FORBIDDEN_ACTION']);

      // A department copy: every member sees it; reading it marks it read for the department.
      const zjj = tok('zjj-1', ['handler'], ZJJ);
      const deptList = await t.http().get(`/api/v1/cc?caseId=${c.id}`).set(as(zjj));
      expect(deptList.body.items).toHaveLength(1);
      const mark = await t.http().post(`/api/v1/cc/${deptList.body.items[0].id}/read`).set(as(zjj));
      expect(mark.status).toBe(200);
      expect(mark.body).toMatchObject({ read: true, readBy: 'zjj-1' });
      const again = await t
        .http()
        .post(`/api/v1/cc/${deptList.body.items[0].id}/read`)
        .set(as(tok('zjj-2', ['handler'], ZJJ)));
      expect(again.body.readBy).toBe('zjj-1');
      expect((await t.http().get(`/api/v1/cc?read=true&caseId=${c.id}`).set(as(zjj))).body.total).toBe(1);
      // Someone else's copy cannot be marked or listed.
      const notMine = await t.http().post(`/api/v1/cc/${list.body.items[0].id}/read`).set(as(zjj));
      expect([notMine.status, notMine.body.code]).toEqual([404, 'CC.NOT_FOUND']);
      expect((await t.http().get(`/api/v1/cc?caseId=${c.id}`).set(as(outsider()))).body.total).toBe(0);
      expect((await t.http().get(`/api/v1/cases/${c.id}`).set(as(outsider()))).status).toBe(404);
    });

    it('refuses copies to nobody, oversized lists, wrong types and tasks of other departments', async () => {
      const c = await basic();
      const task = await openTask(c.id, 'review');
      const cc = (token: string, body: unknown) =>
        t
          .http()
          .post(`/api/v1/tasks/${task.id}/cc`)
          .set(as(token))
          .send(body as object);
      const none = await cc(handlerA(), { users: ['  '], note: 'x' });
      expect([none.status, none.body.code]).toEqual([422, 'CC.RECIPIENT_REQUIRED']);
      expect((await cc(handlerA(), {})).body.code).toBe('CC.RECIPIENT_REQUIRED');
      const many = await cc(handlerA(), { users: Array.from({ length: 51 }, (_, i) => `u${i}`) });
      expect([many.status, many.body.code]).toEqual([400, 'VALIDATION.FAILED']);
      expect((await cc(handlerA(), { users: 'cc-reader' })).status).toBe(400);
      expect((await cc(handlerA(), { users: ['x'], note: 'n'.repeat(2001) })).status).toBe(400);
      const other = await cc(outsider(), { users: ['x'] });
      expect([other.status, other.body.code]).toEqual([404, 'TASK.NOT_FOUND']);
      expect((await db.query('SELECT count(*)::int AS n FROM case_copy WHERE case_id = $1', [c.id])).rows[0].n).toBe(0);
    });

    it('tb:cc copies the case when the node is entered', async () => {
      const c = await startCase(t, 'ppl-cc', D);
      const copies = (
        await db.query(
          'SELECT recipient_kind, recipient, note, element_id FROM case_copy WHERE case_id = $1 ORDER BY recipient',
          [c.id],
        )
      ).rows;
      expect(copies).toEqual([
        { recipient_kind: 'department', recipient: ZJJ, note: '请知悉', element_id: 'review' },
        { recipient_kind: 'user', recipient: 'cc-reader', note: '请知悉', element_id: 'review' },
      ]);
      expect((await timeline(t, admin(), c.id)).some((e) => e.type === 'case.copied' && e.elementId === 'review')).toBe(
        true,
      );
    });

    it('refuses a tb:cc that names nobody when the process is deployed', async () => {
      const res = await t
        .http()
        .post('/api/v1/process-definitions')
        .set(as(tok('pa', ['process-admin'])))
        .type('application/xml')
        .send(bpmn('ppl-cc-bad', `<bpmn:startEvent id="s" tb:cc="user:"/><bpmn:endEvent id="e"/>${flows('s', 'e')}`));
      expect(res.status).toBe(422);
      expect(JSON.stringify(res.body)).toContain('tb:cc');
    });
  });

  describe('催办 (urge)', () => {
    it('records urges, shows them on the task, sends task.urged, and allows one per task, person and hour', async () => {
      const c = await basic();
      const task = await openTask(c.id, 'review');
      const urge = (token: string, body: Record<string, unknown> = { taskId: task.id, message: '请尽快办理' }) =>
        t.http().post(`/api/v1/cases/${c.id}/urges`).set(as(token)).send(body);
      const first = await urge(window());
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ taskId: task.id, urgedBy: `window-${D}`, count: 1, departments: [D] });
      const second = await urge(window());
      expect([second.status, second.body.code]).toEqual([429, 'URGE.TOO_FREQUENT']);
      const wait = Number(second.headers['retry-after']);
      expect(wait).toBeGreaterThan(3500);
      expect(wait).toBeLessThanOrEqual(3600);
      expect((await urge(supervisor())).body.count).toBe(2);
      const now = await serverNow(t, admin());
      await moveClock(t, admin(), new Date(now.getTime() + 61 * 60 * 1000));
      expect((await urge(window())).body.count).toBe(3);

      const view = await t.http().get(`/api/v1/tasks/${task.id}`).set(as(handlerA()));
      expect(view.body.urges.count).toBe(3);
      expect(view.body.urges.recent.map((u: { by: string }) => u.by)).toEqual([
        `window-${D}`,
        'supervisor-1',
        `window-${D}`,
      ]);
      const entries = (await timeline(t, admin(), c.id)).filter((e) => e.type === 'task.urged');
      expect(entries.map((e) => e.opinion)).toEqual(['请尽快办理', '请尽快办理', '请尽快办理']);
      const events = (await outbox(c.id)).filter((e) => e.type === 'task.urged');
      expect(events).toHaveLength(3);
      expect(events[0]!.payload).toMatchObject({ taskId: task.id, message: '请尽快办理', departments: [D], count: 1 });
    });

    it('lets exactly one of several simultaneous urges by one person through', async () => {
      const c = await basic();
      const task = await openTask(c.id, 'review');
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          t.http().post(`/api/v1/cases/${c.id}/urges`).set(as(window())).send({ taskId: task.id, message: '催' }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([201, 429, 429, 429, 429, 429]);
      expect((await db.query('SELECT count(*)::int AS n FROM task_urge WHERE task_id = $1', [task.id])).rows[0].n).toBe(
        1,
      );
    });

    it('refuses other departments, tasks of other cases, closed tasks, one’s own task and bad input', async () => {
      const c = await basic();
      const otherCase = await basic();
      const task = await openTask(c.id, 'review');
      const urge = (token: string, body: Record<string, unknown>) =>
        t.http().post(`/api/v1/cases/${c.id}/urges`).set(as(token)).send(body);
      const out = await urge(outsider(), { taskId: task.id, message: 'x' });
      expect([out.status, out.body.code]).toEqual([404, 'CASE.NOT_FOUND']);
      const elsewhere = await urge(window(), { taskId: (await openTask(otherCase.id, 'review')).id, message: 'x' });
      expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'TASK.NOT_FOUND']);
      expect((await urge(window(), { taskId: task.id })).status).toBe(400);
      expect((await urge(window(), { taskId: task.id, message: 'x'.repeat(501) })).status).toBe(400);
      expect((await urge(window(), { taskId: 'nope', message: 'x' })).status).toBe(400);
      expect((await urge(window(), { taskId: task.id, message: '   ' })).body.code).toBe('URGE.MESSAGE_REQUIRED');
      await t.http().post(`/api/v1/tasks/${task.id}/claim`).set(as(handlerA()));
      expect((await urge(handlerA(), { taskId: task.id, message: 'x' })).body.code).toBe('URGE.OWN_TASK');
      await t.http().post(`/api/v1/tasks/${task.id}/complete`).set(as(handlerA())).send({ outcome: 'approve' });
      const closed = await urge(window(), { taskId: task.id, message: 'x' });
      expect([closed.status, closed.body.code]).toEqual([409, 'TASK.NOT_OPEN']);
    });
  });

  describe('代理 (standing proxy)', () => {
    afterEach(async () => {
      await db.query('DELETE FROM user_proxy');
      // The nodes reload on the notification; this one also after its own writes (tested below).
      await t.http().delete('/api/v1/me/proxy').set(as(handlerA()));
    });

    it('sends tasks meant for the absent person to the proxy, who acts on their behalf, until the period ends', async () => {
      const now = await serverNow(t, admin());
      const until = new Date(now.getTime() + 2 * 86_400_000).toISOString();
      const put = await t
        .http()
        .put('/api/v1/me/proxy')
        .set(as(handlerA()))
        .send({ proxy: 'handler-B', until, reason: '年休假' });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ userId: 'handler-A', proxy: 'handler-B', department: D, active: true });
      expect((await t.http().get('/api/v1/me/proxy').set(as(handlerA()))).body.proxy).toBe('handler-B');

      // Assigned by the model to A: goes to B.
      const c = await startCase(t, 'ppl-proxy', D, { variables: { reviewer: 'handler-A' } });
      const task = await openTask(c.id, 'review');
      expect(task).toMatchObject({ assignee: 'handler-B', onBehalfOf: 'handler-A' });
      const done = await t
        .http()
        .post(`/api/v1/tasks/${task.id}/complete`)
        .set(as(handlerB()))
        .send({ outcome: 'approve', opinion: '同意' });
      expect(done.status).toBe(200);
      const entries = await timeline(t, admin(), c.id);
      expect(entries.find((e) => e.type === 'task.proxied')?.data).toMatchObject({
        onBehalfOf: 'handler-A',
        proxy: 'handler-B',
      });
      const completed = entries.find((e) => e.type === 'task.completed') as unknown as Record<string, unknown>;
      expect(completed).toMatchObject({ actor: { id: 'handler-B' }, data: { onBehalfOf: 'handler-A' } });

      // Claimed by A: goes to B.
      const b = await basic();
      const claimed = await t
        .http()
        .post(`/api/v1/tasks/${(await openTask(b.id, 'review')).id}/claim`)
        .set(as(handlerA()));
      expect(claimed.body).toMatchObject({ assignee: 'handler-B', onBehalfOf: 'handler-A' });

      // Delegated to A: goes to B too.
      const d = await basic();
      const dTask = (await openTask(d.id, 'review')).id;
      await t.http().post(`/api/v1/tasks/${dTask}/claim`).set(as(handlerC()));
      const delegated = await t
        .http()
        .post(`/api/v1/tasks/${dTask}/delegate`)
        .set(as(handlerC()))
        .send({ assignee: 'handler-A' });
      expect(delegated.body).toMatchObject({ assignee: 'handler-B', owner: 'handler-C', onBehalfOf: 'handler-A' });

      // The period ends by itself (service clock).
      await moveClock(t, admin(), new Date(now.getTime() + 2 * 86_400_000 + 1000));
      const later = await startCase(t, 'ppl-proxy', D, { variables: { reviewer: 'handler-A' } });
      expect((await openTask(later.id, 'review')).assignee).toBe('handler-A');
      expect((await t.http().get('/api/v1/me/proxy').set(as(handlerA()))).body.code).toBe('PROXY.NOT_FOUND');
    });

    it('refuses self-proxies, chains, cycles and bad periods', async () => {
      const now = await serverNow(t, admin());
      const until = new Date(now.getTime() + 86_400_000).toISOString();
      const put = (token: string, body: Record<string, unknown>) =>
        t.http().put('/api/v1/me/proxy').set(as(token)).send(body);
      expect((await put(handlerA(), { proxy: 'handler-A', until })).body.code).toBe('PROXY.SELF');
      expect((await put(handlerA(), { proxy: 'handler-B', until: now.toISOString() })).body.code).toBe(
        'PROXY.INVALID_PERIOD',
      );
      expect((await put(handlerA(), { proxy: 'handler-B', from: until, until: now.toISOString() })).body.code).toBe(
        'PROXY.INVALID_PERIOD',
      );
      expect((await put(handlerA(), { proxy: 'handler-B', until: 'tomorrow' })).status).toBe(400);
      expect((await put(handlerA(), { until })).status).toBe(400);
      expect((await put(handlerA(), { proxy: 'handler-B', until })).status).toBe(200);
      const chain = await put(handlerB(), { proxy: 'handler-C', until });
      expect([chain.status, chain.body.code]).toEqual([409, 'PROXY.CHAIN']);
      expect((await put(handlerB(), { proxy: 'handler-A', until })).body.code).toBe('PROXY.CHAIN');
      expect((await put(handlerC(), { proxy: 'handler-A', until })).body.code).toBe('PROXY.CHAIN');
      expect((await t.http().delete('/api/v1/me/proxy').set(as(handlerA()))).status).toBe(204);
      expect((await t.http().delete('/api/v1/me/proxy').set(as(handlerA()))).body.code).toBe('PROXY.NOT_FOUND');
    });
  });

  describe('assignment edges', () => {
    it('tb:emptyAssignee default (admin): the task goes to the admins and supervision is alerted', async () => {
      const c = await startCase(t, 'ppl-empty-admin', D, { variables: { depts: [] } });
      const task = await openTask(c.id, 'pick');
      expect(task.candidateDepartments).toEqual([]);
      const types = (await timeline(t, admin(), c.id)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['task.assignee_empty', 'alert.raised']));
      const inbox = await t.http().get(`/api/v1/tasks?caseId=${c.id}`).set(as(handlerA()));
      expect(inbox.body.items).toEqual([]);
      const alerts = await t.http().get(`/api/v1/supervision/alerts?caseId=${c.id}`).set(as(supervisor()));
      expect(JSON.stringify(alerts.body)).toContain('EMPTY_ASSIGNEE');
      expect((await t.http().post(`/api/v1/tasks/${task.id}/complete`).set(as(admin())).send({})).status).toBe(200);
      expect((await openTask(c.id, 'after')).candidateDepartments).toEqual([D]);
    });

    it('tb:emptyAssignee="autoApprove" moves on with a system opinion; "error" refuses and writes nothing', async () => {
      const c = await startCase(t, 'ppl-empty-auto', D, { variables: { depts: [] } });
      const entries = await timeline(t, admin(), c.id);
      expect(entries.find((e) => e.type === 'task.auto_approved')).toMatchObject({
        elementId: 'pick',
        opinion: '审批人为空，系统自动通过',
        data: { reason: 'EMPTY_ASSIGNEE' },
      });
      expect((await openTask(c.id, 'after')).state).toBe('open');
      const before = (await db.query('SELECT count(*)::int AS n FROM approval_case')).rows[0].n;
      const res = await t
        .http()
        .post('/api/v1/cases')
        .set(as(window()))
        .send({
          processKey: 'ppl-empty-error',
          department: D,
          regionCode: '410100',
          variables: { depts: [] },
          applicant: {
            type: 'NATURAL_PERSON',
            name: '李四',
            idType: 'ID_CARD',
            idNumber: '410102199203045678',
            phone: '13700137000',
          },
        });
      expect([res.status, res.body.code]).toEqual([422, 'TASK.EMPTY_ASSIGNEE']);
      expect((await db.query('SELECT count(*)::int AS n FROM approval_case')).rows[0].n).toBe(before);
      // With candidates the policy does not apply.
      const fine = await startCase(t, 'ppl-empty-error', D, { variables: { depts: [D] } });
      expect((await openTask(fine.id, 'pick')).candidateDepartments).toEqual([D]);
    });

    it('tb:skipSameAssignee approves the step the same person would get again, and says so', async () => {
      const c = await startCase(t, 'ppl-skip', D);
      const first = await openTask(c.id, 'first');
      expect(
        (await t.http().post(`/api/v1/tasks/${first.id}/complete`).set(as(handlerA())).send({ outcome: 'approve' }))
          .status,
      ).toBe(200);
      const tasks = await tasksOf(c.id);
      expect(tasks.find((x) => x.elementId === 'second')).toMatchObject({
        state: 'completed',
        completedBy: 'system',
        outcome: 'approve',
      });
      // The next node does not say so: it waits for the person.
      expect(tasks.find((x) => x.elementId === 'third')).toMatchObject({ state: 'open', assignee: 'handler-A' });
      expect((await timeline(t, admin(), c.id)).find((e) => e.type === 'task.auto_approved')).toMatchObject({
        elementId: 'second',
        opinion: '与上一步审批人相同，自动通过',
        data: { reason: 'SAME_ASSIGNEE' },
      });
    });
  });

  describe('batch completion and phrases', () => {
    it('completes each task as its own command and answers one result per task', async () => {
      const cases = [await basic(), await basic(), await basic()];
      const ids = await Promise.all(cases.map(async (c) => (await openTask(c.id, 'review')).id));
      await t.http().post(`/api/v1/tasks/${ids[2]}/complete`).set(as(handlerA())).send({ outcome: 'approve' });
      const foreign = await startCase(t, 'ppl-other', OTHER);
      const foreignTask = (await openTask(foreign.id, 'review')).id;
      const res = await t
        .http()
        .post('/api/v1/tasks/complete-batch')
        .set(as(handlerA()))
        .send({
          items: [
            { taskId: ids[0], outcome: 'approve', opinion: '同意' },
            { taskId: ids[1], outcome: 'maybe' },
            { taskId: ids[2], outcome: 'approve' },
            { taskId: foreignTask, outcome: 'approve' },
          ],
        });
      expect(res.status).toBe(200);
      expect(
        res.body.results.map((r: { status: number; problem?: { code: string } }) => [r.status, r.problem?.code]),
      ).toEqual([
        [200, undefined],
        [422, 'TASK.OUTCOME_NOT_ALLOWED'],
        [409, 'TASK.NOT_OPEN'],
        [404, 'TASK.NOT_FOUND'],
      ]);
      expect([res.body.succeeded, res.body.failed]).toEqual([1, 3]);
      expect((await openTask(cases[0]!.id, 'decide')).state).toBe('open');
      expect((await openTask(cases[1]!.id, 'review')).state).toBe('open');
      const dup = await t
        .http()
        .post('/api/v1/tasks/complete-batch')
        .set(as(handlerA()))
        .send({ items: [{ taskId: ids[1] }, { taskId: ids[1] }] });
      expect([dup.status, dup.body.code]).toEqual([422, 'BATCH.DUPLICATE_TASK']);
      expect((await t.http().post('/api/v1/tasks/complete-batch').set(as(handlerA())).send({ items: [] })).status).toBe(
        400,
      );
      const tooMany = Array.from({ length: 101 }, () => ({ taskId: ids[1] }));
      expect(
        (await t.http().post('/api/v1/tasks/complete-batch').set(as(handlerA())).send({ items: tooMany })).status,
      ).toBe(400);
      expect(
        (
          await t
            .http()
            .post('/api/v1/tasks/complete-batch')
            .set(as(handlerA()))
            .send({ items: [{ taskId: 'x' }] })
        ).status,
      ).toBe(400);
      expect(
        (
          await t
            .http()
            .post('/api/v1/tasks/complete-batch')
            .set(as(supervisor()))
            .send({ items: [{ taskId: ids[1] }] })
        ).body.code,
      ).toBe('AUTH.ROLE_MISSING');
    });

    it('keeps each person’s own common opinions, bounded in count and length', async () => {
      const get = (token: string) => t.http().get('/api/v1/me/phrases').set(as(token));
      const put = (token: string, body: unknown) =>
        t
          .http()
          .put('/api/v1/me/phrases')
          .set(as(token))
          .send(body as object);
      expect((await get(handlerA())).body).toEqual({ phrases: [], updatedAt: null });
      const saved = await put(handlerA(), { phrases: ['同意。', ' 同意。 ', '请补正材料。'] });
      expect(saved.status).toBe(200);
      expect(saved.body.phrases).toEqual(['同意。', '请补正材料。']);
      expect((await get(handlerA())).body.phrases).toEqual(['同意。', '请补正材料。']);
      expect((await get(handlerB())).body.phrases).toEqual([]);
      expect((await put(handlerA(), { phrases: Array.from({ length: 51 }, (_, i) => `p${i}`) })).status).toBe(400);
      expect((await put(handlerA(), { phrases: ['x'.repeat(201)] })).status).toBe(400);
      expect((await put(handlerA(), { phrases: [''] })).status).toBe(400);
      expect((await put(handlerA(), { phrases: '同意' })).status).toBe(400);
      expect((await put(handlerA(), { phrases: ['  '] })).body.code).toBe('PHRASES.EMPTY_PHRASE');
      expect((await get(handlerA())).body.phrases).toEqual(['同意。', '请补正材料。']);
    });
  });
});
