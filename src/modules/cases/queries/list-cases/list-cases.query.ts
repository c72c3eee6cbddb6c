import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../../../shared/auth/principal.js';
import type { Page } from '../../../../shared/http/pagination.js';
import type { CaseView } from '../../dtos/case.view.js';
import type { ListCasesRequestDto } from './list-cases.request.dto.js';

export class ListCasesQuery extends Query<Page<CaseView>> {
  constructor(
    readonly filter: ListCasesRequestDto,
    readonly principal: Principal,
  ) {
    super();
  }
}
