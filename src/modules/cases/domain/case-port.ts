import type { Effect, EngineState, ProcessModel, Trigger, WorkingCalendar } from '../../../engine/index.js';
import type { Tx } from '../../../shared/db/tx.js';
import type { NewAlert } from '../../supervision/domain/alert-rules.js';

import type { TaskRow, TaskSign } from '../../tasks/domain/task-row.js';
import type { Actor, CaseRow, TimelineEntry } from './case-row.js';
import type { CaseChangeSet, RowsOp, WorkItemInsert, WorkItemPatch } from './change-set.js';

/** An alert a command raises itself: new and unresolved unless it says otherwise. */
export type RaisedAlert = Omit<NewAlert, 'resolved' | 'escalatedFromKey'> &
  Partial<Pick<NewAlert, 'resolved' | 'escalatedFromKey'>>;

/** A locked case with the work items a command may touch: the open ones, and the one it names. */
export interface LockedCase {
  row: CaseRow;
  items: TaskRow[];
}

export type CaseLockTarget = { caseId: string } | { taskId: string; kind?: 'user' | 'external' };

/** The command's transaction as the cases domain sees it: change sets are staged, written at commit. */
export interface CaseTx extends Tx {
  /** Locks the case row (FOR UPDATE) and reads its open work items (and the named one), in one round trip. */
  lock(target: CaseLockTarget): Promise<LockedCase | null>;
  stage(changes: CaseChangeSet): void;
  /** Writes what is staged now (one round trip), for a step that must read its own writes. */
  flush(): Promise<void>;
}

export type CallStarted = Extract<Effect, { type: 'callActivity.started' }>;

/** An escalation nothing in the case caught: raised at the parent's call activity when the case was called. */
export interface UncaughtEscalation {
  elementId: string;
  escalationCode: string | null;
}

/** Call activities a command started and cancelled, and escalations it left for the parent (CallActivities). */
export interface CallBook {
  started: CallStarted[];
  cancelled: string[];
  escalated: UncaughtEscalation[];
}

/**
 * One command on one case, as the code that plans it sees it (CaseSession implements it): the locked
 * row and work items, the engine, and the rows to write. Effects are recorded through it, and the
 * modules that plug into case commands work through it.
 */
export interface CaseCommand {
  readonly tx: CaseTx;
  readonly row: CaseRow;
  readonly now: Date;
  readonly actor: Actor;
  readonly state: EngineState;
  /** The case's process (what a plug-in needs of it, e.g. the variables it protects). */
  readonly model: ProcessModel;
  /** Does the case row exist in the database yet (false for a case this command opens, until a flush)? */
  readonly stored: boolean;
  /** The case's region calendar (working days and hours); undefined for a case without one. */
  readonly calendar: WorkingCalendar | undefined;
  readonly calls: CallBook;
  advance(trigger: Trigger): Promise<Effect[]>;
  task(id: string): TaskRow | undefined;
  addTask(insert: WorkItemInsert): void;
  patchTask(id: string, patch: Omit<WorkItemPatch, 'id'>): TaskRow;
  raiseAlert(alert: RaisedAlert): Promise<void>;
  scheduleJob(job: { id: string; kind: string; elementId: string | null; dueAt: string; payload: object }): void;
  cancelJob(id: string): void;
  /** Rows of a table registered in tb_change_set_table, written with the command's change set (ADR 0012). */
  stageRows(op: RowsOp): void;
  setTaskSign(id: string, sign: TaskSign | null): void;
  openSubscription(s: { id: string; elementId: string; messageName: string; correlationKey: string | null }): void;
  closeSubscription(id: string): void;
  timeline(entry: TimelineEntry): Promise<number>;
  setStatus(wanted: string, elementId: string | null, extra?: Record<string, unknown>): Promise<void>;
  emit(type: string, payload: Record<string, unknown>): Promise<void>;
  flush(): Promise<void>;
}

/**
 * A module that must do I/O after a step's effects are recorded (buffered messages meeting a new
 * subscription, say) plugs in here; the cases module never imports it, so dependencies point one way.
 */
export interface CaseEffectHandler {
  afterEffects(s: CaseCommand, effects: readonly Effect[]): Promise<void>;
}
