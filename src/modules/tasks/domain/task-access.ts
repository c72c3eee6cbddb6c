import { type Principal, seesAllDepartments } from '../../../shared/auth/principal.js';
import { AppError } from '../../../shared/errors/app-error.js';
import type { TaskRow } from './task-row.js';

/**
 * Who may work on a user task: its assignee; or, while unassigned, a member of a candidate department
 * holding a candidate role (when roles are set), or a candidate user. Admins may act on anything.
 */
export function canWork(p: Principal, t: TaskRow): boolean {
  if (p.kind !== 'user') return false;
  if (p.roles.includes('admin')) return true;
  if (t.assignee) return t.assignee === p.id;
  if (t.candidate_users.includes(p.id)) return true;
  const inDept = p.dept !== null && t.candidate_departments.includes(p.dept);
  const hasRole = t.candidate_roles.length === 0 || t.candidate_roles.some((r) => p.roles.includes(r));
  return inDept && hasRole;
}

/** Who may see a task: workers, supervisors, and anyone of a candidate department or who touched it. */
export function canSee(p: Principal, t: TaskRow): boolean {
  if (seesAllDepartments(p) || canWork(p, t)) return true;
  if (p.dept !== null && t.candidate_departments.includes(p.dept)) return true;
  return [t.assignee, t.owner, t.completed_by].includes(p.id);
}

export function requireOpen(t: TaskRow): void {
  if (t.state !== 'open')
    throw AppError.conflict('TASK.NOT_OPEN', `Task ${t.id} is ${t.state}`, { taskId: t.id, taskState: t.state });
}

export function requireWorker(p: Principal, t: TaskRow): void {
  if (!canWork(p, t)) throw AppError.forbidden('TASK.NOT_YOURS', 'This task is not assigned to you or your department');
}

/** A suspended case waits: its tasks stay open but cannot move it. */
export function requireCaseActive(caseStatus: string): void {
  if (caseStatus === 'SUSPENDED') throw AppError.conflict('CASE.SUSPENDED', 'The case is suspended; resume it first');
}
