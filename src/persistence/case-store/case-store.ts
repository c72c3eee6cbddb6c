import { Injectable, Logger } from '@nestjs/common';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import type { CaseLockTarget, CaseTx, LockedCase } from '../../modules/cases/domain/case-port.js';
import type { CaseChangeSet } from '../../modules/cases/domain/change-set.js';
import type { TaskRow } from '../../modules/tasks/domain/task-row.js';
import type { StagedAnswer } from '../../shared/db/tx.js';
import { IdempotencyAnsweredElsewhere } from '../../shared/http/idempotency/idempotency.context.js';
import { Tracing } from '../../shared/tracing/tracing.js';
import { withCaseNumbers } from '../../modules/cases/domain/case-number.js';
import { UnitOfWork } from '../unit-of-work.js';
import { CASE_COLUMNS, toCaseRow, toTaskRow, WORK_ITEM_COLUMNS } from './case-records.js';

const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected
const MAX_ATTEMPTS = 8;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Raised by tb_write_command when another request's answer holds the Idempotency-Key. */
const ANSWERED_ELSEWHERE = 'TB409';
const CASE_SELECT = `SELECT ${CASE_COLUMNS.join(', ')} FROM approval_case`;
const ITEM_SELECT = `SELECT ${WORK_ITEM_COLUMNS.join(', ')} FROM work_item`;

/** An external task locked for a worker, with what the worker needs of its case. */
export interface LockedExternalTask {
  task: TaskRow;
  businessKey: string | null;
  department: string;
  variables: Record<string, unknown>;
}

/**
 * The one owner of the case write model (ADR 0012): the only code that writes approval_case,
 * work_item, job, case_event, outbox_event, message_subscription rows and supervision alerts for case
 * commands. A command costs two round trips: `BEGIN` and the locking read go in one message, the
 * change sets and `COMMIT` in another. It talks to `pg` directly (the pool TypeORM holds), so no
 * ORM bookkeeping sits on the hot path.
 */
@Injectable()
export class CaseStore {
  private readonly logger = new Logger('CaseStore');
  onRetry: () => void = () => undefined;

  constructor(
    private readonly db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly tracing: Tracing,
  ) {}

  /**
   * Runs `work` in one transaction; a serialization failure or deadlock re-runs it with fresh reads.
   * The unit of work's before-commit hooks (the idempotency record, ADR 0005) run in it, just before
   * the final write; what they return runs once it has committed.
   */
  async transaction<T>(work: (t: CaseTransaction) => Promise<T>): Promise<T> {
    // A command span of its own only when no command encloses it (ADR 0014).
    return this.tracing.command('CaseTransaction', {}, () => this.attempts(work));
  }

  private async attempts<T>(work: (t: CaseTransaction) => Promise<T>): Promise<T> {
    const outermost = this.uow.isOutermost();
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool().connect();
      // pg-pool removes its error listener from a client it hands out: a connection the server ends
      // between two statements (a restart, pg_terminate_backend) would raise an unhandled 'error' and
      // crash the process. Kept here instead, it fails the next statement and the client is discarded.
      let lost: Error | undefined;
      const onLost = (e: Error): void => {
        lost = e;
      };
      client.on('error', onLost);
      const t = new CaseTransaction(client, this.tracing);
      if (attempt > 1) this.tracing.annotateCommand({ 'tongban.attempts': attempt });
      let broken: Error | undefined;
      try {
        const out = await this.uow.within(() => work(t));
        const committed = outermost ? await this.uow.runBeforeCommit(t, out) : [];
        await t.commit();
        for (const after of committed) after();
        return out;
      } catch (e) {
        broken = await t.rollback();
        const code = (e as { code?: unknown }).code;
        if (typeof code !== 'string' || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw e;
        this.onRetry();
        this.logger.debug(`retrying after ${code} (attempt ${attempt})`);
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
      } finally {
        client.off('error', onLost);
        client.release(broken ?? lost);
      }
    }
  }

