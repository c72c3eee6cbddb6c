import { moveClock, serverNow, timeline } from '../support/timing-helpers.js';
import { bpmn, flows, startCase } from './integration-support.js';
import { D, OTHER, PeopleFixture, ZJJ } from './people-fixture.js';

/**
 * 抄送 and 催办 over HTTP (issue 13, ADR 0018): the timeline, the outbox, the access a copy gives, the rate
 * limit on urges, and the refusals a user could provoke.
 */
describe('task operations: 抄送 and 催办', () => {
  const f = new PeopleFixture();
  const { tok, handlerA, window, admin, supervisor, outsider, as, outbox, openTask, basic } = f;
  beforeAll(() => f.start());
  afterAll(() => f.stop());

  describe('抄送 (carbon copy)', () => {
    it('copies from a task to a person and a department; they read the case and its timeline, nothing else', async () => {
      const c = await basic();
      const task = await openTask(c.id, 'review');
      const res = await f.t
        .http()
        .post(`/api/v1/tasks/${task.id}/cc`)
        .set(as(handlerA()))
        .send({ users: ['cc-reader', 'cc-reader'], departments: [ZJJ], note: '请知悉' });
      expect(res.status).toBe(201);
      expect(res.body.copies.map((x: { recipient: string }) => x.recipient).sort()).toEqual([ZJJ, 'cc-reader']);
      const copied = (await timeline(f.t, admin(), c.id)).filter((e) => e.type === 'case.copied');
      expect(copied).toHaveLength(1);
      expect(copied[0]).toMatchObject({
        elementId: 'review',
        opinion: '请知悉',
        data: { users: ['cc-reader'], departments: [ZJJ] },
      });
      expect((await outbox(c.id)).filter((e) => e.type === 'case.copied')).toHaveLength(1);

      const reader = tok('cc-reader', ['handler'], OTHER);
      const list = await f.t.http().get(`/api/v1/cc?read=false&caseId=${c.id}`).set(as(reader));
      expect(list.status).toBe(200);
      expect(list.body.total).toBe(1);
      expect(list.body.items[0]).toMatchObject({ caseId: c.id, note: '请知悉', read: false, copiedBy: 'handler-A' });
      expect((await f.t.http().get(`/api/v1/cases/${c.id}`).set(as(reader))).status).toBe(200);
      expect((await f.t.http().get(`/api/v1/cases/${c.id}/timeline`).set(as(reader))).status).toBe(200);
      const listed = await f.t.http().get(`/api/v1/cases?limit=200`).set(as(reader));
      expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(c.id);
      // Nothing else: not the task, not an action on the case, the id number masked.
      expect((await f.t.http().get(`/api/v1/tasks/${task.id}`).set(as(reader))).status).toBe(404);
      expect(
        (await f.t.http().post(`/api/v1/tasks/${task.id}/complete`).set(as(reader)).send({ outcome: 'approve' }))
          .status,
      ).toBe(404);
      const suspend = await f.t
        .http()
        .post(`/api/v1/cases/${c.id}/suspend`)
        .set(as(tok('cc-reader', ['leader'], OTHER)))
        .send({ reason: 'x' });
      expect([suspend.status, suspend.body.code]).toEqual([403, 'AUTH.FORBIDDEN_ACTION']);

      // A department copy: every member sees it; reading it marks it read for the department.
      const zjj = tok('zjj-1', ['handler'], ZJJ);
      const deptList = await f.t.http().get(`/api/v1/cc?caseId=${c.id}`).set(as(zjj));
      expect(deptList.body.items).toHaveLength(1);
      const mark = await f.t.http().post(`/api/v1/cc/${deptList.body.items[0].id}/read`).set(as(zjj));
      expect(mark.status).toBe(200);
      expect(mark.body).toMatchObject({ read: true, readBy: 'zjj-1' });
      const again = await f.t
        .http()
        .post(`/api/v1/cc/${deptList.body.items[0].id}/read`)
        .set(as(tok('zjj-2', ['handler'], ZJJ)));
      expect(again.body.readBy).toBe('zjj-1');
      expect((await f.t.http().get(`/api/v1/cc?read=true&caseId=${c.id}`).set(as(zjj))).body.total).toBe(1);
      // Someone else's copy cannot be marked or listed.
      const notMine = await f.t.http().post(`/api/v1/cc/${list.body.items[0].id}/read`).set(as(zjj));
      expect([notMine.status, notMine.body.code]).toEqual([404, 'CC.NOT_FOUND']);
      expect((await f.t.http().get(`/api/v1/cc?caseId=${c.id}`).set(as(outsider()))).body.total).toBe(0);
      expect((await f.t.http().get(`/api/v1/cases/${c.id}`).set(as(outsider()))).status).toBe(404);
    });

    it('refuses copies to nobody, oversized lists, wrong types and tasks of other departments', async () => {
      const c = await basic();
      const task = await openTask(c.id, 'review');
      const cc = (token: string, body: unknown) =>
        f.t
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
      expect((await f.db.query('SELECT count(*)::int AS n FROM case_copy WHERE case_id = $1', [c.id])).rows[0].n).toBe(
        0,
      );
    });

    it('tb:cc copies the case when the node is entered', async () => {
      const c = await startCase(f.t, 'ppl-cc', D);
      const copies = (
        await f.db.query(
          'SELECT recipient_kind, recipient, note, element_id FROM case_copy WHERE case_id = $1 ORDER BY recipient',
          [c.id],
        )
      ).rows;
      expect(copies).toEqual([
        { recipient_kind: 'department', recipient: ZJJ, note: '请知悉', element_id: 'review' },
        { recipient_kind: 'user', recipient: 'cc-reader', note: '请知悉', element_id: 'review' },
      ]);
      expect(
        (await timeline(f.t, admin(), c.id)).some((e) => e.type === 'case.copied' && e.elementId === 'review'),
      ).toBe(true);
    });

    it('refuses a tb:cc that names nobody when the process is deployed', async () => {
      const res = await f.t
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
        f.t.http().post(`/api/v1/cases/${c.id}/urges`).set(as(token)).send(body);
      const first = await urge(window());
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ taskId: task.id, urgedBy: `window-${D}`, count: 1, departments: [D] });
      const second = await urge(window());
      expect([second.status, second.body.code]).toEqual([429, 'URGE.TOO_FREQUENT']);
      const wait = Number(second.headers['retry-after']);
      expect(wait).toBeGreaterThan(3500);
      expect(wait).toBeLessThanOrEqual(3600);
      expect((await urge(supervisor())).body.count).toBe(2);
      const now = await serverNow(f.t, admin());
      await moveClock(f.t, admin(), new Date(now.getTime() + 61 * 60 * 1000));
      expect((await urge(window())).body.count).toBe(3);

      const view = await f.t.http().get(`/api/v1/tasks/${task.id}`).set(as(handlerA()));
      expect(view.body.urges.count).toBe(3);
      expect(view.body.urges.recent.map((u: { by: string }) => u.by)).toEqual([
        `window-${D}`,
        'supervisor-1',
        `window-${D}`,
      ]);
      const entries = (await timeline(f.t, admin(), c.id)).filter((e) => e.type === 'task.urged');
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
          f.t.http().post(`/api/v1/cases/${c.id}/urges`).set(as(window())).send({ taskId: task.id, message: '催' }),
        ),
      );
      expect(answers.map((r) => r.status).sort()).toEqual([201, 429, 429, 429, 429, 429]);
      expect(
        (await f.db.query('SELECT count(*)::int AS n FROM task_urge WHERE task_id = $1', [task.id])).rows[0].n,
      ).toBe(1);
    });

    it('refuses other departments, tasks of other cases, closed tasks, one’s own task and bad input', async () => {
      const c = await basic();
      const otherCase = await basic();
      const task = await openTask(c.id, 'review');
      const urge = (token: string, body: Record<string, unknown>) =>
        f.t.http().post(`/api/v1/cases/${c.id}/urges`).set(as(token)).send(body);
      const out = await urge(outsider(), { taskId: task.id, message: 'x' });
      expect([out.status, out.body.code]).toEqual([404, 'CASE.NOT_FOUND']);
      const elsewhere = await urge(window(), { taskId: (await openTask(otherCase.id, 'review')).id, message: 'x' });
      expect([elsewhere.status, elsewhere.body.code]).toEqual([404, 'TASK.NOT_FOUND']);
      expect((await urge(window(), { taskId: task.id })).status).toBe(400);
      expect((await urge(window(), { taskId: task.id, message: 'x'.repeat(501) })).status).toBe(400);
      expect((await urge(window(), { taskId: 'nope', message: 'x' })).status).toBe(400);
      expect((await urge(window(), { taskId: task.id, message: '   ' })).body.code).toBe('URGE.MESSAGE_REQUIRED');
      await f.t.http().post(`/api/v1/tasks/${task.id}/claim`).set(as(handlerA()));
      expect((await urge(handlerA(), { taskId: task.id, message: 'x' })).body.code).toBe('URGE.OWN_TASK');
      await f.t.http().post(`/api/v1/tasks/${task.id}/complete`).set(as(handlerA())).send({ outcome: 'approve' });
      const closed = await urge(window(), { taskId: task.id, message: 'x' });
      expect([closed.status, closed.body.code]).toEqual([409, 'TASK.NOT_OPEN']);
    });
  });
});
