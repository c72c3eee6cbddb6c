import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../../shared/auth/principal.js';
import type { BroadcastSignalRequestDto, BroadcastSignalResponseDto } from './broadcast-signal.request.dto.js';

export class BroadcastSignalCommand extends Command<BroadcastSignalResponseDto> {
  constructor(
    readonly request: BroadcastSignalRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
