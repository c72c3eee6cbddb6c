import { Injectable } from '@nestjs/common';
import { type Tx, UnitOfWork } from '../../../persistence/unit-of-work.js';

export interface JobRow {
  id: string;
  case_id: string | null;
  kind: string;
  element_id: string | null;
  due_at: Date;
  state: 'scheduled' | 'running' | 'done' | 'failed' | 'cancelled';
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: Date | null;
  last_error: string | null;
  payload: Record<string, unknown>;
  created_at: Date;
  done_at: Date | null;
}

const BACKOFF_BASE_MS = 1_000;
/** last_error of a job whose lease ran out: its node stopped (or crashed) during the run. */
export const LEASE_EXPIRED = 'lease expired: the node running the job stopped before it finished';
const BACKOFF_MAX_MS = 10 * 60_000;

/** Exponential back-off with ±20 % jitter, so a burst of failures does not retry in lock-step. */
export function backoffMs(attempts: number, random = Math.random()): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random));
}

/**
 * The SQL of the job table. Acquisition is `FOR UPDATE SKIP LOCKED`: any number of nodes poll the
 * same table, each row goes to one of them, and a lease (locked_until, database time) lets another
 * node take over a job whose node died mid-run.
 */
@Injectable()
export class JobStore {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Jobs whose node died (lease ran out). The run counted as an attempt when the job was acquired, so a
   * job that crashes its node on every run is `failed` once its attempts are used up (the caller raises
   * the incident) instead of being put back for ever; the others go back to the queue, due at once.
   */
  recoverExpiredLeases(kinds: string[], now: Date): Promise<JobRow[]> {
    return this.uow.run((tx) =>
      tx.query<JobRow>(
        `UPDATE job SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'scheduled' END,
                done_at = CASE WHEN attempts >= max_attempts THEN $2::timestamptz END,
                last_error = $3, locked_by = NULL, locked_until = NULL
          WHERE state = 'running' AND locked_until < clock_timestamp() AND kind = ANY($1::text[]) RETURNING *`,
        [kinds, now, LEASE_EXPIRED],
      ),
    );
  }

  /** When the runner should look again: the earliest due job (server clock) and lease end (ms from now). */
  async nextWake(kinds: string[]): Promise<{ dueAt: Date | null; leaseEndsInMs: number | null }> {
    const [r] = await this.uow.query<{ due: Date | null; lease_ms: string | null }>(
      `SELECT (SELECT min(due_at) FROM job WHERE state = 'scheduled' AND kind = ANY($1::text[])) AS due,
              (SELECT floor(extract(epoch FROM min(locked_until) - clock_timestamp()) * 1000)
                 FROM job WHERE state = 'running' AND kind = ANY($1::text[])) AS lease_ms`,
      [kinds],
    );
    return { dueAt: r?.due ?? null, leaseEndsInMs: r?.lease_ms == null ? null : Number(r.lease_ms) };
  }

  /** Jobs due by `dueBy` that some node (maybe this one) is running right now. */
  async countLeased(kinds: string[], dueBy: Date): Promise<number> {
    const [r] = await this.uow.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM job WHERE state = 'running' AND due_at <= $2 AND kind = ANY($1::text[])`,
      [kinds, dueBy],
    );
    return r?.n ?? 0;
  }

  acquire(kinds: string[], dueBy: Date, limit: number, node: string, leaseMs: number): Promise<JobRow[]> {
    return this.uow.run((tx) =>
      tx.query<JobRow>(
        `WITH picked AS (
           SELECT id FROM job WHERE state = 'scheduled' AND due_at <= $2 AND kind = ANY($1::text[])
            ORDER BY due_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         UPDATE job j SET state = 'running', locked_by = $4, attempts = j.attempts + 1,
                locked_until = clock_timestamp() + make_interval(secs => $5::double precision / 1000)
           FROM picked WHERE j.id = picked.id
         RETURNING j.*`,
        [kinds, dueBy, limit, node, leaseMs],
      ),
    );
  }

  /** Inside the transaction that did the job's work, so "done" and its effects commit together. */
  async markDone(tx: Tx, id: string, at: Date, note: string | null = null): Promise<void> {
    await tx.query(
      `UPDATE job SET state = 'done', done_at = $2, locked_until = NULL, last_error = coalesce($3, last_error)
        WHERE id = $1`,
      [id, at, note],
    );
  }

  async markDoneAlone(id: string, note: string): Promise<void> {
    await this.uow.run((tx) => this.markDone(tx, id, new Date(), note));
  }

  /** Back to the queue after a back-off, or `failed` after the last attempt; returns the new state. */
  async fail(job: JobRow, node: string, error: string, now: Date): Promise<'scheduled' | 'failed' | null> {
    const retryAt = new Date(now.getTime() + backoffMs(job.attempts));
    const [row] = await this.uow.run((tx) =>
      tx.query<{ state: 'scheduled' | 'failed' }>(
        `UPDATE job SET state = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'scheduled' END,
                due_at = CASE WHEN attempts >= max_attempts THEN due_at ELSE $3 END,
                done_at = CASE WHEN attempts >= max_attempts THEN $5::timestamptz END,
                last_error = $4, locked_by = NULL, locked_until = NULL
          WHERE id = $1 AND state = 'running' AND locked_by = $2 RETURNING state`,
        [job.id, node, retryAt, error.slice(0, 2000), now],
      ),
    );
    return row?.state ?? null;
  }

  find(id: string): Promise<JobRow | undefined> {
    return this.uow.query<JobRow>('SELECT * FROM job WHERE id = $1', [id]).then((r) => r[0]);
  }

  /** An admin's retry of a failed job: a fresh set of attempts, due now. */
  async retry(id: string, now: Date): Promise<JobRow | undefined> {
    const [row] = await this.uow.run((tx) =>
      tx.query<JobRow>(
        `UPDATE job SET state = 'scheduled', attempts = 0, due_at = $2, done_at = NULL, locked_by = NULL, locked_until = NULL
          WHERE id = $1 AND state = 'failed' RETURNING *`,
        [id, now],
      ),
    );
    return row;
  }

  list(filter: { state?: string; caseId?: string; kind?: string }, limit: number, offset: number): Promise<JobRow[]> {
    return this.uow.query<JobRow>(
      `SELECT * FROM job WHERE ($1::text IS NULL OR state = $1) AND ($2::uuid IS NULL OR case_id = $2)
          AND ($3::text IS NULL OR kind = $3)
        ORDER BY due_at DESC, id LIMIT $4 OFFSET $5`,
      [filter.state ?? null, filter.caseId ?? null, filter.kind ?? null, limit, offset],
    );
  }

  async count(filter: { state?: string; caseId?: string; kind?: string }): Promise<number> {
    const [r] = await this.uow.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM job WHERE ($1::text IS NULL OR state = $1) AND ($2::uuid IS NULL OR case_id = $2)
          AND ($3::text IS NULL OR kind = $3)`,
      [filter.state ?? null, filter.caseId ?? null, filter.kind ?? null],
    );
    return r?.n ?? 0;
  }
}
