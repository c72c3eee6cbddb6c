import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ItemRepository } from '../../../../persistence/repositories/item.repository.js';
import { type Page, toPage } from '../../../../shared/http/pagination.js';
import { ItemResponseDto } from '../../dtos/item.response.dto.js';
import { ListItemsQuery } from './list-items.query.js';

@QueryHandler(ListItemsQuery)
export class ListItemsHandler implements IQueryHandler<ListItemsQuery> {
  constructor(private readonly items: ItemRepository) {}

  async execute(q: ListItemsQuery): Promise<Page<ItemResponseDto>> {
    const { rows, total } = await this.items.list(q.filter);
    return toPage(
      rows.map((r) => ItemResponseDto.from(r)),
      total,
      q.filter,
    );
  }
}
