import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { CaseView } from '../../dtos/case.view.js';

export class GetCaseQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    readonly principal: Principal,
  ) {
    super();
  }
}
