/**
 * Timeout policies of user tasks (issue 13): scheduled as a durable job when a task opens, counted in
 * working days/hours on the case's region calendar; each firing is a case command by `system` with a
 * timeline entry and a `task.timeout` event. Pure planning on the command (no Nest, no SQL).
 */
import type { Calendar, TimeoutPolicy, WorkingAmount } from '../../../engine/index.js';
import type { CaseCommand } from '../../cases/domain/case-port.js';
import type { PauseRecord } from '../../cases/domain/clock-records.js';

export const JOB_KIND_TASK_TIMEOUT = 'task-timeout';

export const TIMEOUT_OPINIONS = { autoApprove: '超时系统自动通过', autoReject: '超时系统自动驳回' } as const;

export interface TaskTimeoutPayload {
  caseId: string;
  taskId: string;
  /** The firing this job is: 1 for the first, 2 for the second reminder … */
  firing: number;
}

/**
 * Whether the case's clocks stand still, so its timeouts must wait: a suspended case, or any open pause
 * that stops the node clocks (those pause with the promised clock: suspension, a special procedure not
 * counted in the limit, correction during review — ADR 0015). A tb:clock pause of the process is not
 * among them: it lives in the clock events, which this check does not read.
 */
export function isCasePaused(row: { status: string; clocks?: Record<string, unknown> }): boolean {
  if (row.status === 'SUSPENDED') return true;
  const pauses = row.clocks?.pauses;
  return Array.isArray(pauses) && pauses.some((p: PauseRecord) => p.to === null && p.promised);
}

/** While paused, a due timeout looks again after this long (it fires when the case runs again). */
export const PAUSED_RECHECK: WorkingAmount = { amount: 1, unit: 'WH' };

export function addWorking(calendar: Calendar, fromIso: string, a: WorkingAmount): string {
  return a.unit === 'WD' ? calendar.addWorkingDays(fromIso, a.amount) : calendar.addWorkingHours(fromIso, a.amount);
}

export function scheduleTimeout(
  s: CaseCommand,
  calendar: Calendar,
  p: { taskId: string; elementId: string; firing: number; after: WorkingAmount; newId: () => string },
): void {
  const payload: TaskTimeoutPayload = { caseId: s.row.id, taskId: p.taskId, firing: p.firing };
  s.scheduleJob({
    id: p.newId(),
    kind: JOB_KIND_TASK_TIMEOUT,
    elementId: p.elementId,
    dueAt: addWorking(calendar, s.now.toISOString(), p.after),
    payload,
  });
}

export function parseTimeoutPayload(raw: Record<string, unknown>): TaskTimeoutPayload | null {
  const { caseId, taskId, firing } = raw;
  if (typeof caseId !== 'string' || typeof taskId !== 'string') return null;
  if (typeof firing !== 'number' || !Number.isInteger(firing) || firing < 1) return null;
  return { caseId, taskId, firing };
}

/** What a firing does, decided from the policy and the task as it stands (null: nothing, the task moved on). */
export type TimeoutStep =
  | { kind: 'none'; reason: string }
  | { kind: 'wait' }
  | { kind: 'remind'; next: WorkingAmount | null }
  | { kind: 'escalate' }
  | { kind: 'transfer'; department: string }
  | { kind: 'decide'; outcome: string; opinion: string }
  | { kind: 'held' };

export function timeoutStep(
  policy: TimeoutPolicy | null,
  task: { state: string; heldBy: number } | undefined,
  paused: boolean,
  firing: number,
): TimeoutStep {
  if (!policy) return { kind: 'none', reason: 'the step has no timeout policy' };
  if (!task || task.state !== 'open') return { kind: 'none', reason: 'the task is no longer open' };
  if (paused) return { kind: 'wait' };
  switch (policy.action) {
    case 'remind':
      return { kind: 'remind', next: policy.repeat && firing < policy.maxReminders ? policy.repeat : null };
    case 'escalate':
      return { kind: 'escalate' };
    case 'transfer':
      return { kind: 'transfer', department: policy.target ?? '' };
    case 'autoApprove':
    case 'autoReject':
      // A task held by its before-signers (前加签) is not decided over their heads.
      if (task.heldBy > 0) return { kind: 'held' };
      return { kind: 'decide', outcome: policy.outcome ?? 'approve', opinion: TIMEOUT_OPINIONS[policy.action] };
  }
}
