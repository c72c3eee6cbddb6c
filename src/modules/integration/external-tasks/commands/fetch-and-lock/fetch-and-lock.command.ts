import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';
import type { LockedExternalTaskDto } from '../../dtos/external-task.view.js';
import type { FetchAndLockRequestDto } from './fetch-and-lock.request.dto.js';

export class FetchAndLockCommand extends Command<LockedExternalTaskDto[]> {
  constructor(
    readonly request: FetchAndLockRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
