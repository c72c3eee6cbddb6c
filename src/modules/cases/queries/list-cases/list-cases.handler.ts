import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '../../../../shared/http/pagination.js';
import type { CaseView } from '../../dtos/case.view.js';
import { CaseListReader } from './case-list.reader.js';
import { ListCasesQuery } from './list-cases.query.js';

@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery> {
  constructor(private readonly reader: CaseListReader) {}

  execute(q: ListCasesQuery): Promise<Page<CaseView>> {
    return this.reader.list(q.filter, q.principal);
  }
}
