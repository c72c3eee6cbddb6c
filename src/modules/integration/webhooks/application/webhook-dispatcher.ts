import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../../../../config/app-config.js';
import { CHANNEL_WEBHOOK, DbNotifications } from '../../../../persistence/db-notifications.js';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import { CaseDomainEvent } from '../../../cases/domain/case-events.js';
import { describeError } from '../../../../shared/logging/redact.js';
import { retryDelayMs } from '../domain/retry-policy.js';
import { signBody } from '../domain/signature.js';
import { type DeliveryError, sendWebhook } from '../domain/webhook-sender.js';

const BATCH = 50;

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
 * The deliveries that may go out (alias d): pending, and no earlier delivery of the same case to the
 * same webhook still pending — or dead, when a dead letter holds its case (WEBHOOK_DEAD_LETTER_HOLDS_CASE),
 * so a later event never silently overtakes one the receiver did not get.
 */
function eligibleSql(holdStates: string): string {
  return `d.state = 'pending' AND NOT EXISTS (
    SELECT 1 FROM webhook_delivery e
     WHERE e.webhook_id = d.webhook_id AND e.case_id = d.case_id AND e.state IN (${holdStates})
       AND e.event_seq < d.event_seq)`;
}

/**
 * Delivers webhook_delivery rows (ADR 0007, 0009). The rows are written by the command that emits the
 * event (a trigger on outbox_event). The command's transaction does not NOTIFY (that would serialise
 * every commit): after the commit, the node that ran it wakes its own dispatcher — or, if it runs
 * none (TONGBAN_RUN_WEBHOOKS=0), notifies its peers — when the event's type is subscribed at all.
 * This loop sleeps until such a wake-up, a notification (redeliver, skip, peers), the next retry
 * that falls due, or the safety poll (WEBHOOK_POLL_MS), so an idle node runs no queries.
 * Due deliveries are leased (locked_until, attempts + 1) with SKIP LOCKED and POSTed outside any
 * transaction; only the earliest of a (webhook, case) pair goes, so a case's events arrive in order.
 * At-least-once: a crash after the POST sends it again when the lease ends; receivers dedupe by event id.
 * Failures back off exponentially, capped at WEBHOOK_RETRY_MAX_DELAY_MS; a delivery is dead-lettered once
 * its next attempt would fall outside WEBHOOK_RETRY_BUDGET_MS (or after WEBHOOK_MAX_ATTEMPTS, if set).
 */
