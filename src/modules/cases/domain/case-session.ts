import { randomUUID } from 'node:crypto';
import {
  advance,
  type EngineContext,
  type EngineLimits,
  type EngineState,
  type Effect,
  type ProcessModel,
  type Trigger,
  type WorkingCalendar,
} from '../../../engine/index.js';
import type { TaskRow, TaskSign } from '../../tasks/domain/task-row.js';
import { alertRecord, RESPOND_WITHIN_WD } from '../../supervision/domain/alert-records.js';
import { planTimeLimits } from '../../timing/domain/plan-time-limits.js';
import type { ItemTiming } from '../../timing/domain/time-limit.types.js';
import type { CallBook, CallStarted, CaseCommand, CaseEffectHandler, CaseTx, RaisedAlert } from './case-port.js';
import { CaseDomainEvent } from './case-events.js';
import type { Actor, CaseRow, EventSource, TimelineEntry } from './case-row.js';
import { CASE_STATUS_CODES, isCaseStatus } from './case-status.js';
import {
  type CaseChangeSet,
  type CaseNoRequest,
  type RowsOp,
  caseUpdateOf,
  emptyChangeSet,
  type WorkItemInsert,
  type WorkItemPatch,
} from './change-set.js';
import { recordEffects } from './effect-writer.js';
import { timeLimitInputOf } from './time-limit-input.js';

export type { CallStarted };

/** The steps that hand the licence to the applicant: they stop the delivery clock (Art.44). */
const DELIVERY_STEPS = new Set(['issue', 'deliver']);

/**
 * Everything one command does to one case, planned in memory: the locked row, its open work items,
 * the engine, the timeline and the outbox. Nothing is written until `save()` stages the change set,
 * which the case store writes in one statement with the commit (ADR 0012).
 */
export class CaseSession implements CaseCommand {
  readonly events: CaseDomainEvent[] = [];
  /** Call activities started and cancelled, escalations left uncaught, by this command; settled when it saves (CallActivities). */
  readonly calls: CallBook = { started: [], cancelled: [], escalated: [] };
  /** Set on a child case opened inside its parent's command: the parent settles the end itself. */
  openedBy: CaseSession | null = null;
  /** Runs first in save(): settles call activities (wired by CaseRunner). */
  beforeSave: ((s: CaseSession) => Promise<void>) | null = null;
  /** Runs after each step's effects are recorded (wired by CaseRunner). */
  effectHandlers: readonly CaseEffectHandler[] = [];
  /** How far one command may run the engine (configured; set by CaseRunner). */
  engineLimits: EngineLimits = {};
  /** The item's limits and supervision thresholds (set by CaseRunner); null for a bare-process case. */
  timing: ItemTiming | null = null;
  /** A new case's number, taken by the write (its row holds the placeholder until then). */
  caseNo: CaseNoRequest | null = null;
  private readonly endedBefore: boolean;
  private changes: CaseChangeSet;
  /** The case's open work items (and the one the command names), as they stand after the command so far. */
  private readonly items = new Map<string, TaskRow>();

  constructor(
    readonly tx: CaseTx,
    readonly row: CaseRow,
    readonly model: ProcessModel,
    readonly actor: Actor,
    readonly now: Date,
    readonly source: EventSource,
    readonly calendar: WorkingCalendar | undefined,
    items: readonly TaskRow[] = [],
    private isNew = false,
  ) {
    this.endedBefore = row.ended_at !== null;
    for (const i of items) this.items.set(i.id, i);
    this.changes = emptyChangeSet(row.id, now);
  }

  /** Does the case row exist in the database yet (false for a case this command opens, until a flush)? */
  get stored(): boolean {
    return !this.isNew;
  }

  get state(): EngineState {
    return this.row.engine_state;
  }

  /** Runs a trigger through the engine and plans what it asks for. Engine errors leave nothing behind. */
  async advance(trigger: Trigger): Promise<Effect[]> {
    const result = advance(this.model, this.row.engine_state, trigger, this.engineContext());
    this.row.engine_state = result.state;
    await this.record(result.effects);
    return result.effects;
  }

  /** Plans the rows a step's effects ask for, then lets the registered handlers act on them. */
  async record(effects: readonly Effect[]): Promise<void> {
    recordEffects(this, effects);
    for (const h of this.effectHandlers) await h.afterEffects(this, effects);
  }

  engineContext(): EngineContext {
    return {
      now: this.now.toISOString(),
      newId: randomUUID,
      limits: this.engineLimits,
      ...(this.calendar ? { calendar: this.calendar } : {}),
    };
  }

  /** A work item of this case that the command read or created (undefined for a closed one it did not name). */
  task(id: string): TaskRow | undefined {
    return this.items.get(id);
  }

