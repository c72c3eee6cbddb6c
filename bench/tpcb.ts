/** A TPC-B-like transaction (pgbench's default script) through `pg`, measured by the same harness on the same database. */
import pg from 'pg';

// Scale 10, as pgbench -s 10: 10 branches, 100 tellers, 1,000,000 accounts.
const SCALE_ACCOUNTS = 1_000_000;
const BRANCHES = 10;
const TELLERS = 100;

export async function tpcb(url: string, clients: number, seconds: number): Promise<{ tps: number; avgMs: number }> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`
    DROP TABLE IF EXISTS b_history, b_accounts, b_tellers, b_branches;
    CREATE TABLE b_branches (bid int PRIMARY KEY, bbalance int NOT NULL, filler char(88));
    CREATE TABLE b_tellers (tid int PRIMARY KEY, bid int NOT NULL, tbalance int NOT NULL, filler char(84));
    CREATE TABLE b_accounts (aid int PRIMARY KEY, bid int NOT NULL, abalance int NOT NULL, filler char(84));
    CREATE TABLE b_history (tid int, bid int, aid int, delta int, mtime timestamp, filler char(22));
    INSERT INTO b_branches SELECT g, 0 FROM generate_series(1, ${BRANCHES}) g;
    INSERT INTO b_tellers SELECT g, 1 + (g - 1) / 10, 0 FROM generate_series(1, ${TELLERS}) g;
    INSERT INTO b_accounts SELECT g, 1 + (g - 1) / 100000, 0 FROM generate_series(1, ${SCALE_ACCOUNTS}) g;
`);
  await setup.query('VACUUM ANALYZE b_branches, b_tellers, b_accounts');
  await setup.end();
  const pool = new pg.Pool({ connectionString: url, max: clients });
  const end = performance.now() + seconds * 1000;
  let done = 0;
  let totalMs = 0;
  const rnd = (n: number) => 1 + Math.floor(Math.random() * n);
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = await pool.connect();
      try {
        while (performance.now() < end) {
          const t0 = performance.now();
          const [aid, tid, bid, delta] = [rnd(SCALE_ACCOUNTS), rnd(TELLERS), rnd(BRANCHES), rnd(10_000) - 5_000];
          await c.query('BEGIN');
          await c.query('UPDATE b_accounts SET abalance = abalance + $1 WHERE aid = $2', [delta, aid]);
          await c.query('SELECT abalance FROM b_accounts WHERE aid = $1', [aid]);
          await c.query('UPDATE b_tellers SET tbalance = tbalance + $1 WHERE tid = $2', [delta, tid]);
          await c.query('UPDATE b_branches SET bbalance = bbalance + $1 WHERE bid = $2', [delta, bid]);
          await c.query('INSERT INTO b_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, now())', [
            tid,
            bid,
            aid,
            delta,
          ]);
          await c.query('COMMIT');
          done++;
          totalMs += performance.now() - t0;
        }
      } finally {
        c.release();
      }
    }),
  );
  await pool.end();
  return { tps: done / seconds, avgMs: totalMs / Math.max(1, done) };
}
