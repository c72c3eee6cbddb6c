import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { hasAnyRole, type Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { canWork, requireOpen, requireWorker } from '../../domain/task-access.js';
import type { TaskRow } from '../../domain/task-row.js';
import { TaskRunner } from '../../application/task-runner.js';
import { TaskView } from '../../dtos/task.view.js';
import { type AssignmentChange, ChangeAssignmentCommand } from './claim-task.command.js';

@CommandHandler(ChangeAssignmentCommand)
export class ChangeAssignmentHandler implements ICommandHandler<ChangeAssignmentCommand> {
  constructor(private readonly tasks: TaskRunner) {}

  execute({ taskId, change, principal: p }: ChangeAssignmentCommand): Promise<TaskView> {
    return this.tasks.run(taskId, p, async (s, task) => {
      requireOpen(task);
      if (task.kind !== 'user')
        throw AppError.conflict('TASK.NOT_A_USER_TASK', 'Only user tasks are assigned to people');
      const set = assignment(task, change, p);
      const row = s.patchTask(taskId, {
        assignee: set.assignee,
        owner: set.owner,
        candidate_departments: set.departments,
      });
      await s.timeline({
        type: TIMELINE_TYPES[change.kind],
        elementId: task.element_id,
        name: task.name,
        opinion: 'reason' in change ? (change.reason ?? null) : null,
        data: { taskId, from: task.assignee, to: set.assignee, departments: set.departments },
      });
      return TaskView.from(row);
    });
  }
}

const TIMELINE_TYPES = {
  claim: 'task.claimed',
  unclaim: 'task.unclaimed',
  delegate: 'task.delegated',
  transfer: 'task.transferred',
} as const;

interface Assignment {
  assignee: string | null;
  owner: string | null;
  departments: string[];
}

function assignment(t: TaskRow, c: AssignmentChange, p: Principal): Assignment {
  const keep = { assignee: t.assignee, owner: t.owner, departments: t.candidate_departments };
  const supervisor = hasAnyRole(p, ['admin', 'leader']);
  switch (c.kind) {
    case 'claim':
      if (t.assignee === p.id) return keep;
      if (t.assignee) throw AppError.conflict('TASK.ALREADY_CLAIMED', `Task is held by ${t.assignee}`);
      requireWorker(p, t);
      return { ...keep, assignee: p.id };
    case 'unclaim':
      if (t.assignee !== p.id && !supervisor)
        throw AppError.forbidden('TASK.NOT_YOURS', 'Only its holder or a leader can release a task');
      return { ...keep, assignee: null, owner: null };
    case 'delegate':
      requireWorker(p, t);
      return { ...keep, assignee: c.assignee, owner: t.owner ?? p.id };
    case 'transfer':
      if (!canWork(p, t) && !supervisor)
        throw AppError.forbidden('TASK.NOT_YOURS', 'Only its holder or a leader can transfer a task');
      if (!c.department && !c.assignee)
        throw AppError.badRequest('TASK.TRANSFER_TARGET_REQUIRED', 'Give a department or an assignee');
      return {
        assignee: c.assignee ?? null,
        owner: null,
        departments: c.department ? [c.department] : t.candidate_departments,
      };
  }
}
