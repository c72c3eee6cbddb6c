import pg from 'pg';
import { DEPT, openCase, staff, type Staff } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, startSecondNode, timeline } from '../support/timing-helpers.js';
import { CASE_JOB_KINDS, CaseJobHandlers } from '../../src/modules/timing/jobs/case-job.handlers.js';
import { JobRunner } from '../../src/modules/timing/jobs/job-runner.js';
import { JobStore } from '../../src/modules/timing/jobs/job-store.js';

const ONE_SECOND = bpmn(
  'tb-one-second',
  `
  <bpmn:startEvent id="start"/>
  <bpmn:intermediateCatchEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="end"/>
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="tick"/>
  <bpmn:sequenceFlow id="f2" sourceRef="tick" targetRef="end"/>`,
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createCases(t: TestApp, token: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, n - i) }, () =>
        openCase(t, token, { itemCode: undefined, processKey: 'tb-one-second', department: DEPT }),
      ),
    );
    ids.push(...batch.map((c) => c.id));
  }
  return ids;
}

describe('durable jobs on PostgreSQL', () => {
  let t: TestApp;
  let s: Staff;
  let db: pg.Client;
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await db.query<{ n: string }>(sql, params)).rows[0]?.n ?? 0);
  const waitFor = async (what: () => Promise<boolean>, ms: number): Promise<void> => {
    const until = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > until) throw new Error('timed out');
      await sleep(50);
    }
  };

  beforeAll(async () => {
    t = await startTestApp();
    s = staff(t);
    db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
    await deploy(t, s.admin, ONE_SECOND);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('two nodes, one database: 500 timers due at once each fire exactly once', async () => {
    const ids = await createCases(t, s.window, 500);
    await sleep(1100); // every timer is due now
    const other = await startSecondNode(t);
    const mine = t.app.get(JobRunner);
    const started = performance.now();
    try {
      mine.start();
      other.runner.start();
      await waitFor(
        async () => (await count(`SELECT count(*) AS n FROM job WHERE kind = 'timer' AND state <> 'done'`)) === 0,
        60_000,
      );
      const ms = Math.round(performance.now() - started);
      const fired = await db.query<{ case_id: string; n: string }>(
        `SELECT case_id, count(*) AS n FROM case_event WHERE type = 'timer.fired' GROUP BY case_id`,
      );
      expect(fired.rows).toHaveLength(500);
      expect(fired.rows.every((r) => r.n === '1')).toBe(true);
      expect(new Set(fired.rows.map((r) => r.case_id))).toEqual(new Set(ids));
      expect(await count(`SELECT count(*) AS n FROM approval_case WHERE ended_at IS NULL`)).toBe(0);
      expect(mine.executed + other.runner.executed).toBe(500);
      console.log(`500 timers on 2 nodes: ${ms} ms (node A ${mine.executed}, node B ${other.runner.executed})`);
    } finally {
      await mine.stop();
      await other.close();
    }
  });

  it('restart: timers that fell due while no node ran, and a dead node’s leased job, fire after start', async () => {
    const ids = await createCases(t, s.window, 20);
    await sleep(1100);
    // A node died while running one of them: its lease ran out.
    await db.query(
      `UPDATE job SET state = 'running', locked_by = 'dead-node', locked_until = now() - interval '1 second', attempts = 1
        WHERE id = (SELECT id FROM job WHERE case_id = $1 AND kind = 'timer')`,
      [ids[0]],
    );
    const node = await startSecondNode(t); // "the service starts again"
    try {
      node.runner.start();
      await waitFor(
        async () => (await count(`SELECT count(*) AS n FROM job WHERE kind = 'timer' AND state <> 'done'`)) === 0,
        30_000,
      );
    } finally {
      await node.close();
    }
    for (const id of ids)
      expect((await timeline(t, s.admin, id)).filter((e) => e.type === 'timer.fired')).toHaveLength(1);
  });

  it("stores a failed job's error, and its incident, without the personal data its message quoted", async () => {
    const [caseId] = await createCases(t, s.window, 1);
    t.app
      .get(CaseJobHandlers)
      .useKind('test.leaky', () =>
        Promise.reject(new Error('回调失败：申请人电话 13800138000，身份证 410101199001011234，Bearer abc.def.ghi')),
      );
    const jobId = '00000000-0000-4000-8000-00000000000f';
    await db.query(
      `INSERT INTO job (id, case_id, kind, element_id, due_at, max_attempts, payload) VALUES ($1, $2, 'test.leaky', NULL, now(), 1, '{}')`,
      [jobId, caseId],
    );
    await t.app.get(JobRunner).runDue();
    const job = (await db.query('SELECT * FROM job WHERE id = $1', [jobId])).rows[0];
    expect(job).toMatchObject({ state: 'failed', attempts: 1 });
    expect(job.last_error).toContain('回调失败');
    const incident = (await timeline(t, s.admin, caseId!)).find((e) => e.type === 'incident');
    expect(incident?.data).toMatchObject({ jobId, kind: 'test.leaky' });
    for (const stored of [job.last_error, JSON.stringify(incident?.data)]) {
      expect(stored).not.toContain('13800138000');
      expect(stored).not.toContain('410101199001011234');
      expect(stored).not.toContain('abc.def.ghi');
    }
    await db.query('DELETE FROM job WHERE id = $1', [jobId]); // the next tests list the failed jobs
  });

  it('retries with back-off, raises an incident after the last attempt, and an admin can retry it', async () => {
    const [caseId] = await createCases(t, s.window, 1);
    await sleep(1100);
    await t.app.get(JobRunner).runDue();
    const jobId = '00000000-0000-4000-8000-000000000001';
    await db.query(
      `INSERT INTO job (id, case_id, kind, element_id, due_at, max_attempts, payload) VALUES ($1, $2, 'timer', 'tick', now(), 2, '{}')`,
      [jobId, caseId],
    );
    const runner = t.app.get(JobRunner);
    await runner.runDue();
    let job = (await db.query('SELECT * FROM job WHERE id = $1', [jobId])).rows[0];
    expect(job).toMatchObject({ state: 'scheduled', attempts: 1 });
    const delay = new Date(job.due_at).getTime() - Date.now();
    expect(delay).toBeGreaterThan(500); // back-off ≈ 1 s ± 20 %
    await sleep(delay + 50);
    await runner.runDue();
    job = (await db.query('SELECT * FROM job WHERE id = $1', [jobId])).rows[0];
    expect(job).toMatchObject({ state: 'failed', attempts: 2 });
    expect(job.last_error).toContain('no engine job id');
    const incident = (await timeline(t, s.admin, caseId!)).find((e) => e.type === 'incident');
    expect(incident?.data).toMatchObject({ jobId, kind: 'timer', attempts: 2 });

    const failed = await t.http().get('/api/v1/admin/jobs?state=failed').set('Authorization', `Bearer ${s.admin}`);
    expect(failed.body.items.map((j: { id: string }) => j.id)).toEqual([jobId]);
    const retried = await t.http().post(`/api/v1/admin/jobs/${jobId}/retry`).set('Authorization', `Bearer ${s.admin}`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: jobId, state: 'scheduled', attempts: 0 });
    expect((await timeline(t, s.admin, caseId!)).map((e) => e.type)).toContain('job.retried');
    const again = await t.http().post(`/api/v1/admin/jobs/${jobId}/retry`).set('Authorization', `Bearer ${s.admin}`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('JOB.NOT_FAILED');
  });
});

