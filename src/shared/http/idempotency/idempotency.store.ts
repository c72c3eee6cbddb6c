import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { type Tx, UnitOfWork } from '../../../persistence/unit-of-work.js';
import type { StagedAnswer } from '../../db/tx.js';
import { ClockService } from '../../clock/clock.service.js';
import {
  IdempotencyAnsweredElsewhere,
  type IdempotentRequest,
  idempotentRequest,
  storedAnswer,
} from './idempotency.context.js';

export interface StoredAnswer {
  request_hash: string;
  status_code: number;
  response: unknown;
  withheld: string[];
}

const SWEEP_BATCH = 10_000;

/**
 * `idempotency_record`: one row per caller scope and key, written by the command's transaction
 * (a hook of the unit of work, just before COMMIT), so the answer and the command's changes commit
 * together or not at all. An expired row is taken over by a new request with the same key.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: ClockService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.uow.beforeCommit((tx, result) => this.recordInCommand(tx, result));
  }

  async find(scope: string, key: string): Promise<StoredAnswer | null> {
    const [row] = await this.uow.query<StoredAnswer>(
      `SELECT request_hash, status_code, response, withheld FROM idempotency_record
        WHERE scope = $1 AND key = $2 AND expires_at > $3`,
      [scope, key, this.clock.now()],
    );
    return row ?? null;
  }

  /**
   * Inserts the answer; false when an unexpired record for the key exists. A concurrent copy's
   * uncommitted row makes this wait for that transaction, then see its row (or take the key if it rolled back).
   */
  async insert(db: Tx, req: IdempotentRequest, answer: string): Promise<boolean> {
    const r = this.record(req, answer);
    const rows = await db.query(
      `INSERT INTO idempotency_record
         (scope, key, method, path, request_hash, status_code, response, withheld, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8, $9, $10)
       ON CONFLICT (scope, key) DO UPDATE SET
         method = excluded.method, path = excluded.path, request_hash = excluded.request_hash,
         status_code = excluded.status_code, response = excluded.response, withheld = excluded.withheld,
         created_at = excluded.created_at, expires_at = excluded.expires_at
       WHERE idempotency_record.expires_at <= $9
       RETURNING key`,
      [r.scope, r.key, r.method, r.path, r.requestHash, r.statusCode, r.response, r.withheld, r.createdAt, r.expiresAt],
    );
    return rows.length > 0;
  }

  private record(req: IdempotentRequest, answer: string): StagedAnswer {
    const now = this.clock.now();
    return {
      scope: req.scope,
      key: req.key,
      method: req.method,
      path: req.path,
      requestHash: req.hash,
      statusCode: req.status(),
      response: answer,
      withheld: req.withheld,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.idempotencyTtlHours * 3_600_000),
    };
  }

  async remove(scope: string, key: string): Promise<void> {
    await this.uow.query('DELETE FROM idempotency_record WHERE scope = $1 AND key = $2', [scope, key]);
  }

  /** Deletes expired records in batches; returns how many. */
  async sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.uow.query(
        `DELETE FROM idempotency_record WHERE ctid = ANY (ARRAY(
           SELECT ctid FROM idempotency_record WHERE expires_at <= $1 LIMIT ${SWEEP_BATCH}))
         RETURNING 1 AS gone`,
        [this.clock.now()],
      );
      total += rows.length;
      if (rows.length < SWEEP_BATCH) return total;
    }
  }

  /** The unit-of-work hook: the first transaction that commits during a keyed request stores its answer. */
  private async recordInCommand(tx: Tx, result: unknown): Promise<(() => void) | void> {
    const req = idempotentRequest.getStore();
    if (!req || !req.inCommand || req.recorded !== null) return;
    const answer = storedAnswer(result, req.withheld);
    if (tx.stageAnswer) {
      const committed = tx.stageAnswer(this.record(req, answer));
      return () => {
        req.recorded = committed();
      };
    }
    if (!(await this.insert(tx, req, answer))) throw new IdempotencyAnsweredElsewhere();
    return () => {
      req.recorded = answer;
    };
  }
}
