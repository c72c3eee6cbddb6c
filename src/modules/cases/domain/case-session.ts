import { randomUUID } from 'node:crypto';
import {
  advance,
  type EngineState,
  type Effect,
  type ProcessModel,
  type Trigger,
  type WorkingCalendar,
} from '../../../engine/index.js';
import type { Tx } from '../../../persistence/unit-of-work.js';
import { syncTimeLimits } from '../../timing/domain/sync-time-limits.js';
import type { ItemTiming } from '../../timing/domain/time-limit.types.js';
import { CaseDomainEvent } from './case-events.js';
import type { Actor, CaseRow, EventSource, TimelineEntry } from './case-row.js';
import { CASE_STATUS_CODES, isCaseStatus } from './case-status.js';
import { applyEffects } from './effect-writer.js';

export type CallStarted = Extract<Effect, { type: 'callActivity.started' }>;

interface PendingEntry extends TimelineEntry {
  seq: number;
  status: string;
  statusCode: number;
}

/**
 * Everything one command does to one case, inside one transaction: the locked row, the engine,
 * the timeline and the outbox. Commands build on it; `save()` writes the row back.
 */
export class CaseSession {
  readonly events: CaseDomainEvent[] = [];
  /** Call activities started and cancelled by this command; settled when it saves (CallActivities). */
  readonly calls: { started: CallStarted[]; cancelled: string[] } = { started: [], cancelled: [] };
  /** Set on a child case opened inside its parent's command: the parent settles the end itself. */
  openedBy: CaseSession | null = null;
  /** Runs first in save(): settles call activities (wired by CaseRunner). */
  beforeSave: ((s: CaseSession) => Promise<void>) | null = null;
  private endedBefore = false;
  private pendingTimeline: PendingEntry[] = [];
  private pendingOutbox: CaseDomainEvent[] = [];
  /** The item's limits and supervision thresholds (set by CaseRunner); null for a bare-process case. */
  timing: ItemTiming | null = null;

  constructor(
    readonly tx: Tx,
    readonly row: CaseRow,
    readonly model: ProcessModel,
    readonly actor: Actor,
    readonly now: Date,
    readonly source: EventSource,
    readonly calendar: WorkingCalendar | undefined,
  ) {
    this.endedBefore = row.ended_at !== null;
  }

  get state(): EngineState {
    return this.row.engine_state;
  }

  /** Runs a trigger through the engine and persists what it asks for. Engine errors leave nothing behind. */
  async advance(trigger: Trigger): Promise<Effect[]> {
    const result = advance(this.model, this.row.engine_state, trigger, this.engineContext());
    this.row.engine_state = result.state;
    await applyEffects(this, result.effects);
    return result.effects;
  }

  engineContext(): { now: string; newId: () => string; calendar?: WorkingCalendar } {
    return { now: this.now.toISOString(), newId: randomUUID, ...(this.calendar ? { calendar: this.calendar } : {}) };
  }

  /**
   * Appends a timeline entry. Entries (and outbox rows) are buffered and written in one statement
   * each when the command saves — a command writes several, and round trips are what it costs.
   * An entry with an idempotency key is written at once, so its unique key is checked in place.
   */
  async timeline(entry: TimelineEntry): Promise<number> {
    this.row.event_seq += 1;
    this.pendingTimeline.push({
      ...entry,
      seq: this.row.event_seq,
      status: this.row.status,
      statusCode: this.row.status_code,
    });
    if (entry.idempotencyKey) await this.flush();
    return this.row.event_seq;
  }

  async setStatus(wanted: string, elementId: string | null, extra: Record<string, unknown> = {}): Promise<void> {
    if (!isCaseStatus(wanted)) return;
    // A tolerance acceptance closes as 12 办结(容缺通过), whatever the process calls its approval.
    const status = wanted === 'CLOSED_APPROVED' && this.row.is_tolerance ? 'CLOSED_APPROVED_TOLERANCE' : wanted;
    if (status === this.row.status) return;
    const from = this.row.status;
    this.row.status = status;
    this.row.status_code = CASE_STATUS_CODES[status];
    if (status === 'ACCEPTED' && !this.row.accepted_at) this.row.accepted_at = this.now;
    if (status.startsWith('CLOSED_') && !this.row.decision_at) this.row.decision_at = this.now;
    await this.timeline({ type: 'status.changed', elementId, data: { from, to: status, ...extra } });
    await this.emit('case.status_changed', { from, to: status, statusCode: this.row.status_code, elementId });
  }

