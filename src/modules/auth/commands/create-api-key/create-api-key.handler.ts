import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiKeyRepository } from '../../../../persistence/repositories/api-key.repository.js';
import { newApiKeySecret } from '../../domain/api-key-secret.js';
import { ApiKeyResponseDto, type CreatedApiKeyDto } from '../../dtos.js';
import { CreateApiKeyCommand } from './create-api-key.command.js';

@CommandHandler(CreateApiKeyCommand)
export class CreateApiKeyHandler implements ICommandHandler<CreateApiKeyCommand> {
  constructor(private readonly keys: ApiKeyRepository) {}

  async execute(cmd: CreateApiKeyCommand): Promise<CreatedApiKeyDto> {
    const { secret, prefix, hash } = newApiKeySecret();
    const row = await this.keys.create({ ...cmd.request, secretHash: hash, prefix, createdBy: cmd.createdBy });
    return { ...ApiKeyResponseDto.from(row), secret };
  }
}
