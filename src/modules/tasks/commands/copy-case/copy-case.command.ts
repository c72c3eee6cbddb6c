import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { CopyCaseRequestDto, CopyCaseResultDto } from './copy-case.request.dto.js';

/** 抄送 from a task: the case is copied to people or departments for information. */
export class CopyCaseCommand extends Command<CopyCaseResultDto> {
  constructor(
    readonly taskId: string,
    readonly request: CopyCaseRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
