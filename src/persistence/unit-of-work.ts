import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import type { Tx } from '../shared/db/tx.js';

export type { Tx };

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const MAX_ATTEMPTS = 8;

/**
 * One database transaction per command (Camunda's CommandContext). Serialization failures and
 * deadlocks are retried here with jittered back-off, so callers never see a conflict they did not cause.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger('UnitOfWork');
  onRetry: () => void = () => undefined;

  constructor(private readonly db: DataSource) {}

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction((em) => work(wrap(em)));
      } catch (e) {
        const code =
          (e as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (e as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
        this.onRetry();
        this.logger.debug(`retrying after ${code} (attempt ${attempt})`);
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      }
    }
  }

  /** Outside a transaction, for reads. */
  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    const runner = this.db.createQueryRunner();
    try {
      return (await runner.query(sql, params, true)).records as T[];
    } finally {
      await runner.release();
    }
  }
}

/** Always the rows (TypeORM returns [rows, count] for UPDATE/DELETE unless asked for a structured result). */
function wrap(em: EntityManager): Tx {
  const runner = em.queryRunner;
  if (!runner) throw new Error('a transaction has a query runner');
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await runner.query(sql, params, true)).records as T[],
  };
}