@Injectable()
@EventsHandler(CaseDomainEvent)
export class WebhookDispatcher implements IEventHandler<CaseDomainEvent>, OnModuleDestroy {
  private readonly log = new Logger('WebhookDispatcher');
  private running: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private wakeRequested = false;
  private unsubscribe: (() => void) | null = null;
  private readonly eligible: string;
  /** Event types some webhook subscribes to (refreshed on a subscription change or after the poll interval). */
  private types: Promise<Set<string>> | null = null;
  private typesAt = 0;
  private notifying = false;
  private notifyAgain = false;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly notifications: DbNotifications,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.eligible = eligibleSql(config.webhookDeadLetterHoldsCase ? `'pending', 'dead'` : `'pending'`);
  }

  /** A committed case event: wake whoever delivers it, if anything subscribes to its type. */
  handle(event: CaseDomainEvent): void {
    const dispatching = this.running !== null && !this.stopping;
    if (!dispatching && this.config.runWebhooks) return; // a dispatcher that is simply not started (tests)
    this.subscribedTypes()
      .then((types) => {
        if (!types.has(event.type)) return;
        if (dispatching) this.poke();
        else this.notifyPeers();
      })
      .catch((e: unknown) => this.log.warn(`webhook wake-up failed: ${String(e)}`));
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.unsubscribe = this.notifications.subscribe(CHANNEL_WEBHOOK, (payload) => {
      if (payload === 'subscriptions' || payload === '') this.types = null;
      this.poke();
    });
    this.running = this.loop();
    this.log.log(`dispatching webhooks (woken by the database; safety poll ${this.config.webhookPollMs} ms)`);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.poke();
    await this.running;
    this.running = null;
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** One pass: sends what is due; returns how many deliveries it attempted. */
  async tick(): Promise<number> {
    return this.deliverDue();
  }

  private subscribedTypes(): Promise<Set<string>> {
    if (!this.types || Date.now() - this.typesAt > this.config.webhookPollMs) {
      this.typesAt = Date.now();
      this.types = this.uow
        .query<{ t: string }>('SELECT DISTINCT unnest(events) AS t FROM webhook WHERE deleted_at IS NULL')
        .then((rows) => new Set(rows.map((r) => r.t)));
      this.types.catch(() => (this.types = null));
    }
    return this.types;
  }

  /** This node does not dispatch: tell the others, one NOTIFY at a time (bursts are coalesced). */
  private notifyPeers(): void {
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    this.notifyAgain = false;
    this.uow
      .query(`SELECT pg_notify('${CHANNEL_WEBHOOK}', 'deliveries')`)
      .catch((e: unknown) => this.log.warn(`could not notify the dispatchers: ${String(e)}`))
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain) this.notifyPeers();
      });
  }

  private poke(): void {
    this.wakeRequested = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      this.wakeRequested = false;
      let did = 0;
      let nextInMs: number | null = null;
      try {
        did = await this.tick();
        if (did === 0) nextInMs = await this.nextDueInMs();
      } catch (e) {
        this.log.error(`webhook pass failed: ${describeError(e)}`);
      }
      if (did > 0 || this.stopping || this.wakeRequested) continue;
      await this.sleep(Math.min(nextInMs ?? Infinity, this.config.webhookPollMs));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(), Math.max(0, ms));
      const done = (): void => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      this.wake = done;
    });
  }

  /** How long until the earliest delivery that could go out (a retry or an expired lease), or null. */
  private async nextDueInMs(): Promise<number | null> {
    const [r] = await this.uow.query<{ ms: string | null }>(
      `SELECT floor(extract(epoch FROM min(greatest(d.next_attempt_at, coalesce(d.locked_until, d.next_attempt_at)))
                 - clock_timestamp()) * 1000) AS ms
         FROM webhook_delivery d WHERE ${this.eligible}`,
    );
    return r?.ms == null ? null : Math.max(0, Number(r.ms)) + 5;
  }

  private async deliverDue(): Promise<number> {
    const leaseMs = this.config.webhookTimeoutMs * 2;
    const claimed = await this.uow.run((tx) =>
      tx.query<Claimed>(
        `WITH due AS (
           SELECT d.id FROM webhook_delivery d
           WHERE ${this.eligible} AND d.next_attempt_at <= now()
             AND (d.locked_until IS NULL OR d.locked_until < now())
           ORDER BY d.event_seq
           LIMIT $1
           FOR UPDATE OF d SKIP LOCKED)
         UPDATE webhook_delivery d
         SET locked_until = now() + $2 * interval '1 millisecond', attempts = d.attempts + 1,
             first_attempt_at = coalesce(d.first_attempt_at, now())
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
    const now = new Date();
    const result = await sendWebhook(
      d.url,
      body,
      {
        'content-type': 'application/json',
        'user-agent': 'Tongban-Webhooks/1',
        'x-tongban-event-id': d.event_id,
        'x-tongban-event-type': d.type,
        'x-tongban-delivery-id': d.id,
        'x-tongban-timestamp': now.toISOString(),
        'x-tongban-signature': signBody(d.secret, body, Math.floor(now.getTime() / 1000)),
      },
      { timeoutMs: this.config.webhookTimeoutMs, allowPrivate: this.config.webhookAllowPrivateTargets },
    );
    await this.record(d, result.status, result.error);
  }

  private async record(d: Claimed, status: number | null, error: DeliveryError | null): Promise<void> {
    if (error === null) {
      await this.uow.query(
        `UPDATE webhook_delivery SET state = 'delivered', delivered_at = now(), last_status = $2, last_error = NULL,
           locked_until = NULL WHERE id = $1`,
        [d.id, status],
      );
      return;
    }
    const c = this.config;
    const backoff = retryDelayMs(d.attempts, c);
    // Dead once the next attempt would fall outside the retry budget (counted from the first attempt,
    // so an event that waited behind an earlier one gets the whole budget) or, when
    // WEBHOOK_MAX_ATTEMPTS is set, after that many attempts.
    await this.uow.query(
      `UPDATE webhook_delivery SET
         state = CASE WHEN ($5::int > 0 AND attempts >= $5::int)
                        OR now() + $4 * interval '1 millisecond'
                           > coalesce(first_attempt_at, now()) + $6 * interval '1 millisecond'
                      THEN 'dead' ELSE 'pending' END,
         last_status = $2, last_error = $3, locked_until = NULL,
         next_attempt_at = now() + $4 * interval '1 millisecond'
       WHERE id = $1`,
      [d.id, status, error, backoff, c.webhookMaxAttempts, c.webhookRetryBudgetMs],
    );
  }
}
