/**
 * Typed mappers between the case tables and the rows commands work with: the columns are listed
 * here once (no `SELECT *`), and each value is checked for the type the code expects.
 */
import type { EngineState } from '../../engine/index.js';
import type { CaseRow } from '../../modules/cases/domain/case-row.js';
import type { TaskRow, TaskSign } from '../../modules/tasks/domain/task-row.js';

export const CASE_COLUMNS = [
  'id',
  'case_no',
  'query_code',
  'region_code',
  'department',
  'item_code',
  'item_name',
  'item_version',
  'process_definition_id',
  'process_key',
  'process_version',
  'business_key',
  'status',
  'status_code',
  'result_phase',
  'handling_type',
  'is_tolerance',
  'channel',
  'applicant',
  'agent',
  'materials',
  'engine_state',
  'clocks',
  'time_state',
  'legal_due_at',
  'promised_due_at',
  'received_at',
  'accepted_at',
  'decision_at',
  'created_by',
  'created_at',
  'updated_at',
  'ended_at',
  'version',
  'event_seq',
  'parent_case_id',
  'parent_call_id',
] as const;

export const WORK_ITEM_COLUMNS = [
  'id',
  'case_id',
  'case_no',
  'kind',
  'element_id',
  'name',
  'step',
  'state',
  'assignee',
  'owner',
  'candidate_departments',
  'candidate_roles',
  'candidate_users',
  'outcomes',
  'outcome',
  'opinion',
  'silence_consent',
  'multi_instance',
  'joint_opinions',
  'topic',
  'worker_id',
  'lock_expires_at',
  'retries',
  'error_message',
  'due_at',
  'created_at',
  'completed_at',
  'completed_by',
  'sign',
  'on_behalf_of',
  'seq',
] as const;

type Raw = Record<string, unknown>;

class RowTypeError extends Error {
  constructor(table: string, column: string, expected: string) {
    super(`${table}.${column} is not ${expected}`);
  }
}

function reader(table: string, r: Raw) {
  const fail = (c: string, t: string): never => {
    throw new RowTypeError(table, c, t);
  };
  return {
    str: (c: string): string => (typeof r[c] === 'string' ? r[c] : fail(c, 'text')),
    strOrNull: (c: string): string | null => (r[c] === null ? null : typeof r[c] === 'string' ? r[c] : fail(c, 'text')),
    int: (c: string): number => (typeof r[c] === 'number' ? r[c] : fail(c, 'an integer')),
    intOrNull: (c: string): number | null =>
      r[c] === null ? null : typeof r[c] === 'number' ? r[c] : fail(c, 'an integer'),
    bool: (c: string): boolean => (typeof r[c] === 'boolean' ? r[c] : fail(c, 'a boolean')),
    date: (c: string): Date => (r[c] instanceof Date ? r[c] : fail(c, 'a timestamp')),
    dateOrNull: (c: string): Date | null =>
      r[c] === null ? null : r[c] instanceof Date ? r[c] : fail(c, 'a timestamp'),
    texts: (c: string): string[] => (Array.isArray(r[c]) ? (r[c] as string[]) : fail(c, 'a text array')),
    object: <T>(c: string): T => (typeof r[c] === 'object' && r[c] !== null ? (r[c] as T) : fail(c, 'a json object')),
    objectOrNull: <T>(c: string): T | null =>
      r[c] === null ? null : typeof r[c] === 'object' ? (r[c] as T) : fail(c, 'json'),
  };
}

export function toCaseRow(raw: Raw): CaseRow {
  const r = reader('approval_case', raw);
  return {
    id: r.str('id'),
    case_no: r.str('case_no'),
    query_code: r.str('query_code'),
    region_code: r.str('region_code'),
    department: r.str('department'),
    item_code: r.strOrNull('item_code'),
    item_name: r.strOrNull('item_name'),
    item_version: r.intOrNull('item_version'),
    process_definition_id: r.str('process_definition_id'),
    process_key: r.str('process_key'),
    process_version: r.int('process_version'),
    business_key: r.strOrNull('business_key'),
    status: r.str('status'),
    status_code: r.int('status_code'),
    result_phase: r.strOrNull('result_phase'),
    handling_type: r.strOrNull('handling_type'),
    is_tolerance: r.bool('is_tolerance'),
    channel: r.str('channel'),
    applicant: r.object<Record<string, unknown>>('applicant'),
    agent: r.objectOrNull<Record<string, unknown>>('agent'),
    materials: r.object<unknown[]>('materials'),
    engine_state: r.object<EngineState>('engine_state'),
    clocks: r.object<Record<string, unknown>>('clocks'),
    time_state: r.str('time_state'),
    legal_due_at: r.dateOrNull('legal_due_at'),
    promised_due_at: r.dateOrNull('promised_due_at'),
    received_at: r.date('received_at'),
    accepted_at: r.dateOrNull('accepted_at'),
    decision_at: r.dateOrNull('decision_at'),
    created_by: r.strOrNull('created_by'),
    created_at: r.date('created_at'),
    updated_at: r.date('updated_at'),
    ended_at: r.dateOrNull('ended_at'),
    version: r.int('version'),
    event_seq: r.int('event_seq'),
    parent_case_id: r.strOrNull('parent_case_id'),
    parent_call_id: r.strOrNull('parent_call_id'),
  };
}

export function toTaskRow(raw: Raw): TaskRow {
  const r = reader('work_item', raw);
  const kind = r.str('kind');
  const state = r.str('state');
  if (kind !== 'user' && kind !== 'external') throw new RowTypeError('work_item', 'kind', 'user or external');
  if (state !== 'open' && state !== 'completed' && state !== 'cancelled')
    throw new RowTypeError('work_item', 'state', 'open, completed or cancelled');
  return {
    id: r.str('id'),
    case_id: r.str('case_id'),
    case_no: r.str('case_no'),
    kind,
    element_id: r.str('element_id'),
    name: r.strOrNull('name'),
    step: r.strOrNull('step'),
    state,
    assignee: r.strOrNull('assignee'),
    owner: r.strOrNull('owner'),
    candidate_departments: r.texts('candidate_departments'),
    candidate_roles: r.texts('candidate_roles'),
    candidate_users: r.texts('candidate_users'),
    outcomes: r.texts('outcomes'),
    outcome: r.strOrNull('outcome'),
    opinion: r.strOrNull('opinion'),
    silence_consent: r.bool('silence_consent'),
    multi_instance: r.objectOrNull<TaskRow['multi_instance']>('multi_instance'),
    joint_opinions: r.objectOrNull<unknown[]>('joint_opinions'),
    topic: r.strOrNull('topic'),
    worker_id: r.strOrNull('worker_id'),
    lock_expires_at: r.dateOrNull('lock_expires_at'),
    retries: r.intOrNull('retries'),
    error_message: r.strOrNull('error_message'),
    due_at: r.dateOrNull('due_at'),
    created_at: r.date('created_at'),
    completed_at: r.dateOrNull('completed_at'),
    completed_by: r.strOrNull('completed_by'),
    sign: r.objectOrNull<TaskSign>('sign'),
    on_behalf_of: r.strOrNull('on_behalf_of'),
    seq: r.str('seq'),
  };
}
