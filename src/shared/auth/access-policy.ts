import { AppError } from '../errors/app-error.js';
import {
  type Action,
  type CaseRelation,
  isAllowed,
  OVERSIGHT_ROLES,
  type TaskRelation,
  allowedRelations,
} from './authorisation-table.js';
import type { Principal } from './principal.js';

/**
 * The one place where the authorisation table is enforced. Handlers resolve the caller's relation to
 * the case or task (from rows they read anyway) and ask here; a caller with no relation at all gets
 * the same 404 as for a missing id (ids cannot be probed), one with a relation but not the right to
 * act gets 403 `AUTH.FORBIDDEN_ACTION`.
 */
export const FORBIDDEN_ACTION = 'AUTH.FORBIDDEN_ACTION';

/** A transaction or the unit of work: anything that runs SQL. */
export interface Db {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

/** What the case's relations are computed from: its row, and who its work items name. */
export interface CaseFacts {
  department: string;
  created_by: string | null;
  workItems: readonly WorkItemFacts[];
  /** Who the case was copied to (抄送): the relation `copied` (read of the case and its timeline only). */
  copies?: { readonly users: readonly string[]; readonly departments: readonly string[] };
}

export interface WorkItemFacts {
  /** Known when read from the database: a command's plan overlays the items it touched by id. */
  id?: string;
  candidate_departments: readonly string[];
  assignee: string | null;
  owner: string | null;
}

export interface TaskFacts extends WorkItemFacts {
  candidate_roles: readonly string[];
  candidate_users: readonly string[];
  completed_by: string | null;
}

/** The roles the table knows the caller by: a department system is the pseudo-role `system`. */
export function rolesOf(p: Principal): string[] {
  return p.kind === 'system' ? ['system'] : p.roles;
}

const oversees = (p: Principal): boolean =>
  p.kind === 'user' && p.roles.some((r) => OVERSIGHT_ROLES.includes(r as never));

export function caseRelations(p: Principal, c: CaseFacts): Set<CaseRelation> {
  const out = new Set<CaseRelation>();
  const dept = p.dept;
  if (dept && c.department === dept) out.add('handling');
  else if (dept && c.workItems.some((w) => w.candidate_departments.includes(dept))) out.add('co');
  if (p.kind === 'user' && c.created_by === p.id) out.add('creator');
  if (
    p.kind === 'user' &&
    c.workItems.some(
      (w) => (w.assignee === p.id || w.owner === p.id) && !(dept && w.candidate_departments.includes(dept)),
    )
  ) {
    out.add('participant');
  }
  if (oversees(p)) out.add('oversight');
  if (p.kind === 'user' && c.copies && (c.copies.users.includes(p.id) || (dept && c.copies.departments.includes(dept))))
    out.add('copied');
  return out;
}

/** Whether the caller's token department is one of the task's departments (a task without any is open to all). */
function inTaskDepartment(p: Principal, t: TaskFacts): boolean {
  return t.candidate_departments.length === 0 || (p.dept !== null && t.candidate_departments.includes(p.dept));
}

export function taskRelations(p: Principal, t: TaskFacts): Set<TaskRelation> {
  const out = new Set<TaskRelation>();
  if (oversees(p)) out.add('oversight');
  if (p.kind !== 'user') return out;
  const inDept = inTaskDepartment(p, t);
  const member = p.dept !== null && t.candidate_departments.includes(p.dept);
  if (t.assignee === p.id) out.add(inDept ? 'assignee' : 'participant');
  else if (t.assignee === null) {
    const roleFits = t.candidate_roles.length === 0 || t.candidate_roles.some((r) => p.roles.includes(r));
    if (t.candidate_users.includes(p.id) || (member && roleFits)) out.add('candidate');
  }
  if (t.owner === p.id) out.add('owner');
  if (member && !out.has('assignee') && !out.has('candidate')) out.add('colleague');
  if (t.completed_by === p.id && !member) out.add('participant');
  return out;
}

function decide(action: Action, p: Principal, relations: ReadonlySet<string>, notFound: () => AppError): void {
  if (relations.size === 0) throw notFound();
  if (!isAllowed(action, rolesOf(p), relations)) {
    throw AppError.forbidden(
      FORBIDDEN_ACTION,
      `You may not ${action} here (your relation: ${[...relations].join(', ')})`,
    );
  }
}

/** Loads who a case's work items name (one query); `query` is the command's transaction or the reader's. */
export async function loadCaseFacts(
  db: Db,
  row: { id: string; department: string; created_by: string | null },
): Promise<CaseFacts> {
  // Work items and copies in one statement: one round trip, whatever the caller asks.
  const rows = await db.query<WorkItemFacts & { copy: string | null }>(
    `SELECT id, candidate_departments, assignee, owner, NULL AS copy FROM work_item WHERE case_id = $1
     UNION ALL
     SELECT NULL, '{}'::text[], NULL, NULL, recipient_kind || ':' || recipient FROM case_copy WHERE case_id = $1`,
    [row.id],
  );
  const workItems = rows.filter((r) => r.copy === null);
  const copies = { users: [] as string[], departments: [] as string[] };
  for (const r of rows) {
    if (r.copy?.startsWith('user:')) copies.users.push(r.copy.slice(5));
    else if (r.copy?.startsWith('department:')) copies.departments.push(r.copy.slice(11));
  }
  return { department: row.department, created_by: row.created_by, workItems, copies };
}

/** 404 `CASE.NOT_FOUND` without a relation, 403 `AUTH.FORBIDDEN_ACTION` without the right; else the relations. */
export function authoriseCase(action: Action, p: Principal, caseId: string, facts: CaseFacts): Set<CaseRelation> {
  const relations = caseRelations(p, facts);
  decide(action, p, relations, () => AppError.notFound('CASE.NOT_FOUND', `No case ${caseId}`));
  return relations;
}

export function authoriseTask(action: Action, p: Principal, taskId: string, task: TaskFacts): Set<TaskRelation> {
  const relations = taskRelations(p, task);
  decide(action, p, relations, () => AppError.notFound('TASK.NOT_FOUND', `No task ${taskId}`));
  return relations;
}

export function mayCase(action: Action, p: Principal, facts: CaseFacts): boolean {
  return isAllowed(action, rolesOf(p), caseRelations(p, facts));
}

export function canSeeCase(p: Principal, facts: CaseFacts): boolean {
  return caseRelations(p, facts).size > 0;
}

export function canSeeTask(p: Principal, task: TaskFacts): boolean {
  return taskRelations(p, task).size > 0;
}

/**
 * SQL (alias `c` for approval_case) for "the caller may take this action on the case", built from
 * the table's relations so list filters cannot drift from it. Parameters are pushed through `param`.
 */
export function caseActionSql(action: Action, p: Principal, param: (v: unknown) => string): string {
  const rels = allowedRelations(action, rolesOf(p));
  // Checked before any parameter is pushed: an unused parameter has no type and fails the statement.
  if (rels.includes('oversight') && oversees(p)) return 'true';
  const parts: string[] = [];
  const dept = p.dept;
  for (const rel of rels) {
    if (rel === 'handling' && dept) parts.push(`c.department = ${param(dept)}`);
    if (rel === 'co' && dept)
      parts.push(
        `EXISTS (SELECT 1 FROM work_item wa WHERE wa.case_id = c.id AND wa.candidate_departments @> ARRAY[${param(dept)}::text])`,
      );
    if (rel === 'creator' && p.kind === 'user') parts.push(`c.created_by = ${param(p.id)}`);
    if (rel === 'copied' && p.kind === 'user')
      parts.push(
        `EXISTS (SELECT 1 FROM case_copy cc WHERE cc.case_id = c.id AND ((cc.recipient_kind = 'user' AND cc.recipient = ${param(p.id)})` +
          (dept ? ` OR (cc.recipient_kind = 'department' AND cc.recipient = ${param(dept)})` : '') +
          '))',
      );
    if (rel === 'participant' && p.kind === 'user')
      parts.push(
        `EXISTS (SELECT 1 FROM work_item wp WHERE wp.case_id = c.id AND (wp.assignee = ${param(p.id)} OR wp.owner = ${param(p.id)}))`,
      );
  }
  return parts.length > 0 ? `(${parts.join(' OR ')})` : 'false';
}
