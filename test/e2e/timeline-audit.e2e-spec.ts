import pg from 'pg';
import { DataSource } from 'typeorm';
import { TimelineHashChain1764300990000 } from '../../migrations/1764300990000-TimelineHashChain.js';
import { dataSourceOptions } from '../../src/persistence/data-source.js';
import { openCase, staff, type Staff, step } from '../support/case-helpers.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { bpmn, deploy, flows, startCase } from './integration-support.js';

const ZRZY = '410100-ZRZY';

interface Audit {
  caseId: string;
  valid: boolean;
  entries: number;
  headHash: string | null;
  firstInvalid: { seq: number; reason: string } | null;
}

describe('the timeline hash chain and its verification (GET /admin/cases/{id}/audit)', () => {
  let t: TestApp;
  let s: Staff;
  let sql: pg.Client;

  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    s = staff(t);
    sql = new pg.Client({ connectionString: t.db.url });
    await sql.connect();
    // A department's part: wait for its 办结(通过) push (dept-status:11).
    await deploy(
      t,
      bpmn(
        'audit-push',
        '<bpmn:startEvent id="s"/><bpmn:receiveTask id="await" messageRef="m11"/><bpmn:endEvent id="e"/>' +
          flows('s', 'await', 'e'),
        { m11: 'dept-status:11' },
      ),
    );
  });
  afterAll(async () => {
    await sql.end();
    await t.close();
  });

  const audit = async (caseId: string, token = s.supervisor): Promise<Audit> => {
    const res = await t.http().get(`/api/v1/admin/cases/${caseId}/audit`).set('Authorization', `Bearer ${token}`);
    if (res.status !== 200) throw new Error(`audit: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Audit;
  };

  /** A case a few steps in: created, accepted, inspected and reviewed (a dozen entries with opinions). */
  const caseWithHistory = async (): Promise<{ id: string; seqs: number[] }> => {
    const c = await openCase(t, s.window, { variables: { inspectionRequired: true } });
    await step(t, s.window, c.id, 'receive', { outcome: 'accept', opinion: '材料齐全，予以受理' });
    await step(t, s.handler, c.id, 'inspect', { opinion: '现场符合要求' });
    await step(t, s.handler, c.id, 'review', { outcome: 'pass', opinion: '审查通过' });
    const { rows } = await sql.query<{ seq: number }>('SELECT seq FROM case_event WHERE case_id = $1 ORDER BY seq', [
      c.id,
    ]);
    return { id: c.id, seqs: rows.map((r) => r.seq) };
  };

  const opinionSeq = async (caseId: string, opinion: string): Promise<number> => {
    const { rows } = await sql.query<{ seq: number }>(
      'SELECT seq FROM case_event WHERE case_id = $1 AND opinion = $2',
      [caseId, opinion],
    );
    if (rows.length !== 1) throw new Error(`no single entry with opinion ${opinion}`);
    return rows[0]!.seq;
  };

  it('verifies an untouched case as valid, with every entry chained to the one before it', async () => {
    const c = await caseWithHistory();
    const result = await audit(c.id);
    expect(result).toMatchObject({ caseId: c.id, valid: true, entries: c.seqs.length, firstInvalid: null });
    expect(c.seqs).toEqual(c.seqs.map((_, i) => i + 1));
    expect(c.seqs.length).toBeGreaterThan(5);

    const { rows } = await sql.query<{ seq: number; prev_hash: Buffer; hash: Buffer }>(
      'SELECT seq, prev_hash, hash FROM case_event WHERE case_id = $1 ORDER BY seq',
      [c.id],
    );
    expect(rows[0]!.prev_hash.equals(Buffer.alloc(32))).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash.equals(rows[i - 1]!.hash)).toBe(true);
    expect(result.headHash).toBe(rows[rows.length - 1]!.hash.toString('hex'));
    expect(await audit(c.id, s.admin)).toEqual(result);
    const alias = await t
      .http()
      .get(`/api/v1/cases/${c.id}/timeline/verify`)
      .set('Authorization', `Bearer ${s.supervisor}`);
    expect(alias.body).toEqual(result);
  });

  it('reports the entry whose opinion was edited in SQL, not the ones before or after it', async () => {
    const c = await caseWithHistory();
    const seq = await opinionSeq(c.id, '现场符合要求');
    expect(seq).toBeGreaterThan(1);
    expect(seq).toBeLessThan(c.seqs.length);
    await sql.query(`UPDATE case_event SET opinion = '现场不符合要求' WHERE case_id = $1 AND seq = $2`, [c.id, seq]);
    expect(await audit(c.id)).toMatchObject({
      valid: false,
      entries: c.seqs.length,
      headHash: null,
      firstInvalid: { seq, reason: 'HASH_MISMATCH' },
    });
  });

  it('reports an edit of any hashed column: the actor, the data and the time of an entry', async () => {
    const c = await caseWithHistory();
    await sql.query(`UPDATE case_event SET actor_id = 'someone-else' WHERE case_id = $1 AND seq = 3`, [c.id]);
    expect((await audit(c.id)).firstInvalid).toEqual({ seq: 3, reason: 'HASH_MISMATCH' });

    const d = await caseWithHistory();
    await sql.query(`UPDATE case_event SET data = '{"forged": true}' WHERE case_id = $1 AND seq = 2`, [d.id]);
    expect((await audit(d.id)).firstInvalid).toEqual({ seq: 2, reason: 'HASH_MISMATCH' });

    const e = await caseWithHistory();
    // One microsecond: below what a JavaScript Date can hold, so the verifier must read the database's instant.
    await sql.query(
      `UPDATE case_event SET occurred_at = occurred_at + interval '1 microsecond' WHERE case_id = $1 AND seq = 4`,
      [e.id],
    );
    expect((await audit(e.id)).firstInvalid).toEqual({ seq: 4, reason: 'HASH_MISMATCH' });
  });

  it('reports a deleted middle entry by its seq, and a deleted last entry through the case counter', async () => {
    const c = await caseWithHistory();
    await sql.query('DELETE FROM case_event WHERE case_id = $1 AND seq = 5', [c.id]);
    expect(await audit(c.id)).toMatchObject({
      valid: false,
      entries: c.seqs.length - 1,
      firstInvalid: { seq: 5, reason: 'ENTRY_MISSING' },
    });

    const d = await caseWithHistory();
    const last = d.seqs[d.seqs.length - 1]!;
    await sql.query('DELETE FROM case_event WHERE case_id = $1 AND seq = $2', [d.id, last]);
    expect((await audit(d.id)).firstInvalid).toEqual({ seq: last, reason: 'ENTRY_MISSING' });
  });

  it('reports re-ordered entries (two seqs swapped) at the first moved entry', async () => {
    const c = await caseWithHistory();
    // The primary key is checked row by row, so a swap goes through a free seq.
    await sql.query('UPDATE case_event SET seq = 1000 WHERE case_id = $1 AND seq = 3', [c.id]);
    await sql.query('UPDATE case_event SET seq = 3 WHERE case_id = $1 AND seq = 4', [c.id]);
    await sql.query('UPDATE case_event SET seq = 4 WHERE case_id = $1 AND seq = 1000', [c.id]);
    expect((await audit(c.id)).firstInvalid).toEqual({ seq: 3, reason: 'HASH_MISMATCH' });
  });

  it('reports an entry re-hashed to hide an edit at the entry that follows it', async () => {
    const c = await caseWithHistory();
    await sql.query(`UPDATE case_event SET hash = sha256(hash) WHERE case_id = $1 AND seq = 2`, [c.id]);
    expect((await audit(c.id)).firstInvalid).toEqual({ seq: 2, reason: 'HASH_MISMATCH' });
    // Whoever forges entry 2's hash consistently still breaks the link from entry 3.
    const d = await caseWithHistory();
    await sql.query(`UPDATE case_event SET opinion = 'forged' WHERE case_id = $1 AND seq = 2`, [d.id]);
    await sql.query(
      `UPDATE case_event SET hash = sha256(prev_hash || case_event_canonical(case_event)) WHERE case_id = $1 AND seq = 2`,
      [d.id],
    );
    expect((await audit(d.id)).firstInvalid).toEqual({ seq: 3, reason: 'PREV_HASH_MISMATCH' });
  });

  it('chains rows inserted by any writer, and refuses an entry inserted into the past of the chain', async () => {
    const c = await caseWithHistory();
    const next = c.seqs.length + 1;
    await sql.query(
      `INSERT INTO case_event (case_id, seq, type, source, opinion, data, occurred_at)
       VALUES ($1, $2, 'note.added', 'SYSTEM', $3, '{"n": 1.50, "b": [true, null]}', now())`,
      [c.id, next, '手工补录 "引号" \\ 与换行\n与 emoji 🙂'],
    );
    await sql.query('UPDATE approval_case SET event_seq = $2 WHERE id = $1', [c.id, next]);
    expect(await audit(c.id)).toMatchObject({ valid: true, entries: next });

    await sql.query('DELETE FROM case_event WHERE case_id = $1 AND seq = 2', [c.id]);
    await expect(
      sql.query(
        `INSERT INTO case_event (case_id, seq, type, source, occurred_at) VALUES ($1, 2, 'note.added', 'SYSTEM', now())`,
        [c.id],
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('keeps one chain when two writers append to a case without locking it', async () => {
    const c = await caseWithHistory();
    const n = c.seqs.length;
    const other = new pg.Client({ connectionString: t.db.url });
    await other.connect();
    try {
      const insert = (client: pg.Client, seq: number) =>
        client.query(
          `INSERT INTO case_event (case_id, seq, type, source, occurred_at) VALUES ($1, $2, 'note.added', 'SYSTEM', now())`,
          [c.id, seq],
        );
      await sql.query('BEGIN');
      await insert(sql, n + 1);
      // The second writer cannot see the first one's entry yet: it waits for it instead of forking the chain.
      const second = insert(other, n + 2);
      await new Promise((r) => setTimeout(r, 200));
      await sql.query('COMMIT');
      await second;
    } finally {
      await other.end();
    }
    await sql.query('UPDATE approval_case SET event_seq = $2 WHERE id = $1', [c.id, n + 2]);
    expect(await audit(c.id)).toMatchObject({ valid: true, entries: n + 2 });
  });

  it('keeps the chain valid under concurrent commands on one case', async () => {
    const c = await startCase(t, 'audit-push', ZRZY);
    const token = t.token({ roles: ['handler'], dept: ZRZY, sub: 'handler-zrzy' });
    const pushes = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t
          .http()
          .post(`/api/v1/cases/${c.id}/department-status`)
          .set('Authorization', `Bearer ${token}`)
          .send({ statusCode: 8, idempotencyKey: `audit-race-${i}` }),
      ),
    );
    expect(pushes.map((r) => r.status)).toEqual(pushes.map(() => 200));
    const result = await audit(c.id);
    expect(result).toMatchObject({ valid: true, firstInvalid: null });
    expect(result.entries).toBeGreaterThanOrEqual(13);
  });

  it('keeps the chain valid when a department push amends the entry it has just written', async () => {
    const c = await startCase(t, 'audit-push', ZRZY);
    const push = await t
      .http()
      .post(`/api/v1/cases/${c.id}/department-status`)
      .set('Authorization', `Bearer ${t.token({ roles: ['handler'], dept: ZRZY, sub: 'handler-zrzy' })}`)
      .send({ statusCode: 11, opinion: '同意', idempotencyKey: 'audit-push-11' });
    expect(push.status).toBe(200);
    expect(push.body.correlated).toEqual([{ caseId: c.id, elementId: 'await' }]);
    const { rows } = await sql.query<{ data: { correlated?: unknown[] } }>(
      `SELECT data FROM case_event WHERE case_id = $1 AND type = 'department.status'`,
      [c.id],
    );
    expect(rows[0]!.data.correlated).toHaveLength(1);
    expect(await audit(c.id)).toMatchObject({ valid: true, firstInvalid: null });
  });

  it('is for admins and supervisors only, and answers coded errors for unknown and malformed ids', async () => {
    const c = await openCase(t, s.window);
    for (const token of [s.window, s.handler, s.leader]) {
      for (const url of [`/api/v1/admin/cases/${c.id}/audit`, `/api/v1/cases/${c.id}/timeline/verify`]) {
        const res = await t.http().get(url).set('Authorization', `Bearer ${token}`);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('AUTH.ROLE_MISSING');
      }
    }
    const unknown = await t
      .http()
      .get('/api/v1/admin/cases/6f1d3c52-8f0e-4f43-9d0a-6f1f2f4f9a10/audit')
      .set('Authorization', `Bearer ${s.admin}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CASE.NOT_FOUND');
    const malformed = await t.http().get('/api/v1/admin/cases/nope/audit').set('Authorization', `Bearer ${s.admin}`);
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('HTTP.INVALID_IDENTIFIER');
  });

  it('migrates existing timelines to the same hashes the trigger writes', async () => {
    const c = await caseWithHistory();
    const before = await sql.query<{ seq: number; hash: Buffer }>(
      'SELECT seq, hash FROM case_event WHERE case_id = $1 ORDER BY seq',
      [c.id],
    );
    const ds = new DataSource(dataSourceOptions(t.db.url, 1));
    await ds.initialize();
    const q = ds.createQueryRunner();
    try {
      const migration = new TimelineHashChain1764300990000();
      await migration.down(q);
      await migration.up(q);
    } finally {
      await q.release();
      await ds.destroy();
    }
    const after = await sql.query<{ seq: number; hash: Buffer }>(
      'SELECT seq, hash FROM case_event WHERE case_id = $1 ORDER BY seq',
      [c.id],
    );
    expect(after.rows.map((r) => r.hash.toString('hex'))).toEqual(before.rows.map((r) => r.hash.toString('hex')));
    expect(await audit(c.id)).toMatchObject({ valid: true, entries: c.seqs.length });
  });
});
