import pg from 'pg';
import { WebhookDispatcher } from '../../src/modules/integration/webhooks/application/webhook-dispatcher.js';
import { JobRunner } from '../../src/modules/timing/jobs/job-runner.js';
import { DbNotifications } from '../../src/persistence/db-notifications.js';
import { UnitOfWork } from '../../src/persistence/unit-of-work.js';
import { applicant, DEPT, openCase, staff, type Staff } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, startSecondNode, timeline } from '../support/timing-helpers.js';
import { eventually, FAKE_SYSTEM_ENV, FakeDepartmentSystem, sleep } from '../e2e/integration-support.js';

const ONE_SECOND = bpmn(
  'tb-wake-one-second',
  `
  <bpmn:startEvent id="start"/>
  <bpmn:intermediateCatchEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="end"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="tick"/>
  <bpmn:sequenceFlow id="f2" sourceRef="tick" targetRef="end"/>`,
);

// Safety polls far beyond every wait below: whatever happens here happens because a node was woken.
const NO_POLL = { ...FAKE_SYSTEM_ENV, JOB_POLL_MS: '600000', WEBHOOK_POLL_MS: '600000' };

/** Counts the database calls of one node (every runner and dispatcher query goes through its UnitOfWork). */
function countCalls(uow: UnitOfWork): { calls: () => number; reset: () => void } {
  let n = 0;
  const run = uow.run.bind(uow);
  const query = uow.query.bind(uow);
  uow.run = (work) => {
    n++;
    return run(work);
  };
  uow.query = (sql, params) => {
    n++;
    return query(sql, params);
  };
  return { calls: () => n, reset: () => (n = 0) };
}

describe('wake-ups: quiet when idle, woken by the database (LISTEN/NOTIFY)', () => {
  let t: TestApp;
  let s: Staff;
  const secret = 'wake-up-secret-00000000000001';
  const receiver = new FakeDepartmentSystem(secret);

  beforeAll(async () => {
    t = await startTestApp({ env: NO_POLL });
    s = staff(t);
    await deploy(t, s.admin, ONE_SECOND);
    await receiver.up();
  });
  afterAll(async () => {
    await t.app.get(JobRunner).stop();
    await t.app.get(WebhookDispatcher).stop();
    await receiver.down();
    await t.close();
  });

  it('an idle node sends no queries, then a case on another node wakes its timer and webhook', async () => {
    const counter = countCalls(t.app.get(UnitOfWork));
    t.app.get(JobRunner).start();
    t.app.get(WebhookDispatcher).start();
    await sleep(1000); // first passes done, both asleep
    counter.reset();
    await sleep(2000);
    expect(counter.calls()).toBe(0);

    const hook = await t
      .http()
      .post('/api/v1/webhooks')
      .set('Authorization', `Bearer ${s.admin}`)
      .send({ url: receiver.url, events: ['case.created', 'case.ended'], secret });
    expect(hook.status).toBe(201);
    // The case is opened through a second node that delivers no webhooks itself: only its
    // notification can tell this node about the new delivery.
    const other = await startSecondNode(t, { runWebhooks: false });
    let caseId: string;
    try {
      const res = await other
        .http()
        .post('/api/v1/cases')
        .set('Authorization', `Bearer ${s.window}`)
        .send({ processKey: 'tb-wake-one-second', department: DEPT, applicant });
      expect(res.status).toBe(201);
      caseId = res.body.id;
    } finally {
      await other.close();
    }
    await eventually(
      async () => (await timeline(t, s.admin, caseId)).some((e) => e.type === 'timer.fired'),
      15_000,
      'the timer fired by the woken runner',
    );
    const events = await eventually(
      () => {
        const mine = receiver.unique().filter((e) => e.caseId === caseId);
        return mine.length === 2 ? mine : null;
      },
      15_000,
      'case.created and case.ended delivered',
    );
    expect(events.map((e) => e.type)).toEqual(['case.created', 'case.ended']);
  });

  it('listens to channels subscribed at the same moment one at a time on its one connection, and hears each', async () => {
    const notifications = t.app.get(DbNotifications);
    await eventually(() => notifications.connected);
    // The LISTEN connection runs one query at a time (pg queues a second one, deprecated in pg 9).
    const client = (notifications as unknown as { client: pg.Client }).client;
    const query = client.query.bind(client) as (sql: string) => Promise<unknown>;
    let inFlight = 0;
    let most = 0;
    (client as unknown as { query: (sql: string) => Promise<unknown> }).query = async (sql: string) => {
      most = Math.max(most, ++inFlight);
      try {
        return await query(sql);
      } finally {
        inFlight--;
      }
    };
    const heard: string[] = [];
    for (const channel of ['tb_test_a', 'tb_test_b', 'tb_test_c'])
      notifications.subscribe(channel, (payload) => payload && heard.push(`${channel}:${payload}`));
    const c = new pg.Client({ connectionString: t.db.url });
    await c.connect();
    try {
      await eventually(async () => {
        for (const channel of ['tb_test_a', 'tb_test_b', 'tb_test_c']) await c.query(`NOTIFY ${channel}, 'x'`);
        await sleep(50);
        return ['tb_test_a:x', 'tb_test_b:x', 'tb_test_c:x'].every((h) => heard.includes(h));
      });
    } finally {
      await c.end();
    }
    expect(most).toBe(1);
  });

  it('fans out only to subscribed webhooks, in the command’s transaction', async () => {
    const db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
    try {
      // Subscribed to these events, but for a department that takes no part in the case.
      const elsewhere = await t
        .http()
        .post('/api/v1/webhooks')
        .set('Authorization', `Bearer ${s.admin}`)
        .send({ url: receiver.url, events: ['case.created', 'case.ended'], secret, department: '410100-ZRZY' });
      expect(elsewhere.status).toBe(201);
      const c = await openCase(t, s.window, {
        itemCode: undefined,
        processKey: 'tb-wake-one-second',
        department: DEPT,
      });
      const rowsOf = async () =>
        (
          await db.query(
            `SELECT o.type, o.dispatched_at IS NOT NULL AS stamped, count(d.id)::int AS deliveries
               FROM outbox_event o LEFT JOIN webhook_delivery d ON d.event_id = o.id
              WHERE o.case_id = $1 GROUP BY o.seq, o.type, o.dispatched_at ORDER BY o.seq`,
            [c.id],
          )
        ).rows as { type: string; stamped: boolean; deliveries: number }[];
      const rows = await eventually(
        async () => {
          const r = await rowsOf();
          return r.some((e) => e.type === 'case.ended') ? r : null;
        },
        15_000,
        'the case ended by its timer',
      );
      expect(rows.map((r) => r.type)).toEqual(expect.arrayContaining(['case.created', 'case.ended']));
      const theirs = await db.query('SELECT count(*)::int AS n FROM webhook_delivery WHERE webhook_id = $1', [
        elsewhere.body.id,
      ]);
      expect(theirs.rows[0].n).toBe(0);
      // Written by the commands themselves: subscribed types have a delivery, the others none.
      for (const r of rows)
        expect(r).toEqual({
          type: r.type,
          stamped: true,
          deliveries: r.type === 'case.created' || r.type === 'case.ended' ? 1 : 0,
        });
    } finally {
      await db.end();
    }
  });
});
