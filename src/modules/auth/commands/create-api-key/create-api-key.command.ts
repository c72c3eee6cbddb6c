import { Command } from '@nestjs/cqrs';
import type { CreateApiKeyRequestDto, CreatedApiKeyDto } from '../../dtos.js';

export class CreateApiKeyCommand extends Command<CreatedApiKeyDto> {
  constructor(
    readonly request: CreateApiKeyRequestDto,
    readonly createdBy: string,
  ) {
    super();
  }
}
