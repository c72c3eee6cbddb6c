import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/app-config.js';
import { resolveJwtKey } from '../../src/shared/auth/auth-keys.js';
import { verifyJwt } from '../../src/shared/auth/jwt.js';
import { ROLES } from '../../src/shared/auth/principal.js';
import { PROJECT_ROOT, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app.js';

const SCRIPT = path.join(PROJECT_ROOT, 'scripts/token.mjs');

/** Runs the token script as `npm run token` does, in a folder of its own and with only the env given. */
function token(args: string[], env: Record<string, string> = {}, cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'tk-'))) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  return { status: r.status, out: r.stdout.toString().trim(), err: r.stderr.toString(), cwd };
}

describe('npm run token', () => {
  it('knows the same roles as the service', () => {
    const listed = /export const ROLES = \[([^\]]*)\]/.exec(fs.readFileSync(SCRIPT, 'utf8'))?.[1];
    expect(listed?.split(',').map((r) => r.trim().replace(/'/g, ''))).toEqual([...ROLES]);
  });

  it('prints its options with --help', () => {
    const r = token(['--help']);
    expect(r.status).toBe(0);
    expect(r.out).toContain('--roles');
    expect(r.out).toContain('--ttl');
  });

  it.each([
    [['--roles', 'admni'], 'unknown role admni'],
    [['--rols', 'admin'], "Unknown option '--rols'"],
    [['--roles', 'window'], 'add --dept'],
    [['--ttl', '12 hours'], 'is not a duration'],
    [['--roles', 'handler', '--dept', '410100-SJJ', '--region', 'zz'], 'must be 6 digits'],
  ])('refuses %j with a readable message and no stack trace', (args, message) => {
    const r = token(args, { AUTH_JWT_SECRET: TEST_SECRET });
    expect(r.status).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses, with a hint, when there is no secret, and creates none', () => {
    const r = token(['--roles', 'admin']);
    expect(r.status).toBe(2);
    expect(r.err).toContain(path.join(r.cwd, '.data', 'jwt-secret'));
    expect(r.err).toContain('npm start');
    expect(fs.existsSync(path.join(r.cwd, '.data'))).toBe(false);
  });

  it('signs with the secret the service created in DATA_DIR, with an expiry of --ttl', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tk-data-'));
    const key = resolveJwtKey(loadConfig({ DATA_DIR: dataDir })); // what the service does on its first start
    const r = token(['--roles', 'window', '--dept', '410100-SJJ', '--sub', 'w1', '--ttl', '30m'], {
      DATA_DIR: dataDir,
    });
    expect(r.status).toBe(0);
    const verified = verifyJwt(r.out, key, Math.floor(Date.now() / 1000));
    expect(verified.ok).toBe(true);
    const claims = verified.ok ? verified.claims : null;
    expect(claims).toMatchObject({ sub: 'w1', roles: ['window'], dept: '410100-SJJ', region: '410100' });
    expect((claims?.exp ?? 0) - (claims?.iat ?? 0)).toBe(1800);
  });

  describe('against the service', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('mints a token the service accepts (AUTH_JWT_SECRET)', async () => {
      const r = token(['--roles', 'admin'], { AUTH_JWT_SECRET: TEST_SECRET });
      expect(r.status).toBe(0);
      await t.http().get('/api/v1/items').set('Authorization', `Bearer ${r.out}`).expect(200);
    });
  });
});

describe('the README tour (scripts/tour.sh)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ loadWorkflows: true });
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(() => t.close());

  it('runs as written against a started service and walks one case to 归档', async () => {
    const address = (t.app.getHttpServer() as Server).address();
    const p = typeof address === 'object' && address ? address.port : 0;
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn('bash', [path.join(PROJECT_ROOT, 'scripts/tour.sh')], {
        cwd: PROJECT_ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: os.tmpdir(),
          AUTH_JWT_SECRET: TEST_SECRET,
          API: `http://127.0.0.1:${p}/api/v1`,
        },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(r.out).toContain('tour complete');
    expect(r.code).toBe(0);
    expect(r.out).toContain('archive done: case is CLOSED_APPROVED');
  });
});

describe('production mode', () => {
  const main = path.join(PROJECT_ROOT, 'dist/src/main.js');
  const start = (env: Record<string, string>) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prod-'));
    const r = spawnSync(process.execPath, [main], {
      cwd: dataDir,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', ...env },
      timeout: 30_000,
    });
    return { status: r.status, log: r.stdout.toString() + r.stderr.toString(), dataDir };
  };

  it('refuses to start without AUTH_JWT_SECRET or AUTH_PUBLIC_KEY, and generates no secret', () => {
    const r = start({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(r.status).not.toBe(0);
    expect(r.log).toContain('AUTH_JWT_SECRET');
    expect(r.log).not.toContain('DATABASE_URL (the embedded');
    expect(fs.existsSync(path.join(r.dataDir, 'jwt-secret'))).toBe(false);
  });

  it('refuses to start without DATABASE_URL', () => {
    const r = start({ AUTH_JWT_SECRET: 'a-long-production-secret' });
    expect(r.status).not.toBe(0);
    expect(r.log).toContain('set DATABASE_URL');
    expect(fs.existsSync(path.join(r.dataDir, 'pg'))).toBe(false);
  });

  it('loads the sample items only when asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).loadSamples).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', LOAD_SAMPLES: 'true' }).loadSamples).toBe(true);
    expect(loadConfig({}).loadSamples).toBe(true);
    expect(loadConfig({ LOAD_SAMPLES: 'false' }).loadSamples).toBe(false);
  });

  it('with LOAD_SAMPLES=false loads the shipped processes and calendars but no items', async () => {
    const t = await startTestApp({ loadWorkflows: true, env: { LOAD_SAMPLES: 'false' } });
    try {
      const admin = t.token({ roles: ['admin'] });
      const items = await t.http().get('/api/v1/items').set('Authorization', `Bearer ${admin}`).expect(200);
      expect(items.body.items).toEqual([]);
      const defs = await t
        .http()
        .get('/api/v1/process-definitions')
        .set('Authorization', `Bearer ${admin}`)
        .expect(200);
      expect(JSON.stringify(defs.body)).toContain('standard-approval');
    } finally {
      await t.close();
    }
  });
});
