import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { AppError, type ProblemDetail } from './app-error.js';
import { DB_RETRY_AFTER_SECONDS, DB_UNAVAILABLE, isDatabaseUnavailable } from './database-unavailable.js';
import { describeError, pathOnly, stackFrames } from '../logging/redact.js';
import { engineErrorStatus } from './engine-error-status.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: ProblemDetail[];
  [key: string]: unknown;
}

const HTTP_CODES: Record<number, string> = {
  400: 'HTTP.BAD_REQUEST',
  408: 'HTTP.REQUEST_TIMEOUT',
  411: 'HTTP.LENGTH_REQUIRED',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'HTTP.NOT_FOUND',
  405: 'HTTP.METHOD_NOT_ALLOWED',
  406: 'HTTP.NOT_ACCEPTABLE',
  409: 'HTTP.CONFLICT',
  413: 'HTTP.PAYLOAD_TOO_LARGE',
  415: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
  422: 'HTTP.UNPROCESSABLE',
  429: 'HTTP.TOO_MANY_REQUESTS',
  431: 'HTTP.HEADERS_TOO_LARGE',
};

/** A status without its own code still gets one that matches CONTEXT.UPPER_SNAKE. */
function httpCode(status: number): string {
  return HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL.ERROR' : 'HTTP.CLIENT_ERROR');
}

/** Seconds a refused client should wait, when the refusal does not say (RFC 9110 §10.2.3). */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** PostgreSQL errors that bad input can provoke, mapped so they never surface as 500. */
const PG_CODES: Record<string, [number, string]> = {
  '22P02': [400, 'HTTP.INVALID_IDENTIFIER'],
  '22007': [400, 'HTTP.INVALID_DATE'],
  '22008': [400, 'HTTP.INVALID_DATE'],
  '22003': [400, 'HTTP.VALUE_OUT_OF_RANGE'],
  '23505': [409, 'HTTP.DUPLICATE'],
};

/** The single global filter: every error leaves as RFC 9457 application/problem+json, never with a stack. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const problem = this.toProblem(exception);
    problem.instance = req.originalUrl?.split('?')[0];
    if (problem.code === DB_UNAVAILABLE) {
      this.logger.warn(`${req.method} ${problem.instance}: database unavailable (${describeError(exception)})`);
    } else if (problem.status >= 500) {
      // Path only (query strings carry id numbers and query codes), and no query parameters or values.
      this.logger.error(
        `${req.method} ${pathOnly(req.originalUrl)}: ${describeError(exception)}`,
        stackFrames(exception),
      );
    }
    if (res.headersSent) return;
    if (problem.status === 429 || problem.status === 503) {
      const after = typeof problem.retryAfter === 'number' ? problem.retryAfter : DEFAULT_RETRY_AFTER_SECONDS;
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(after))));
    }
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(thrown: unknown): Problem {
    const e = unwrap(thrown);
    if (e instanceof URIError) return problem(400, 'HTTP.MALFORMED_URL', 'The URL has an invalid percent-encoding');
    if (e instanceof AppError) {
      return problem(e.status, e.code, e.message, e.errors, e.extra);
    }
    const engineStatus = engineErrorStatus(e);
    if (engineStatus) {
      const err = e as { code: string; message: string; elementId?: string };
      return problem(engineStatus, err.code, err.message, undefined, err.elementId ? { elementId: err.elementId } : {});
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const body = e.getResponse();
      const message = typeof body === 'object' && body && 'message' in body ? String(body.message) : e.message;
      return problem(status, httpCode(status), message);
    }
    const err = e as {
      type?: string;
      status?: number;
      code?: string;
      message?: string;
      driverError?: { code?: string };
    };
    // body-parser and multer errors carry their own status/type.
    if (err?.type === 'entity.too.large' || err?.code === 'LIMIT_FILE_SIZE') {
      return problem(413, 'HTTP.PAYLOAD_TOO_LARGE', 'The request body is larger than allowed');
    }
    if (err?.type === 'entity.parse.failed' || e instanceof SyntaxError)
      return problem(400, 'HTTP.MALFORMED_BODY', 'The request body is not valid JSON');
    if (typeof err?.code === 'string' && err.code.startsWith('LIMIT_')) {
      return problem(400, 'HTTP.BAD_UPLOAD', err.message ?? 'Bad upload');
    }
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      // body-parser's own messages quote the request (charset, encoding): a fixed text instead.
      const detail = err.type ? (STATUS_CODES[err.status] ?? 'Bad request') : (err.message ?? 'Bad request');
      return problem(err.status, httpCode(err.status), detail);
    }
    if (isDatabaseUnavailable(e)) {
      return problem(503, DB_UNAVAILABLE, 'The database is not available; retry the request shortly', undefined, {
        retryable: true,
        retryAfter: DB_RETRY_AFTER_SECONDS,
      });
    }
    const pg = PG_CODES[err?.driverError?.code ?? err?.code ?? ''];
    if (pg) return problem(pg[0], pg[1], 'The request contains a value the database cannot accept');
    return problem(500, 'INTERNAL.ERROR', 'An unexpected error occurred');
  }
}

/**
 * The Express adapter wraps errors raised before routing (body-parser's, a middleware's) in an
 * HttpException whose message quotes the input ("Unexpected token … in JSON at …"): the original
 * error, kept as the cause, is what decides the answer.
 */
function unwrap(e: unknown): unknown {
  if (!(e instanceof HttpException)) return e;
  const cause: unknown = e.cause;
  if (cause instanceof AppError || cause instanceof URIError) return cause;
  if (typeof cause === 'object' && cause !== null && ('type' in cause || cause instanceof SyntaxError)) return cause;
  return e;
}

export function problem(
  status: number,
  code: string,
  detail: string,
  errors?: ProblemDetail[],
  extra: Record<string, unknown> = {},
): Problem {
  // Extras first: they may add context but never replace the standard members.
  return {
    ...extra,
    type: `https://tongban.dev/problems/${code.toLowerCase().replace(/[._]/g, '-')}`,
    title: code,
    status,
    detail,
    code,
    ...(errors ? { errors } : {}),
  };
}
