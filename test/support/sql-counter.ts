import type { INestApplication } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';

export interface SqlCount {
  /** Messages sent to the server (each waits for its answer). */
  roundTrips: number;
  /** SQL statements in them (a simple-protocol message may carry several). */
  statements: number;
  sql: string[];
}

/**
 * Counts what the application sends to PostgreSQL: every query call on a pooled connection is one
 * round trip; its statements are counted from the results it answers with.
 */
export function sqlCounter(app: INestApplication): { measure<T>(work: () => Promise<T>): Promise<SqlCount> } {
  const pool = (app.get(DataSource).driver as unknown as { master: pg.Pool }).master;
  let current: SqlCount | null = null;
  const patched = new WeakSet<pg.PoolClient>();
  const count = (result: unknown): void => {
    if (current) current.statements += Array.isArray(result) ? result.length : 1;
  };
  pool.on('acquire', (client) => {
    if (patched.has(client)) return;
    patched.add(client);
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (current) {
        current.roundTrips += 1;
        const q = args[0];
        current.sql.push(typeof q === 'string' ? q : String((q as { text?: string }).text));
      }
      const cbAt = args.findIndex((a) => typeof a === 'function');
      if (cbAt >= 0) {
        const cb = args[cbAt] as (err: unknown, res: unknown) => void;
        args[cbAt] = (err: unknown, res: unknown) => {
          if (!err) count(res);
          cb(err, res);
        };
        return original(...args);
      }
      const out = original(...args) as Promise<unknown>;
      return out.then((res) => {
        count(res);
        return res;
      });
    };
  });
  return {
    async measure(work) {
      current = { roundTrips: 0, statements: 0, sql: [] };
      const seen = current;
      try {
        await work();
      } finally {
        current = null;
      }
      return seen;
    },
  };
}
