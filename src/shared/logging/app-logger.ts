import { createRequire } from 'node:module';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { redact } from './redact.js';

/** LOG_LEVEL names (Nest's) mapped to pino's. */
const PINO_LEVEL = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;

/**
 * Nest's own start-up chatter: one line per module and per route (about a hundred). The phases are
 * logged by the bootstrap instead; these contexts still log their warnings and errors.
 */
const QUIET_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

export interface AppLoggerOptions {
  level: keyof typeof PINO_LEVEL;
  /** Where lines go: stdout by default; tests pass a stream of their own. */
  destination?: DestinationStream;
  /** Pretty, coloured lines for a person at a terminal; JSON (one object a line) everywhere else. */
  pretty?: boolean;
}

/**
 * The application's logger: pino, one JSON object per line, written synchronously so the last line before an exit is not lost (no colour codes in log files), readable
 * lines only on a terminal. It is Nest's LoggerService too, so framework messages go the same way,
 * and every message and parameter passes the redaction list (redact.ts) first, whoever logs.
 */
export class AppLogger implements LoggerService {
  readonly pino: Logger;

  constructor(options: AppLoggerOptions) {
    const base: LoggerOptions = {
      level: PINO_LEVEL[options.level],
      base: { service: 'tongban' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    };
    const pretty = options.destination === undefined && (options.pretty ?? process.stdout.isTTY === true);
    const prettyStream = pretty ? prettyDestination() : undefined;
    this.pino = pino(base, options.destination ?? prettyStream ?? pino.destination({ dest: 1, sync: true }));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  setLogLevels(levels: LogLevel[]): void {
    const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((l) => levels.includes(l));
    if (lowest) this.pino.level = lowest === 'fatal' ? 'fatal' : PINO_LEVEL[lowest];
  }

  /** Nest calls with (message, context) or (message, stack, context) for errors. */
  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    if (context && QUIET_CONTEXTS.has(context) && (level === 'info' || level === 'debug' || level === 'trace')) return;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? (redact(rest[0]) as string) : undefined;
    const fields = { ...(context ? { context } : {}), ...(stack ? { stack } : {}) };
    const clean = redact(message);
    if (typeof clean === 'object' && clean !== null) this.pino[level]({ ...fields, ...clean });
    else this.pino[level](fields, String(clean));
  }
}

/** pino-pretty when it is installed (a development dependency); JSON otherwise. */
function prettyDestination(): DestinationStream | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pretty = require('pino-pretty') as (o: object) => DestinationStream;
    return pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
  } catch {
    return undefined;
  }
}
