import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { TaskView } from '../../dtos/task.view.js';
import type { CompleteTaskRequestDto } from './complete-task.request.dto.js';

export class CompleteTaskCommand extends Command<TaskView> {
  constructor(
    readonly taskId: string,
    readonly request: CompleteTaskRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
