import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { TaskView } from '../../dtos/task.view.js';

/** 撤回/拿回: the person who completed a task takes it back while the next step has not acted. */
export class TakeBackTaskCommand extends Command<TaskView> {
  constructor(
    readonly taskId: string,
    readonly reason: string | null,
    readonly principal: Principal,
  ) {
    super();
  }
}
