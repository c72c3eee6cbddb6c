import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../../persistence/unit-of-work.js';
import type { Tx } from '../../../../shared/db/tx.js';
import { ClockService } from '../../../../shared/clock/clock.service.js';
import { DefinitionModels } from '../../../definitions/application/definition-models.js';
import { MetricsRegistry } from '../../../health/metrics.registry.js';
import { takesPartSql } from '../../shared/department-scope.js';
import {
  type BroadcastRow,
  type FanOutResult,
  JOB_KIND_SIGNAL_DELIVER,
  JOB_KIND_SIGNAL_START,
  type SignalStart,
} from '../domain/signal-broadcast.js';

/**
 * The fan-out of a broadcast (ADR 0020): in one transaction, one `signal.deliver` job per subscribed
 * case (with the ids of its subscriptions open when the broadcast was made) and one `signal.start` job
 * per process whose latest version starts on the signal. Nothing here touches a case: each delivery is
 * a command of its own case, so a broadcast to 10,000 cases is 10,000 short transactions on any node,
 * never one long one. A broadcast fans out once (fanned_out_at, under its row lock).
 */
@Injectable()
export class SignalFanOut {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly models: DefinitionModels,
    private readonly clock: ClockService,
    private readonly metrics: MetricsRegistry,
  ) {}

  /** Processes whose latest version has a signal start event of that name (compiled models are cached). */
  async startsFor(name: string): Promise<SignalStart[]> {
    // A text prefilter on the XML, so only candidate definitions are compiled.
    const rows = await this.uow.query<{ id: string }>(
      `SELECT id FROM (SELECT DISTINCT ON (key) id, xml FROM process_definition ORDER BY key, version DESC) latest
       WHERE position($1 in xml) > 0`,
      [name],
    );
    const out: SignalStart[] = [];
    for (const { id } of rows) {
      const { model } = await this.models.byId(id);
      const event = model.signalStartEvents.find((e) => e.signalName === name);
      if (event) out.push({ definitionId: id, startEventId: event.id });
    }
    return out;
  }

  /** Fans a broadcast out in the given transaction; a second call answers what the first found. */
  async fanOut(tx: Tx, broadcastId: string): Promise<FanOutResult> {
    const [b] = await tx.query<BroadcastRow>('SELECT * FROM signal_broadcast WHERE id = $1 FOR UPDATE', [broadcastId]);
    if (!b) throw new Error(`no signal broadcast ${broadcastId}`);
    if (b.fanned_out_at)
      return { cases: b.cases ?? 0, subscriptions: b.subscriptions ?? 0, startEvents: b.start_events ?? 0 };
    const now = this.clock.now();
    // Subscriptions open when the broadcast was made (same database clock), of running, unsuspended cases
    // the broadcasting department takes part in (no scope: every case). A case that threw the signal was
    // reached by its own throw, in that command (engine: throwSignal).
    const [reached] = await tx.query<{ cases: string; subscriptions: string }>(
      `WITH subs AS (
         SELECT s.case_id, array_agg(s.id ORDER BY s.created_at, s.id) AS ids
           FROM signal_subscription s JOIN approval_case c ON c.id = s.case_id
          WHERE s.signal_name = $1 AND s.created_at <= $2 AND c.ended_at IS NULL AND c.status <> 'SUSPENDED'
            AND ${takesPartSql('c', '$3')} AND s.case_id IS DISTINCT FROM $6
          GROUP BY s.case_id),
       jobs AS (
         INSERT INTO job (id, case_id, kind, element_id, due_at, payload)
         SELECT gen_random_uuid(), case_id, '${JOB_KIND_SIGNAL_DELIVER}', NULL, $4,
                jsonb_build_object('broadcastId', $5::text, 'subscriptionIds', to_jsonb(ids))
           FROM subs
         RETURNING payload)
       SELECT count(*) AS cases, coalesce(sum(jsonb_array_length(payload->'subscriptionIds')), 0) AS subscriptions
         FROM jobs`,
      [b.name, b.created_at, b.department_scope, now, b.id, b.source_case_id],
    );
    const starts = await this.startsFor(b.name);
    if (starts.length > 0) {
      await tx.query(
        `INSERT INTO job (id, case_id, kind, element_id, due_at, payload)
         SELECT gen_random_uuid(), NULL, '${JOB_KIND_SIGNAL_START}', s->>'startEventId', $1,
                jsonb_build_object('broadcastId', $2::text, 'definitionId', s->>'definitionId', 'startEventId', s->>'startEventId')
           FROM jsonb_array_elements($3::jsonb) s`,
        [now, b.id, JSON.stringify(starts)],
      );
    }
    const result: FanOutResult = {
      cases: Number(reached?.cases ?? 0),
      subscriptions: Number(reached?.subscriptions ?? 0),
      startEvents: starts.length,
    };
    await tx.query(
      `UPDATE signal_broadcast SET cases = $2, subscriptions = $3, start_events = $4, fanned_out_at = $5 WHERE id = $1`,
      [b.id, result.cases, result.subscriptions, result.startEvents, now],
    );
    // Counted before the commit: a rolled-back fan-out over-counts, which a counter of work started may.
    this.metrics.signalCasesReached.inc({ source: b.source }, result.cases);
    return result;
  }
}