  /** Every work item the command read or created, in creation order: all of them, for a case it opens. */
  tasks(): TaskRow[] {
    return [...this.items.values()];
  }

  /** Open work items, in creation order. */
  openTasks(): TaskRow[] {
    return [...this.items.values()].filter((t) => t.state === 'open');
  }

  addTask(insert: WorkItemInsert): void {
    this.changes.insertItems.push(insert);
    this.items.set(insert.id, {
      ...insert,
      outcome: null,
      opinion: null,
      multi_instance: insert.multi_instance as TaskRow['multi_instance'],
      joint_opinions: insert.joint_opinions as unknown[] | null,
      worker_id: null,
      lock_expires_at: null,
      error_message: null,
      due_at: insert.due_at ? new Date(insert.due_at) : null,
      completed_at: null,
      completed_by: null,
      on_behalf_of: null,
      seq: '0',
    });
  }

  /**
   * Changes columns of a work item; the returned row is what it will hold. The engine's own record of
   * the task follows an assignment change, so the two never disagree.
   */
  patchTask(id: string, patch: Omit<WorkItemPatch, 'id'>): TaskRow {
    const before = this.items.get(id);
    this.changes.patchItems.push({ id, ...patch });
    const after = { ...(before as TaskRow), ...patch, id };
    this.items.set(id, after);
    if (patch.assignee !== undefined || patch.candidate_departments !== undefined) {
      const state = this.row.engine_state;
      if (state.tasks.some((t) => t.taskId === id)) {
        this.row.engine_state = {
          ...state,
          tasks: state.tasks.map((t) =>
            t.taskId === id
              ? {
                  ...t,
                  ...(patch.assignee !== undefined ? { assignee: patch.assignee } : {}),
                  ...(patch.candidate_departments ? { candidateDepartments: patch.candidate_departments } : {}),
                }
              : t,
          ),
        };
      }
    }
    return after;
  }

  /** A supervision alert a command raises itself (not one of the time limits'), with its timeline entry and event. */
  async raiseAlert(alert: RaisedAlert): Promise<void> {
    const now = this.now.toISOString();
    const about = {
      id: this.row.id,
      caseNo: this.row.case_no,
      regionCode: this.row.region_code,
      department: this.row.department,
      itemCode: this.row.item_code,
    };
    const respondBy = this.calendar ? this.calendar.addWorkingDays(now, RESPOND_WITHIN_WD) : null;
    const rec = alertRecord(
      about,
      { resolved: false, escalatedFromKey: null, ...alert },
      randomUUID(),
      null,
      now,
      respondBy,
    );
    this.changes.raiseAlerts.push(rec.row);
    await this.timeline({ type: 'alert.raised', elementId: alert.elementId, data: rec.body });
    await this.emit('alert.raised', rec.body);
  }

  scheduleJob(job: { id: string; kind: string; elementId: string | null; dueAt: string; payload: object }): void {
    this.changes.insertJobs.push({
      id: job.id,
      case_id: this.row.id,
      kind: job.kind,
      element_id: job.elementId,
      due_at: job.dueAt,
      payload: job.payload as Record<string, unknown>,
    });
  }

  cancelJob(id: string): void {
    this.changes.cancelJobs.push(id);
  }

  /** 加签: a work item's signers (work_item.sign), through the rows section. */
  setTaskSign(id: string, sign: TaskSign | null): void {
    this.stageRows({ table: 'work_item', op: 'update', rows: [{ id, sign }] });
    const before = this.items.get(id);
    if (before) this.items.set(id, { ...before, sign });
  }

  /** Rows of a table registered in `tb_change_set_table`, written after the fixed sections (ADR 0012 addendum). */
  stageRows(op: RowsOp): void {
    if (op.rows.length > 0) this.changes.rows.push(op);
  }

  openSubscription(s: { id: string; elementId: string; messageName: string; correlationKey: string | null }): void {
    this.changes.openSubscriptions.push({
      id: s.id,
      case_id: this.row.id,
      element_id: s.elementId,
      message_name: s.messageName,
      correlation_key: s.correlationKey,
    });
  }

  closeSubscription(id: string): void {
    this.changes.closeSubscriptions.push(id);
  }

  /** Appends a timeline entry (written with the change set); returns its sequence number. */
  timeline(entry: TimelineEntry): Promise<number> {
    this.row.event_seq += 1;
    this.changes.timeline.push({
      case_id: this.row.id,
      seq: this.row.event_seq,
      type: entry.type,
      element_id: entry.elementId ?? null,
      name: entry.name ?? null,
      actor_id: this.actor.id,
      actor_name: this.actor.name,
      actor_department: this.actor.department,
      status_after: this.row.status,
      status_code_after: this.row.status_code,
      opinion: entry.opinion ?? null,
      source: this.source,
      data: entry.data ?? null,
      idempotency_key: entry.idempotencyKey ?? null,
      occurred_at: this.now,
    });
    return Promise.resolve(this.row.event_seq);
  }

