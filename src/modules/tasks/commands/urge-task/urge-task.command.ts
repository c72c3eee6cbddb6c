import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { UrgeTaskRequestDto, UrgeView } from './urge-task.request.dto.js';

/** 催办: press the holder (or department) of an open task, with a message. */
export class UrgeTaskCommand extends Command<UrgeView> {
  constructor(
    readonly caseId: string,
    readonly request: UrgeTaskRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
