import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type ProblemDetail } from './app-error.js';

function flatten(errors: ValidationError[], parent = ''): ProblemDetail[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      code: `VALIDATION.${rule.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`,
      message,
      path,
    }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/** class-validator with whitelisting; failures become VALIDATION.FAILED with one entry per problem. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => AppError.badRequest('VALIDATION.FAILED', 'The request is not valid', flatten(errors)),
  });
}
