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

/**
 * Everything one command does to one case, inside one transaction: the locked row, the engine,
 * the timeline and the outbox. Commands build on it; `save()` writes the row back.
 */
export class CaseSession {
  readonly events: CaseDomainEvent[] = [];
  private seq: number | null = null;
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
  ) {}

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

  async timeline(entry: TimelineEntry): Promise<number> {
    if (this.seq === null) {
      const [r] = await this.tx.query<{ max: number }>(
        'SELECT coalesce(max(seq), 0)::int AS max FROM case_event WHERE case_id = $1',
        [this.row.id],
      );
      this.seq = r?.max ?? 0;
    }
    this.seq += 1;
    await this.tx.query(
      `INSERT INTO case_event (case_id, seq, type, element_id, name, actor_id, actor_name, actor_department,
         status_after, status_code_after, opinion, source, data, idempotency_key, occurred_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
      [
        this.row.id,
        this.seq,
        entry.type,
        entry.elementId ?? null,
        entry.name ?? null,
        this.actor.id,
        this.actor.name,
        this.actor.department,
        this.row.status,
        this.row.status_code,
        entry.opinion ?? null,
        this.source,
        entry.data ? JSON.stringify(entry.data) : null,
        entry.idempotencyKey ?? null,
        this.now,
      ],
    );
    return this.seq;
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
  async emit(type: string, payload: Record<string, unknown>): Promise<void> {
    const id = randomUUID();
    const body = { caseId: this.row.id, caseNo: this.row.case_no, ...payload };
    await this.tx.query('INSERT INTO outbox_event (id, case_id, type, payload, occurred_at) VALUES ($1,$2,$3,$4,$5)', [
      id,
      this.row.id,
      type,
      JSON.stringify(body),
      this.now,
    ]);
    this.events.push(new CaseDomainEvent(id, type, this.row.id, body, this.now.toISOString()));
  }

  async save(): Promise<void> {
    // Due dates, time state, alerts and deadline jobs follow from the records this command changed.
    await syncTimeLimits(this);
    const r = this.row;
    await this.tx.query(
      `UPDATE approval_case SET engine_state = $2, status = $3, status_code = $4, accepted_at = $5, decision_at = $6,
         ended_at = $7, is_tolerance = $8, clocks = $9, legal_due_at = $10, promised_due_at = $11, time_state = $12,
         result_phase = $13, updated_at = $14, version = version + 1
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
      ],
    );
  }
}
