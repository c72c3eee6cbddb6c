import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';
import type { ExternalTaskStateDto } from '../../dtos/external-task.view.js';
import type { ExternalTaskAction } from './external-task-action.request.dto.js';

export class ExternalTaskActionCommand extends Command<ExternalTaskStateDto> {
  constructor(
    readonly taskId: string,
    readonly action: ExternalTaskAction,
    readonly principal: Principal,
  ) {
    super();
  }
}
