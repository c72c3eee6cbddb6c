import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

import type { Tx } from '../shared/db/tx.js';

export type { Tx };

/**
 * Runs inside a command's transaction after its work, just before COMMIT, with what the work returned.
 * It may write more rows (the idempotency record); throwing rolls the whole transaction back. What it
 * returns is called once the transaction has committed (never for an attempt that rolled back).
 */
export type BeforeCommit = (tx: Tx, result: unknown) => Promise<(() => void) | void>;

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const MAX_ATTEMPTS = 8;

/**
 * One database transaction per command (Camunda's CommandContext). Serialization failures and
 * deadlocks are retried here with jittered back-off, so callers never see a conflict they did not cause.
 */
@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger('UnitOfWork');
  private readonly hooks: BeforeCommit[] = [];
  /** Set while a transaction's work runs: a transaction opened inside it is not the command's own. */
  private readonly open = new AsyncLocalStorage<true>();
  onRetry: () => void = () => undefined;

  constructor(private readonly db: DataSource) {}

  /** Registers a hook for every outermost transaction (see {@link BeforeCommit}). */
  beforeCommit(hook: BeforeCommit): void {
    this.hooks.push(hook);
  }

  /** For a transaction another store runs (the case store): is it a command's own, outermost one? */
  isOutermost(): boolean {
    return this.open.getStore() === undefined;
  }

  /** Runs a command's work marked as inside its transaction (a transaction opened within is not outermost). */
  within<T>(work: () => Promise<T>): Promise<T> {
    return this.open.run(true, work);
  }

  /** Runs the before-commit hooks in another store's transaction; returns what to call once committed. */
  async runBeforeCommit(tx: Tx, result: unknown): Promise<(() => void)[]> {
    const committed: (() => void)[] = [];
    for (const hook of this.hooks) {
      const after = await hook(tx, result);
      if (after) committed.push(after);
    }
    return committed;
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const outermost = this.open.getStore() === undefined;
    for (let attempt = 1; ; attempt++) {
      const committed: (() => void)[] = [];
      try {
        const result = await this.db.transaction((em) =>
          this.open.run(true, async () => {
            const tx = wrap(em);
            const out = await work(tx);
            if (outermost) {
              for (const hook of this.hooks) {
                const after = await hook(tx, out);
                if (after) committed.push(after);
              }
            }
            return out;
          }),
        );
        for (const after of committed) after();
        return result;
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
