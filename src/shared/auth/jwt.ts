import { createHmac, createVerify, timingSafeEqual } from 'node:crypto';
import { ROLES } from './principal.js';

export interface JwtClaims {
  sub: string;
  name?: string;
  roles?: string[];
  dept?: string;
  region?: string;
  exp: number;
  nbf?: number;
  iat?: number;
  aud?: string | string[];
  iss?: string;
}

/** What the deployment requires of every token beyond signature and time (all optional). */
export interface JwtExpectations {
  /** `aud` must be this value or an array containing it (AUTH_JWT_AUDIENCE). */
  audience?: string;
  /** `iss` must be exactly this (AUTH_JWT_ISSUER). */
  issuer?: string;
  /** `exp` may lie at most this far after `iat` (or after now, without `iat`) (AUTH_MAX_TOKEN_LIFETIME_SECONDS). */
  maxLifetimeSeconds?: number;
}

export type JwtKey = { kind: 'hs256'; secret: string } | { kind: 'public'; pem: string };

/** Why a token was refused; the guard turns each into a coded 401. */
export type JwtFailure = 'INVALID_TOKEN' | 'TOKEN_EXPIRED' | 'TOKEN_NOT_YET_VALID';

export type JwtResult = { ok: true; claims: JwtClaims } | { ok: false; failure: JwtFailure; reason: string };

/** Longest token read at all: a real one is well under 2 KB; anything bigger is not parsed. */
export const MAX_TOKEN_CHARS = 8192;

/** Claim lengths: they end up in the timeline, the audit columns and every list filter. */
export const CLAIM_MAX_LENGTH = { sub: 200, name: 200, dept: 64, region: 64 } as const;
const MAX_ROLES = ROLES.length;

const b64url = (buf: Buffer | string): string => Buffer.from(buf).toString('base64url');

export function signHs256(claims: JwtClaims | Record<string, unknown>, secret: string): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

/**
 * Verifies the signature, the time claims (`exp` required, `nbf` honoured, both with `skewSeconds` of
 * tolerance), the shape of every claim the service reads, and what the deployment expects of `aud`,
 * `iss` and the token's lifetime. Never throws: any other input is a failure.
 */
export function verifyJwt(
  token: string,
  key: JwtKey,
  nowSeconds: number,
  skewSeconds = 0,
  expect: JwtExpectations = {},
): JwtResult {
  const invalid = (reason: string): JwtResult => ({ ok: false, failure: 'INVALID_TOKEN', reason });
  if (token.length > MAX_TOKEN_CHARS) return invalid(`the token is longer than ${MAX_TOKEN_CHARS} characters`);
  const parts = token.split('.');
  if (parts.length !== 3) return invalid('the token is not a signed JWT');
  const [head, body, sig] = parts as [string, string, string];
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    if (!isRecord(header) || !signatureOk(header.alg, `${head}.${body}`, sig, key)) {
      return invalid('the signature does not verify');
    }
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return invalid('the token cannot be read');
  }
  if (!isRecord(payload)) return invalid('the claims are not a JSON object');
  const shape = claimProblem(payload);
  if (shape) return invalid(shape);
  const claims = payload as unknown as JwtClaims;
  if (claims.exp + skewSeconds <= nowSeconds) {
    return { ok: false, failure: 'TOKEN_EXPIRED', reason: 'the token has expired' };
  }
  if (claims.nbf !== undefined && claims.nbf - skewSeconds > nowSeconds) {
    return { ok: false, failure: 'TOKEN_NOT_YET_VALID', reason: 'the token is not valid yet (nbf)' };
  }
  const unexpected = expectationProblem(claims, nowSeconds, skewSeconds, expect);
  return unexpected ? invalid(unexpected) : { ok: true, claims };
}

/** A token for another audience or from another issuer, or one that lives too long, is refused. */
function expectationProblem(c: JwtClaims, now: number, skew: number, expect: JwtExpectations): string | null {
  if (expect.audience !== undefined) {
    const aud = Array.isArray(c.aud) ? c.aud : c.aud === undefined ? [] : [c.aud];
    if (!aud.includes(expect.audience)) return `claim aud must name this service (${expect.audience})`;
  }
  if (expect.issuer !== undefined && c.iss !== expect.issuer) return `claim iss must be ${expect.issuer}`;
  if (expect.maxLifetimeSeconds !== undefined && expect.maxLifetimeSeconds > 0) {
    const from = c.iat ?? now;
    if (c.exp - from > expect.maxLifetimeSeconds + skew) {
      return `the token lives longer than the ${expect.maxLifetimeSeconds} s this service accepts`;
    }
  }
  return null;
}

/** The first claim that has the wrong type, length or value; null when all are as the service expects. */
function claimProblem(c: Record<string, unknown>): string | null {
  for (const [claim, max] of Object.entries(CLAIM_MAX_LENGTH)) {
    const v = c[claim];
    if (v === undefined && claim !== 'sub') continue;
    if (typeof v !== 'string' || v.trim() === '' || v.length > max) {
      return `claim ${claim} must be a non-empty string of at most ${max} characters`;
    }
  }
  if (!isNumericDate(c.exp)) return 'claim exp is required and must be a number (seconds since the epoch)';
  for (const claim of ['nbf', 'iat'] as const) {
    if (c[claim] !== undefined && !isNumericDate(c[claim])) return `claim ${claim} must be a number`;
  }
  if (c.iss !== undefined && (typeof c.iss !== 'string' || c.iss.length > 400)) return 'claim iss must be a string';
  const aud = c.aud;
  const audOk = (v: unknown) => typeof v === 'string' && v.length <= 400;
  if (aud !== undefined && !(audOk(aud) || (Array.isArray(aud) && aud.length <= 20 && aud.every(audOk)))) {
    return 'claim aud must be a string or an array of at most 20 strings';
  }
  const roles = c.roles;
  if (roles === undefined) return null;
  if (!Array.isArray(roles) || roles.length > MAX_ROLES) {
    return `claim roles must be an array of at most ${MAX_ROLES} roles`;
  }
  const unknown = roles.filter((r) => typeof r !== 'string' || !(ROLES as readonly string[]).includes(r));
  if (unknown.length > 0) return `claim roles has unknown roles (known: ${ROLES.join(', ')})`;
  return null;
}

function isNumericDate(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function signatureOk(alg: unknown, signed: string, sig: string, key: JwtKey): boolean {
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
