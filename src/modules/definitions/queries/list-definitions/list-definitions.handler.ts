import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { DefinitionRepository } from '../../../../persistence/repositories/definition.repository.js';
import { type Page, toPage } from '../../../../shared/http/pagination.js';
import { DefinitionResponseDto } from '../../dtos/definition.response.dto.js';
import { ListDefinitionsQuery } from './list-definitions.query.js';

@QueryHandler(ListDefinitionsQuery)
export class ListDefinitionsHandler implements IQueryHandler<ListDefinitionsQuery> {
  constructor(private readonly definitions: DefinitionRepository) {}

  async execute(q: ListDefinitionsQuery): Promise<Page<DefinitionResponseDto>> {
    const { rows, total } = await this.definitions.list(q);
    return toPage(
      rows.map((r) => DefinitionResponseDto.from(r)),
      total,
      q,
    );
  }
}
