import { moveClock, serverNow, startSecondNode, timeline } from '../support/timing-helpers.js';
import { eventually, startCase } from './integration-support.js';
import { D, OTHER, PeopleFixture } from './people-fixture.js';

/**
 * 代理, the assignment edges (tb:emptyAssignee, tb:skipSameAssignee), batch completion and opinion phrases
 * over HTTP (issue 13, ADR 0018), with the refusals a user could provoke.
 */
describe('task operations: 代理, assignment edges, batch and phrases', () => {
  const f = new PeopleFixture();
  const { handlerA, handlerB, handlerC, window, admin, supervisor, as, tasksOf, openTask, basic } = f;
  beforeAll(() => f.start());
  afterAll(() => f.stop());

  describe('代理 (standing proxy)', () => {
    afterEach(async () => {
      await f.db.query('DELETE FROM user_proxy');
      // The nodes reload on the notification; this one also after its own writes (tested below).
      await f.t.http().delete('/api/v1/me/proxy').set(as(handlerA()));
    });

    it('sends tasks meant for the absent person to the proxy, who acts on their behalf, until the period ends', async () => {
      const now = await serverNow(f.t, admin());
      const until = new Date(now.getTime() + 2 * 86_400_000).toISOString();
      const put = await f.t
        .http()
        .put('/api/v1/me/proxy')
        .set(as(handlerA()))
        .send({ proxy: 'handler-B', until, reason: '年休假' });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ userId: 'handler-A', proxy: 'handler-B', department: D, active: true });
      expect((await f.t.http().get('/api/v1/me/proxy').set(as(handlerA()))).body.proxy).toBe('handler-B');

      // Assigned by the model to A: goes to B.
      const c = await startCase(f.t, 'ppl-proxy', D, { variables: { reviewer: 'handler-A' } });
      const task = await openTask(c.id, 'review');
      expect(task).toMatchObject({ assignee: 'handler-B', onBehalfOf: 'handler-A' });
      const done = await f.t
        .http()
        .post(`/api/v1/tasks/${task.id}/complete`)
        .set(as(handlerB()))
        .send({ outcome: 'approve', opinion: '同意' });
      expect(done.status).toBe(200);
      const entries = await timeline(f.t, admin(), c.id);
      expect(entries.find((e) => e.type === 'task.proxied')?.data).toMatchObject({
        onBehalfOf: 'handler-A',
        proxy: 'handler-B',
      });
      const completed = entries.find((e) => e.type === 'task.completed') as unknown as Record<string, unknown>;
      expect(completed).toMatchObject({ actor: { id: 'handler-B' }, data: { onBehalfOf: 'handler-A' } });

      // Claimed by A: goes to B.
      const b = await basic();
      const claimed = await f.t
        .http()
        .post(`/api/v1/tasks/${(await openTask(b.id, 'review')).id}/claim`)
        .set(as(handlerA()));
      expect(claimed.body).toMatchObject({ assignee: 'handler-B', onBehalfOf: 'handler-A' });

      // Delegated to A: goes to B too.
      const d = await basic();
      const dTask = (await openTask(d.id, 'review')).id;
      await f.t.http().post(`/api/v1/tasks/${dTask}/claim`).set(as(handlerC()));
      const delegated = await f.t
        .http()
        .post(`/api/v1/tasks/${dTask}/delegate`)
        .set(as(handlerC()))
        .send({ assignee: 'handler-A' });
      expect(delegated.body).toMatchObject({ assignee: 'handler-B', owner: 'handler-C', onBehalfOf: 'handler-A' });

      // The period ends by itself (service clock).
      await moveClock(f.t, admin(), new Date(now.getTime() + 2 * 86_400_000 + 1000));
      const later = await startCase(f.t, 'ppl-proxy', D, { variables: { reviewer: 'handler-A' } });
      expect((await openTask(later.id, 'review')).assignee).toBe('handler-A');
      expect((await f.t.http().get('/api/v1/me/proxy').set(as(handlerA()))).body.code).toBe('PROXY.NOT_FOUND');
    });

    it('reaches another node through the database notification', async () => {
      const second = await startSecondNode(f.t);
      try {
        const until = new Date((await serverNow(f.t, admin())).getTime() + 86_400_000).toISOString();
        expect((await second.http().get('/api/v1/me/proxy').set(as(handlerA()))).status).toBe(404);
        await f.t.http().put('/api/v1/me/proxy').set(as(handlerA())).send({ proxy: 'handler-B', until });
        const seen = await eventually(
          async () => {
            const res = await second.http().get('/api/v1/me/proxy').set(as(handlerA()));
            return res.status === 200 ? (res.body as { proxy: string }) : null;
          },
          20_000,
          'the proxy on the second node',
        );
        expect(seen.proxy).toBe('handler-B');
      } finally {
        await second.close();
      }
    });

    it('refuses self-proxies, chains, cycles and bad periods', async () => {
      const now = await serverNow(f.t, admin());
      const until = new Date(now.getTime() + 86_400_000).toISOString();
      const put = (token: string, body: Record<string, unknown>) =>
        f.t.http().put('/api/v1/me/proxy').set(as(token)).send(body);
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
      expect((await f.t.http().delete('/api/v1/me/proxy').set(as(handlerA()))).status).toBe(204);
      expect((await f.t.http().delete('/api/v1/me/proxy').set(as(handlerA()))).body.code).toBe('PROXY.NOT_FOUND');
    });
  });

  describe('assignment edges', () => {
    it('tb:emptyAssignee default (admin): the task goes to the admins and supervision is alerted', async () => {
      const c = await startCase(f.t, 'ppl-empty-admin', D, { variables: { depts: [] } });
      const task = await openTask(c.id, 'pick');
      expect(task.candidateDepartments).toEqual([]);
      const types = (await timeline(f.t, admin(), c.id)).map((e) => e.type);
      expect(types).toEqual(expect.arrayContaining(['task.assignee_empty', 'alert.raised']));
      const inbox = await f.t.http().get(`/api/v1/tasks?caseId=${c.id}`).set(as(handlerA()));
      expect(inbox.body.items).toEqual([]);
      const alerts = await f.t.http().get(`/api/v1/supervision/alerts?caseId=${c.id}`).set(as(supervisor()));
      expect(JSON.stringify(alerts.body)).toContain('EMPTY_ASSIGNEE');
      expect((await f.t.http().post(`/api/v1/tasks/${task.id}/complete`).set(as(admin())).send({})).status).toBe(200);
      expect((await openTask(c.id, 'after')).candidateDepartments).toEqual([D]);
    });

    it('tb:emptyAssignee="autoApprove" moves on with a system opinion; "error" refuses and writes nothing', async () => {
      const c = await startCase(f.t, 'ppl-empty-auto', D, { variables: { depts: [] } });
      const entries = await timeline(f.t, admin(), c.id);
      expect(entries.find((e) => e.type === 'task.auto_approved')).toMatchObject({
        elementId: 'pick',
        opinion: '审批人为空，系统自动通过',
        data: { reason: 'EMPTY_ASSIGNEE' },
      });
      expect((await openTask(c.id, 'after')).state).toBe('open');
      const before = (await f.db.query('SELECT count(*)::int AS n FROM approval_case')).rows[0].n;
      const res = await f.t
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
      expect((await f.db.query('SELECT count(*)::int AS n FROM approval_case')).rows[0].n).toBe(before);
      // With candidates the policy does not apply.
      const fine = await startCase(f.t, 'ppl-empty-error', D, { variables: { depts: [D] } });
      expect((await openTask(fine.id, 'pick')).candidateDepartments).toEqual([D]);
    });

    it('tb:skipSameAssignee approves the step the same person would get again, and says so', async () => {
      const c = await startCase(f.t, 'ppl-skip', D);
      const first = await openTask(c.id, 'first');
      expect(
        (await f.t.http().post(`/api/v1/tasks/${first.id}/complete`).set(as(handlerA())).send({ outcome: 'approve' }))
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
      expect((await timeline(f.t, admin(), c.id)).find((e) => e.type === 'task.auto_approved')).toMatchObject({
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
      await f.t.http().post(`/api/v1/tasks/${ids[2]}/complete`).set(as(handlerA())).send({ outcome: 'approve' });
      const foreign = await startCase(f.t, 'ppl-other', OTHER);
      const foreignTask = (await openTask(foreign.id, 'review')).id;
      const res = await f.t
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
      const dup = await f.t
        .http()
        .post('/api/v1/tasks/complete-batch')
        .set(as(handlerA()))
        .send({ items: [{ taskId: ids[1] }, { taskId: ids[1] }] });
      expect([dup.status, dup.body.code]).toEqual([422, 'BATCH.DUPLICATE_TASK']);
      expect(
        (await f.t.http().post('/api/v1/tasks/complete-batch').set(as(handlerA())).send({ items: [] })).status,
      ).toBe(400);
      const tooMany = Array.from({ length: 101 }, () => ({ taskId: ids[1] }));
      expect(
        (await f.t.http().post('/api/v1/tasks/complete-batch').set(as(handlerA())).send({ items: tooMany })).status,
      ).toBe(400);
      expect(
        (
          await f.t
            .http()
            .post('/api/v1/tasks/complete-batch')
            .set(as(handlerA()))
            .send({ items: [{ taskId: 'x' }] })
        ).status,
      ).toBe(400);
      expect(
        (
          await f.t
            .http()
            .post('/api/v1/tasks/complete-batch')
            .set(as(supervisor()))
            .send({ items: [{ taskId: ids[1] }] })
        ).body.code,
      ).toBe('AUTH.ROLE_MISSING');
    });

    it('keeps each person’s own common opinions, bounded in count and length', async () => {
      const get = (token: string) => f.t.http().get('/api/v1/me/phrases').set(as(token));
      const put = (token: string, body: unknown) =>
        f.t
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
