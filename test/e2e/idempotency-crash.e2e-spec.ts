import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { applicant, DEPT, ITEM } from '../support/case-helpers.js';
import { PROJECT_ROOT, TEST_SECRET } from '../support/test-app.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { signHs256 } from '../../src/shared/auth/jwt.js';

/**
 * The node dies (kill -9) while a case creation with an Idempotency-Key is inside its transaction.
 * The test holds a table lock that the command needs, so it is caught at a known point: at the case
 * insert, or at the very end (the stored answer, just before COMMIT). After a restart the same request
 * must succeed: the key is never "in progress" for ever, and there is exactly one case.
 */
describe('Idempotency-Key across a crash of the node (real process, kill -9)', () => {
  let db: TestDatabase;
  let sql: pg.Client;
  let dataDir: string;
  const token = signHs256(
    {
      sub: 'window-crash',
      name: '窗口人员',
      roles: ['window'],
      dept: DEPT,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 3600,
    },
    TEST_SECRET,
  );

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-crash-'));
  });
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL'); // a test that timed out leaves no node behind
    await sql.end();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['at the case insert', 'approval_case'],
    ['while storing the answer, just before COMMIT', 'idempotency_record'],
  ])('a node killed %s leaves the key usable: the retry creates exactly one case', async (_point, table) => {
    const businessKey = `crash-${table}`;
    const key = `crash-key-${table}`;
    const body = JSON.stringify({ itemCode: ITEM, applicant, businessKey });
    const send = (node: Node) =>
      fetch(`${node.url}/api/v1/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body,
      });

    const first = await startNode(db.url, dataDir);
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
      const lost = send(first).then(
        () => 'answered',
        () => 'connection lost',
      );
      await until(async () => (await waitingOn(table)) > 0);
      await first.kill();
      expect(await lost).toBe('connection lost');
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }

    const second = await startNode(db.url, dataDir);
    try {
      const retry = await send(second);
      expect(retry.status).toBe(201);
      const created = (await retry.json()) as { id: string };
      const replay = await send(second);
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(((await replay.json()) as { id: string }).id).toBe(created.id);
      const cases = await sql.query('SELECT id FROM approval_case WHERE business_key = $1', [businessKey]);
      expect(cases.rows).toEqual([{ id: created.id }]);
    } finally {
      await second.kill();
    }
  });

  async function waitingOn(table: string): Promise<number> {
    const r = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname = $1 AND NOT l.granted`,
      [table],
    );
    return r.rows[0]!.n;
  }
});

const running = new Set<ChildProcess>();

interface Node {
  url: string;
  kill(): Promise<void>;
}

/** `node dist/src/main.js` on the test database; resolves once /health/ready answers 200. */
async function startNode(databaseUrl: string, dataDir: string): Promise<Node> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist/src/main.js')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_JWT_SECRET: TEST_SECRET,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WORKFLOWS_DIR: path.join(PROJECT_ROOT, 'workflows'),
      TONGBAN_RUN_JOBS: '0',
      TONGBAN_RUN_WEBHOOKS: '0',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await until(async () => {
      if (child.exitCode !== null) throw new Error(`node exited ${child.exitCode}: ${stderr}`);
      return (await fetch(`${url}/health/ready`).catch(() => null))?.status === 200;
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    url,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until the condition holds (the test's own timeout bounds it). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((r) => setTimeout(r, 50));
}
