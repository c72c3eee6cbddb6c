import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { DatabaseLogger } from './database-logger.js';
import { entities } from './entities/index.js';

/**
 * Shared by the app, `npm run migration:run` and the tests; `synchronize` is never on. A connection
 * that cannot be had within `connectTimeoutMs` (server down, unreachable or out of connections)
 * fails the command, which then answers 503 DB.UNAVAILABLE rather than hanging.
 */
export function dataSourceOptions(url: string, poolSize = 20, connectTimeoutMs = 5000): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsRun: false,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    // Failed queries only, and never with their parameters (PII, secrets): see DatabaseLogger.
    logging: ['error'],
    logger: new DatabaseLogger(),
    extra: { max: poolSize, application_name: 'tongban', connectionTimeoutMillis: connectTimeoutMs },
  };
}

export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 2));
  await ds.initialize();
  // Several nodes may start against one database at once: only one migrates at a time.
  const lock = ds.createQueryRunner();
  try {
    await lock.query('SELECT pg_advisory_lock(7274622)');
    const done = await ds.runMigrations({ transaction: 'each' });
    await lock.query('SELECT pg_advisory_unlock(7274622)');
    return done.map((m) => m.name);
  } finally {
    await lock.release();
    await ds.destroy();
  }
}