  /** Adds to the data of an entry of this command (written already only if a step had to flush). */
  async amendTimeline(seq: number, data: Record<string, unknown>): Promise<void> {
    const e = this.changes.timeline.find((x) => x.seq === seq);
    if (e) e.data = { ...(e.data ?? {}), ...data };
    else
      await this.tx.query(`UPDATE case_event SET data = coalesce(data, '{}') || $3 WHERE case_id = $1 AND seq = $2`, [
        this.row.id,
        seq,
        JSON.stringify(data),
      ]);
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
    this.changes.outbox.push({
      id: event.id,
      case_id: this.row.id,
      type,
      payload: body,
      occurred_at: event.occurredAt,
    });
    return Promise.resolve();
  }

  /** Did this command end the case (it was running when the command began)? */
  get endedNow(): boolean {
    return !this.endedBefore && this.row.ended_at !== null;
  }

  /**
   * Writes what is planned so far at once (one round trip), for the rare step that must then read
   * it back: a buffered message meeting the subscription this command opened.
   */
  async flush(): Promise<void> {
    this.stageChanges();
    await this.tx.flush();
  }

  async save(): Promise<void> {
    if (this.beforeSave) await this.beforeSave(this);
    // Due dates, time state, alerts and deadline jobs follow from the records this command changed.
    this.planTimeLimits();
    this.stageChanges();
  }

  private stageChanges(): void {
    const changes = this.changes;
    this.changes = emptyChangeSet(this.row.id, this.now);
    this.row.updated_at = this.now;
    if (this.isNew) {
      changes.insertCase = { ...this.row };
      if (this.caseNo) changes.caseNo = this.caseNo;
    } else changes.updateCase = caseUpdateOf(this.row);
    this.tx.stage(changes);
    // What is staged is as good as written: later stages of this command update it.
    if (this.isNew) this.isNew = false;
    else this.row.version += 1;
  }

  private planTimeLimits(): void {
    const cal = this.calendar;
    if (!cal) return;
    const { row } = this;
    const now = this.now.toISOString();
    const deliveredNow = this.changes.patchItems.some(
      (p) => p.state === 'completed' && DELIVERY_STEPS.has(this.items.get(p.id)?.step ?? ''),
    );
    const input = timeLimitInputOf(row, this.openTasks(), {
      now: this.now,
      timing: this.timing,
      deliveredNow,
      loadedYears: cal.loadedYears,
    });
    const plan = planTimeLimits(cal, input, randomUUID);
    // Node clocks pause with the case: the work items' due dates move (ADR 0015).
    if (plan.taskDue.length) {
      for (const d of plan.taskDue) {
        const item = this.items.get(d.id);
        if (item) this.items.set(d.id, { ...item, due_at: new Date(d.dueAt) });
      }
      this.changes.rows.push({
        table: 'work_item',
        op: 'update',
        rows: plan.taskDue.map((d) => ({ id: d.id, due_at: d.dueAt })),
      });
    }
    row.clocks = plan.clocks;
    if (plan.due) {
      row.legal_due_at = plan.due.legalDueAt ? new Date(plan.due.legalDueAt) : null;
      row.promised_due_at = plan.due.promisedDueAt ? new Date(plan.due.promisedDueAt) : null;
      row.time_state = plan.due.timeState;
    }
    for (const j of plan.scheduleJobs)
      this.scheduleJob({ id: j.id, kind: j.kind, elementId: null, dueAt: j.dueAt, payload: { caseId: row.id } });
    this.changes.cancelJobs.push(...plan.cancelJobs);
    this.changes.resolveAlerts.push(...plan.resolve);
    // Most commands raise nothing: the response deadline is worked out only for an alert.
    if (plan.raise.length === 0) return;
    const respondBy = cal.addWorkingDays(now, RESPOND_WITHIN_WD);
    const about = {
      id: row.id,
      caseNo: row.case_no,
      regionCode: row.region_code,
      department: row.department,
      itemCode: row.item_code,
    };
    for (const r of plan.raise) {
      const rec = alertRecord(about, r.alert, r.id, r.escalatedFromId, now, respondBy);
      this.changes.raiseAlerts.push(rec.row);
      void this.timeline({ type: 'alert.raised', elementId: r.alert.elementId, data: rec.body });
      void this.emit('alert.raised', rec.body);
    }
  }
}
