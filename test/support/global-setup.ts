import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/persistence/embedded-database.js';

declare global {
  var __TONGBAN_EMBEDDED__: EmbeddedDatabase | undefined;
}

/**
 * One PostgreSQL server for the whole run: DATABASE_URL when set (e.g. the machine's PG 15), or an
 * embedded one in a throw-away folder. Each test file then creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.TEST_SERVER_URL = process.env.DATABASE_URL;
    return;
  }
  // mkdtemp makes a 0700 folder the postgres user could not enter as root: open it up.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-test-'));
  fs.chmodSync(dir, 0o755);
  const db = await startEmbeddedDatabase({ dataDir: path.join(dir, 'pg'), persistent: false });
  globalThis.__TONGBAN_EMBEDDED__ = db;
  process.env.TEST_SERVER_URL = db.url;
  process.env.TEST_EMBEDDED_DIR = dir;
}
