import { applicant, complete, ITEM, openCase, staff, type Staff, taskAt } from '../support/case-helpers.js';
import { type SqlCount, sqlCounter } from '../support/sql-counter.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey, bpmn, deploy, flows, startCase } from './integration-support.js';

const ZRZY = '410100-ZRZY';

/**
 * What each command costs the database, counted on the pooled connections (ADR 0012): a command
 * reads once and writes once. Caches are warm (each command runs once before it is measured), so
 * what is counted is the steady state a busy node sees. A budget exceeded fails with the SQL sent.
 */
describe('round trips per command', () => {
  let t: TestApp;
  let s: Staff;
  let counter: ReturnType<typeof sqlCounter>;
  let key: string;

  const within = (what: string, n: SqlCount, roundTrips: number, statements: number) => {
    if (n.roundTrips > roundTrips || n.statements > statements)
      throw new Error(`${what}: ${n.roundTrips} round trips, ${n.statements} statements\n${n.sql.join('\n---\n')}`);
    expect(n.roundTrips).toBeGreaterThan(0);
  };

  const create = () =>
    t.http().post('/api/v1/cases').set('Authorization', `Bearer ${s.window}`).send({ itemCode: ITEM, applicant });

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    s = staff(t);
    counter = sqlCounter(t.app);
    key = (await apiKey(t, ZRZY, ['external-tasks', 'messages:write'])).secret;
    await deploy(
      t,
      bpmn(
        'rt-external',
        '<bpmn:startEvent id="s"/><bpmn:serviceTask id="check" tb:topic="rt-check"/><bpmn:userTask id="decide"/>' +
          '<bpmn:endEvent id="e"/>' +
          flows('s', 'check', 'decide', 'e'),
      ),
    );
    await deploy(
      t,
      bpmn(
        'rt-message',
        '<bpmn:startEvent id="s"/><bpmn:receiveTask id="wait" messageRef="m1" tb:correlationKey="=applicationNo"/>' +
          '<bpmn:userTask id="decide"/><bpmn:endEvent id="e"/>' +
          flows('s', 'wait', 'decide', 'e'),
        { m1: 'rt-done' },
      ),
    );
    // Warm the catalogue caches (definitions, items, calendars, API keys) the way a running node has them.
    const warm = await openCase(t, s.window);
    await complete(t, s.window, (await taskAt(t, s.window, warm.id, 'receive')).id, { outcome: 'accept' });
  });
  afterAll(() => t.close());

  it('completing a task on a linear step: at most 3 round trips', async () => {
    const c = await openCase(t, s.window);
    const task = await taskAt(t, s.window, c.id, 'receive');
    const n = await counter.measure(async () => {
      const res = await complete(t, s.window, task.id, { outcome: 'accept' });
      expect(res.status).toBe(200);
    });
    within('complete', n, 3, 5);
  });

  it('claiming a task: one read, one write', async () => {
    const c = await openCase(t, s.window);
    const task = await taskAt(t, s.window, c.id, 'receive');
    const n = await counter.measure(async () => {
      const res = await t.http().post(`/api/v1/tasks/${task.id}/claim`).set('Authorization', `Bearer ${s.window}`);
      expect(res.status).toBe(200);
    });
    within('claim', n, 2, 5);
  });

  // The catalogue reads (the item, the latest definition), then BEGIN, the write and COMMIT in one
  // message: the answer is built from the plan, so the case number (taken by the write) is held
  // only for that message. An Idempotency-Key's answer goes into the same write.
  it('opening a case: the catalogue reads, then one message that writes and commits', async () => {
    await create();
    const n = await counter.measure(async () => {
      const res = await create();
      expect(res.status).toBe(201);
      expect(res.body.caseNo).toMatch(/^\d{22}$/);
    });
    within('create', n, 3, 5);
    const keyed = await counter.measure(async () => {
      const res = await create().set('Idempotency-Key', `rt-create-${Date.now()}`);
      expect(res.status).toBe(201);
    });
    within('create with Idempotency-Key', keyed, 4, 6);
  });

  // The command is one read (case and open work items) and the caller's relation to the case (all its
  // work items, for the authorisation table), then the write with COMMIT: the answer, the case view,
  // is built from the plan (as for creation), not read back.
  it('a case action (suspend): one read and the relation, then one message that writes and commits', async () => {
    const c = await openCase(t, s.window);
    const n = await counter.measure(async () => {
      const res = await t
        .http()
        .post(`/api/v1/cases/${c.id}/suspend`)
        .set('Authorization', `Bearer ${s.leader}`)
        .send({ reason: '等待上级意见' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: c.id, status: 'SUSPENDED' });
    });
    within('case action', n, 3, 6);
  });

  // The API key is looked up, then the command: one read, one write.
  it('completing an external task: the key, one read, one write', async () => {
    const ext = (path: string, body: Record<string, unknown>) =>
      t.http().post(`/api/v1/external-tasks${path}`).set('X-Api-Key', key).send(body);
    await startCase(t, 'rt-external', ZRZY);
    await startCase(t, 'rt-external', ZRZY);
    const fetched = await ext('/fetch-and-lock', {
      workerId: 'w1',
      maxTasks: 2,
      topics: [{ topicName: 'rt-check', lockDurationMs: 60_000 }],
    });
    const [first, second] = fetched.body as { id: string }[];
    expect((await ext(`/${first!.id}/complete`, { workerId: 'w1' })).status).toBe(200);
    const n = await counter.measure(async () => {
      expect((await ext(`/${second!.id}/complete`, { workerId: 'w1' })).status).toBe(200);
    });
    within('external-task complete', n, 3, 6);
  });

  // The key, the message log (dedupe), the match, the command (read, duplicate check, write), the log updated.
  it('a message correlated to a waiting case', async () => {
    const send = (no: string) =>
      t
        .http()
        .post('/api/v1/messages')
        .set('X-Api-Key', key)
        .send({ name: 'rt-done', correlationKey: no, messageId: no });
    await startCase(t, 'rt-message', ZRZY, { variables: { applicationNo: 'A-1' } });
    await startCase(t, 'rt-message', ZRZY, { variables: { applicationNo: 'A-2' } });
    expect((await send('A-1')).status).toBe(200);
    const n = await counter.measure(async () => {
      expect((await send('A-2')).status).toBe(200);
    });
    within('message', n, 7, 10);
  });
});
