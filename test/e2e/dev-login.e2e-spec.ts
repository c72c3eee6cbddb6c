import { devLoginEnabled } from '../../src/modules/auth/commands/dev-login/dev-login.http.controller.js';
import { loadConfig } from '../../src/config/app-config.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('development sign-in (POST /auth/dev-login)', () => {
  describe('on the generated local secret', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { AUTH_JWT_SECRET: '' } });
    });
    afterAll(() => t.close());

    it('mints a token this service accepts, with the roles and department asked for', async () => {
      const res = await t
        .http()
        .post('/api/v1/auth/dev-login')
        .send({ roles: ['handler', 'leader'], dept: '410100-SJJ', sub: 'u-1', name: '张三' })
        .expect(200);
      expect(Date.parse(res.body.expiresAt) - Date.now()).toBeGreaterThan(7 * 3600_000);
      const me = await t.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
      expect(me.body).toMatchObject({ id: 'u-1', name: '张三', roles: ['handler', 'leader'], dept: '410100-SJJ' });
    });

    it('refuses roles that do not exist, an empty role list and malformed claims', async () => {
      for (const body of [
        { roles: ['root'] },
        { roles: [] },
        { roles: 'admin' },
        {},
        { roles: ['admin'], dept: 'a b' },
        { roles: ['admin'], sub: 'x'.repeat(201) },
        { roles: ['system'] },
      ]) {
        const res = await t.http().post('/api/v1/auth/dev-login').send(body);
        expect([JSON.stringify(body), res.status, res.body.code]).toEqual([
          JSON.stringify(body),
          400,
          'VALIDATION.FAILED',
        ]);
      }
    });
  });

  it('mints tokens that pass the audience, issuer and lifetime checks the service is configured with', async () => {
    const t = await startTestApp({
      env: {
        AUTH_JWT_SECRET: '',
        AUTH_JWT_AUDIENCE: 'tongban-dev',
        AUTH_JWT_ISSUER: 'https://idp.example',
        AUTH_MAX_TOKEN_LIFETIME_SECONDS: '3600',
      },
    });
    try {
      const res = await t
        .http()
        .post('/api/v1/auth/dev-login')
        .send({ roles: ['window'], dept: '410100-SJJ' })
        .expect(200);
      expect(Date.parse(res.body.expiresAt) - Date.now()).toBeLessThanOrEqual(3600_000);
      await t.http().get('/api/v1/me').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    } finally {
      await t.close();
    }
  });

  it('does not exist when the operator gave a secret', async () => {
    const t = await startTestApp();
    try {
      const res = await t
        .http()
        .post('/api/v1/auth/dev-login')
        .send({ roles: ['admin'] });
      expect([res.status, res.body.code]).toEqual([404, 'AUTH.DEV_LOGIN_DISABLED']);
    } finally {
      await t.close();
    }
  });

  it('is off in production and with an identity provider key, whatever else is set', () => {
    expect(devLoginEnabled(loadConfig({}))).toBe(true);
    expect(devLoginEnabled(loadConfig({ NODE_ENV: 'production' }))).toBe(false);
    expect(devLoginEnabled(loadConfig({ AUTH_JWT_SECRET: 's' }))).toBe(false);
    expect(devLoginEnabled(loadConfig({ AUTH_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----' }))).toBe(false);
    expect(devLoginEnabled(loadConfig({ NODE_ENV: 'production', AUTH_JWT_SECRET: '', AUTH_PUBLIC_KEY: '' }))).toBe(
      false,
    );
  });
});
