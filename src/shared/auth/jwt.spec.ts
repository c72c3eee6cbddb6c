import { signHs256, verifyJwt, type JwtResult } from './jwt.js';

const SECRET = 'unit-secret';
const KEY = { kind: 'hs256', secret: SECRET } as const;
const NOW = 1_800_000_000;
const base = { sub: 'h1', name: '承办人', roles: ['handler'], dept: '410100-SJJ', region: '410100', exp: NOW + 600 };

const verify = (claims: Record<string, unknown>, skew = 60): JwtResult =>
  verifyJwt(signHs256(claims, SECRET), KEY, NOW, skew);
const failure = (r: JwtResult): string | null => (r.ok ? null : r.failure);

describe('bearer token claims', () => {
  it('accepts a well-formed token and returns its claims', () => {
    const r = verify(base);
    expect(r).toEqual({ ok: true, claims: base });
  });

  it('requires exp, as a number', () => {
    const { exp: _exp, ...noExp } = base;
    expect(failure(verify(noExp))).toBe('INVALID_TOKEN');
    expect(failure(verify({ ...base, exp: String(NOW + 600) }))).toBe('INVALID_TOKEN');
    expect(failure(verify({ ...base, exp: null }))).toBe('INVALID_TOKEN');
  });

  it('refuses an expired token once the clock skew is used up', () => {
    expect(failure(verify({ ...base, exp: NOW - 30 }, 60))).toBeNull();
    expect(failure(verify({ ...base, exp: NOW - 60 }, 60))).toBe('TOKEN_EXPIRED');
    expect(failure(verify({ ...base, exp: NOW - 30 }, 0))).toBe('TOKEN_EXPIRED');
  });

  it('honours nbf within the clock skew', () => {
    expect(failure(verify({ ...base, nbf: NOW + 30 }, 60))).toBeNull();
    expect(failure(verify({ ...base, nbf: NOW + 61 }, 60))).toBe('TOKEN_NOT_YET_VALID');
    expect(failure(verify({ ...base, nbf: 'soon' }))).toBe('INVALID_TOKEN');
    expect(failure(verify({ ...base, iat: 'today' }))).toBe('INVALID_TOKEN');
  });

  it.each([
    ['sub missing', { sub: undefined }],
    ['sub empty', { sub: '' }],
    ['sub a number', { sub: 42 }],
    ['name an object', { name: { first: '张' } }],
    ['name of 8,000 characters', { name: '张'.repeat(8000) }],
    ['dept an array', { dept: ['410100-SJJ'] }],
    ['dept too long', { dept: 'D'.repeat(65) }],
    ['region a number', { region: 410100 }],
    ['roles a string', { roles: 'admin' }],
    ['roles with an unknown role', { roles: ['handler', 'hacker'] }],
    ['roles with a non-string', { roles: [{ role: 'admin' }] }],
    ['roles too many', { roles: Array.from({ length: 50 }, () => 'handler') }],
  ])('refuses a token with %s', (_label, change) => {
    expect(failure(verify({ ...base, ...change }))).toBe('INVALID_TOKEN');
  });

  it('refuses tokens that are not signed JSON objects or are absurdly long', () => {
    expect(failure(verifyJwt('a.b', KEY, NOW))).toBe('INVALID_TOKEN');
    const arrayBody = signHs256({ sub: 'x', exp: NOW + 1 }, SECRET).split('.');
    const forged = `${arrayBody[0]}.${Buffer.from('[1]').toString('base64url')}.${arrayBody[2]}`;
    expect(failure(verifyJwt(forged, KEY, NOW))).toBe('INVALID_TOKEN');
    expect(failure(verify({ ...base, pad: 'x'.repeat(9000) }))).toBe('INVALID_TOKEN');
    expect(failure(verifyJwt(signHs256(base, 'another-secret'), KEY, NOW))).toBe('INVALID_TOKEN');
  });

  describe('what the deployment expects of aud, iss and lifetime', () => {
    const check = (claims: Record<string, unknown>, expect: Parameters<typeof verifyJwt>[4]) =>
      failure(verifyJwt(signHs256(claims, SECRET), KEY, NOW, 60, expect));

    it('requires the configured audience, as a string or among an array', () => {
      const want = { audience: 'tongban' };
      expect(check({ ...base, aud: 'tongban' }, want)).toBeNull();
      expect(check({ ...base, aud: ['portal', 'tongban'] }, want)).toBeNull();
      expect(check({ ...base, aud: 'portal' }, want)).toBe('INVALID_TOKEN');
      expect(check(base, want)).toBe('INVALID_TOKEN');
      expect(check({ ...base, aud: 'portal' }, {})).toBeNull();
    });

    it('requires the configured issuer exactly', () => {
      expect(
        check({ ...base, iss: 'https://idp.example.gov.cn' }, { issuer: 'https://idp.example.gov.cn' }),
      ).toBeNull();
      expect(check({ ...base, iss: 'https://evil.example' }, { issuer: 'https://idp.example.gov.cn' })).toBe(
        'INVALID_TOKEN',
      );
      expect(check(base, { issuer: 'https://idp.example.gov.cn' })).toBe('INVALID_TOKEN');
    });

    it('refuses a token that lives longer than allowed, counted from iat or from now', () => {
      const day = { maxLifetimeSeconds: 86_400 };
      expect(check({ ...base, iat: NOW - 100, exp: NOW + 86_000 }, day)).toBeNull();
      expect(check({ ...base, iat: NOW, exp: NOW + 7 * 86_400 }, day)).toBe('INVALID_TOKEN');
      expect(check({ ...base, exp: NOW + 2 * 86_400 }, day)).toBe('INVALID_TOKEN');
      expect(check({ ...base, exp: NOW + 2 * 86_400 }, { maxLifetimeSeconds: 0 })).toBeNull();
    });

    it('refuses aud and iss of the wrong shape whatever is configured', () => {
      expect(check({ ...base, aud: 42 }, {})).toBe('INVALID_TOKEN');
      expect(check({ ...base, aud: ['a', 7] }, {})).toBe('INVALID_TOKEN');
      expect(check({ ...base, iss: { url: 'x' } }, {})).toBe('INVALID_TOKEN');
    });
  });
});
