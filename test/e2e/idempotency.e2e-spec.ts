import pg from 'pg';
import { applicant, DEPT, ITEM, staff, taskAt } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { apiKey } from './integration-support.js';
import { ClockService } from '../../src/shared/clock/clock.service.js';
import { IdempotencyRetention } from '../../src/shared/http/idempotency/idempotency.retention.js';

const ID_NUMBER = '410102199003071230';
const person = { type: 'NATURAL_PERSON', name: '张三', idType: 'ID_CARD', idNumber: ID_NUMBER, phone: '13800138000' };

describe('Idempotency-Key: the answer is stored by the command, per caller, and expires', () => {
  let t: TestApp;
  let db: pg.Client;
  const cases = (businessKey: string) =>
    db
      .query<{ n: number }>('SELECT count(*)::int AS n FROM approval_case WHERE business_key = $1', [businessKey])
      .then((r) => r.rows[0]!.n);
  const records = (key: string) =>
    db
      .query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_record WHERE key = $1', [key])
      .then((r) => r.rows[0]!.n);
  const open = (token: string, key: string, body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .send({ itemCode: ITEM, applicant, ...body });

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true, env: { IDEMPOTENCY_TTL_HOURS: '2' } });
    db = new pg.Client({ connectionString: t.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  it("never replays an answer to another department's token with the same sub", async () => {
    const mine = t.token({ roles: ['window'], dept: DEPT, sub: 'shared-sub' });
    const body = { applicant: person, businessKey: 'cross-dept' };
    const first = await open(mine, 'cross-1', body);
    expect(first.status).toBe(201);
    expect(first.body.applicant.idNumber).toBe(ID_NUMBER);
    // Another department's window runs the command as itself: its own case, not the first answer.
    const window = await open(t.token({ roles: ['window'], dept: '410100-ZRZY', sub: 'shared-sub' }), 'cross-1', body);
    expect(window.status).toBe(201);
    expect(window.headers['idempotent-replayed']).toBeUndefined();
    expect(window.body.id).not.toBe(first.body.id);
    // A handler there may not open cases at all, and learns nothing of the first answer.
    const handler = await open(t.token({ roles: ['handler'], dept: '410100-GAJ', sub: 'shared-sub' }), 'cross-1', body);
    expect(handler.status).toBe(403);
    expect(handler.headers['idempotent-replayed']).toBeUndefined();
    expect(JSON.stringify(handler.body)).not.toContain(first.body.id);
    const again = await open(mine, 'cross-1', body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('keeps the keys of two API keys of one department apart', async () => {
    const a = await apiKey(t, '410100-ZRZY', ['external-tasks'], '系统甲');
    const b = await apiKey(t, '410100-ZRZY', ['external-tasks'], '系统乙');
    const fetchAndLock = (secret: string) =>
      t
        .http()
        .post('/api/v1/external-tasks/fetch-and-lock')
        .set('X-Api-Key', secret)
        .set('Idempotency-Key', 'poll-1')
        .send({ workerId: 'w', maxTasks: 1, topics: [{ topicName: 'none', lockDurationMs: 1000 }] });
    expect((await fetchAndLock(a.secret)).status).toBe(200);
    expect((await fetchAndLock(a.secret)).headers['idempotent-replayed']).toBe('true');
    const other = await fetchAndLock(b.secret);
    expect(other.status).toBe(200);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
  });

  it('never stores an API key secret: a replay answers secret null, before and after revocation', async () => {
    const admin = staff(t).admin;
    const create = () =>
      t
        .http()
        .post('/api/v1/api-keys')
        .set('Authorization', `Bearer ${admin}`)
        .set('Idempotency-Key', 'key-once')
        .send({ name: '审图系统', department: '410100-ZRZY', scopes: ['messages:write'] });
    const first = await create();
    expect(first.status).toBe(201);
    expect(first.body.secret).toMatch(/^tbk_/);
    const stored = await db.query<{ response: string }>(
      `SELECT response::text AS response FROM idempotency_record WHERE key = 'key-once'`,
    );
    expect(stored.rows).toHaveLength(1);
    expect(stored.rows[0]!.response).not.toContain(first.body.secret);

    const replay = await create();
    expect(replay.status).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['idempotent-withheld']).toBe('secret');
    expect(replay.body).toEqual({ ...first.body, secret: null });

    const revoked = await t.http().delete(`/api/v1/api-keys/${first.body.id}`).set('Authorization', `Bearer ${admin}`);
    expect(revoked.status).toBe(204);
    const late = await create();
    expect(late.body.secret).toBeNull();
    expect(JSON.stringify(late.body)).not.toContain(first.body.secret);
    const keys = await db.query(`SELECT 1 FROM api_key WHERE name = '审图系统'`);
    expect(keys.rows).toHaveLength(1);
  });

  it('replays a case action with the view the first answer had, computed in its transaction', async () => {
    const { window, admin } = staff(t);
    const created = await open(window, 'act-open', { businessKey: 'act' });
    const suspend = () =>
      t
        .http()
        .post(`/api/v1/cases/${created.body.id}/suspend`)
        .set('Authorization', `Bearer ${admin}`)
        .set('Idempotency-Key', 'act-suspend')
        .send({ reason: '申请人要求暂停' });
    const asRead = await t.http().get(`/api/v1/cases/${created.body.id}`).set('Authorization', `Bearer ${window}`);
    expect(created.body).toEqual(asRead.body);
    const first = await suspend();
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('SUSPENDED');
    const replay = await suspend();
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    // Both answers are built from the command's plan; they are what a read of the case shows.
    const read = (path: string) => t.http().get(path).set('Authorization', `Bearer ${admin}`);
    expect((await read(`/api/v1/cases/${created.body.id}`)).body).toEqual(first.body);
  });

  it('stores nothing for a failed command, so the same key may succeed later', async () => {
    const { window } = staff(t);
    const failed = await open(window, 'fail-first', { itemCode: 'NO-SUCH-ITEM', businessKey: 'fail-first' });
    expect(failed.status).toBe(404);
    expect(await records('fail-first')).toBe(0);
    const ok = await open(window, 'fail-first', { businessKey: 'fail-first' });
    expect(ok.status).toBe(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
    expect(await cases('fail-first')).toBe(1);
  });

  it('serialises racing copies of a command on the stored answer: one case, every copy gets it', async () => {
    const { window } = staff(t);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => open(window, 'race-1', { businessKey: 'race-1' })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await cases('race-1')).toBe(1);
    // The first answer and the stored replays carry the number the write took (not its placeholder).
    const { rows } = await db.query('SELECT case_no FROM approval_case WHERE id = $1', [answers[0]!.body.id]);
    expect(rows[0].case_no).toMatch(/^\d{22}$/);
    for (const a of answers) expect(a.body.caseNo).toBe(rows[0].case_no);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
  });

  it('answers racing copies of a task completion with the first answer, not with TASK.NOT_OPEN', async () => {
    const { window } = staff(t);
    const created = await open(window, 'race-task-open', { businessKey: 'race-task' });
    const task = await taskAt(t, window, created.body.id, 'receive');
    const complete = () =>
      t
        .http()
        .post(`/api/v1/tasks/${task.id}/complete`)
        .set('Authorization', `Bearer ${window}`)
        .set('Idempotency-Key', 'race-task-done')
        .send({ outcome: 'accept' });
    const answers = await Promise.all(Array.from({ length: 4 }, complete));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    const done = await db.query(
      `SELECT count(*)::int AS n FROM case_event WHERE case_id = $1 AND type = 'task.completed'`,
      [created.body.id],
    );
    expect(done.rows[0]).toEqual({ n: 1 });
  });

  it('rolls the whole command back when its answer cannot be stored; a retry creates exactly one case', async () => {
    const { window } = staff(t);
    await db.query(`
      CREATE FUNCTION refuse_key() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.key = 'store-fails' AND NEW.response IS NOT NULL THEN RAISE EXCEPTION 'no room for the answer'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      'CREATE TRIGGER refuse_key BEFORE INSERT OR UPDATE ON idempotency_record FOR EACH ROW EXECUTE FUNCTION refuse_key()',
    );
    // Writing the answer fails (whenever it is written): the case must not exist without its answer.
    const failed = await open(window, 'store-fails', { businessKey: 'store-fails' });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(failed.body.code).toBeDefined();
    expect(await cases('store-fails')).toBe(0);
    expect(await records('store-fails')).toBe(0);

    await db.query('DROP TRIGGER refuse_key ON idempotency_record');
    await db.query('DROP FUNCTION refuse_key()');
    const retry = await open(window, 'store-fails', { businessKey: 'store-fails' });
    expect(retry.status).toBe(201);
    const replay = await open(window, 'store-fails', { businessKey: 'store-fails' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(retry.body.id);
    expect(await cases('store-fails')).toBe(1);
  });

  it('expires keys after IDEMPOTENCY_TTL_HOURS, and the retention sweep deletes them', async () => {
    const { window } = staff(t);
    const first = await open(window, 'ttl-1', { businessKey: 'ttl-1' });
    expect(first.status).toBe(201);
    const clock = t.app.get(ClockService);
    clock.moveTo(new Date(clock.now().getTime() + 2 * 3_600_000 + 1_000));
    expect(await records('ttl-1')).toBe(1);
    expect(await t.app.get(IdempotencyRetention).sweep()).toBeGreaterThanOrEqual(1);
    expect(await records('ttl-1')).toBe(0);
    const fresh = await open(window, 'ttl-1', { businessKey: 'ttl-1' });
    expect(fresh.status).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(fresh.body.id).not.toBe(first.body.id);
  });
});
