import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { ProcessDefinitionOrm } from '../../../../persistence/entities/index.js';
import { DefinitionRepository } from '../../../../persistence/repositories/definition.repository.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { GetDefinitionQuery } from './get-definition.query.js';

@QueryHandler(GetDefinitionQuery)
export class GetDefinitionHandler implements IQueryHandler<GetDefinitionQuery> {
  constructor(private readonly definitions: DefinitionRepository) {}

  async execute(q: GetDefinitionQuery): Promise<ProcessDefinitionOrm> {
    const row = 'id' in q.by ? await this.definitions.findById(q.by.id) : await this.definitions.findLatest(q.by.key);
    if (!row) throw AppError.notFound('DEFINITION.NOT_FOUND', 'No such process definition');
    return row;
  }
}
