import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, type ProblemDetail } from './app-error.js';
import { describeError, pathOnly, stackFrames } from '../logging/redact.js';
import { engineErrorStatus } from './engine-error-status.js';

interface Problem {
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
};

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
    if (problem.status >= 500) {
      // Path only (query strings carry id numbers and query codes), and no query parameters or values.
      this.logger.error(
        `${req.method} ${pathOnly(req.originalUrl)}: ${describeError(exception)}`,
        stackFrames(exception),
      );
    }
    if (res.headersSent) return;
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(e: unknown): Problem {
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
      return problem(status, HTTP_CODES[status] ?? `HTTP.${status}`, message);
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
    if (err?.type === 'entity.parse.failed')
      return problem(400, 'HTTP.MALFORMED_BODY', 'The request body is not valid JSON');
    if (typeof err?.code === 'string' && err.code.startsWith('LIMIT_')) {
      return problem(400, 'HTTP.BAD_UPLOAD', err.message ?? 'Bad upload');
    }
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      return problem(err.status, HTTP_CODES[err.status] ?? `HTTP.${err.status}`, err.message ?? 'Bad request');
    }
    const pg = PG_CODES[err?.driverError?.code ?? err?.code ?? ''];
    if (pg) return problem(pg[0], pg[1], 'The request contains a value the database cannot accept');
    return problem(500, 'INTERNAL.ERROR', 'An unexpected error occurred');
  }
}

function problem(
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
