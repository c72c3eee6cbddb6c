import pg from 'pg';
import { DataSource } from 'typeorm';
import { CaseStore } from '../../src/persistence/case-store/case-store.js';
import { dataSourceOptions } from '../../src/persistence/data-source.js';
import { UnitOfWork } from '../../src/persistence/unit-of-work.js';
import { isDatabaseUnavailable } from '../../src/shared/errors/database-unavailable.js';
import { NoTracing } from '../../src/shared/tracing/tracing.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A command's connection ended by the server while the command works in memory between two statements
 * (a PostgreSQL restart or fail-over, `pg_terminate_backend`). pg-pool leaves a checked-out client
 * without an error listener, so before the fix the 'error' event went unhandled and the process died —
 * every request in flight with it. Seen when the embedded PostgreSQL stopped under load.
 */
describe('a case transaction whose connection the server ends', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let store: CaseStore;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url, 4)).initialize();
    store = new CaseStore(ds, new UnitOfWork(ds), new NoTracing());
    admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await ds.destroy();
    await db.drop();
  });

  it('fails that command as "database unavailable", and the next command gets a fresh connection', async () => {
    const unhandled: unknown[] = [];
    const onUncaught = (e: unknown): void => {
      unhandled.push(e);
    };
    process.on('uncaughtException', onUncaught);
    let failure: unknown;
    try {
      await store.transaction(async (t) => {
        const [me] = await t.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await admin.query('SELECT pg_terminate_backend($1)', [me?.pid]);
        // The server's goodbye arrives while no statement of ours is running.
        await new Promise((r) => setTimeout(r, 300));
        await t.query('SELECT 1');
      });
    } catch (e) {
      failure = e;
    } finally {
      process.off('uncaughtException', onUncaught);
    }

    expect(unhandled).toEqual([]);
    expect(failure).toBeDefined();
    expect(isDatabaseUnavailable(failure)).toBe(true);
    const again = await store.transaction(async (t) => t.query<{ one: number }>('SELECT 1 AS one'));
    expect(again).toEqual([{ one: 1 }]);
  });
});
