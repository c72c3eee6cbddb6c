import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Principal } from '../auth/principal.js';

/** A caller's request id is kept when it is short and plain; anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    requestId?: string;
  }
}

/** Every answer carries `X-Request-Id`: the caller's when sane, else a new one (to quote in a support call). */
export function requestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
  req.requestId = id;
  res.setHeader('X-Request-Id', id);
  next();
}

/**
 * One access line per request, when the answer is sent (or the client goes away). No personal data:
 * the path without its query string (queries carry names and query codes), no headers, no body, no
 * client address; the caller only as its principal id and department.
 */
export function accessLog(log: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const start = process.hrtime.bigint();
    let done = false;
    const write = (aborted: boolean) => {
      if (done) return;
      done = true;
      const principal = (req as Request & { principal?: Principal }).principal;
      const status = aborted && !res.headersSent ? 499 : res.statusCode;
      const line = {
        requestId: req.requestId,
        method: req.method,
        path: (req.originalUrl ?? req.url).split('?')[0],
        route: (req.route as { path?: string } | undefined)?.path,
        status,
        durationMs: Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100,
        ...(principal ? { principal: principal.id, principalKind: principal.kind, dept: principal.dept } : {}),
      };
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      log[level](line, 'request');
    };
    res.on('finish', () => write(false));
    res.on('close', () => write(!res.writableFinished));
    next();
  };
}
