import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../../../config/app-config.js';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { CaseDomainEvent } from '../../../cases/domain/case-events.js';
import { takesPartSql } from '../../shared/department-scope.js';
import { signBody } from '../domain/signature.js';

/** Fan-out is serialised across nodes with this advisory lock, so per-case order survives several nodes. */
const FAN_OUT_LOCK = 0x7b_0007;
const BATCH = 50;
const MAX_BACKOFF_MS = 3_600_000;

interface Claimed {
  id: string;
  attempts: number;
  event_id: string;
  url: string;
  secret: string;
  type: string;
  seq: string;
  case_id: string | null;
  payload: Record<string, unknown>;
  occurred_at: Date;
}

/**
 * Outbox → webhooks, after commit. Two steps, each its own short transaction:
 * 1. fan-out: undispatched outbox rows (seq order) become one delivery per matching webhook;
 * 2. delivery: due deliveries are leased (locked_until) and POSTed outside any transaction. Only the
 *    earliest pending delivery of a (webhook, case) pair is eligible, so a receiver sees a case's events
 *    in order even while one of them is being retried. At-least-once: a crash after the POST and before
 *    the bookkeeping sends it again when the lease ends; receivers dedupe by event id.
 * Failures back off exponentially (WEBHOOK_RETRY_BASE_MS · 2^(n-1)); after WEBHOOK_MAX_ATTEMPTS the
 * delivery is dead-lettered (state 'dead', visible in GET /webhooks/{id}/deliveries) and the next goes on.
 */
@Injectable()
@EventsHandler(CaseDomainEvent)
export class WebhookDispatcher implements IEventHandler<CaseDomainEvent>, OnModuleDestroy {
  private readonly log = new Logger('WebhookDispatcher');
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly uow: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Committed case events wake the loop at once instead of at the next poll. */
  handle(): void {
    this.wake?.();
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop();
    this.log.log(`dispatching webhooks (poll ${this.config.webhookPollMs} ms)`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = null;
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** One pass; returns how much it did (tests and the loop use it). */
  async tick(): Promise<number> {
    return (await this.fanOut()) + (await this.deliverDue());
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let did = 0;
      try {
        did = await this.tick();
      } catch (e) {
        this.log.error(`webhook pass failed: ${(e as Error).message}`);
      }
      if (did === 0 && !this.stopping) await this.sleep(this.config.webhookPollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), ms);
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      this.wake = done;
    });
  }

  private fanOut(): Promise<number> {
    return this.uow.run(async (tx) => {
      const [lock] = await tx.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [FAN_OUT_LOCK]);
      if (!lock?.ok) return 0;
      const events = await tx.query<{ id: string }>(
        `SELECT id FROM outbox_event WHERE dispatched_at IS NULL ORDER BY seq LIMIT 500 FOR UPDATE SKIP LOCKED`,
      );
      if (events.length === 0) return 0;
      const ids = events.map((e) => e.id);
      // A webhook gets the events of cases its department takes part in (or all, for a centre-wide one).
      await tx.query(
        `INSERT INTO webhook_delivery (id, webhook_id, event_id, event_seq, event_type, case_id, next_attempt_at)
         SELECT gen_random_uuid(), w.id, o.id, o.seq, o.type, o.case_id, now()
         FROM outbox_event o
         LEFT JOIN approval_case c ON c.id = o.case_id
         JOIN webhook w ON w.deleted_at IS NULL AND o.type = ANY (w.events)
         WHERE o.id = ANY ($1::uuid[])
           AND (${takesPartSql('c', 'w.department')} OR o.payload ->> 'department' = w.department)
         ON CONFLICT (webhook_id, event_id) DO NOTHING`,
        [ids],
      );
      await tx.query('UPDATE outbox_event SET dispatched_at = now() WHERE id = ANY ($1::uuid[])', [ids]);
      return events.length;
    });
  }

  private async deliverDue(): Promise<number> {
    const leaseMs = this.config.webhookTimeoutMs * 2;
    const claimed = await this.uow.run((tx) =>
      tx.query<Claimed>(
        `WITH due AS (
           SELECT d.id FROM webhook_delivery d
           WHERE d.state = 'pending' AND d.next_attempt_at <= now()
             AND (d.locked_until IS NULL OR d.locked_until < now())
             AND NOT EXISTS (
               SELECT 1 FROM webhook_delivery e
               WHERE e.webhook_id = d.webhook_id AND e.case_id = d.case_id AND e.state = 'pending'
                 AND e.event_seq < d.event_seq)
           ORDER BY d.event_seq
           LIMIT $1
           FOR UPDATE OF d SKIP LOCKED)
         UPDATE webhook_delivery d
         SET locked_until = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1
         FROM due, webhook w, outbox_event o
         WHERE d.id = due.id AND w.id = d.webhook_id AND o.id = d.event_id
         RETURNING d.id, d.attempts, d.event_id, w.url, w.secret, o.type, o.seq, o.case_id, o.payload, o.occurred_at`,
        [BATCH, leaseMs],
      ),
    );
    await Promise.all(claimed.map((d) => this.send(d)));
    return claimed.length;
  }

  private async send(d: Claimed): Promise<void> {
    const body = JSON.stringify({
      id: d.event_id,
      type: d.type,
      seq: Number(d.seq),
      caseId: d.case_id,
      occurredAt: d.occurred_at.toISOString(),
      data: d.payload,
    });
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        body,
        redirect: 'manual', // a redirect must not carry our signed body somewhere else
        signal: AbortSignal.timeout(this.config.webhookTimeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Tongban-Webhooks/1',
          'x-tongban-event-id': d.event_id,
          'x-tongban-event-type': d.type,
          'x-tongban-delivery-id': d.id,
          'x-tongban-timestamp': new Date().toISOString(),
          'x-tongban-signature': signBody(d.secret, body),
        },
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      error = cause ?? (e as Error).message;
    }
    await this.record(d, status, error);
  }

  private async record(d: Claimed, status: number | null, error: string | null): Promise<void> {
    if (error === null) {
      await this.uow.query(
        `UPDATE webhook_delivery SET state = 'delivered', delivered_at = now(), last_status = $2, last_error = NULL,
           locked_until = NULL WHERE id = $1`,
        [d.id, status],
      );
      return;
    }
    const dead = d.attempts >= this.config.webhookMaxAttempts;
    const backoff = Math.min(this.config.webhookRetryBaseMs * 2 ** (d.attempts - 1), MAX_BACKOFF_MS);
    await this.uow.query(
      `UPDATE webhook_delivery SET state = $2, last_status = $3, last_error = $4, locked_until = NULL,
         next_attempt_at = now() + $5 * interval '1 millisecond' WHERE id = $1`,
      [d.id, dead ? 'dead' : 'pending', status, error.slice(0, 1000), backoff],
    );
  }
}
