import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError } from '../../../../shared/errors/app-error.js';
import { TaskRunner } from '../../application/task-runner.js';
import { planCopies } from '../../application/copies.js';
import { requireOpen, requireTaskAction } from '../../domain/task-access.js';
import { CopyCaseCommand } from './copy-case.command.js';
import type { CopyCaseResultDto } from './copy-case.request.dto.js';

@CommandHandler(CopyCaseCommand)
export class CopyCaseHandler implements ICommandHandler<CopyCaseCommand> {
  constructor(private readonly tasks: TaskRunner) {}

  execute({ taskId, request, principal: p }: CopyCaseCommand): Promise<CopyCaseResultDto> {
    return this.tasks.run(taskId, p, async (s, task) => {
      requireTaskAction('task.cc', p, task);
      requireOpen(task);
      const users = request.users ?? [];
      const departments = request.departments ?? [];
      if (users.every((u) => u.trim() === '') && departments.every((d) => d.trim() === ''))
        throw AppError.invalid('CC.RECIPIENT_REQUIRED', 'Name at least one user or department to copy to');
      const copies = await planCopies(s, {
        users,
        departments,
        note: request.note?.trim() || null,
        taskId,
        elementId: task.element_id,
        name: task.name,
      });
      return { caseId: task.case_id, copies };
    });
  }
}
