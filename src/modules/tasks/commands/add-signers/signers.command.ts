import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { TaskView } from '../../dtos/task.view.js';
import type { JointSignersView } from './joint-signers.view.js';
import type {
  AddJointSignersRequestDto,
  AddTaskSignersRequestDto,
  RemoveJointSignersRequestDto,
  RemoveTaskSignersRequestDto,
} from './signers.request.dto.js';

/** 加签/减签 on a case's joint step: co-departments or persons added as instances, or open instances removed. */
export class ChangeJointSignersCommand extends Command<JointSignersView> {
  constructor(
    readonly caseId: string,
    readonly change:
      ({ kind: 'add' } & AddJointSignersRequestDto) | ({ kind: 'remove' } & RemoveJointSignersRequestDto),
    readonly principal: Principal,
  ) {
    super();
  }
}

/** 加签/减签 of persons on an ordinary user task (before, after, parallel). */
export class ChangeTaskSignersCommand extends Command<TaskView> {
  constructor(
    readonly taskId: string,
    readonly change: ({ kind: 'add' } & AddTaskSignersRequestDto) | ({ kind: 'remove' } & RemoveTaskSignersRequestDto),
    readonly principal: Principal,
  ) {
    super();
  }
}
