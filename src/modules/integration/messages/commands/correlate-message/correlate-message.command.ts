import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';
import type { CorrelateMessageRequestDto, CorrelateMessageResponseDto } from './correlate-message.request.dto.js';

export class CorrelateMessageCommand extends Command<{ status: number; body: CorrelateMessageResponseDto }> {
  constructor(
    readonly request: CorrelateMessageRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
