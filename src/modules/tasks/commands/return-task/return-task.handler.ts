import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError } from '../../../../shared/errors/app-error.js';
import { requireNoCorrectionPending } from '../../../cases/domain/correction-pending.js';
import { requireCaseActive, requireOpen, requireTaskAction } from '../../domain/task-access.js';
import { returnTargets } from '../../domain/return-targets.js';
import { loadPathHistory } from '../../application/return-history.js';
import { TaskRunner } from '../../application/task-runner.js';
import { TaskView } from '../../dtos/task.view.js';
import { ReturnTaskCommand } from './return-task.command.js';

/**
 * Moves the token back with the engine's `modify`; this task is cancelled and the target step opens again.
 * Only to a step the case has already completed on its current path (never forward: a return "to" the
 * certificate step would skip the decision).
 */
@CommandHandler(ReturnTaskCommand)
export class ReturnTaskHandler implements ICommandHandler<ReturnTaskCommand> {
  constructor(private readonly tasks: TaskRunner) {}

  execute({ taskId, targetElementId, opinion, principal }: ReturnTaskCommand): Promise<TaskView> {
    return this.tasks.run(taskId, principal, async (s, task) => {
      requireTaskAction('task.return', principal, task);
      requireOpen(task);
      requireCaseActive(s.row.status);
      requireNoCorrectionPending(s.row);
      const allowed = returnTargets(s.model, task.element_id, await loadPathHistory(s.tx, s.row.id));
      if (!allowed.some((t) => t.elementId === targetElementId)) {
        throw new AppError(
          'TASK.RETURN_TARGET_NOT_ALLOWED',
          422,
          `A task can be returned only to a step the case has completed on its current path: ${
            allowed.map((t) => t.elementId).join(', ') || 'none'
          }`,
          undefined,
          { returnTargets: allowed },
        );
      }
      await s.timeline({
        type: 'task.returned',
        elementId: task.element_id,
        name: task.name,
        opinion,
        data: { taskId, to: targetElementId },
      });
      await s.advance({ type: 'modify', fromElementIds: [task.element_id], toElementId: targetElementId });
      const row = s.patchTask(taskId, {
        state: 'cancelled',
        outcome: 'return',
        opinion,
        completed_at: s.now,
        completed_by: principal.id,
      });
      return TaskView.from(row);
    });
  }
}
