import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** The generic `rows` section of a change set, written by `tb_write_cases` through `tb_write_rows`. */
describe('change set rows: registered tables written by the one write', () => {
  let db: TestDatabase;
  let c: pg.Client;
  const write = (rows: unknown[]) =>
    c.query('SELECT tb_write_cases($1::jsonb)', [JSON.stringify([{ caseId: 'x', rows }])]);
  const all = async () =>
    (await c.query('SELECT id, label, note, count FROM scratch_row ORDER BY id')).rows as Record<string, unknown>[];

  beforeAll(async () => {
    db = await createTestDatabase();
    c = new pg.Client({ connectionString: db.url });
    await c.connect();
    await c.query(
      `CREATE TABLE scratch_row (id int PRIMARY KEY, label text NOT NULL, note text, count int NOT NULL DEFAULT 7)`,
    );
    await c.query(`INSERT INTO tb_change_set_table (name, key_columns) VALUES ('scratch_row', '{id}')`);
  });
  afterAll(async () => {
    await c.end();
    await db.drop();
  });

  it('upserts only the columns given: absent ones keep their default on insert and their value on update', async () => {
    await write([
      {
        table: 'scratch_row',
        op: 'upsert',
        rows: [
          { id: 1, label: 'a', note: 'n' },
          { id: 2, label: 'b' },
        ],
      },
    ]);
    expect(await all()).toEqual([
      { id: 1, label: 'a', note: 'n', count: 7 },
      { id: 2, label: 'b', note: null, count: 7 },
    ]);
    await write([{ table: 'scratch_row', op: 'upsert', rows: [{ id: 1, label: 'a2' }] }]);
    expect((await all())[0]).toEqual({ id: 1, label: 'a2', note: 'n', count: 7 });
  });

  it('patches an existing row without its NOT NULL columns, and deletes by key, in the order given', async () => {
    await write([
      {
        table: 'scratch_row',
        op: 'update',
        rows: [
          { id: 2, count: 9 },
          { id: 99, count: 1 },
        ],
      },
      { table: 'scratch_row', op: 'delete', rows: [{ id: 1 }] },
    ]);
    expect(await all()).toEqual([{ id: 2, label: 'b', note: null, count: 9 }]);
  });

  it('refuses a table that is not registered, and the write changes nothing', async () => {
    await expect(
      write([
        { table: 'scratch_row', op: 'delete', rows: [{ id: 2 }] },
        { table: 'pg_authid', op: 'delete', rows: [{ oid: 1 }] },
      ]),
    ).rejects.toThrow(/not written by change sets/);
    expect(await all()).toHaveLength(1);
  });
});