  /** An outbox row in this transaction, and a domain event published after commit. */
  emit(type: string, payload: Record<string, unknown>): Promise<void> {
    const body = { caseId: this.row.id, caseNo: this.row.case_no, ...payload };
    const event = new CaseDomainEvent(randomUUID(), type, this.row.id, body, this.now.toISOString());
    this.events.push(event);
    this.pendingOutbox.push(event);
    return Promise.resolve();
  }

  /** Writes the buffered timeline entries and outbox rows, in order, one statement each. */
  async flush(): Promise<void> {
    const entries = this.pendingTimeline;
    const events = this.pendingOutbox;
    this.pendingTimeline = [];
    this.pendingOutbox = [];
    if (entries.length > 0) {
      const col = <T>(f: (e: PendingEntry) => T): T[] => entries.map(f);
      await this.tx.query(
        `INSERT INTO case_event (case_id, seq, type, element_id, name, actor_id, actor_name, actor_department,
           status_after, status_code_after, opinion, source, data, idempotency_key, occurred_at)
         SELECT $1, e.seq, e.type, e.element_id, e.name, $2, $3, $4, e.status, e.code, e.opinion, $5, e.data, e.ikey, $6
           FROM unnest($7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::int[], $13::text[], $14::jsonb[], $15::text[])
             AS e(seq, type, element_id, name, status, code, opinion, data, ikey)`,
        [
          this.row.id,
          this.actor.id,
          this.actor.name,
          this.actor.department,
          this.source,
          this.now,
          col((e) => e.seq),
          col((e) => e.type),
          col((e) => e.elementId ?? null),
          col((e) => e.name ?? null),
          col((e) => e.status),
          col((e) => e.statusCode),
          col((e) => e.opinion ?? null),
          col((e) => (e.data ? JSON.stringify(e.data) : null)),
          col((e) => e.idempotencyKey ?? null),
        ],
      );
    }
    if (events.length > 0) {
      await this.tx.query(
        `INSERT INTO outbox_event (id, case_id, type, payload, occurred_at)
         SELECT e.id, $1, e.type, e.payload, $2 FROM unnest($3::uuid[], $4::text[], $5::jsonb[]) AS e(id, type, payload)`,
        [
          this.row.id,
          this.now,
          events.map((e) => e.id),
          events.map((e) => e.type),
          events.map((e) => JSON.stringify(e.payload)),
        ],
      );
    }
  }

  /** Did this command end the case (it was running when the command began)? */
  get endedNow(): boolean {
    return !this.endedBefore && this.row.ended_at !== null;
  }

  async save(): Promise<void> {
    if (this.beforeSave) await this.beforeSave(this);
    // Due dates, time state, alerts and deadline jobs follow from the records this command changed.
    await syncTimeLimits(this);
    await this.flush();
    const r = this.row;
    await this.tx.query(
      `UPDATE approval_case SET engine_state = $2, status = $3, status_code = $4, accepted_at = $5, decision_at = $6,
         ended_at = $7, is_tolerance = $8, clocks = $9, legal_due_at = $10, promised_due_at = $11, time_state = $12,
         result_phase = $13, updated_at = $14, event_seq = $15, version = version + 1
       WHERE id = $1`,
      [
        r.id,
        JSON.stringify(r.engine_state),
        r.status,
        r.status_code,
        r.accepted_at,
        r.decision_at,
        r.ended_at,
        r.is_tolerance,
        JSON.stringify(r.clocks),
        r.legal_due_at,
        r.promised_due_at,
        r.time_state,
        r.result_phase,
        this.now,
        r.event_seq,
      ],
    );
  }
}
