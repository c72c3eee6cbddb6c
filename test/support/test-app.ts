import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { INestApplication, LoggerService } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp } from '../../src/app.factory.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';
import { WorkflowLoader } from '../../src/modules/workflows/workflow-loader.js';
import { signHs256 } from '../../src/shared/auth/jwt.js';
import { RedactingLogger } from '../../src/shared/logging/redacting.logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const TEST_SECRET = 'test-secret-not-for-production';
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  config: AppConfig;
  http: () => TestAgent;
  /** A signed bearer token valid for an hour (pass `exp`/`nbf` to test the time rules). */
  token: (claims: {
    roles: string[];
    dept?: string;
    sub?: string;
    name?: string;
    region?: string;
    exp?: number;
    nbf?: number;
  }) => string;
  close: () => Promise<void>;
}

/** The whole application on its own fresh database, with the shipped workflows loaded when asked. */
export async function startTestApp(
  opts: { loadWorkflows?: boolean; env?: Record<string, string>; logger?: LoggerService } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-app-'));
  const config = loadConfig({
    AUTH_JWT_SECRET: TEST_SECRET,
    DATA_DIR: dataDir,
    WORKFLOWS_DIR: path.join(PROJECT_ROOT, 'workflows'),
    TONGBAN_RUN_JOBS: '0',
    ...opts.env,
  });
  // TEST_LOG=1 shows the application's log (errors behind a 500, for instance), as production writes it.
  const logger = opts.logger ?? (process.env.TEST_LOG ? new RedactingLogger() : false);
  const app = await createApp(config, db.url, logger);
  await app.init();
  if (opts.loadWorkflows) await app.get(WorkflowLoader).load();
  const server = app.getHttpServer() as Parameters<typeof request>[0];
  return {
    app,
    db,
    config,
    http: () => request(server),
    token: (c) =>
      signHs256(
        {
          sub: c.sub ?? `${c.roles[0] ?? 'u'}-${c.dept ?? 'x'}`,
          name: c.name ?? '测试用户',
          exp: Math.floor(Date.now() / 1000) + 3600,
          ...c,
        },
        TEST_SECRET,
      ),
    close: async () => {
      await app.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
