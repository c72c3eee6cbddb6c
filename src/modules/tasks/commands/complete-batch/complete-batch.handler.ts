import { Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppError } from '../../../../shared/errors/app-error.js';
import type { TaskView } from '../../dtos/task.view.js';
import { CompleteTaskCommand } from '../complete-task/complete-task.command.js';
import { CompleteBatchCommand } from './complete-batch.command.js';
import type { BatchResultDto, CompleteBatchResultDto } from './complete-batch.request.dto.js';

/**
 * Runs one task completion per item, one after the other: each locks its own case and commits on its
 * own, so a refusal (not yours, already done, a wrong outcome) answers for that task alone and the
 * others go through. The refusal is the same coded problem the single-task route gives.
 */
@CommandHandler(CompleteBatchCommand)
export class CompleteBatchHandler implements ICommandHandler<CompleteBatchCommand> {
  private readonly log = new Logger('CompleteBatch');

  constructor(private readonly commands: CommandBus) {}

  async execute({ items, principal }: CompleteBatchCommand): Promise<CompleteBatchResultDto> {
    const ids = items.map((i) => i.taskId.toLowerCase());
    const twice = ids.find((id, n) => ids.indexOf(id) !== n);
    if (twice) throw AppError.invalid('BATCH.DUPLICATE_TASK', `Task ${twice} is in the batch more than once`);
    const results: BatchResultDto[] = [];
    for (const { taskId, ...request } of items) {
      try {
        const task = await this.commands.execute<CompleteTaskCommand, TaskView>(
          new CompleteTaskCommand(taskId, request, principal),
        );
        results.push({ taskId, status: 200, task });
      } catch (e) {
        if (!(e instanceof AppError)) {
          this.log.error(`task ${taskId}: ${String(e)}`);
          results.push({ taskId, status: 500, problem: { code: 'INTERNAL.ERROR', detail: 'Unexpected error' } });
          continue;
        }
        results.push({ taskId, status: e.status, problem: { code: e.code, detail: e.message } });
      }
    }
    const succeeded = results.filter((r) => r.status === 200).length;
    return { results, succeeded, failed: results.length - succeeded };
  }
}
