import { ParseUUIDPipe } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';

/** `@Param('id', uuidParam)`: a malformed id is a 400 with a code, not a database error. */
export const uuidParam = new ParseUUIDPipe({
  exceptionFactory: () => AppError.badRequest('HTTP.INVALID_IDENTIFIER', 'The id must be a UUID'),
});
