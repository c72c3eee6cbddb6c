import type { CaseRow } from './case-row.js';

/**
 * Everything one command does to one case, planned in memory and written at once (ADR 0012): the
 * case store turns it into one call of `tb_write_cases`. Rows are in their table's column names.
 */
export interface CaseChangeSet {
  caseId: string;
  now: Date;
  /** A new case: the row as it is to be inserted (its case_no a placeholder until written). */
  insertCase?: CaseRow;
  /** A changed case: its changeable columns after the command, written only if `version` is still the stored one. */
  updateCase?: CaseUpdate;
  /** The case number is taken in the write itself; `placeholder` stands for it in every row. */
  caseNo?: CaseNoRequest;
  insertItems: WorkItemInsert[];
  patchItems: WorkItemPatch[];
  insertJobs: JobInsert[];
  cancelJobs: string[];
  openSubscriptions: SubscriptionInsert[];
  closeSubscriptions: string[];
  timeline: TimelineRow[];
  outbox: OutboxRow[];
  raiseAlerts: AlertRow[];
  resolveAlerts: string[];
  /**
   * Rows of tables registered in `tb_change_set_table` (a feature's own tables, or a case column
   * added by a feature), written in order after the sections above.
   */
  rows: RowsOp[];
}

/**
 * `upsert` inserts or replaces the columns given; `update` patches an existing row (the columns
 * given, found by the table's key columns); `delete` removes rows by their key columns.
 */
export interface RowsOp {
  table: string;
  op: 'upsert' | 'update' | 'delete';
  rows: Record<string, unknown>[];
}

export interface CaseNoRequest {
  placeholder: string;
  region: string;
  day: string;
  /** The pattern split at its sequence field, and the field's width. */
  parts: string[];
  width: number;
}

export interface WorkItemInsert {
  id: string;
  case_id: string;
  case_no: string;
  kind: 'user' | 'external';
  element_id: string;
  name: string | null;
  step: string | null;
  state: 'open';
  assignee: string | null;
  owner: string | null;
  candidate_departments: string[];
  candidate_roles: string[];
  candidate_users: string[];
  outcomes: string[];
  silence_consent: boolean;
  multi_instance: unknown;
  joint_opinions: unknown;
  topic: string | null;
  retries: number | null;
  due_at: string | null;
  created_at: Date;
}

/** Only the columns a command changes; the others (a worker's lock, say) keep what the row holds. */
export interface WorkItemPatch {
  id: string;
  state?: 'open' | 'completed' | 'cancelled';
  assignee?: string | null;
  owner?: string | null;
  candidate_departments?: string[];
  outcome?: string | null;
  opinion?: string | null;
  worker_id?: string | null;
  lock_expires_at?: Date | null;
  retries?: number | null;
  error_message?: string | null;
  completed_at?: Date | null;
  completed_by?: string | null;
}

export interface JobInsert {
  id: string;
  case_id: string;
  kind: string;
  element_id: string | null;
  due_at: string;
  payload: Record<string, unknown>;
}

export interface SubscriptionInsert {
  id: string;
  case_id: string;
  element_id: string;
  message_name: string;
  correlation_key: string | null;
}

export interface TimelineRow {
  case_id: string;
  seq: number;
  type: string;
  element_id: string | null;
  name: string | null;
  actor_id: string;
  actor_name: string;
  actor_department: string | null;
  status_after: string;
  status_code_after: number;
  opinion: string | null;
  source: string;
  data: Record<string, unknown> | null;
  idempotency_key: string | null;
  occurred_at: Date;
}

export interface OutboxRow {
  id: string;
  case_id: string;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: string;
}

export interface AlertRow {
  id: string;
  case_id: string;
  case_no: string;
  region_code: string;
  department: string;
  item_code: string | null;
  element_id: string | null;
  task_id: string | null;
  level: string;
  trigger_code: string;
  dedup_key: string;
  occurred_at: string;
  detected_at: string;
  due_to_respond_at: string | null;
  resolved_at: string | null;
  escalated_from_id: string | null;
  data: Record<string, unknown>;
}

export function emptyChangeSet(caseId: string, now: Date): CaseChangeSet {
  return {
    caseId,
    now,
    insertItems: [],
    patchItems: [],
    insertJobs: [],
    cancelJobs: [],
    openSubscriptions: [],
    closeSubscriptions: [],
    timeline: [],
    outbox: [],
    raiseAlerts: [],
    resolveAlerts: [],
    rows: [],
  };
}

/**
 * The columns a command may change on an existing case — exactly those the write function sets. The rest
 * of the row (applicant, agent, item, process, numbers) is fixed at creation, so it is not sent again:
 * about 2 KB less SQL to build, send and parse per command.
 */
export type CaseUpdate = Pick<
  CaseRow,
  | 'id'
  | 'version'
  | 'engine_state'
  | 'status'
  | 'status_code'
  | 'accepted_at'
  | 'decision_at'
  | 'ended_at'
  | 'is_tolerance'
  | 'clocks'
  | 'legal_due_at'
  | 'promised_due_at'
  | 'time_state'
  | 'result_phase'
  | 'materials'
  | 'updated_at'
  | 'event_seq'
>;

export function caseUpdateOf(r: CaseRow): CaseUpdate {
  return {
    id: r.id,
    version: r.version,
    engine_state: r.engine_state,
    status: r.status,
    status_code: r.status_code,
    accepted_at: r.accepted_at,
    decision_at: r.decision_at,
    ended_at: r.ended_at,
    is_tolerance: r.is_tolerance,
    clocks: r.clocks,
    legal_due_at: r.legal_due_at,
    promised_due_at: r.promised_due_at,
    time_state: r.time_state,
    result_phase: r.result_phase,
    materials: r.materials,
    updated_at: r.updated_at,
    event_seq: r.event_seq,
  };
}

/** True when writing it would change nothing. */
export function isEmpty(c: CaseChangeSet): boolean {
  return (
    !c.insertCase &&
    !c.updateCase &&
    c.insertItems.length + c.patchItems.length + c.insertJobs.length + c.cancelJobs.length === 0 &&
    c.openSubscriptions.length + c.closeSubscriptions.length + c.timeline.length + c.outbox.length === 0 &&
    c.raiseAlerts.length + c.resolveAlerts.length + c.rows.length === 0
  );
}
