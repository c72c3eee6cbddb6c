/**
 * `npm run bench:idle`: what an idle node costs the database. Starts the real service (jobs and
 * webhooks on, shipped workflows loaded) on a fresh database, lets it settle, then counts the
 * transactions committed in that database (pg_stat_database) over a window in which nobody calls it.
 * BENCH_IDLE_SECONDS (default 30) is the window, BENCH_IDLE_SETTLE (default 15 s) the wait before it.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { benchDatabase, ROOT, SECRET } from './support.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function transactions(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ n: string }>(
      'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()',
    );
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await c.end();
  }
}

const db = await benchDatabase();
const port = 3400 + Math.floor(Math.random() * 500);
const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
  env: {
    ...process.env,
    DATABASE_URL: db.url,
    PORT: String(port),
    AUTH_JWT_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(os.tmpdir(), 'tongban-bench-idle'),
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
try {
  for (let i = 0; ; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error('service did not become ready');
    await sleep(100);
  }
  const settle = Number(process.env.BENCH_IDLE_SETTLE ?? 15);
  const seconds = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
  await sleep(settle * 1000);
  const before = await transactions(db.url);
  await sleep(seconds * 1000);
  // Backends report their counts at most every second (and an idle one within 10 s): wait for the tail.
  const after = (await transactions(db.url)) - 1; // our own first read
  const n = after - before;
  console.log(
    `${db.kind}: idle node, ${seconds} s after ${settle} s settling: ${n} transactions = ${(n / seconds).toFixed(2)}/s`,
  );
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await db.stop();
}
