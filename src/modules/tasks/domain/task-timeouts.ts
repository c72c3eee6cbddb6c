/**
 * Timeout policies of user tasks (issue 13): scheduled as a durable job when a task opens, counted in
 * working days/hours on the case's region calendar; each firing is a case command by `system` with a
 * timeline entry and a `task.timeout` event. Pure planning on the command (no Nest, no SQL).
 */
import type { Calendar, TimeoutPolicy, WorkingAmount } from '../../../engine/index.js';
import type { CaseCommand } from '../../cases/domain/case-port.js';
import { clockRecords, openPauses } from '../../cases/domain/clock-records.js';
import type { CaseRow } from '../../cases/domain/case-row.js';
import { clockTimeline, isPaused, type TimingRecords } from '../../timing/domain/compute-clocks.js';
import type { DayCalendar } from '../../timing/domain/working-time.js';

export const JOB_KIND_TASK_TIMEOUT = 'task-timeout';

export const TIMEOUT_OPINIONS = { autoApprove: '超时系统自动通过', autoReject: '超时系统自动驳回' } as const;

export interface TaskTimeoutPayload {
  caseId: string;
  taskId: string;
  /** The firing this job is: 1 for the first, 2 for the second reminder … */
  firing: number;
}

/**
 * Whether the case's node clocks stand still, so its timeouts must wait: a suspended case, or any open
 * pause that stops them — they pause with the promised clock (ADR 0015): suspension, a special
 * procedure not counted in the limit, correction during review, and a `tb:clock` pause of the process
 * (an event of the clock timeline). The timeline is the one the case's clocks are computed from.
 */
export function isCasePaused(
  row: Pick<CaseRow, 'status' | 'clocks' | 'received_at' | 'accepted_at' | 'ended_at'>,
  calendar: DayCalendar | undefined,
): boolean {
  if (row.status === 'SUSPENDED') return true;
  const records = clockRecords(row.clocks) as TimingRecords;
  // Recorded pauses stop the node clocks whether or not the clocks have started.
  if (openPauses(records).some((p) => p.promised)) return true;
  if (!calendar) return false;
  const timeline = clockTimeline(calendar, {
    receivedAt: row.received_at.toISOString(),
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    endedAt: row.ended_at?.toISOString() ?? null,
    records,
    legalLimit: null,
    promisedLimit: null,
  });
  return isPaused(timeline, 'promised');
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