describe('jobs whose node dies on every run', () => {
  let t: TestApp;
  let s: Staff;
  let db: pg.Client;

  beforeAll(async () => {
    t = await startTestApp();
    s = staff(t);
    db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
    await deploy(t, s.admin, ONE_SECOND);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it('counts every expired lease as an attempt and ends as an incident after max_attempts', async () => {
    const [caseId] = await createCases(t, s.window, 1);
    const jobId = '00000000-0000-4000-8000-000000000002';
    await db.query(
      `INSERT INTO job (id, case_id, kind, element_id, due_at, max_attempts, payload)
       VALUES ($1, $2, 'timer', 'tick', now() - interval '1 second', 3, '{}')`,
      [jobId, caseId],
    );
    const store = t.app.get(JobStore);
    const runner = t.app.get(JobRunner);
    const crash = async (): Promise<number> => {
      // A node takes the job with a lease and dies during the run: the lease just runs out.
      const taken = await store.acquire(CASE_JOB_KINDS, new Date(), 32, 'crashing-node', 1);
      expect(taken.map((j) => j.id)).toEqual([jobId]);
      await sleep(20);
      return taken[0]!.attempts;
    };
    expect(await crash()).toBe(1);
    await store.recoverExpiredLeases(CASE_JOB_KINDS, new Date());
    expect((await db.query('SELECT state, attempts FROM job WHERE id = $1', [jobId])).rows[0]).toEqual({
      state: 'scheduled',
      attempts: 1,
    });
    expect(await crash()).toBe(2);
    await store.recoverExpiredLeases(CASE_JOB_KINDS, new Date());
    expect(await crash()).toBe(3);
    // The third lease expires: attempts are used up, so the job fails instead of crashing the next node.
    await runner.runDue();
    const job = (await db.query('SELECT * FROM job WHERE id = $1', [jobId])).rows[0];
    expect(job).toMatchObject({ state: 'failed', attempts: 3, locked_by: null });
    expect(job.last_error).toContain('lease expired');
    const incident = (await timeline(t, s.admin, caseId!)).find((e) => e.type === 'incident');
    expect(incident?.data).toMatchObject({ jobId, kind: 'timer', attempts: 3 });
    expect(String(incident?.data?.message)).toContain('lease expired');
    // It is not picked up again.
    await runner.runDue();
    expect((await db.query('SELECT state FROM job WHERE id = $1', [jobId])).rows[0].state).toBe('failed');
  });
});

describe('POST /admin/clock with jobs leased by another node', () => {
  let t: TestApp;
  let s: Staff;
  let db: pg.Client;

  beforeAll(async () => {
    t = await startTestApp({ env: { TONGBAN_CLOCK_CONTROL: '1' } });
    s = staff(t);
    db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
    await deploy(t, s.admin, ONE_SECOND);
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  const lease = async (caseId: string, node: string): Promise<string> => {
    const { rows } = await db.query(
      `UPDATE job SET state = 'running', locked_by = $2, attempts = attempts + 1,
              locked_until = now() + interval '10 minutes'
        WHERE case_id = $1 AND kind = 'timer' RETURNING id`,
      [caseId, node],
    );
    return rows[0].id;
  };
  const clock = (now: string) =>
    t.http().post('/api/v1/admin/clock').set('Authorization', `Bearer ${s.admin}`).send({ now });

  it('waits for a due job another node finishes, and counts the ones still leased', async () => {
    const [busy, dead] = await createCases(t, s.window, 2);
    const busyJob = await lease(busy!, 'busy-node');
    const deadJob = await lease(dead!, 'dead-node');
    // The busy node finishes its job shortly after the clock moves; the dead one never does.
    const finishing = sleep(300).then(() =>
      db.query(`UPDATE job SET state = 'done', done_at = now(), locked_until = NULL WHERE id = $1`, [busyJob]),
    );
    const res = await clock(new Date(Date.now() + 5_000).toISOString());
    await finishing;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ stillLeased: 1 });
    const states = await db.query('SELECT id, state FROM job WHERE id = ANY($1::uuid[]) ORDER BY id', [
      [busyJob, deadJob],
    ]);
    expect(Object.fromEntries(states.rows.map((r) => [r.id, r.state]))).toEqual({
      [busyJob]: 'done',
      [deadJob]: 'running',
    });
    // Once the dead node's job is released, the next move runs it and nothing is leased any more.
    await db.query(`UPDATE job SET locked_until = now() - interval '1 second' WHERE id = $1`, [deadJob]);
    const after = await clock(new Date(Date.now() + 6_000).toISOString());
    expect(after.body).toMatchObject({ stillLeased: 0 });
    expect(after.body.jobsRun).toBeGreaterThanOrEqual(1);
    expect((await timeline(t, s.admin, dead!)).filter((e) => e.type === 'timer.fired')).toHaveLength(1);
  });
});