  /**
   * Locks up to `maxTasks` open external tasks of the given topics for one worker, in one statement
   * (FOR UPDATE SKIP LOCKED: competing workers each get different tasks). Tasks that exhausted their
   * retries and tasks of ended or suspended cases are not handed out.
   */
  async lockExternalTasks(q: {
    topics: { topic: string; lockDurationMs: number }[];
    now: Date;
    department: string | null;
    maxTasks: number;
    workerId: string;
  }): Promise<LockedExternalTask[]> {
    const topics = q.topics.map((t) => t.topic);
    const { rows } = await this.roundTrip('lock external tasks', () =>
      this.pool().query(
        `WITH picked AS (
         SELECT w.id FROM work_item w JOIN approval_case c ON c.id = w.case_id
         WHERE w.kind = 'external' AND w.state = 'open' AND w.topic = ANY ($1::text[])
           AND (w.lock_expires_at IS NULL OR w.lock_expires_at <= $2)
           AND (w.retries IS NULL OR w.retries > 0)
           AND c.ended_at IS NULL AND c.status <> 'SUSPENDED'
           AND ($3::text IS NULL OR c.department = $3 OR $3 = ANY (w.candidate_departments))
         ORDER BY w.seq
         LIMIT $4
         FOR UPDATE OF w SKIP LOCKED),
       durations AS (SELECT * FROM unnest($5::text[], $6::bigint[]) AS d (topic, ms))
       UPDATE work_item w
       SET worker_id = $7,
           lock_expires_at = $2::timestamptz + (SELECT max(d.ms) FROM durations d WHERE d.topic = w.topic) * interval '1 millisecond'
       FROM picked, approval_case c
       WHERE w.id = picked.id AND c.id = w.case_id
       RETURNING ${WORK_ITEM_COLUMNS.map((c) => `w.${c}`).join(', ')}, c.business_key, c.department,
         c.engine_state -> 'variables' AS variables`,
        [topics, q.now, q.department, q.maxTasks, topics, q.topics.map((t) => t.lockDurationMs), q.workerId],
      ),
    );
    return rows.map((raw: Record<string, unknown>) => ({
      task: toTaskRow(raw),
      businessKey: typeof raw.business_key === 'string' ? raw.business_key : null,
      department: String(raw.department),
      variables: (raw.variables ?? {}) as Record<string, unknown>,
    }));
  }

  private roundTrip<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return traceRoundTrip(this.tracing, operation, fn);
  }

  private pool(): pg.Pool {
    return (this.db.driver as unknown as { master: pg.Pool }).master;
  }
}

/**
 * One command's transaction. `BEGIN` is sent with the first statement; change sets are staged and
 * written with `COMMIT`. `query` is there for the rare step that must read in the middle.
 */
export class CaseTransaction implements CaseTx {
  private begun = false;
  private done = false;
  private staged: CaseChangeSet[] = [];
  private answer: StagedAnswer | null = null;
  /** Case numbers taken by the write, by the placeholder the plan used. */
  readonly caseNumbers = new Map<string, string>();

  constructor(
    private readonly client: pg.PoolClient,
    private readonly tracing: Tracing,
  ) {}

