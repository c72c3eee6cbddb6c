import { Command } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { CaseView } from '../../dtos/case.view.js';

/** A leader approves or denies an applicant's withdrawal after acceptance (T15). */
export class DecideWithdrawalCommand extends Command<CaseView> {
  constructor(
    readonly caseId: string,
    readonly approve: boolean,
    readonly opinion: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
