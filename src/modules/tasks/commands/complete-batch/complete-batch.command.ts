import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { BatchItemDto, CompleteBatchResultDto } from './complete-batch.request.dto.js';

/** 批量办理: each item is its own task completion (its own case command); partial success is the rule. */
export class CompleteBatchCommand extends Command<CompleteBatchResultDto> {
  constructor(
    readonly items: BatchItemDto[],
    readonly principal: Principal,
  ) {
    super();
  }
}
