import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/app-config.js';
import { WorkflowLoader } from '../../src/modules/workflows/workflow-loader.js';
import { runMigrations } from '../../src/persistence/data-source.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../../src/persistence/embedded-database.js';
import { signHs256 } from '../../src/shared/auth/jwt.js';
import { applicant, DEPT, ITEM } from '../support/case-helpers.js';
import { PROJECT_ROOT, TEST_SECRET } from '../support/test-app.js';

/**
 * A PostgreSQL server of its own, really stopped and started again under a running application:
 * while it is down every command and query answers 503 DB.UNAVAILABLE with Retry-After.
 */
describe('while PostgreSQL is down', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  let app: INestApplication;
  let port: number;
  const token = (roles: string[]) =>
    signHs256(
      { sub: `${roles[0]}-1`, name: '测试用户', roles, dept: DEPT, exp: Math.floor(Date.now() / 1000) + 3600 },
      TEST_SECRET,
    );
  const http = () => request(app.getHttpServer() as Parameters<typeof request>[0]);
  const createCase = () =>
    http()
      .post('/api/v1/cases')
      .set('Authorization', `Bearer ${token(['window'])}`)
      .send({ itemCode: ITEM, applicant });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-outage-'));
    fs.chmodSync(dir, 0o755);
    db = await startEmbeddedDatabase({ dataDir: path.join(dir, 'pg'), persistent: true });
    port = Number(new URL(db.url).port);
    await runMigrations(db.url);
    const config = loadConfig({
      AUTH_JWT_SECRET: TEST_SECRET,
      DATA_DIR: dir,
      WORKFLOWS_DIR: path.join(PROJECT_ROOT, 'workflows'),
      TONGBAN_RUN_JOBS: '0',
      TONGBAN_RUN_WEBHOOKS: '0',
      DB_CONNECT_TIMEOUT_MS: '2000',
    });
    app = await (await createApp(config, db.url, false)).init();
    await app.get(WorkflowLoader).load();
  });
  afterAll(async () => {
    await app?.close();
    await db?.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 DB.UNAVAILABLE with Retry-After, and serves again once the database is back', async () => {
    const before = await createCase();
    expect(before.status).toBe(201);

    await db.stop();

    const attempts = [
      createCase(),
      createCase().set('Idempotency-Key', 'outage-1'),
      http()
        .get(`/api/v1/cases/${before.body.id}`)
        .set('Authorization', `Bearer ${token(['handler'])}`),
      http()
        .post(`/api/v1/cases/${before.body.id}/suspend`)
        .set('Authorization', `Bearer ${token(['leader'])}`)
        .send({ reason: '停电' }),
      http()
        .get('/api/v1/items')
        .set('Authorization', `Bearer ${token(['window'])}`),
      http().get('/api/v1/tasks').set('X-Api-Key', 'tbk_some_key_the_database_must_check'),
    ];
    for (const res of await Promise.all(attempts)) {
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 503, code: 'DB.UNAVAILABLE' });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body.retryable).toBe(true);
    }
    const ready = await http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(Number(ready.headers['retry-after'])).toBeGreaterThan(0);
    expect((await http().get('/health/live')).status).toBe(200);

    db = await startEmbeddedDatabase({ dataDir: path.join(dir, 'pg'), persistent: true, port });
    expect((await http().get('/health/ready')).status).toBe(200);
    const after = await createCase();
    expect(after.status).toBe(201);
    // The request refused during the outage left nothing behind: its key is free to be used now.
    const retried = await createCase().set('Idempotency-Key', 'outage-1');
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });
});
