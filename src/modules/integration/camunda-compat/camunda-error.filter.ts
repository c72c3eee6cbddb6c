import { type ArgumentsHost, Catch, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ProblemFilter } from '../../../shared/errors/problem.filter.js';

/** Camunda 7's exception names by HTTP status, so Camunda clients classify our errors as they would theirs. */
const CAMUNDA_TYPES: Record<number, string> = {
  400: 'InvalidRequestException',
  401: 'AuthenticationException',
  403: 'AuthorizationException',
  404: 'RestException',
  409: 'BadUserRequestException',
};

/**
 * Errors on /engine-rest are problem+json whose `type` is Camunda's exception name (a relative URI
 * reference, so still RFC 9457) and which also carry Camunda's `message`: Camunda clients parse the
 * body whatever its media type and read `type`/`message`; our rule (a stable `code`) holds (ADR 0013).
 * A message that matched nothing is Camunda's 400 (MismatchingMessageCorrelationException), not our 404.
 */
@Catch()
export class CamundaErrorFilter extends ProblemFilter {
  private readonly log = new Logger('Errors');

  override catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const problem = this.toProblem(exception);
    if (problem.status >= 500) this.log.error(`${req.method} ${req.originalUrl}: ${String(exception)}`);
    if (res.headersSent) return;
    const status = problem.code === 'MESSAGE.NO_MATCH' ? 400 : problem.status;
    const type =
      problem.code === 'MESSAGE.NO_MATCH'
        ? 'MismatchingMessageCorrelationException'
        : (CAMUNDA_TYPES[status] ?? (status >= 500 ? 'ProcessEngineException' : 'RestException'));
    if (status === 429 || status === 503) {
      const after = typeof problem.retryAfter === 'number' ? problem.retryAfter : 60;
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(after))));
    }
    const body = {
      type,
      title: problem.code,
      status,
      detail: problem.detail,
      code: problem.code,
      message: problem.detail,
      instance: req.originalUrl?.split('?')[0],
      ...(problem.errors ? { errors: problem.errors } : {}),
    };
    res.status(status).type('application/problem+json').send(JSON.stringify(body));
  }
}
