import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { CaseView } from '../../dtos/case.view.js';
import type { CreateCaseRequestDto } from './create-case.request.dto.js';

export class CreateCaseCommand extends Command<CaseView> {
  constructor(
    readonly request: CreateCaseRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
