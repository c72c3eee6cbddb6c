import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { TaskView } from '../../dtos/task.view.js';

/** 退回: send the case back from this task to an earlier step, with a reason. */
export class ReturnTaskCommand extends Command<TaskView> {
  constructor(
    readonly taskId: string,
    readonly targetElementId: string,
    readonly opinion: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
