import type { NextFunction, Request, Response } from 'express';
import type { Tracing } from './tracing.js';

/** Express middleware: one server span per request, named after its route once routing has found it. */
export function traceRequests(tracing: Tracing) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const span = tracing.startRequest(req.method, req.headers);
    res.once('close', () => {
      const route = (req.route as { path?: string } | undefined)?.path;
      span.end(route, res.headersSent ? res.statusCode : 499, req.requestId);
    });
    span.run(next);
  };
}