  async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    await this.begin();
    return (await this.roundTrip('query', () => this.client.query(sql, params))).rows as T[];
  }

  /** Locks the case row (FOR UPDATE) and reads its open work items (and the named one) in one round trip. */
  async lock(target: CaseLockTarget): Promise<LockedCase | null> {
    const id = 'caseId' in target ? target.caseId : target.taskId;
    if (!UUID.test(id)) return null;
    const lit = this.client.escapeLiteral(id);
    let caseIdSql: string;
    let itemFilter: string;
    if ('caseId' in target) {
      caseIdSql = lit;
      itemFilter = `state = 'open'`;
    } else {
      const kind = target.kind ? ` AND kind = ${this.client.escapeLiteral(target.kind)}` : '';
      caseIdSql = `(SELECT case_id FROM work_item WHERE id = ${lit}${kind})`;
      itemFilter = `(state = 'open' OR id = ${lit})`;
    }
    // Two statements, so the items are read with a snapshot taken after the lock was granted. The
    // case's items are found through work_item_case alone (OFFSET 0 keeps the filter outside): given
    // the filter, the planner would also scan a partial index of every open item in the system.
    const sql = [
      this.begun ? '' : 'BEGIN;',
      `${CASE_SELECT} WHERE id = ${caseIdSql} FOR UPDATE;`,
      `SELECT * FROM (${ITEM_SELECT} WHERE case_id = ${caseIdSql} OFFSET 0) w WHERE ${itemFilter} ORDER BY seq`,
    ].join(' ');
    const results = (await this.roundTrip('lock', () => this.client.query(sql))) as unknown as pg.QueryResult[];
    this.begun = true;
    const [caseResult, itemResult] = results.slice(-2);
    const raw = caseResult?.rows[0] as Record<string, unknown> | undefined;
    if (!raw) return null;
    this.tracing.annotateCommand({ 'tongban.case.id': String(raw.id) });
    return { row: toCaseRow(raw), items: (itemResult?.rows ?? []).map((r) => toTaskRow(r as Record<string, unknown>)) };
  }

  /** Queues a command's change set; it is written with the commit (or by `flush`). */
  stage(changes: CaseChangeSet): void {
    this.staged.push(changes);
  }

  /** Writes what is staged now, for a step that must read its own writes (rare: see ADR 0012). */
  async flush(): Promise<void> {
    if (this.staged.length === 0) return;
    await this.write('');
  }

  stageAnswer(answer: StagedAnswer): () => string {
    this.answer = answer;
    return () => withCaseNumbers(answer.response, this.caseNumbers);
  }

  async commit(): Promise<void> {
    if (this.staged.length > 0 || this.answer) await this.write(' COMMIT', this.answer);
    else if (this.begun) await this.roundTrip('commit', () => this.client.query('COMMIT'));
    this.done = true;
  }

  /** Rolls back if a transaction is open; returns the error that makes the connection unusable, if any. */
  async rollback(): Promise<Error | undefined> {
    if (!this.begun || this.done) return undefined;
    this.done = true;
    try {
      await this.roundTrip('rollback', () => this.client.query('ROLLBACK'));
      return undefined;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }

  private roundTrip<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return traceRoundTrip(this.tracing, operation, fn);
  }

  private async begin(): Promise<void> {
    if (this.begun) return;
    await this.roundTrip('begin', () => this.client.query('BEGIN'));
    this.begun = true;
  }

  /** Writes the staged change sets (and the idempotency answer, with the last write) in one message. */
  private async write(tail: string, answer: StagedAnswer | null = null): Promise<void> {
    const sets = this.staged;
    this.staged = [];
    // A number taken by an earlier write of this transaction replaces its placeholder here too.
    const json = this.client.escapeLiteral(withCaseNumbers(JSON.stringify(sets), this.caseNumbers));
    // The function fills in the numbers it takes; ones taken by an earlier flush are filled in here.
    const stored = answer && { ...answer, response: withCaseNumbers(answer.response, this.caseNumbers) };
    const call = stored
      ? `tb_write_command(${json}::jsonb, ${this.client.escapeLiteral(JSON.stringify(stored))}::jsonb)`
      : `tb_write_cases(${json}::jsonb)`;
    const sql = `${this.begun ? '' : 'BEGIN; '}SELECT ${call} AS numbers;${tail}`;
    this.begun = true;
    const out = (await this.roundTrip(tail ? 'write and commit' : 'write', () =>
      this.client.query(sql).catch((e: unknown) => {
        throw (e as { code?: unknown }).code === ANSWERED_ELSEWHERE ? new IdempotencyAnsweredElsewhere() : e;
      }),
    )) as unknown as pg.QueryResult | pg.QueryResult[];
    const results = Array.isArray(out) ? out : [out];
    const select = results.find((r) => r.command === 'SELECT');
    const numbers = (select?.rows[0] as { numbers?: Record<string, string> } | undefined)?.numbers ?? {};
    for (const [placeholder, no] of Object.entries(numbers)) this.caseNumbers.set(placeholder, no);
  }
}

/**
 * One span per SQL round trip (ADR 0014): the operation's name, never the statement — the change set's
 * JSON is written inline and holds applicants' data.
 */
function traceRoundTrip<T>(tracing: Tracing, operation: string, fn: () => Promise<T>): Promise<T> {
  if (!tracing.enabled) return fn();
  return tracing.span(`sql ${operation}`, { 'db.system.name': 'postgresql', 'db.operation.name': operation }, fn);
}
