// `npm test`: one PostgreSQL server for the whole run — DATABASE_URL when set (e.g. the machine's PG 15),
// otherwise an embedded one in a throw-away folder — then Jest. Each test file makes its own database.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const env = { ...process.env };
let embedded = null;
let dir = null;

if (env.DATABASE_URL) {
  env.TEST_SERVER_URL = env.DATABASE_URL;
  console.log('tests use the PostgreSQL server in DATABASE_URL');
} else {
  const { startEmbeddedDatabase } = await import(path.join(root, 'dist/src/persistence/embedded-database.js'));
  // mkdtemp makes a 0700 folder that the postgres user could not enter as root: open it up.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-test-'));
  fs.chmodSync(dir, 0o755);
  embedded = await startEmbeddedDatabase({ dataDir: path.join(dir, 'pg'), persistent: false });
  env.TEST_SERVER_URL = embedded.url;
  console.log('tests use an embedded PostgreSQL in a throw-away folder');
}

const stop = async () => {
  await embedded?.stop().catch(() => undefined);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};

const jest = spawn(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--no-warnings=ExperimentalWarning',
    path.join(root, 'node_modules/jest/bin/jest.js'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env, cwd: root },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => jest.kill(signal));
const code = await new Promise((resolve) => jest.on('close', (c) => resolve(c ?? 1)));
await stop();
process.exit(code);
