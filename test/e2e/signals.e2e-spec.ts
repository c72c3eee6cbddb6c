import pg from 'pg';
import { JobRunner } from '../../src/modules/timing/jobs/job-runner.js';
import { startSecondNode } from '../support/timing-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey, bpmn, caseOf, deploy, flows, startCase, timelineOf } from './integration-support.js';

const SJJ = '410100-SJJ';
const ZRZY = '410100-ZRZY';
const SIGNALS =
  '<bpmn:signal id="sSusp" name="item-suspended"/><bpmn:signal id="sGo" name="go"/><bpmn:signal id="sOpen" name="notice-published"/>';
const catchSig = (id: string, ref: string) =>
  `<bpmn:intermediateCatchEvent id="${id}"><bpmn:signalEventDefinition signalRef="${ref}"/></bpmn:intermediateCatchEvent>`;

async function query<T>(t: TestApp, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: t.db.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Starts n cases, a few at a time. */
async function startMany(t: TestApp, key: string, n: number, dept = SJJ): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, () => startCase(t, key, dept).then((c) => c.id)),
    );
    ids.push(...batch);
  }
  return ids;
}

describe('signals: POST /signals broadcasts through durable per-case deliveries', () => {
  let t: TestApp;
  const admin = () => t.token({ roles: ['admin'], sub: 'admin-1', dept: SJJ });
  const broadcast = (body: object, auth: [string, string] = ['Authorization', `Bearer ${admin()}`]) =>
    t.http().post('/api/v1/signals').set(auth[0], auth[1]).send(body);
  const runJobs = () => t.app.get(JobRunner).runDue();
  const complete = (taskId: string) =>
    t
      .http()
      .post(`/api/v1/tasks/${taskId}/complete`)
      .set('Authorization', `Bearer ${t.token({ roles: ['handler'], dept: SJJ, sub: 'h1' })}`)
      .send({});

  beforeAll(async () => {
    t = await startTestApp();
    // 暂停办理: every case of the item waits for the suspension notice at an intermediate catch.
    await deploy(
      t,
      bpmn(
        'suspendable',
        `<bpmn:startEvent id="s"/>${catchSig('await-notice', 'sSusp')}<bpmn:userTask id="after"/><bpmn:endEvent id="e"/>` +
          flows('s', 'await-notice', 'after', 'e'),
        {},
        SIGNALS,
      ),
    );
    // A review with an interrupting signal boundary and a signal throw at its end.
    await deploy(
      t,
      bpmn(
        'review-with-boundary',
        `<bpmn:startEvent id="s"/><bpmn:userTask id="review"/>
         <bpmn:boundaryEvent id="stopped" attachedToRef="review"><bpmn:signalEventDefinition signalRef="sSusp"/></bpmn:boundaryEvent>
         <bpmn:userTask id="notify"/><bpmn:endEvent id="e"><bpmn:signalEventDefinition signalRef="sGo"/></bpmn:endEvent><bpmn:endEvent id="e2"/>` +
          flows('s', 'review', 'e') +
          flows('stopped', 'notify', 'e2'),
        {},
        SIGNALS,
      ),
    );
    await deploy(
      t,
      bpmn(
        'waits-for-go',
        `<bpmn:startEvent id="s"/>${catchSig('await-go', 'sGo')}<bpmn:userTask id="went"/><bpmn:endEvent id="e"/>` +
          flows('s', 'await-go', 'went', 'e'),
        {},
        SIGNALS,
      ),
    );
    // Two branches of one case: the one that throws "go" also reaches the other's catch, in that command.
    await deploy(
      t,
      bpmn(
        'go-self',
        `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>${catchSig('await-go', 'sGo')}<bpmn:userTask id="after-go"/>
         <bpmn:userTask id="decide"/><bpmn:intermediateThrowEvent id="tell"><bpmn:extensionElements><zeebe:ioMapping><zeebe:input source="=noticeNo" target="goNotice"/></zeebe:ioMapping></bpmn:extensionElements>
         <bpmn:signalEventDefinition signalRef="sGo"/></bpmn:intermediateThrowEvent>
         <bpmn:userTask id="after-tell"/>` +
          flows('s', 'fork', 'await-go', 'after-go') +
          flows('fork', 'decide', 'tell', 'after-tell'),
        {},
        SIGNALS,
      ),
    );
    // A process started by a signal (latest version only).
    await deploy(
      t,
      bpmn(
        'on-notice',
        `<bpmn:startEvent id="onNotice"><bpmn:signalEventDefinition signalRef="sOpen"/></bpmn:startEvent><bpmn:userTask id="read"/><bpmn:endEvent id="e"/>` +
          flows('onNotice', 'read', 'e'),
        {},
        SIGNALS,
      ),
    );
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('reaches each waiting case once: the answer counts them, the case view, timeline and webhook outbox show it', async () => {
    const [a, b] = await startMany(t, 'suspendable', 2);
    expect((await caseOf(t, a!)).activeElements).toEqual([
      expect.objectContaining({ elementId: 'await-notice', type: 'intermediateCatchEvent' }),
    ]);
    const res = await broadcast({ name: 'item-suspended', variables: { noticeNo: 'N-1' } });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ name: 'item-suspended', cases: 2, subscriptions: 2, startEvents: 0 });
    await runJobs();
    for (const id of [a!, b!]) {
      const c = await caseOf(t, id);
      expect(c.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['after']);
      const entries = (await timelineOf(t, id)).filter((e) => e.type === 'signal.received');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ elementId: 'await-notice', data: { signalName: 'item-suspended' } });
      const outbox = await query<{ type: string }>(t, `SELECT type FROM outbox_event WHERE case_id = $1`, [id]);
      expect(outbox.filter((o) => o.type === 'signal.received')).toHaveLength(1);
    }
    const view = await t.http().get(`/api/v1/signals/${res.body.signalId}`).set('Authorization', `Bearer ${admin()}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ cases: 2, delivered: 2, deliveredSubscriptions: 2, pending: 0, source: 'api' });
    const metrics = (await t.http().get('/metrics')).text;
    expect(metrics).toMatch(/tongban_signal_cases_reached_total\{source="api"\} 2\b/);
    expect(metrics).toMatch(/tongban_signal_deliveries_total\{result="delivered"\} 2\b/);
    // The subscriptions are gone: a second broadcast reaches nothing; its retry (same key) is answered the same.
    const send = () =>
      t
        .http()
        .post('/api/v1/signals')
        .set('Authorization', `Bearer ${admin()}`)
        .set('Idempotency-Key', 'signal-retry-1')
        .send({ name: 'item-suspended' });
    const first = await send();
    expect(first.body).toMatchObject({ cases: 0, subscriptions: 0 });
    const again = await send();
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    expect(await query(t, 'SELECT 1 FROM signal_broadcast WHERE id = $1', [first.body.signalId])).toHaveLength(1);
  });

  it('an API key reaches only the cases its department takes part in; another department sees none of it', async () => {
    const [mine] = await startMany(t, 'suspendable', 1, ZRZY);
    const [theirs] = await startMany(t, 'suspendable', 1, SJJ);
    const key = (await apiKey(t, ZRZY, ['messages:write'])).secret;
    const res = await broadcast({ name: 'item-suspended' }, ['X-Api-Key', key]);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ cases: 1, subscriptions: 1 });
    await runJobs();
    expect((await caseOf(t, mine!)).openTasks).toHaveLength(1);
    expect((await caseOf(t, theirs!)).activeElements[0].elementId).toBe('await-notice');
    const other = (await apiKey(t, SJJ, ['messages:write'], 'SJJ 系统二')).secret;
    const peek = await t.http().get(`/api/v1/signals/${res.body.signalId}`).set('X-Api-Key', other);
    expect(peek.status).toBe(404);
    expect(peek.body.code).toBe('SIGNAL.NOT_FOUND');
    await broadcast({ name: 'item-suspended' });
    await runJobs();
  });

  it('refuses bad input with coded problems and changes nothing', async () => {
    for (const body of [{}, { name: '' }, { name: '${x}' }, { name: 'x', variables: [] }, { name: 42 }]) {
      const res = await broadcast(body);
      expect(res.status).toBe(400);
    }
    const handler = t.token({ roles: ['handler'], dept: SJJ });
    expect((await broadcast({ name: 'x' }, ['Authorization', `Bearer ${handler}`])).status).toBe(403);
    // Department systems can subscribe to what signals and escalations do to their cases.
    const hook = await t
      .http()
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${admin()}`)
      .send({
        url: 'https://dept.example.gov.cn/hooks',
        events: ['signal.received', 'signal.thrown', 'escalation.raised'],
        secret: 'a-shared-secret-of-16+',
      });
    expect(hook.status).toBe(201);
    expect((await query(t, `SELECT 1 FROM signal_broadcast WHERE name IN ('', 'x', '\${x}')`)).length).toBe(0);
  });

  it('an interrupting boundary stops the review; a signal thrown by a case is broadcast by the same jobs', async () => {
    const [waiting] = await startMany(t, 'waits-for-go', 1);
    const [review] = await startMany(t, 'review-with-boundary', 1);
    await broadcast({ name: 'item-suspended' });
    await runJobs();
    const stopped = await caseOf(t, review!);
    expect(stopped.openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['notify']);
    // The notify path ends plainly; a second review case ends at the signal end event, which throws "go".
    const [second] = await startMany(t, 'review-with-boundary', 1);
    const task = (await caseOf(t, second!)).openTasks[0];
    expect((await complete(task.id)).status).toBe(200);
    await runJobs();
    const thrown = (await timelineOf(t, second!)).find((e) => e.type === 'signal.thrown');
    expect(thrown).toMatchObject({ elementId: 'e', data: { signalName: 'go' } });
    expect((await caseOf(t, waiting!)).openTasks.map((x: { elementId: string }) => x.elementId)).toEqual(['went']);
    const [b] = await query<{ source: string; cases: number }>(
      t,
      `SELECT source, cases FROM signal_broadcast WHERE source_case_id = $1`,
      [second],
    );
    expect(b).toEqual({ source: 'case', cases: 1 });
  });

  it('a thrown signal reaches its own case in the throwing command, and the other cases once through the jobs', async () => {
    const [other] = await startMany(t, 'waits-for-go', 1);
    const self = (await startCase(t, 'go-self', SJJ, { variables: { noticeNo: 'N-42' } })).id;
    const decide = (await caseOf(t, self)).openTasks.find((x: { elementId: string }) => x.elementId === 'decide');
    expect((await complete(decide.id)).status).toBe(200);
    // No job has run yet: the throwing case moved on at once (as in Camunda), the other case still waits.
    const open = (c: { openTasks: { elementId: string }[] }) => c.openTasks.map((x) => x.elementId).sort();
    expect(open(await caseOf(t, self))).toEqual(['after-go', 'after-tell']);
    expect(open(await caseOf(t, other!))).toEqual([]);
    await runJobs();
    expect(open(await caseOf(t, other!))).toEqual(['went']);
    // The throw's input mapping travelled with it, to its own case and to the other one.
    expect((await caseOf(t, self)).variables).toMatchObject({ goNotice: 'N-42' });
    expect((await caseOf(t, other!)).variables).toMatchObject({ goNotice: 'N-42' });
    const received = (await timelineOf(t, self)).filter((e) => e.type === 'signal.received');
    expect(received).toEqual([
      expect.objectContaining({ elementId: 'await-go', data: expect.objectContaining({ signalName: 'go' }) }),
    ]);
    const reached = await query<{ case_id: string }>(
      t,
      `SELECT d.case_id FROM signal_delivery d JOIN signal_broadcast b ON b.id = d.broadcast_id WHERE b.source_case_id = $1`,
      [self],
    );
    expect(reached.map((r) => r.case_id)).toContain(other);
    expect(reached.map((r) => r.case_id)).not.toContain(self);
  });

  it("a signal start event starts one case per process (latest version), in the caller's department", async () => {
    const res = await broadcast({ name: 'notice-published', variables: { noticeNo: 'N-9' } });
    expect(res.body).toMatchObject({ startEvents: 1, cases: 0 });
    await runJobs();
    const started = await query<{ id: string; department: string }>(
      t,
      `SELECT c.id, c.department FROM approval_case c JOIN process_definition d ON d.id = c.process_definition_id WHERE d.key = 'on-notice'`,
    );
    expect(started).toEqual([{ id: expect.any(String), department: SJJ }]);
    const view = await t.http().get(`/api/v1/signals/${res.body.signalId}`).set('Authorization', `Bearer ${admin()}`);
    expect(view.body).toMatchObject({ started: 1, pending: 0 });
  });

  it('broadcasts to 1,000 waiting cases on two nodes: every case is reached exactly once', async () => {
    const ids = await startMany(t, 'suspendable', 1000);
    const second = await startSecondNode(t);
    try {
      const res = await broadcast({ name: 'item-suspended', variables: { wave: 1 } });
      expect(res.body).toMatchObject({ cases: 1000, subscriptions: 1000 });
      // Both nodes take delivery jobs from the same queue at once (SKIP LOCKED leases).
      const [one, two] = await Promise.all([t.app.get(JobRunner).runDue(), second.runner.runDue()]);
      expect(one + two).toBeGreaterThanOrEqual(1000);
      expect(one).toBeGreaterThan(0);
      expect(two).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
    const deliveries = await query<{ case_id: string; subscriptions: number }>(
      t,
      `SELECT d.case_id, d.subscriptions FROM signal_delivery d JOIN signal_broadcast b ON b.id = d.broadcast_id
        WHERE b.variables = '{"wave": 1}'`,
    );
    expect(deliveries).toHaveLength(1000);
    expect(new Set(deliveries.map((d) => d.case_id))).toEqual(new Set(ids));
    expect(deliveries.every((d) => d.subscriptions === 1)).toBe(true);
    const received = await query<{ case_id: string; n: string }>(
      t,
      `SELECT case_id, count(*) AS n FROM case_event WHERE type = 'signal.received' AND case_id = ANY($1::uuid[]) GROUP BY case_id`,
      [ids],
    );
    expect(received).toHaveLength(1000);
    expect(received.every((r) => r.n === '1')).toBe(true);
    const [moved] = await query<{ n: string }>(
      t,
      `SELECT count(*) AS n FROM work_item WHERE element_id = 'after' AND state = 'open' AND case_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(moved?.n).toBe('1000');
  }, 600_000);
});
