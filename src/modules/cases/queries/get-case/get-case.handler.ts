import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { CaseView } from '../../dtos/case.view.js';
import { CaseReader } from './case.reader.js';
import { GetCaseQuery } from './get-case.query.js';

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery> {
  constructor(private readonly reader: CaseReader) {}

  execute(q: GetCaseQuery): Promise<CaseView> {
    return this.reader.get(q.caseId, q.principal);
  }
}
