/** Shared plumbing for `npm run bench`: a database, the service in a child process, an HTTP client, stats. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runMigrations } from '../src/persistence/data-source.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/persistence/embedded-database.js';
import { signHs256 } from '../src/shared/auth/jwt.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BenchDb {
  server: string;
  url: string;
  kind: string;
  /** Runs one statement on the server (as its admin), e.g. an ALTER DATABASE for the bench database. */
  exec(statement: string): Promise<void>;
  stop(): Promise<void>;
}

/** A fresh database `tongban_bench` on DATABASE_URL's server, or on an embedded one. */
export async function benchDatabase(): Promise<BenchDb> {
  let embedded: EmbeddedDatabase | null = null;
  let dir: string | null = null;
  let server = process.env.DATABASE_URL;
  if (!server) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-bench-'));
    fs.chmodSync(dir, 0o755);
    embedded = await startEmbeddedDatabase({ dataDir: path.join(dir, 'pg'), persistent: false });
    server = embedded.url;
  }
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const version = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? '?';
  await admin.query('DROP DATABASE IF EXISTS tongban_bench WITH (FORCE)');
  await admin.query('CREATE DATABASE tongban_bench');
  await admin.end();
  const url = new URL(server);
  url.pathname = '/tongban_bench';
  await runMigrations(url.toString());
  return {
    server,
    url: url.toString(),
    kind: `${embedded ? 'embedded' : 'DATABASE_URL'} PostgreSQL ${version}`,
    exec: async (statement) => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(statement).finally(() => c.end());
    },
    stop: async () => {
      await embedded?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const SECRET = 'bench-secret';

export function token(roles: string[], dept?: string): string {
  const exp = Math.floor(Date.now() / 1000) + 24 * 3600;
  return signHs256(
    { sub: `${roles[0]}-${dept ?? 'all'}`, name: 'bench', roles, exp, ...(dept ? { dept } : {}) },
    SECRET,
  );
}

/** The real service (`node dist/src/main.js`) in its own process, so the load generator does not share its event loop. */
export async function startService(dbUrl: string, port: number): Promise<ChildProcess> {
  // BENCH_PROFILE=dir writes a CPU profile of the service there (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(ROOT, 'dist/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      PORT: String(port),
      AUTH_JWT_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      TONGBAN_RUN_JOBS: '0',
      TONGBAN_RUN_WEBHOOKS: '0',
      DATA_DIR: path.join(os.tmpdir(), 'tongban-bench-data'),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const state: { exited: number | null } = { exited: null };
  child.on('exit', (code) => (state.exited = code ?? -1));
  child.stdout?.resume();
  for (let i = 0; i < 600; i++) {
    if (state.exited !== null) throw new Error(`service exited with ${state.exited}`);
    const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error('service did not become ready in 60 s');
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface Reply {
  status: number;
  body: unknown;
  ms: number;
}

export function request(port: number, method: string, url: string, auth: string, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: url,
        agent,
        headers: {
          authorization: `Bearer ${auth}`,
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as unknown) : null,
            ms: performance.now() - t0,
          });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function summarise(latencies: number[]): { p50: number; p95: number; p99: number } {
  const s = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) };
}

export const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;
