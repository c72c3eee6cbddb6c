import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { signHs256 } from '../../src/shared/auth/jwt.js';
import { PROJECT_ROOT, startTestApp, TEST_SECRET, type TestApp } from '../support/test-app.js';

const TOKEN_SCRIPT = path.join(PROJECT_ROOT, 'scripts/token.mjs');

/** Bearer tokens: exp required and numeric, nbf honoured, claims type-checked, coded 401s. */
describe('bearer tokens', () => {
  let t: TestApp;
  const now = (): number => Math.floor(Date.now() / 1000);
  const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
  const raw = (claims: Record<string, unknown>): string => signHs256(claims, TEST_SECRET);
  const good = () => ({ sub: 'w1', name: '窗口小王', roles: ['window'], dept: '410100-SJJ', exp: now() + 600 });

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const refused = (res: { status: number; headers: Record<string, string>; body: { code?: string } }, code: string) => {
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
  };

  it('accepts a well-formed token', async () => {
    const res = await me(raw(good()));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'w1', roles: ['window'] });
  });

  it('refuses a token without exp, or with a string exp', async () => {
    const { exp: _exp, ...noExp } = good();
    refused(await me(raw(noExp)), 'AUTH.INVALID_TOKEN');
    refused(await me(raw({ ...good(), exp: String(now() + 600) })), 'AUTH.INVALID_TOKEN');
  });

  it('refuses an expired token beyond the clock skew (default 60 s), and accepts one within it', async () => {
    refused(await me(raw({ ...good(), exp: now() - 300 })), 'AUTH.TOKEN_EXPIRED');
    expect((await me(raw({ ...good(), exp: now() - 20 }))).status).toBe(200);
  });

  it('honours nbf', async () => {
    refused(await me(raw({ ...good(), nbf: now() + 3600 })), 'AUTH.TOKEN_NOT_YET_VALID');
    expect((await me(raw({ ...good(), nbf: now() - 10 }))).status).toBe(200);
  });

  it('refuses claims of the wrong type or length, and unknown roles', async () => {
    refused(await me(raw({ ...good(), name: { first: '张' } })), 'AUTH.INVALID_TOKEN');
    refused(await me(raw({ ...good(), name: 'x'.repeat(8000) })), 'AUTH.INVALID_TOKEN');
    refused(await me(raw({ ...good(), dept: 410100 })), 'AUTH.INVALID_TOKEN');
    refused(await me(raw({ ...good(), roles: 'admin' })), 'AUTH.INVALID_TOKEN');
    refused(await me(raw({ ...good(), roles: ['window', 'superuser'] })), 'AUTH.INVALID_TOKEN');
  });

  it('mints tokens with exp from `npm run token` and refuses unknown roles there', async () => {
    const env = { ...process.env, AUTH_JWT_SECRET: TEST_SECRET };
    const args = ['--roles', 'window', '--dept', '410100-SJJ', '--sub', 'w9', '--ttl', '2h'];
    const token = execFileSync(process.execPath, [TOKEN_SCRIPT, ...args], { env, encoding: 'utf8' }).trim();
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      exp: number;
      iat: number;
      region: string;
    };
    expect(claims.exp - claims.iat).toBe(7200);
    expect(claims.region).toBe('410100');
    expect((await me(token)).status).toBe(200);
    expect(() =>
      execFileSync(process.execPath, [TOKEN_SCRIPT, '--roles', 'root'], { env, encoding: 'utf8', stdio: 'pipe' }),
    ).toThrow(/unknown role/);
  });
});

/** A deployment that names its audience, issuer and longest token lifetime refuses every other token. */
describe('bearer tokens with AUTH_JWT_AUDIENCE, AUTH_JWT_ISSUER and AUTH_MAX_TOKEN_LIFETIME_SECONDS', () => {
  let t: TestApp;
  const now = (): number => Math.floor(Date.now() / 1000);
  const me = (token: string) => t.http().get('/api/v1/me').set('Authorization', `Bearer ${token}`);
  const env = {
    AUTH_JWT_AUDIENCE: 'tongban-zz',
    AUTH_JWT_ISSUER: 'https://idp.zz.gov.cn',
    AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600',
  };
  const claims = () => ({
    sub: 'w1',
    roles: ['window'],
    dept: '410100-SJJ',
    aud: 'tongban-zz',
    iss: 'https://idp.zz.gov.cn',
    iat: now(),
    exp: now() + 600,
  });

  beforeAll(async () => {
    t = await startTestApp({ env });
  });
  afterAll(() => t.close());

  it('accepts a token for this audience from this issuer, and refuses the others with a coded 401', async () => {
    expect((await me(signHs256(claims(), TEST_SECRET))).status).toBe(200);
    for (const bad of [
      { ...claims(), aud: 'another-service' },
      { ...claims(), aud: undefined },
      { ...claims(), iss: 'https://evil.example' },
      { ...claims(), exp: now() + 7200 },
    ]) {
      const res = await me(signHs256(bad, TEST_SECRET));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.INVALID_TOKEN');
    }
  });

  it('`npm run token` mints the audience and issuer the service expects', async () => {
    const token = execFileSync(
      process.execPath,
      [TOKEN_SCRIPT, '--roles', 'window', '--dept', '410100-SJJ', '--ttl', '30m'],
      {
        env: { ...process.env, ...env, AUTH_JWT_SECRET: TEST_SECRET },
        encoding: 'utf8',
      },
    ).trim();
    expect((await me(token)).status).toBe(200);
  });
});
