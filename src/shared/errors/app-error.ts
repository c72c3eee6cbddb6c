/** One problem inside a validation error: what is wrong, and where (a JSON path or a BPMN element id). */
export interface ProblemDetail {
  code: string;
  message: string;
  path?: string;
  elementId?: string;
}

/**
 * An expected failure with a stable code (`CONTEXT.UPPER_SNAKE`). Handlers throw these; the global
 * filter turns them into RFC 9457 problem+json. Controllers never catch.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly errors?: ProblemDetail[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(code: string, message: string): AppError {
    return new AppError(code, 404, message);
  }

  static conflict(code: string, message: string, extra?: Record<string, unknown>): AppError {
    return new AppError(code, 409, message, undefined, extra);
  }

  static invalid(code: string, message: string, errors?: ProblemDetail[]): AppError {
    return new AppError(code, 422, message, errors);
  }

  static badRequest(code: string, message: string, errors?: ProblemDetail[]): AppError {
    return new AppError(code, 400, message, errors);
  }

  static forbidden(code: string, message: string): AppError {
    return new AppError(code, 403, message);
  }
}
