import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';
import type { ExternalTaskStateDto } from '../../dtos/external-task.view.js';

export class SetRetriesCommand extends Command<ExternalTaskStateDto> {
  constructor(
    readonly taskId: string,
    readonly retries: number,
    readonly principal: Principal,
  ) {
    super();
  }
}
