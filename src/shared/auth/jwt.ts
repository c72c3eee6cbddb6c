import { createHmac, createVerify, timingSafeEqual } from 'node:crypto';

export interface JwtClaims {
  sub: string;
  name?: string;
  roles?: string[];
  dept?: string;
  region?: string;
  exp?: number;
  iat?: number;
}

export type JwtKey = { kind: 'hs256'; secret: string } | { kind: 'public'; pem: string };

const b64url = (buf: Buffer | string): string => Buffer.from(buf).toString('base64url');

export function signHs256(claims: JwtClaims, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/** Verifies signature and expiry; returns null for anything that is not a valid token (never throws). */
export function verifyJwt(token: string, key: JwtKey, nowSeconds: number): JwtClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [head, body, sig] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
    if (!signatureOk(header.alg, `${head}.${body}`, sig, key)) return null;
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as JwtClaims;
    if (typeof claims.sub !== 'string' || claims.sub === '') return null;
    if (typeof claims.exp === 'number' && claims.exp < nowSeconds) return null;
    if (claims.roles !== undefined && !Array.isArray(claims.roles)) return null;
    return claims;
  } catch {
    return null;
  }
}

function signatureOk(alg: string | undefined, signed: string, sig: string, key: JwtKey): boolean {
  if (key.kind === 'hs256') {
    if (alg !== 'HS256') return false;
    const expected = createHmac('sha256', key.secret).update(signed).digest();
    const given = Buffer.from(sig, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  const algo = alg === 'RS256' ? 'RSA-SHA256' : alg === 'ES256' ? 'SHA256' : null;
  if (!algo) return false;
  const verifier = createVerify(algo).update(signed);
  return verifier.verify({ key: key.pem, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'));
}
