import type { NextFunction, Request, Response } from 'express';

/** `*` lets any origin call the API (bearer tokens, no cookies); a list names the allowed origins. */
export type CorsOrigins = '*' | readonly string[];

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOWED_HEADERS =
  'Authorization, Content-Type, Idempotency-Key, If-Match, If-None-Match, X-Api-Key, X-Request-Id';
// What a browser script may read from an answer, beyond the CORS-safelisted headers.
const EXPOSED_HEADERS = 'ETag, Idempotent-Replayed, Retry-After, Location, X-Request-Id';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * CORS for browser apps on other origins. It runs before everything else, so a preflight never
 * reaches the body parsers, the guards or the router: a preflight is always answered 204, with the
 * Access-Control headers only when the origin is allowed (the browser then refuses on its own).
 * No credentials mode: the API authenticates with a header, never with a cookie.
 */
export function cors(origins: CorsOrigins) {
  const allowed = origins === '*' ? null : new Set(origins);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (allowed) res.vary('Origin');
    const ok = typeof origin === 'string' && (allowed === null || allowed.has(origin));
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', allowed === null ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (!preflight) {
      next();
      return;
    }
    if (ok) {
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      res.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
      res.vary('Access-Control-Request-Headers');
    }
    res.status(204).setHeader('Content-Length', '0');
    res.end();
  };
}

/** CORS_ORIGINS: unset means `*` in development and none in production; `none` or empty means none. */
export function corsOriginsFrom(value: string | undefined, production: boolean): CorsOrigins {
  if (value === undefined) return production ? [] : '*';
  const list = value
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter((o) => o !== '' && o !== 'none');
  return list.includes('*') ? '*' : list;
}
