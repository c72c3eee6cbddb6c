import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { FORBIDDEN_ACTION, loadCaseFacts, mayCase } from '../../../../shared/auth/access-policy.js';
import type { Principal } from '../../../../shared/auth/principal.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import type { CaseSession } from '../../../cases/domain/case-session.js';
import { TaskRunner } from '../../application/task-runner.js';
import { requireCaseActive, requireOpen, requireTaskAction } from '../../domain/task-access.js';
import type { TaskRow } from '../../domain/task-row.js';
import { TaskView } from '../../dtos/task.view.js';
import { ChangeTaskSignersCommand } from './signers.command.js';
import type { AddTaskSignersRequestDto, RemoveTaskSignersRequestDto } from './signers.request.dto.js';

/**
 * 加签/减签 of persons on an ordinary user task (issue 13). Before-signers hold the task until they answer;
 * after-signers are opened when it is completed; parallel signers review alongside. A joint step's instance
 * is not signed this way: persons are added to the step itself (POST /cases/{id}/add-signers), where the
 * policy counts them.
 */
@CommandHandler(ChangeTaskSignersCommand)
export class ChangeTaskSignersHandler implements ICommandHandler<ChangeTaskSignersCommand> {
  constructor(private readonly tasks: TaskRunner) {}

  execute({ taskId, change, principal: p }: ChangeTaskSignersCommand): Promise<TaskView> {
    return this.tasks.run(taskId, p, async (s, task) => {
      requireTaskAction(change.kind === 'add' ? 'task.add-signers' : 'task.remove-signers', p, task);
      if (change.kind === 'add' && change.department && !task.candidate_departments.includes(change.department)) {
        if (!mayCase('task.add-signers.cross-department', p, await loadCaseFacts(s.tx, s.row)))
          throw AppError.forbidden(
            FORBIDDEN_ACTION,
            `Only a leader of the handling department or an admin may add signers of another department (${change.department})`,
          );
      }
      requireOpen(task);
      requireCaseActive(s.row.status);
      if (task.kind !== 'user') throw AppError.conflict('TASK.NOT_A_USER_TASK', 'Only user tasks have signers');
      if (task.multi_instance)
        throw AppError.conflict(
          'TASK.JOINT_INSTANCE',
          'This task is an instance of a joint step: add or remove co-departments and persons on the step (POST /cases/{id}/add-signers)',
        );
      if (task.sign?.of)
        throw AppError.conflict('TASK.SIGNER_TASK', "An added signer's task cannot have signers of its own");
      const row = change.kind === 'add' ? await add(s, task, change, p) : await remove(s, task, change, p);
      return TaskView.from(row);
    });
  }
}

async function add(s: CaseSession, task: TaskRow, req: AddTaskSignersRequestDto, p: Principal): Promise<TaskRow> {
  const present = new Set([
    ...(task.assignee ? [task.assignee] : []),
    ...s
      .openTasks()
      .filter((t) => t.sign?.of === task.id)
      .map((t) => t.assignee),
    ...(task.sign?.after ?? []).map((a) => a.assignee),
  ]);
  const dup = req.assignees.find((a) => present.has(a));
  if (dup) throw AppError.conflict('TASK.SIGNER_ALREADY_PRESENT', `${dup} already reviews this task`);
  const department = req.department ?? null;
  await s.timeline({
    type: 'task.signers_added',
    elementId: task.element_id,
    name: task.name,
    opinion: req.reason ?? null,
    data: { taskId: task.id, mode: req.mode, assignees: req.assignees, department },
  });
  const opened: string[] = [];
  for (const assignee of req.assignees) {
    const effects = await s.advance({ type: 'addSigner', taskId: task.id, mode: req.mode, assignee, department });
    for (const e of effects) if (e.type === 'task.created') opened.push(e.taskId);
  }
  await s.emit('task.signers_added', {
    taskId: task.id,
    elementId: task.element_id,
    mode: req.mode,
    assignees: req.assignees,
    department,
    signerTaskIds: opened,
    reason: req.reason ?? null,
    by: p.id,
  });
  return s.task(task.id) ?? task;
}

async function remove(s: CaseSession, task: TaskRow, req: RemoveTaskSignersRequestDto, p: Principal): Promise<TaskRow> {
  const signerTaskIds = req.signerTaskIds ?? [];
  const assignees = req.assignees ?? [];
  if (signerTaskIds.length + assignees.length === 0)
    throw AppError.badRequest('TASK.SIGNERS_REQUIRED', 'Name the signer tasks or queued assignees to remove');
  for (const id of signerTaskIds) {
    const t = s.task(id);
    if (!t || t.sign?.of !== task.id || t.state !== 'open')
      throw AppError.conflict('TASK.SIGNER_NOT_FOUND', `Task ${task.id} has no open signer task ${id}`);
  }
  await s.timeline({
    type: 'task.signers_removed',
    elementId: task.element_id,
    name: task.name,
    opinion: req.reason ?? null,
    data: { taskId: task.id, signerTaskIds, assignees },
  });
  for (const signerTaskId of signerTaskIds) await s.advance({ type: 'removeSigner', taskId: task.id, signerTaskId });
  for (const assignee of assignees) await s.advance({ type: 'removeSigner', taskId: task.id, assignee });
  await s.emit('task.signers_removed', {
    taskId: task.id,
    elementId: task.element_id,
    signerTaskIds,
    assignees,
    reason: req.reason ?? null,
    by: p.id,
  });
  return s.task(task.id) ?? task;
}
