import { Query } from '@nestjs/cqrs';
import type { ItemFilter } from '../../../../persistence/repositories/item.repository.js';
import type { Page } from '../../../../shared/http/pagination.js';
import type { ItemResponseDto } from '../../dtos/item.response.dto.js';

export class ListItemsQuery extends Query<Page<ItemResponseDto>> {
  constructor(readonly filter: ItemFilter) {
    super();
  }
}
