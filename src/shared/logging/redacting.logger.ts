import { ConsoleLogger } from '@nestjs/common';
import { redact } from './redact.js';

/**
 * The application's logger: Nest's console logger, with every message and parameter passed through
 * the redaction list first — whoever logs, whatever they log.
 */
export class RedactingLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    super.log(redact(message), ...rest.map((p) => redact(p)));
  }

  override error(message: unknown, ...rest: unknown[]): void {
    super.error(redact(message), ...rest.map((p) => redact(p)));
  }

  override warn(message: unknown, ...rest: unknown[]): void {
    super.warn(redact(message), ...rest.map((p) => redact(p)));
  }

  override debug(message: unknown, ...rest: unknown[]): void {
    super.debug(redact(message), ...rest.map((p) => redact(p)));
  }

  override verbose(message: unknown, ...rest: unknown[]): void {
    super.verbose(redact(message), ...rest.map((p) => redact(p)));
  }

  override fatal(message: unknown, ...rest: unknown[]): void {
    super.fatal(redact(message), ...rest.map((p) => redact(p)));
  }
}
