import { Query } from '@nestjs/cqrs';
import type { Page } from '../../../../shared/http/pagination.js';
import type { DefinitionResponseDto } from '../../dtos/definition.response.dto.js';

export class ListDefinitionsQuery extends Query<Page<DefinitionResponseDto>> {
  constructor(
    readonly key: string[] | undefined,
    readonly latestOnly: boolean,
    readonly limit: number,
    readonly offset: number,
    readonly order: { path: string; desc: boolean }[] = [],
  ) {
    super();
  }
}
