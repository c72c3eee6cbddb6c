import { authoriseTask, canSeeTask, rolesOf, taskRelations } from '../../../shared/auth/access-policy.js';
import { type Action, isAllowed } from '../../../shared/auth/authorisation-table.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { AppError } from '../../../shared/errors/app-error.js';
import type { TaskRow } from './task-row.js';

/** Who may work on (complete) a user task: the authorisation table's `task.complete`. */
export function canWork(p: Principal, t: TaskRow): boolean {
  return p.kind === 'user' && isAllowed('task.complete', rolesOf(p), taskRelations(p, t));
}

/** Who may see a task: anyone with a relation to it (assignee, candidate, owner, colleague, participant, oversight). */
export function canSee(p: Principal, t: TaskRow): boolean {
  return canSeeTask(p, t);
}

export function requireOpen(t: TaskRow): void {
  if (t.state !== 'open')
    throw AppError.conflict('TASK.NOT_OPEN', `Task ${t.id} is ${t.state}`, { taskId: t.id, taskState: t.state });
}

/** 404 for a task the caller may not see, 403 `AUTH.FORBIDDEN_ACTION` when their relation does not allow the action. */
export function requireTaskAction(action: Action, p: Principal, t: TaskRow): void {
  authoriseTask(action, p, t.id, t);
}

/** A suspended case waits: its tasks stay open but cannot move it. */
export function requireCaseActive(caseStatus: string): void {
  if (caseStatus === 'SUSPENDED') throw AppError.conflict('CASE.SUSPENDED', 'The case is suspended; resume it first');
  if (caseStatus === 'WITHDRAW_PENDING')
    throw AppError.conflict('CASE.WITHDRAWAL_PENDING', 'A withdrawal request waits for a leader; decide it first');
}

/** A case that has ended (closed, withdrawn, cancelled …) takes no more task operations. */
export function requireCaseRunning(row: { status: string; ended_at: Date | null }): void {
  if (row.ended_at) throw AppError.conflict('CASE.ENDED', `The case is ${row.status}`, { caseStatus: row.status });
}
