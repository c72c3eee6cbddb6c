import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/persistence/data-source.js';
import { UnitOfWork } from '../../src/persistence/unit-of-work.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/** The beforeCommit hook the idempotency record (and later the change-set writer) relies on. */
describe('UnitOfWork.beforeCommit', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let uow: UnitOfWork;
  const seen: unknown[] = [];
  const committed: unknown[] = [];
  let failNext = false;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url, 4)).initialize();
    uow = new UnitOfWork(ds);
    await uow.query('CREATE TABLE hook_probe (label text PRIMARY KEY)');
    uow.beforeCommit(async (tx, result) => {
      seen.push(result);
      await tx.query('INSERT INTO hook_probe (label) VALUES ($1)', [`hook:${String(result)}`]);
      if (failNext) throw new Error('hook refused');
      return () => committed.push(result);
    });
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    seen.length = 0;
    committed.length = 0;
    failNext = false;
    await uow.query('DELETE FROM hook_probe');
  });
  const labels = async () =>
    (await uow.query<{ label: string }>('SELECT label FROM hook_probe ORDER BY label')).map((r) => r.label);

  it('runs in the transaction with its result, and its callback after COMMIT', async () => {
    const out = await uow.run(async (tx) => {
      await tx.query(`INSERT INTO hook_probe (label) VALUES ('work')`);
      return 'a';
    });
    expect(out).toBe('a');
    expect(seen).toEqual(['a']);
    expect(committed).toEqual(['a']);
    expect(await labels()).toEqual(['hook:a', 'work']);
  });

  it('rolls the whole transaction back when the hook throws, and calls nothing after', async () => {
    failNext = true;
    await expect(
      uow.run(async (tx) => {
        await tx.query(`INSERT INTO hook_probe (label) VALUES ('work')`);
        return 'b';
      }),
    ).rejects.toThrow('hook refused');
    expect(committed).toEqual([]);
    expect(await labels()).toEqual([]);
  });

  it('runs only for the outermost transaction, not for one opened inside it', async () => {
    await uow.run(async () => {
      await uow.run(() => Promise.resolve('inner'));
      return 'outer';
    });
    expect(seen).toEqual(['outer']);
    expect(committed).toEqual(['outer']);
  });

  it('does not run for work that fails', async () => {
    await expect(uow.run(() => Promise.reject(new Error('work failed')))).rejects.toThrow('work failed');
    expect(seen).toEqual([]);
  });
});
