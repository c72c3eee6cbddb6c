import type { CaseCommand } from '../../cases/domain/case-port.js';
import {
  isCasePaused,
  PAUSED_RECHECK,
  scheduleTimeout,
  type TaskTimeoutPayload,
  timeoutStep,
} from './task-timeouts.js';

/**
 * One firing of a task's timeout, inside the case command the job runs as (actor `system`). The task may
 * have moved on meanwhile (then nothing happens); a paused case waits and is looked at again later.
 */
export async function fireTaskTimeout(s: CaseCommand, p: TaskTimeoutPayload, newId: () => string): Promise<void> {
  const task = s.task(p.taskId);
  const policy = task ? (s.model.nodes.get(task.element_id)?.timeout ?? null) : null;
  const step = timeoutStep(
    policy,
    task ? { state: task.state, heldBy: task.sign?.heldBy?.length ?? 0 } : undefined,
    isCasePaused(s.row, s.calendar) || s.row.ended_at !== null,
    p.firing,
  );
  if (step.kind === 'none' || !task || !policy) return;
  const calendar = s.calendar;
  if (step.kind === 'wait') {
    if (calendar && !s.row.ended_at)
      scheduleTimeout(s, calendar, { ...p, elementId: task.element_id, after: PAUSED_RECHECK, newId });
    return;
  }
  const base = { taskId: task.id, action: policy.action, firing: p.firing, after: policy.after };
  let data: Record<string, unknown> = base;
  switch (step.kind) {
    case 'remind':
      if (step.next && calendar)
        scheduleTimeout(s, calendar, {
          ...p,
          firing: p.firing + 1,
          elementId: task.element_id,
          after: step.next,
          newId,
        });
      data = { ...base, assignee: task.assignee, candidateDepartments: task.candidate_departments };
      break;
    case 'escalate': {
      // To the leaders of the task's department: offered to them, no longer held by its assignee.
      s.patchTask(task.id, { assignee: null, owner: null });
      s.stageRows({ table: 'work_item', op: 'update', rows: [{ id: task.id, candidate_roles: ['leader'] }] });
      data = {
        ...base,
        from: task.assignee,
        candidateRoles: ['leader'],
        candidateDepartments: task.candidate_departments,
      };
      break;
    }
    case 'transfer':
      s.patchTask(task.id, { assignee: null, owner: null, candidate_departments: [step.department] });
      data = { ...base, from: task.candidate_departments, to: [step.department] };
      break;
    case 'held':
      data = { ...base, skipped: 'held by its before-signers (前加签)' };
      break;
    case 'decide':
      data = { ...base, outcome: step.outcome };
      break;
  }
  await s.timeline({
    type: 'task.timeout',
    elementId: task.element_id,
    name: task.name,
    opinion: step.kind === 'decide' ? step.opinion : null,
    data,
  });
  await s.emit('task.timeout', { ...data, elementId: task.element_id, name: task.name });
  if (step.kind === 'decide') await decide(s, task.id, task.element_id, task.name, step.outcome, step.opinion);
}

/** autoApprove / autoReject: the task is completed by the system with its opinion, and the case moves on. */
async function decide(
  s: CaseCommand,
  taskId: string,
  elementId: string,
  name: string | null,
  outcome: string,
  opinion: string,
): Promise<void> {
  await s.timeline({ type: 'task.completed', elementId, name, opinion, data: { taskId, outcome, timeout: true } });
  await s.emit('task.completed', { taskId, elementId, name, outcome, opinion, by: 'system' });
  await s.advance({ type: 'completeTask', taskId, outcome, opinion, actor: { id: 'system' } });
  s.patchTask(taskId, { state: 'completed', outcome, opinion, completed_at: s.now, completed_by: 'system' });
}
