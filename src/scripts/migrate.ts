import { loadConfig } from '../config/app-config.js';
import { runMigrations } from '../persistence/data-source.js';
import { startEmbeddedDatabase } from '../persistence/embedded-database.js';
import path from 'node:path';

// npm run migration:run — against DATABASE_URL, or the embedded database under DATA_DIR.
const config = loadConfig();
const embedded = config.databaseUrl
  ? null
  : await startEmbeddedDatabase({ dataDir: path.join(config.dataDir, 'pg'), persistent: true, log: console.log });
try {
  const done = await runMigrations(config.databaseUrl ?? embedded!.url);
  console.log(done.length ? `applied: ${done.join(', ')}` : 'schema is up to date');
} finally {
  await embedded?.stop();
}
