import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FORBIDDEN_ACTION, loadCaseFacts, mayCase } from '../../../../shared/auth/access-policy.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { requireOpen, requireTaskAction } from '../../domain/task-access.js';
import type { TaskRow } from '../../domain/task-row.js';
import { ProxyDirectory } from '../../application/proxy-directory.js';
import { TaskRunner } from '../../application/task-runner.js';
import { TaskView } from '../../dtos/task.view.js';
import { type AssignmentChange, ChangeAssignmentCommand } from './claim-task.command.js';

@CommandHandler(ChangeAssignmentCommand)
export class ChangeAssignmentHandler implements ICommandHandler<ChangeAssignmentCommand> {
  constructor(
    private readonly tasks: TaskRunner,
    private readonly proxies: ProxyDirectory,
  ) {}

  execute({ taskId, change, principal: p }: ChangeAssignmentCommand): Promise<TaskView> {
    return this.tasks.run(taskId, p, async (s, task) => {
      requireTaskAction(`task.${change.kind}`, p, task);
      const outside = targetOutside(task, change, p);
      // 委派/转办 stay within the task's department unless a leader of the handling department or an admin sends it out.
      if (outside && !mayCase(`task.${outside}.cross-department`, p, await loadCaseFacts(s.tx, s.row))) {
        throw AppError.forbidden(
          FORBIDDEN_ACTION,
          `Only a leader of the handling department or an admin may ${outside} a task to another department (${departmentNamed(change, p) ?? '?'})`,
        );
      }
      requireOpen(task);
      if (task.kind !== 'user')
        throw AppError.conflict('TASK.NOT_A_USER_TASK', 'Only user tasks are assigned to people');
      const set = assignment(task, change, p);
      // 代理: what would go to someone with a standing proxy goes to the proxy, on their behalf (ADR 0018).
      const proxy = set.assignee && set.assignee !== task.assignee ? this.proxies.activeFor(set.assignee, s.now) : null;
      const onBehalfOf = proxy ? set.assignee : set.assignee === task.assignee ? task.on_behalf_of : null;
      let row = s.patchTask(taskId, {
        assignee: proxy ? proxy.proxyId : set.assignee,
        owner: set.owner,
        candidate_departments: set.departments,
      });
      if (onBehalfOf !== task.on_behalf_of) {
        s.stageRows({ table: 'work_item', op: 'update', rows: [{ id: taskId, on_behalf_of: onBehalfOf }] });
        row = { ...row, on_behalf_of: onBehalfOf };
      }
      await s.timeline({
        type: TIMELINE_TYPES[change.kind],
        elementId: task.element_id,
        name: task.name,
        opinion: 'reason' in change ? (change.reason ?? null) : null,
        data: {
          taskId,
          from: task.assignee,
          to: row.assignee,
          departments: set.departments,
          ...(proxy ? { onBehalfOf, proxy: proxy.proxyId } : {}),
        },
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

/**
 * The department a delegate or transfer names: the request's `department`, or for a delegation the
 * caller's own (a user's department is known only from their token, so a delegate is taken to be of
 * the delegator's department unless the request says otherwise; ADR 0011).
 */
function departmentNamed(c: AssignmentChange, p: Principal): string | null {
  if (c.kind === 'transfer') return c.department ?? null;
  if (c.kind === 'delegate') return c.department ?? p.dept;
  return null;
}

/** 'delegate' / 'transfer' when the change sends the task to a department that is not one of its own. */
function targetOutside(t: TaskRow, c: AssignmentChange, p: Principal): 'delegate' | 'transfer' | null {
  if (c.kind !== 'delegate' && c.kind !== 'transfer') return null;
  const dept = departmentNamed(c, p);
  return dept !== null && t.candidate_departments.length > 0 && !t.candidate_departments.includes(dept) ? c.kind : null;
}

function assignment(t: TaskRow, c: AssignmentChange, p: Principal): Assignment {
  const keep = { assignee: t.assignee, owner: t.owner, departments: t.candidate_departments };
  switch (c.kind) {
    case 'claim':
      if (t.assignee === p.id) return keep;
      if (t.assignee) throw AppError.conflict('TASK.ALREADY_CLAIMED', `Task is held by ${t.assignee}`);
      return { ...keep, assignee: p.id };
    case 'unclaim':
      return { ...keep, assignee: null, owner: null };
    case 'delegate': {
      // The delegate works on it as a member of the named department: their token must say so to complete it.
      const dept = departmentNamed(c, p);
      const departments = dept && !t.candidate_departments.includes(dept) ? [dept] : t.candidate_departments;
      return { assignee: c.assignee, owner: t.owner ?? p.id, departments };
    }
    case 'transfer':
      if (!c.department && !c.assignee)
        throw AppError.badRequest('TASK.TRANSFER_TARGET_REQUIRED', 'Give a department or an assignee');
      return {
        assignee: c.assignee ?? null,
        owner: null,
        departments: c.department ? [c.department] : t.candidate_departments,
      };
  }
}
