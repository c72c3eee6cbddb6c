import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DefinitionRepository } from '../../../../persistence/repositories/definition.repository.js';
import { ItemRepository } from '../../../../persistence/repositories/item.repository.js';
import { AppError } from '../../../../shared/errors/app-error.js';
import { ifMatchHolds, preconditionFailed, versionTag } from '../../../../shared/http/etag.js';
import { checkItemRules, normaliseItem } from '../../domain/item.rules.js';
import { ItemResponseDto } from '../../dtos/item.response.dto.js';
import { SaveItemCommand } from './save-item.command.js';

@CommandHandler(SaveItemCommand)
export class SaveItemHandler implements ICommandHandler<SaveItemCommand> {
  constructor(
    private readonly items: ItemRepository,
    private readonly definitions: DefinitionRepository,
  ) {}

  async execute(cmd: SaveItemCommand): Promise<ItemResponseDto> {
    const problems = checkItemRules(cmd.item);
    if (!(await this.definitions.findLatestId(cmd.item.processKey))) {
      problems.push({
        code: 'ITEM.PROCESS_NOT_FOUND',
        message: `No process definition with key ${cmd.item.processKey} is deployed`,
        path: 'processKey',
      });
    }
    if (problems.length > 0) throw AppError.invalid('ITEM.INVALID', 'The approval item breaks domain rules', problems);
    const { version: _ignored, ...doc } = normaliseItem(cmd.item);
    if (cmd.mode === 'upsert') {
      const current = await this.items.findByCode(doc.code);
      if (current && sameDocument(current.data, doc)) return ItemResponseDto.from(current);
    }
    const expect = cmd.mode === 'create' ? false : cmd.mode === 'update' ? true : null;
    const saved = await this.items.save(doc, cmd.changedBy, expect, (v) => ifMatchHolds(cmd.ifMatch, versionTag(v)));
    if (typeof saved === 'object' && 'stale' in saved)
      throw preconditionFailed('ITEM.VERSION_MISMATCH', versionTag(saved.stale));
    if (saved === 'exists')
      throw AppError.conflict('ITEM.ALREADY_EXISTS', `An item with code ${doc.code} exists; use PUT`);
    if (saved === 'missing') throw AppError.notFound('ITEM.NOT_FOUND', `No item with code ${doc.code}`);
    return ItemResponseDto.from(saved);
  }
}

function sameDocument(stored: Record<string, unknown>, doc: object): boolean {
  const { version: _v, ...rest } = stored;
  return stableJson(rest) === stableJson(doc);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
