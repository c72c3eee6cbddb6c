import { type ArgumentsHost, Catch } from '@nestjs/common';
import type { Response } from 'express';
import { ProblemFilter } from '../../../shared/errors/problem.filter.js';
import { sendCamundaJson } from './camunda-json.js';

/** Camunda 7's exception names by HTTP status, so Camunda clients classify our errors as they would theirs. */
const CAMUNDA_TYPES: Record<number, string> = {
  400: 'InvalidRequestException',
  401: 'AuthenticationException',
  403: 'AuthorizationException',
  404: 'RestException',
  409: 'BadUserRequestException',
};

/**
 * Errors on /engine-rest in Camunda's shape `{type, message}` plus our stable `code`, `status`,
 * `detail` and `errors` (ADR 0012): Camunda clients read `type`/`message`, our own tooling reads `code`.
 * A message that matched nothing is Camunda's 400 (MismatchingMessageCorrelationException), not our 404.
 */
@Catch()
export class CamundaErrorFilter extends ProblemFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(exception);
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
    sendCamundaJson(res, status, {
      type,
      message: problem.detail,
      code: problem.code,
      status,
      detail: problem.detail,
      ...(problem.errors ? { errors: problem.errors } : {}),
    });
  }
}
