import { Logger as NestLogger } from '@nestjs/common';
import type { Logger } from 'typeorm';
import { describeError, scrubText } from '../shared/logging/redact.js';

const SQL_CHARS = 300;
const sqlHead = (sql: string): string => scrubText(sql.replace(/\s+/g, ' ').trim().slice(0, SQL_CHARS));

/**
 * TypeORM's log, through the application logger, without query parameters: they are the applicant's
 * id number, phone and address, query codes, webhook secrets. A failed query is logged by its SQL text
 * (parameterised, so it holds no values), the error class and the PostgreSQL code.
 */
export class DatabaseLogger implements Logger {
  private readonly out = new NestLogger('Database');

  logQuery(): void {
    // Every query would be too much, and its parameters are exactly what must not be logged.
  }

  logQueryError(error: string | Error, query: string): void {
    this.out.warn(`query failed: ${describeError(error)} — ${sqlHead(query)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.out.warn(`slow query (${time} ms): ${sqlHead(query)}`);
  }

  logSchemaBuild(): void {
    // Not used: the schema comes from migrations only.
  }

  logMigration(): void {
    // Start-up reports the migrations it applied itself.
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level !== 'warn') return;
    this.out.warn(typeof message === 'string' ? scrubText(message) : describeError(message));
  }
}
