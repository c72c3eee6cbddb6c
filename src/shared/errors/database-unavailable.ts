/**
 * Tells "the database cannot be reached right now" from every other failure, so a command that
 * meets an outage answers 503 `DB.UNAVAILABLE` with `Retry-After` instead of 500 `INTERNAL.ERROR`. The
 * client retries with the same `Idempotency-Key`: a command cut off during its COMMIT may have been
 * written (seen in a restart under load), and the key then answers from the stored answer.
 */
export const DB_UNAVAILABLE = 'DB.UNAVAILABLE';

/** Seconds a client should wait before retrying; about how long a PostgreSQL restart or fail-over takes. */
export const DB_RETRY_AFTER_SECONDS = 5;

/** Socket errors of a connection that could not be opened or was cut. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of an unavailable server: class 08 (connection exception), 57P01 admin_shutdown,
 * 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, recovering), 57P05
 * idle_session_timeout, 53300 too_many_connections.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P05', '53300']);

/** What node-postgres and its pool say when a connection ends or cannot be had in time. */
const MESSAGES = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Connection ended unexpectedly/i,
];

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 4) return false;
  const err = e as ErrorLike;
  if (typeof err.code === 'string') {
    if (SOCKET_CODES.has(err.code) || SQLSTATES.has(err.code) || /^08[0-9A-Z]{3}$/.test(err.code)) return true;
  }
  if (typeof err.message === 'string' && MESSAGES.some((m) => m.test(err.message as string))) return true;
  // TypeORM wraps the driver's error; Node wraps a failed connect to several addresses in an AggregateError.
  const inner = [err.driverError, err.cause, ...(Array.isArray(err.errors) ? (err.errors as unknown[]) : [])];
  return inner.some((x) => x !== e && isDatabaseUnavailable(x, depth + 1));
}
