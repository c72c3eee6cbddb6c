import { Command } from '@nestjs/cqrs';
import type { ItemRequestDto } from '../../dtos/item.request.dto.js';
import type { ItemResponseDto } from '../../dtos/item.response.dto.js';

/**
 * Create (mode `create`), replace (mode `update`, the code must exist) or upsert (mode `upsert`,
 * used by the start-up loader, which writes a new version only when the document changed).
 */
export class SaveItemCommand extends Command<ItemResponseDto> {
  constructor(
    readonly item: ItemRequestDto,
    readonly mode: 'create' | 'update' | 'upsert',
    readonly changedBy: string | null,
    /** The If-Match header of the request, if any: the write happens only on that version. */
    readonly ifMatch?: string,
  ) {
    super();
  }
}
